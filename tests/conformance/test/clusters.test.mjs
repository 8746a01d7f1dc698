// ECS clusters: CreateCluster, DescribeClusters, ListClusters, DeleteCluster.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
} from '@aws-sdk/client-ecs';

import { Resources, assertNoServerErrors, ecs, expectError, region, uniqueName } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const clusterArnPattern = (name) => new RegExp(`^arn:aws:ecs:${region}:\\d{12}:cluster/${name}$`);

describe('CreateCluster', () => {
  it('creates an ACTIVE cluster with no tasks', async () => {
    const name = res.cluster(uniqueName('create'));
    const out = await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const c = out.cluster;
    assert.equal(c.clusterName, name);
    assert.match(c.clusterArn, clusterArnPattern(name));
    assert.equal(c.status, 'ACTIVE');
    assert.equal(c.runningTasksCount, 0);
    assert.equal(c.pendingTasksCount, 0);
    assert.equal(c.activeServicesCount, 0);
    assert.equal(c.registeredContainerInstancesCount, 0);
  });

  it('is idempotent: creating the same name again returns the same cluster', async () => {
    const name = res.cluster(uniqueName('idem'));
    const first = await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const second = await ecs.send(new CreateClusterCommand({ clusterName: name }));
    assert.equal(second.cluster.clusterArn, first.cluster.clusterArn);
    assert.equal(second.cluster.status, 'ACTIVE');
    const listed = await listAllClusters();
    assert.equal(listed.filter((a) => a === first.cluster.clusterArn).length, 1, 'listed once');
  });

  it('concurrent creates of one name all return the same cluster', async () => {
    const name = res.cluster(uniqueName('race'));
    const outs = await Promise.all(Array.from({ length: 5 }, () => ecs.send(new CreateClusterCommand({ clusterName: name }))));
    const arns = new Set(outs.map((o) => o.cluster.clusterArn));
    assert.equal(arns.size, 1);
    const listed = await listAllClusters();
    assert.equal(listed.filter((a) => arns.has(a)).length, 1, 'listed once');
  });

  it('stores tags given at creation', async () => {
    const name = res.cluster(uniqueName('tags'));
    const tags = [
      { key: 'team', value: 'conformance' },
      { key: 'env', value: 'test' },
    ];
    const out = await ecs.send(new CreateClusterCommand({ clusterName: name, tags }));
    assert.deepEqual(sortTags(out.cluster.tags), sortTags(tags));
    const described = await ecs.send(new DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }));
    assert.deepEqual(sortTags(described.clusters[0].tags), sortTags(tags));
  });

  for (const bad of ['has space', 'bad/slash', 'x'.repeat(256), 'dots.are.bad']) {
    it(`rejects the invalid name ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 10)}…(${bad.length})` : bad)} with InvalidParameterException`, async () => {
      await expectError(ecs.send(new CreateClusterCommand({ clusterName: bad })), 'InvalidParameterException');
    });
  }
});

describe('DescribeClusters', () => {
  it('describes by name and by ARN', async () => {
    const name = res.cluster(uniqueName('desc'));
    const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const out = await ecs.send(new DescribeClustersCommand({ clusters: [name, cluster.clusterArn] }));
    assert.equal(out.failures?.length ?? 0, 0);
    assert.equal(out.clusters.length, 2);
    for (const c of out.clusters) {
      assert.equal(c.clusterArn, cluster.clusterArn);
      assert.equal(c.clusterName, name);
      assert.equal(c.status, 'ACTIVE');
      assert.equal(c.runningTasksCount, 0);
      assert.equal(c.pendingTasksCount, 0);
    }
  });

  it('includes STATISTICS, SETTINGS and TAGS when asked', async () => {
    const name = res.cluster(uniqueName('incl'));
    await ecs.send(new CreateClusterCommand({
      clusterName: name,
      tags: [{ key: 'k', value: 'v' }],
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    }));
    const out = await ecs.send(new DescribeClustersCommand({ clusters: [name], include: ['STATISTICS', 'SETTINGS', 'TAGS'] }));
    const c = out.clusters[0];
    assert.deepEqual(c.tags, [{ key: 'k', value: 'v' }]);
    assert.ok(Array.isArray(c.settings), 'settings present');
    assert.deepEqual(c.settings.find((s) => s.name === 'containerInsights'), { name: 'containerInsights', value: 'enabled' });
    assert.ok(Array.isArray(c.statistics) && c.statistics.length > 0, 'statistics present');
    const stats = Object.fromEntries(c.statistics.map((s) => [s.name, s.value]));
    assert.equal(stats.runningFargateTasksCount, '0');
    assert.equal(stats.pendingFargateTasksCount, '0');

    const plain = await ecs.send(new DescribeClustersCommand({ clusters: [name] }));
    assert.equal(plain.clusters[0].tags?.length ?? 0, 0, 'no tags without include TAGS');
    assert.equal(plain.clusters[0].statistics?.length ?? 0, 0, 'no statistics without include STATISTICS');
  });

  it('reports an unknown cluster as a MISSING failure next to the found ones', async () => {
    const name = res.cluster(uniqueName('found'));
    await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const unknown = uniqueName('nosuch');
    const out = await ecs.send(new DescribeClustersCommand({ clusters: [name, unknown] }));
    assert.equal(out.clusters.length, 1);
    assert.equal(out.clusters[0].clusterName, name);
    assert.equal(out.failures.length, 1);
    assert.equal(out.failures[0].reason, 'MISSING');
    assert.match(out.failures[0].arn, clusterArnPattern(unknown));
  });

  it('rejects an invalid include value', async () => {
    await expectError(ecs.send(new DescribeClustersCommand({ clusters: ['default'], include: ['NOPE'] })), 'InvalidParameterException');
  });
});

async function listAllClusters(maxResults) {
  const arns = [];
  let nextToken;
  let pages = 0;
  do {
    const out = await ecs.send(new ListClustersCommand({ maxResults, nextToken }));
    if (maxResults) assert.ok(out.clusterArns.length <= maxResults, 'page within maxResults');
    arns.push(...out.clusterArns);
    nextToken = out.nextToken;
    pages += 1;
    assert.ok(pages < 10_000, 'pagination terminates');
  } while (nextToken);
  return arns;
}

describe('ListClusters', () => {
  it('pages with maxResults=1 and nextToken through every cluster exactly once', async () => {
    const names = [uniqueName('page'), uniqueName('page'), uniqueName('page')];
    const arns = [];
    for (const n of names) {
      res.cluster(n);
      arns.push((await ecs.send(new CreateClusterCommand({ clusterName: n }))).cluster.clusterArn);
    }
    const first = await ecs.send(new ListClustersCommand({ maxResults: 1 }));
    assert.equal(first.clusterArns.length, 1);
    assert.equal(typeof first.nextToken, 'string', 'a nextToken when more clusters exist');

    const paged = await listAllClusters(1);
    assert.equal(new Set(paged).size, paged.length, 'no cluster listed twice');
    for (const arn of arns) assert.ok(paged.includes(arn), `${arn} listed`);
    const unpaged = await listAllClusters();
    assert.deepEqual([...paged].sort(), [...unpaged].sort(), 'paged and unpaged listings agree');
  });

  it('rejects a nextToken it did not issue with InvalidParameterException', async () => {
    await expectError(ecs.send(new ListClustersCommand({ nextToken: 'not-a-real-token' })), 'InvalidParameterException');
  });

  it('rejects maxResults out of range with InvalidParameterException', async () => {
    await expectError(ecs.send(new ListClustersCommand({ maxResults: 101 })), 'InvalidParameterException');
  });
});

describe('DeleteCluster', () => {
  it('deletes an empty cluster: INACTIVE, still describable, no longer listed', async () => {
    const name = res.cluster(uniqueName('del'));
    const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const out = await ecs.send(new DeleteClusterCommand({ cluster: name }));
    assert.equal(out.cluster.clusterArn, cluster.clusterArn);
    assert.equal(out.cluster.status, 'INACTIVE');
    const described = await ecs.send(new DescribeClustersCommand({ clusters: [cluster.clusterArn] }));
    assert.equal(described.clusters.length, 1);
    assert.equal(described.clusters[0].status, 'INACTIVE');
    assert.ok(!(await listAllClusters()).includes(cluster.clusterArn), 'an INACTIVE cluster is not listed');
  });

  it('recreating a deleted cluster makes it ACTIVE again', async () => {
    const name = res.cluster(uniqueName('recreate'));
    await ecs.send(new CreateClusterCommand({ clusterName: name }));
    await ecs.send(new DeleteClusterCommand({ cluster: name }));
    const out = await ecs.send(new CreateClusterCommand({ clusterName: name }));
    assert.equal(out.cluster.status, 'ACTIVE');
  });

  it('an unknown cluster is ClusterNotFoundException', async () => {
    await expectError(ecs.send(new DeleteClusterCommand({ cluster: uniqueName('nosuch') })), 'ClusterNotFoundException');
  });
});

function sortTags(tags = []) {
  return [...tags].sort((a, b) => a.key.localeCompare(b.key));
}
