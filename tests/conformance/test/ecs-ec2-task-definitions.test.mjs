// EC2-compatible task definitions: registered and described as ECS does, refused on FARGATE with ECS's message.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs';

import { IMAGE, Resources, assertNoServerErrors, ecs, expectError, fargateTaskDefinition, uniqueName } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

async function register(input) {
  const out = await ecs.send(new RegisterTaskDefinitionCommand({ tags: [{ key: 'suite', value: 'ec2' }], ...input }));
  res.taskDefinition(out.taskDefinition.taskDefinitionArn);
  return out.taskDefinition;
}

const ec2Definition = (family, container = {}, extra = {}) => ({
  family,
  containerDefinitions: [{ name: 'hello', image: IMAGE, memory: 400, ...container }],
  ...extra,
});

describe('RegisterTaskDefinition, EC2-compatible', () => {
  it('accepts no requiresCompatibilities, container memory and no task size: bridge, EXTERNAL and EC2', async () => {
    const td = await register(ec2Definition(uniqueName('ec2')));
    assert.equal(td.networkMode, 'bridge');
    assert.deepEqual(td.compatibilities, ['EXTERNAL', 'EC2']);
    assert.equal(td.requiresCompatibilities, undefined);
    assert.equal(td.cpu, undefined);
    assert.equal(td.memory, undefined);
    assert.deepEqual(td.placementConstraints, []);
    assert.deepEqual(td.volumes, []);
    assert.equal(td.containerDefinitions[0].memory, 400);
  });

  it('keeps host mode, placement constraints, privileged containers and other log drivers', async () => {
    const td = await register(ec2Definition(uniqueName('host'), {
      privileged: true,
      portMappings: [{ containerPort: 80 }],
      logConfiguration: { logDriver: 'json-file' },
    }, {
      networkMode: 'host',
      requiresCompatibilities: ['EC2'],
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]' }],
    }));
    assert.equal(td.networkMode, 'host');
    assert.deepEqual(td.requiresCompatibilities, ['EC2']);
    assert.equal(td.containerDefinitions[0].portMappings[0].hostPort, 80);
    assert.equal(td.placementConstraints[0].expression, 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]');
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: td.taskDefinitionArn, include: ['TAGS'] }));
    assert.equal(described.taskDefinition.containerDefinitions[0].privileged, true);
    assert.deepEqual(described.tags, [{ key: 'suite', value: 'ec2' }]);
  });

  it('an awsvpc definition meeting Fargate\'s rules without requiresCompatibilities is also FARGATE-compatible', async () => {
    const input = fargateTaskDefinition(uniqueName('both'));
    delete input.requiresCompatibilities;
    const td = await register(input);
    assert.deepEqual(td.compatibilities, ['EC2', 'FARGATE']);
  });

  it('refuses what ECS refuses for EC2', async () => {
    await expectError(ecs.send(new RegisterTaskDefinitionCommand(ec2Definition(uniqueName('nomem'), { memory: undefined }))),
      'ClientException', { message: "At least one of 'memory' or 'memoryReservation' must be specified" });
    await expectError(ecs.send(new RegisterTaskDefinitionCommand(ec2Definition(uniqueName('hostport'), { portMappings: [{ containerPort: 80, hostPort: 8080 }] }, { networkMode: 'host' }))),
      'ClientException', { message: 'host ports and container ports' });
    await expectError(ecs.send(new RegisterTaskDefinitionCommand(ec2Definition(uniqueName('expr'), {}, { placementConstraints: [{ type: 'memberOf', expression: 'color == red' }] }))),
      'ClientException', { message: 'Invalid placement constraint expression' });
    await expectError(ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('fgpc'), {}, { placementConstraints: [{ type: 'memberOf', expression: 'task:group == a' }] }))),
      'ClientException', { message: 'Fargate' });
  });
});

describe('Running an EC2 definition on FARGATE', () => {
  it('RunTask and CreateService refuse it with ECS\'s message', async () => {
    const cluster = res.cluster(uniqueName('ec2run'));
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    const td = await register(ec2Definition(uniqueName('run')));
    await expectError(ecs.send(new RunTaskCommand({ cluster, taskDefinition: td.taskDefinitionArn, launchType: 'FARGATE' })),
      'InvalidParameterException', { message: /^Task definition does not support launch_type FARGATE\./ });
    await expectError(ecs.send(new CreateServiceCommand({ cluster, serviceName: uniqueName('svc'), taskDefinition: td.taskDefinitionArn, desiredCount: 1 })),
      'InvalidParameterException', { message: /^Task definition does not support launch_type FARGATE\./ });
  });
});
