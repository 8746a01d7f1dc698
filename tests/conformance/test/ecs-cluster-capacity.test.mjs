// ECS cluster updates and capacity: UpdateCluster, UpdateClusterSettings, PutClusterCapacityProviders,
// CreateCluster's capacity providers, DescribeCapacityProviders, and what belongs to the EC2 launch type
// (attributes, container instances, Auto Scaling group capacity providers) and to blue/green (task sets).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeTaskSetsCommand,
  ListAttributesCommand,
  ListContainerInstancesCommand,
  PutAttributesCommand,
  PutClusterCapacityProvidersCommand,
  UpdateClusterCommand,
  UpdateClusterSettingsCommand,
} from '@aws-sdk/client-ecs';

import { Resources, assertNoServerErrors, ecs, expectError, region, uniqueName } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

async function cluster(input = {}) {
  const name = res.cluster(uniqueName('cap'));
  return (await ecs.send(new CreateClusterCommand({ clusterName: name, ...input }))).cluster;
}

describe('CreateCluster capacity providers', () => {
  it('keeps capacityProviders and defaultCapacityProviderStrategy as sent', async () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 3, base: 1 }, { capacityProvider: 'FARGATE', weight: 1, base: 0 }];
    const c = await cluster({ capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: strategy });
    assert.deepEqual(c.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
    assert.deepEqual(c.defaultCapacityProviderStrategy, strategy);
    const d = await ecs.send(new DescribeClustersCommand({ clusters: [c.clusterName] }));
    assert.deepEqual(d.clusters[0].defaultCapacityProviderStrategy, strategy);
  });

  it('refuses a provider other than FARGATE/FARGATE_SPOT, and a strategy naming one the cluster lacks', async () => {
    await expectError(ecs.send(new CreateClusterCommand({ clusterName: uniqueName('bad'), capacityProviders: ['my-asg'] })), 'InvalidParameterException', { message: 'my-asg' });
    await expectError(ecs.send(new CreateClusterCommand({
      clusterName: uniqueName('bad'), capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    })), 'InvalidParameterException', { message: 'not associated with the cluster' });
  });
});

describe('PutClusterCapacityProviders', () => {
  it('replaces both lists, and empty lists clear them', async () => {
    const c = await cluster();
    const out = await ecs.send(new PutClusterCapacityProvidersCommand({
      cluster: c.clusterName, capacityProviders: ['FARGATE_SPOT'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 2 }],
    }));
    assert.deepEqual(out.cluster.capacityProviders, ['FARGATE_SPOT']);
    assert.deepEqual(out.cluster.defaultCapacityProviderStrategy, [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 2 }]);
    const cleared = await ecs.send(new PutClusterCapacityProvidersCommand({ cluster: c.clusterName, capacityProviders: [], defaultCapacityProviderStrategy: [] }));
    assert.deepEqual(cleared.cluster.capacityProviders, []);
    assert.deepEqual(cleared.cluster.defaultCapacityProviderStrategy, []);
  });

  it('refuses a bad strategy and a missing cluster, changing nothing', async () => {
    const c = await cluster({ capacityProviders: ['FARGATE'] });
    await expectError(ecs.send(new PutClusterCapacityProvidersCommand({
      cluster: c.clusterName, capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 5000 }],
    })), 'InvalidParameterException', { message: 'weight' });
    const d = await ecs.send(new DescribeClustersCommand({ clusters: [c.clusterName] }));
    assert.deepEqual(d.clusters[0].capacityProviders, ['FARGATE']);
    await expectError(ecs.send(new PutClusterCapacityProvidersCommand({ cluster: uniqueName('ghost'), capacityProviders: [], defaultCapacityProviderStrategy: [] })), 'ClusterNotFoundException');
  });
});

