// ECS services through the SDK: CreateService, DescribeServices, ListServices, UpdateService, DeleteService,
// with the scheduler running real tasks, and the error paths of each operation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  ListServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';

import { Resources, assertNoServerErrors, ecs, ensureImage, expectError, fargateTaskDefinition, region, uniqueName, waitFor } from '../lib/berth.mjs';

const res = new Resources();
let cluster;
let td;
before(async () => {
  ensureImage();
  cluster = res.cluster(uniqueName('svc'));
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const out = await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('svcdef'))));
  td = res.taskDefinition(out.taskDefinition.taskDefinitionArn);
});
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const describeOne = async (service) => (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services[0];

describe('CreateService', () => {
  it('creates a service that reaches its desired count and a steady state', async () => {
    const name = res.service(cluster, uniqueName('web'));
    const out = await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: td, desiredCount: 2, launchType: 'FARGATE' }));
    const s = out.service;
    assert.match(s.serviceArn, new RegExp(`^arn:aws:ecs:${region}:\\d{12}:service/${cluster}/${name}$`));
    assert.equal(s.status, 'ACTIVE');
    assert.equal(s.desiredCount, 2);
    assert.deepEqual([s.deploymentConfiguration.minimumHealthyPercent, s.deploymentConfiguration.maximumPercent], [100, 200]);
    assert.equal(s.deployments.length, 1);
    assert.equal(s.deployments[0].status, 'PRIMARY');
    assert.equal(s.deployments[0].rolloutState, 'IN_PROGRESS');
    await waitFor(async () => {
      const d = await describeOne(name);
      return d.runningCount === 2 && d.deployments.length === 1 && d.deployments[0].rolloutState === 'COMPLETED';
    }, 90_000);
    const d = await describeOne(name);
    assert.equal(d.events[0].message, `(service ${name}) has reached a steady state.`);
    const tasks = await ecs.send(new ListTasksCommand({ cluster, serviceName: name }));
    assert.equal(tasks.taskArns.length, 2);
    const c = (await ecs.send(new DescribeClustersCommand({ clusters: [cluster] }))).clusters[0];
    assert.ok(c.activeServicesCount >= 1);
  });

  it('is idempotent with the same client token and refuses the same name otherwise', async () => {
    const name = res.service(cluster, uniqueName('idem'));
    const req = { cluster, serviceName: name, taskDefinition: td, desiredCount: 0, clientToken: 'tok-1' };
    const first = await ecs.send(new CreateServiceCommand(req));
    const again = await ecs.send(new CreateServiceCommand(req));
    assert.equal(again.service.serviceArn, first.service.serviceArn);
    await expectError(ecs.send(new CreateServiceCommand({ ...req, clientToken: 'tok-2' })), 'InvalidParameterException', { message: /not idempotent/ });
  });

  it('refuses bad input with the ECS errors', async () => {
    const base = { cluster, serviceName: uniqueName('bad'), taskDefinition: td, desiredCount: 1 };
    await expectError(ecs.send(new CreateServiceCommand({ ...base, cluster: 'no-such-cluster' })), 'ClusterNotFoundException');
    await expectError(ecs.send(new CreateServiceCommand({ ...base, desiredCount: undefined })), 'InvalidParameterException', { message: /desiredCount/ });
    await expectError(ecs.send(new CreateServiceCommand({ ...base, serviceName: 'bad name!' })), 'InvalidParameterException');
    await expectError(ecs.send(new CreateServiceCommand({ ...base, taskDefinition: 'no-such-family' })), 'ClientException');
    await expectError(ecs.send(new CreateServiceCommand({ ...base, launchType: 'EC2' })), 'InvalidParameterException');
    await expectError(ecs.send(new CreateServiceCommand({ ...base, schedulingStrategy: 'DAEMON' })), 'InvalidParameterException', { message: /DAEMON/ });
    await expectError(ecs.send(new CreateServiceCommand({ ...base, deploymentConfiguration: { maximumPercent: 300 } })), 'InvalidParameterException', { message: /maximumPercent/ });
    await expectError(ecs.send(new CreateServiceCommand({ ...base, deploymentConfiguration: { minimumHealthyPercent: 101 } })), 'InvalidParameterException', { message: /minimumHealthyPercent/ });
    await expectError(ecs.send(new CreateServiceCommand({
      ...base, loadBalancers: [{ targetGroupArn: `arn:aws:elasticloadbalancing:${region}:000000000000:targetgroup/nope/0123456789abcdef`, containerName: 'app', containerPort: 80 }],
    })), 'InvalidParameterException', { message: /target group/ });
    const { serviceArns } = await ecs.send(new ListServicesCommand({ cluster }));
    assert.ok(!serviceArns.some((a) => a.endsWith(`/${base.serviceName}`)), 'a refused service must not exist');
  });
});

