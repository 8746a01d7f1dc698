// ECS task definitions with secrets: RegisterTaskDefinition's checks of secrets, repositoryCredentials and the
// execution role (ECS's ClientException messages), and DescribeTaskDefinition echoing them as registered.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';

import { Resources, assertNoServerErrors, ecs, expectError, fargateTaskDefinition, uniqueName } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const role = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

async function register(input) {
  const out = await ecs.send(new RegisterTaskDefinitionCommand(input));
  res.taskDefinition(out.taskDefinition.taskDefinitionArn);
  return out;
}

const refused = (container, extra, message) =>
  expectError(ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('tds'), container, extra))), 'ClientException', { message });

describe('RegisterTaskDefinition: secrets', () => {
  it('keeps secrets and repositoryCredentials and describes them as registered', async () => {
    const secrets = [
      { name: 'DB_PASSWORD', valueFrom: `${secretArn}:password::` },
      { name: 'DB_USER', valueFrom: `${secretArn}:username:AWSCURRENT:` },
      { name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/token' },
      { name: 'PLAIN', valueFrom: '/app/plain' },
    ];
    const repositoryCredentials = { credentialsParameter: secretArn };
    const family = uniqueName('tds');
    const out = await register(fargateTaskDefinition(family, { secrets, repositoryCredentials }, { executionRoleArn: role }));
    assert.deepEqual(out.taskDefinition.containerDefinitions[0].secrets, secrets);
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
    assert.deepEqual(described.taskDefinition.containerDefinitions[0].secrets, secrets);
    assert.deepEqual(described.taskDefinition.containerDefinitions[0].repositoryCredentials, repositoryCredentials);
    assert.equal(described.taskDefinition.executionRoleArn, role);
  });

  it('needs an executionRoleArn for secrets', () =>
    refused({ secrets: [{ name: 'A', valueFrom: '/a' }] }, {}, "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'."));

  it('needs an executionRoleArn for repositoryCredentials', () =>
    refused({ repositoryCredentials: { credentialsParameter: secretArn } }, {},
      'Private repository authentication requires that the task definition specify a value for executionRoleArn.'));

  it('refuses an executionRoleArn that is not a role ARN', () =>
    refused({ secrets: [{ name: 'A', valueFrom: '/a' }] }, { executionRoleArn: 'ecsTaskExecutionRole' }, 'Role is not valid'));

  it('refuses duplicate secret names', () =>
    refused({ secrets: [{ name: 'A', valueFrom: '/a' }, { name: 'A', valueFrom: '/b' }] }, { executionRoleArn: role },
      'Duplicate secret names found: A. Each secret name must be unique.'));

  it('refuses a secret named like an environment variable', () =>
    refused({ environment: [{ name: 'A', value: 'x' }], secrets: [{ name: 'A', valueFrom: '/a' }] }, { executionRoleArn: role },
      "The secret name must be unique and not shared with any new or existing environment variables set on the container, such as 'A'."));

  it('refuses a secret ARN with a partial suffix', () =>
    refused({ secrets: [{ name: 'A', valueFrom: `${secretArn}:password` }] }, { executionRoleArn: role },
      'an invalid ARN format for the AWS Secrets Manager secret was specified'));

  it('refuses a valueFrom of another service', () =>
    refused({ secrets: [{ name: 'A', valueFrom: 'arn:aws:s3:::bucket/key' }] }, { executionRoleArn: role }, "secret 'A'"));

  it('refuses logConfiguration.secretOptions, naming it', () =>
    refused({
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/x', 'awslogs-stream-prefix': 'ecs', 'awslogs-region': 'us-east-1' },
        secretOptions: [{ name: 'awslogs-group', valueFrom: '/log/group' }],
      },
    }, { executionRoleArn: role }, 'logConfiguration.secretOptions'));
});
