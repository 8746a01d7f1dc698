// ECS tagging: TagResource, UntagResource, ListTagsForResource on a cluster, a task definition and a task.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  CreateClusterCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';

import {
  Resources,
  accountOf,
  assertNoServerErrors,
  ecs,
  ensureImage,
  expectError,
  fargateTaskDefinition,
  region,
  uniqueName,
} from '../lib/berth.mjs';

const res = new Resources();
const cluster = uniqueName('tagging');
const family = uniqueName('tagging');
const arns = {};

before(async () => {
  ensureImage();
  res.cluster(cluster);
  arns.cluster = (await ecs.send(new CreateClusterCommand({ clusterName: cluster, tags: [{ key: 'initial', value: 'yes' }] }))).cluster.clusterArn;
  const td = await ecs.send(new RegisterTaskDefinitionCommand({ ...fargateTaskDefinition(family), tags: [{ key: 'initial', value: 'yes' }] }));
  arns['task definition'] = res.taskDefinition(td.taskDefinition.taskDefinitionArn);
  const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: family, tags: [{ key: 'initial', value: 'yes' }] }));
  arns.task = res.task(cluster, run.tasks[0].taskArn);
});

after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const listTags = async (resourceArn) => (await ecs.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
const sorted = (tags) => [...tags].sort((a, b) => a.key.localeCompare(b.key));

for (const kind of ['cluster', 'task definition', 'task']) {
  describe(`tags on a ${kind}`, () => {
    it('lists the tags given at creation', async () => {
      assert.deepEqual(await listTags(arns[kind]), [{ key: 'initial', value: 'yes' }]);
    });

    it('TagResource adds tags and overwrites the value of an existing key', async () => {
      await ecs.send(new TagResourceCommand({
        resourceArn: arns[kind],
        tags: [{ key: 'initial', value: 'changed' }, { key: 'team', value: 'conformance' }, { key: 'empty', value: '' }],
      }));
      assert.deepEqual(sorted(await listTags(arns[kind])), sorted([
        { key: 'initial', value: 'changed' },
        { key: 'team', value: 'conformance' },
        { key: 'empty', value: '' },
      ]));
    });

    it('UntagResource removes the named keys and ignores unknown ones', async () => {
      await ecs.send(new UntagResourceCommand({ resourceArn: arns[kind], tagKeys: ['initial', 'empty', 'never-set'] }));
      assert.deepEqual(await listTags(arns[kind]), [{ key: 'team', value: 'conformance' }]);
    });
  });
}

describe('tagging errors', () => {
  it('a well-formed ARN of a cluster that does not exist is ResourceNotFoundException', async () => {
    const arn = `arn:aws:ecs:${region}:${accountOf(arns.cluster)}:cluster/${uniqueName('nosuch')}`;
    await expectError(ecs.send(new ListTagsForResourceCommand({ resourceArn: arn })), 'ResourceNotFoundException');
    await expectError(ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: 'b' }] })), 'ResourceNotFoundException');
    await expectError(ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] })), 'ResourceNotFoundException');
  });

  it('a task definition revision that does not exist is ResourceNotFoundException', async () => {
    const arn = `arn:aws:ecs:${region}:${accountOf(arns.cluster)}:task-definition/${family}:99`;
    await expectError(ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: 'b' }] })), 'ResourceNotFoundException');
  });

  it('a task that does not exist is ResourceNotFoundException', async () => {
    const arn = `arn:aws:ecs:${region}:${accountOf(arns.cluster)}:task/${cluster}/0123456789abcdef0123456789abcdef`;
    await expectError(ecs.send(new ListTagsForResourceCommand({ resourceArn: arn })), 'ResourceNotFoundException');
  });

  it('a malformed ARN is InvalidParameterException', async () => {
    await expectError(ecs.send(new ListTagsForResourceCommand({ resourceArn: 'not-an-arn' })), 'InvalidParameterException');
    await expectError(ecs.send(new TagResourceCommand({ resourceArn: 'not-an-arn', tags: [{ key: 'a', value: 'b' }] })), 'InvalidParameterException');
  });

  it('more than 50 tags on a resource is InvalidParameterException', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await expectError(ecs.send(new TagResourceCommand({ resourceArn: arns.cluster, tags })), 'InvalidParameterException');
  });

  it('a reserved aws: tag key is InvalidParameterException', async () => {
    await expectError(
      ecs.send(new TagResourceCommand({ resourceArn: arns.cluster, tags: [{ key: 'aws:reserved', value: 'x' }] })),
      'InvalidParameterException',
    );
  });
});