describe('Service tags', () => {
  it('tags the service and propagates its tags to its tasks', async () => {
    const name = res.service(cluster, uniqueName('tags'));
    const out = await ecs.send(new CreateServiceCommand({
      cluster, serviceName: name, taskDefinition: td, desiredCount: 1, propagateTags: 'SERVICE', enableECSManagedTags: true,
      tags: [{ key: 'team', value: 'web' }],
    }));
    const arn = out.service.serviceArn;
    await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'tier', value: 'front' }] }));
    const listed = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    assert.deepEqual(listed.tags.map((t) => t.key).sort(), ['team', 'tier']);
    const taskArn = await waitFor(async () => (await ecs.send(new ListTasksCommand({ cluster, serviceName: name }))).taskArns[0], 60_000);
    const task = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn], include: ['TAGS'] }))).tasks[0];
    const tags = Object.fromEntries(task.tags.map((t) => [t.key, t.value]));
    assert.equal(tags.team, 'web');
    assert.equal(tags['aws:ecs:serviceName'], name);
    assert.equal(tags['aws:ecs:clusterName'], cluster);
    assert.equal(task.group, `service:${name}`);
    assert.match(task.startedBy, /^ecs-svc\/\d{19}$/);
    await expectError(ecs.send(new TagResourceCommand({ resourceArn: `${arn}-nope`, tags: [{ key: 'a', value: 'b' }] })), 'ResourceNotFoundException');
  });
});

describe('UpdateService', () => {
  it('scales and rolls out a new deployment on forceNewDeployment', async () => {
    const name = res.service(cluster, uniqueName('upd'));
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: td, desiredCount: 1 }));
    await waitFor(async () => (await describeOne(name)).runningCount === 1, 90_000);
    const scaled = await ecs.send(new UpdateServiceCommand({ cluster, service: name, desiredCount: 2 }));
    assert.equal(scaled.service.desiredCount, 2);
    assert.equal(scaled.service.deployments.length, 1);
    const forced = await ecs.send(new UpdateServiceCommand({ cluster, service: name, forceNewDeployment: true }));
    assert.deepEqual(forced.service.deployments.map((d) => d.status), ['PRIMARY', 'ACTIVE']);
    const primary = forced.service.deployments[0].id;
    await waitFor(async () => {
      const d = await describeOne(name);
      return d.deployments.length === 1 && d.deployments[0].id === primary && d.runningCount === 2 && d.deployments[0].rolloutState === 'COMPLETED';
    }, 120_000);
  });

  it('answers ServiceNotFoundException and ClusterNotFoundException', async () => {
    await expectError(ecs.send(new UpdateServiceCommand({ cluster, service: 'no-such-service', desiredCount: 1 })), 'ServiceNotFoundException');
    await expectError(ecs.send(new UpdateServiceCommand({ cluster: 'no-such-cluster', service: 'x' })), 'ClusterNotFoundException');
    await expectError(ecs.send(new UpdateServiceCommand({ cluster, service: 'x', desiredCount: -1 })), 'InvalidParameterException');
  });
});

describe('DeleteService, DescribeServices, ListServices', () => {
  it('deletes: refused above zero without force, then DRAINING and INACTIVE', async () => {
    const name = res.service(cluster, uniqueName('del'));
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: td, desiredCount: 1 }));
    await expectError(ecs.send(new DeleteServiceCommand({ cluster, service: name })), 'InvalidParameterException', { message: /scaled above 0/ });
    await expectError(ecs.send(new DeleteClusterCommand({ cluster })), 'ClusterContainsServicesException');
    const out = await ecs.send(new DeleteServiceCommand({ cluster, service: name, force: true }));
    assert.equal(out.service.status, 'DRAINING');
    await waitFor(async () => (await describeOne(name)).status === 'INACTIVE', 90_000);
    const { serviceArns } = await ecs.send(new ListServicesCommand({ cluster }));
    assert.ok(!serviceArns.some((a) => a.endsWith(`/${name}`)));
    await expectError(ecs.send(new DeleteServiceCommand({ cluster, service: 'no-such-service' })), 'ServiceNotFoundException');
  });

  it('describes missing services as failures and pages ListServices', async () => {
    const out = await ecs.send(new DescribeServicesCommand({ cluster, services: ['no-such-service'] }));
    assert.deepEqual(out.services, []);
    assert.equal(out.failures[0].reason, 'MISSING');
    await expectError(ecs.send(new DescribeServicesCommand({ cluster, services: [] })), 'InvalidParameterException');
    await expectError(ecs.send(new DescribeServicesCommand({ cluster, services: Array(11).fill('x') })), 'InvalidParameterException');
    const page = await ecs.send(new ListServicesCommand({ cluster, maxResults: 1 }));
    assert.equal(page.serviceArns.length, 1);
    assert.ok(page.nextToken);
    await expectError(ecs.send(new ListServicesCommand({ cluster, maxResults: 101 })), 'InvalidParameterException');
  });
});