describe('UpdateCluster / UpdateClusterSettings', () => {
  it('containerInsights round-trips through both, and DescribeClusters shows settings and configuration only when included', async () => {
    const c = await cluster({ settings: [{ name: 'containerInsights', value: 'enabled' }] });
    const s = await ecs.send(new UpdateClusterSettingsCommand({ cluster: c.clusterName, settings: [{ name: 'containerInsights', value: 'disabled' }] }));
    assert.deepEqual(s.cluster.settings, [{ name: 'containerInsights', value: 'disabled' }]);
    const u = await ecs.send(new UpdateClusterCommand({
      cluster: c.clusterName,
      settings: [{ name: 'containerInsights', value: 'enhanced' }],
      configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
    }));
    assert.deepEqual(u.cluster.settings, [{ name: 'containerInsights', value: 'enhanced' }]);
    assert.deepEqual(u.cluster.configuration, { executeCommandConfiguration: { logging: 'DEFAULT' } });
    const plain = (await ecs.send(new DescribeClustersCommand({ clusters: [c.clusterName] }))).clusters[0];
    assert.equal(plain.settings, undefined);
    assert.equal(plain.configuration, undefined);
    const full = (await ecs.send(new DescribeClustersCommand({ clusters: [c.clusterName], include: ['SETTINGS', 'CONFIGURATIONS', 'TAGS'] }))).clusters[0];
    assert.deepEqual(full.settings, [{ name: 'containerInsights', value: 'enhanced' }]);
    assert.deepEqual(full.configuration, { executeCommandConfiguration: { logging: 'DEFAULT' } });
    assert.deepEqual(full.tags, []);
  });

  it('refuses what cannot act: KMS keys, session log destinations, Service Connect defaults, unknown settings', async () => {
    const c = await cluster();
    await expectError(ecs.send(new UpdateClusterCommand({ cluster: c.clusterName, configuration: { executeCommandConfiguration: { kmsKeyId: 'k' } } })),
      'InvalidParameterException', { message: 'executeCommandConfiguration.kmsKeyId' });
    await expectError(ecs.send(new UpdateClusterCommand({
      cluster: c.clusterName, configuration: { executeCommandConfiguration: { logging: 'OVERRIDE', logConfiguration: { cloudWatchLogGroupName: 'g' } } },
    })), 'InvalidParameterException', { message: 'OVERRIDE' });
    await expectError(ecs.send(new UpdateClusterCommand({ cluster: c.clusterName, configuration: { managedStorageConfiguration: { kmsKeyId: 'k' } } })),
      'InvalidParameterException', { message: 'managedStorageConfiguration.kmsKeyId' });
    await expectError(ecs.send(new UpdateClusterCommand({ cluster: c.clusterName, serviceConnectDefaults: { namespace: 'ns' } })),
      'InvalidParameterException', { message: 'serviceConnectDefaults' });
    await expectError(ecs.send(new UpdateClusterSettingsCommand({ cluster: c.clusterName, settings: [{ name: 'containerInsights', value: 'loud' }] })),
      'InvalidParameterException', { message: 'loud' });
    await expectError(ecs.send(new UpdateClusterSettingsCommand({ cluster: uniqueName('ghost'), settings: [] })), 'ClusterNotFoundException');
    const d = (await ecs.send(new DescribeClustersCommand({ clusters: [c.clusterName], include: ['CONFIGURATIONS', 'SETTINGS'] }))).clusters[0];
    assert.equal(d.configuration, undefined);
    assert.deepEqual(d.settings, [{ name: 'containerInsights', value: 'disabled' }]);
  });
});

describe('DescribeCapacityProviders', () => {
  it('lists FARGATE and FARGATE_SPOT, with tags when included', async () => {
    const out = await ecs.send(new DescribeCapacityProvidersCommand({ include: ['TAGS'] }));
    assert.deepEqual(out.capacityProviders.map((p) => [p.name, p.status]), [['FARGATE', 'ACTIVE'], ['FARGATE_SPOT', 'ACTIVE']]);
    assert.match(out.capacityProviders[0].capacityProviderArn, new RegExp(`^arn:aws:ecs:${region}:\\d{12}:capacity-provider/FARGATE$`));
    assert.deepEqual(out.capacityProviders[0].tags, []);
  });

  it('reports names it does not know as MISSING failures', async () => {
    const out = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['FARGATE_SPOT', 'my-asg'] }));
    assert.deepEqual(out.capacityProviders.map((p) => p.name), ['FARGATE_SPOT']);
    assert.equal(out.failures[0].reason, 'MISSING');
    assert.match(out.failures[0].arn, /capacity-provider\/my-asg$/);
  });

  it('CreateCapacityProvider is refused: Auto Scaling group providers need the EC2 launch type', async () => {
    await expectError(ecs.send(new CreateCapacityProviderCommand({
      name: uniqueName('asg'), autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/y' },
    })), 'UnsupportedFeatureException', { message: 'EC2 launch type' });
  });
});

describe('EC2-only operations on a Fargate-only cluster', () => {
  it('ListAttributes is empty for container-instance targets and validates targetType', async () => {
    const c = await cluster();
    const out = await ecs.send(new ListAttributesCommand({ cluster: c.clusterName, targetType: 'container-instance' }));
    assert.deepEqual(out.attributes, []);
    await expectError(ecs.send(new ListAttributesCommand({ cluster: c.clusterName, targetType: 'task' })), 'InvalidParameterException', { message: 'container-instance' });
    await expectError(ecs.send(new ListAttributesCommand({ cluster: uniqueName('ghost'), targetType: 'container-instance' })), 'ClusterNotFoundException');
  });

  it('PutAttributes finds no target; container instances are MISSING and none are listed', async () => {
    const c = await cluster();
    await expectError(ecs.send(new PutAttributesCommand({ cluster: c.clusterName, attributes: [{ name: 'stack', value: 'prod', targetId: 'abc' }] })), 'TargetNotFoundException');
    const d = await ecs.send(new DescribeContainerInstancesCommand({ cluster: c.clusterName, containerInstances: ['abc'], include: ['TAGS'] }));
    assert.deepEqual(d.containerInstances, []);
    assert.equal(d.failures[0].reason, 'MISSING');
    const l = await ecs.send(new ListContainerInstancesCommand({ cluster: c.clusterName, status: 'ACTIVE' }));
    assert.deepEqual(l.containerInstanceArns, []);
    await expectError(ecs.send(new ListContainerInstancesCommand({ cluster: c.clusterName, filter: 'color == red' })), 'InvalidParameterException', { message: 'not a subject' });
  });

  it('DescribeTaskSets: a missing service is ServiceNotFoundException', async () => {
    const c = await cluster();
    await expectError(ecs.send(new DescribeTaskSetsCommand({ cluster: c.clusterName, service: 'ghost' })), 'ServiceNotFoundException');
    await expectError(ecs.send(new DescribeTaskSetsCommand({ cluster: uniqueName('ghost'), service: 'ghost' })), 'ClusterNotFoundException');
  });
});
