// CloudWatch Logs beyond events: DeleteLogStream, retention, tags (both generations), metric filters publishing to
// CloudWatch metrics, and what Berth refuses because it has no destination for it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  CreateExportTaskCommand,
  CreateLogAnomalyDetectorCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  DeleteMetricFilterCommand,
  DeleteRetentionPolicyCommand,
  DeleteSubscriptionFilterCommand,
  DescribeExportTasksCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  ListLogAnomalyDetectorsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutDataProtectionPolicyCommand,
  PutDeliverySourceCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  PutSubscriptionFilterCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  TestMetricFilterCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, GetMetricDataCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';

import { Resources, assertNoServerErrors, credentials, endpoint, expectError, logs, region, uniqueName, waitFor } from '../lib/berth.mjs';

const cw = new CloudWatchClient({ endpoint, region, credentials, maxAttempts: 1 });
const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const groupName = (suffix) => `/berth-conformance/${uniqueName(suffix)}`;

async function createGroup(name, extra = {}) {
  res.logGroup(name);
  await logs.send(new CreateLogGroupCommand({ logGroupName: name, ...extra }));
  return name;
}

async function describeGroup(name) {
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return out.logGroups.find((g) => g.logGroupName === name);
}

describe('DeleteLogStream', () => {
  it('deletes the stream and its events; a missing one is ResourceNotFoundException', async () => {
    const name = await createGroup(groupName('delstream'));
    await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: 'a' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: 'b' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: name, logStreamName: 'a', logEvents: [{ timestamp: Date.now(), message: 'hello' }] }));

    await logs.send(new DeleteLogStreamCommand({ logGroupName: name, logStreamName: 'a' }));

    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: name }));
    assert.deepEqual(streams.logStreams.map((s) => s.logStreamName), ['b']);
    assert.equal((await describeGroup(name)).storedBytes, 0);
    await expectError(logs.send(new DeleteLogStreamCommand({ logGroupName: name, logStreamName: 'a' })), 'ResourceNotFoundException');
    await expectError(logs.send(new DeleteLogStreamCommand({ logGroupName: `${name}-none`, logStreamName: 'b' })), 'ResourceNotFoundException');
  });
});

describe('retention', () => {
  it('PutRetentionPolicy shows in DescribeLogGroups; DeleteRetentionPolicy clears it', async () => {
    const name = await createGroup(groupName('retention'));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 7 }));
    assert.equal((await describeGroup(name)).retentionInDays, 7);
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: name }));
    assert.equal((await describeGroup(name)).retentionInDays, undefined);
  });

  it('only the allowed periods are accepted', async () => {
    const name = await createGroup(groupName('retention-bad'));
    for (const days of [0, 2, 8, 366, 3654, -1]) {
      await expectError(logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days })), 'InvalidParameterException');
    }
    assert.equal((await describeGroup(name)).retentionInDays, undefined);
    await expectError(logs.send(new PutRetentionPolicyCommand({ logGroupName: `${name}-none`, retentionInDays: 1 })), 'ResourceNotFoundException');
  });

  it('events older than the retention are deleted', async () => {
    const name = await createGroup(groupName('retention-acts'));
    await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: 's' }));
    const now = Date.now();
    await logs.send(new PutLogEventsCommand({
      logGroupName: name,
      logStreamName: 's',
      logEvents: [{ timestamp: now - 3 * 86_400_000, message: 'three days old' }, { timestamp: now, message: 'fresh' }],
    }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 1 }));

    const g = await waitFor(async () => {
      const d = await describeGroup(name);
      return d.storedBytes === 'fresh'.length ? d : undefined;
    }, 30_000);
    assert.equal(g.retentionInDays, 1);
  });
});

describe('tags', () => {
  it('CreateLogGroup tags, TagResource/UntagResource/ListTagsForResource by the logGroupArn', async () => {
    const name = await createGroup(groupName('tags'), { tags: { app: 'web' } });
    const arn = (await describeGroup(name)).logGroupArn;
    assert.ok(!arn.endsWith(':*'));

    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { app: 'web' });
    await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { team: 'blue', app: 'web2' } }));
    await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { app: 'web2' });
  });

  it('the ARN with a trailing :* is refused as AWS refuses it', async () => {
    const name = await createGroup(groupName('tags-star'));
    const { arn } = await describeGroup(name);
    await expectError(logs.send(new ListTagsForResourceCommand({ resourceArn: arn })), 'ValidationException', { message: 'Invalid resourceArn' });
  });

  it('TagLogGroup/UntagLogGroup/ListTagsLogGroup by name', async () => {
    const name = await createGroup(groupName('tags-old'));
    await logs.send(new TagLogGroupCommand({ logGroupName: name, tags: { a: '1', b: '2' } }));
    await logs.send(new UntagLogGroupCommand({ logGroupName: name, tags: ['a'] }));
    assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags, { b: '2' });
  });

  it('limits: 50 tags, aws: prefix, key length, missing group', async () => {
    const name = await createGroup(groupName('tags-limits'));
    const arn = (await describeGroup(name)).logGroupArn;
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expectError(logs.send(new TagResourceCommand({ resourceArn: arn, tags: many })), 'TooManyTagsException');
    await expectError(logs.send(new TagResourceCommand({ resourceArn: arn, tags: { 'aws:x': 'v' } })), 'InvalidParameterException');
    await expectError(logs.send(new TagResourceCommand({ resourceArn: arn, tags: { ['k'.repeat(129)]: 'v' } })), 'InvalidParameterException');
    await expectError(logs.send(new CreateLogGroupCommand({ logGroupName: `${name}-many`, tags: many })), 'InvalidParameterException');
    await expectError(logs.send(new ListTagsForResourceCommand({ resourceArn: `${arn}-none` })), 'ResourceNotFoundException');
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, {});
  });
});

describe('metric filters', () => {
  it('Put/Describe/Delete with paging and metric lookups; errors', async () => {
    const name = await createGroup(groupName('mf'));
    const put = (filterName, metricName = 'Errors') => logs.send(new PutMetricFilterCommand({
      logGroupName: name,
      filterName,
      filterPattern: 'ERROR',
      metricTransformations: [{ metricName, metricNamespace: 'BerthConformance', metricValue: '1' }],
    }));
    await put('f1');
    await put('f2', 'Other');
    await put('g1');

    const page1 = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: name, limit: 2 }));
    assert.deepEqual(page1.metricFilters.map((f) => f.filterName), ['f1', 'f2']);
    const page2 = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: name, limit: 2, nextToken: page1.nextToken }));
    assert.deepEqual(page2.metricFilters.map((f) => f.filterName), ['g1']);
    assert.equal(page2.nextToken, undefined);
    const byPrefix = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: name, filterNamePrefix: 'f' }));
    assert.deepEqual(byPrefix.metricFilters.map((f) => f.filterName), ['f1', 'f2']);
    const byMetric = await logs.send(new DescribeMetricFiltersCommand({ metricName: 'Other', metricNamespace: 'BerthConformance' }));
    assert.ok(byMetric.metricFilters.some((f) => f.filterName === 'f2' && f.logGroupName === name));
    assert.equal((await describeGroup(name)).metricFilterCount, 3);

    await logs.send(new DeleteMetricFilterCommand({ logGroupName: name, filterName: 'g1' }));
    await expectError(logs.send(new DeleteMetricFilterCommand({ logGroupName: name, filterName: 'g1' })), 'ResourceNotFoundException');
    await expectError(put('bad:name'), 'InvalidParameterException');
    await expectError(logs.send(new PutMetricFilterCommand({
      logGroupName: name, filterName: 'x', filterPattern: '{ $.a = ', metricTransformations: [{ metricName: 'M', metricNamespace: 'N', metricValue: '1' }],
    })), 'InvalidParameterException');
    await expectError(logs.send(new PutMetricFilterCommand({
      logGroupName: name, filterName: 'x', filterPattern: 'ERROR', metricTransformations: [{ metricName: 'M', metricNamespace: 'N', metricValue: '$.v' }],
    })), 'InvalidParameterException');
  });

  it('TestMetricFilter reports matches and extracted fields', async () => {
    const out = await logs.send(new TestMetricFilterCommand({
      filterPattern: '[ip, user, status = 5*, bytes]',
      logEventMessages: ['1.2.3.4 ana 503 10', '1.2.3.4 bo 200 20'],
    }));
    assert.equal(out.matches.length, 1);
    assert.equal(out.matches[0].eventNumber, 1);
    assert.equal(out.matches[0].extractedValues.$user, 'ana');
    const json = await logs.send(new TestMetricFilterCommand({
      filterPattern: '{ $.latency > 100 && $.level = "ERROR" }',
      logEventMessages: ['{"latency": 150, "level": "ERROR"}', '{"latency": 50, "level": "ERROR"}', 'plain'],
    }));
    assert.deepEqual(json.matches.map((m) => m.eventNumber), [1]);
  });

  it('matching events reach CloudWatch metrics (GetMetricData and GetMetricStatistics)', async () => {
    const name = await createGroup(groupName('mf-publish'));
    const namespace = `BerthConformance/${uniqueName('ns')}`;
    await logs.send(new PutMetricFilterCommand({
      logGroupName: name,
      filterName: 'latency',
      filterPattern: '{ $.latency > 100 }',
      metricTransformations: [{ metricName: 'Latency', metricNamespace: namespace, metricValue: '$.latency', unit: 'Milliseconds' }],
    }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: 's' }));
    const t = Date.now() - 5_000;
    await logs.send(new PutLogEventsCommand({
      logGroupName: name,
      logStreamName: 's',
      logEvents: [
        { timestamp: t, message: '{"latency": 250}' },
        { timestamp: t + 1, message: '{"latency": 50}' },
        { timestamp: t + 2, message: '{"latency": 350}' },
      ],
    }));

    const start = new Date(t - 120_000);
    const end = new Date(t + 120_000);
    const data = await waitFor(async () => {
      const out = await cw.send(new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: namespace, MetricName: 'Latency' }, Period: 300, Stat: 'Sum' } }],
      }));
      return out.MetricDataResults[0].Values.length > 0 ? out.MetricDataResults[0] : undefined;
    }, 30_000);
    assert.equal(data.Values.reduce((a, b) => a + b, 0), 600);

    const stats = await cw.send(new GetMetricStatisticsCommand({
      Namespace: namespace, MetricName: 'Latency', StartTime: start, EndTime: end, Period: 300, Statistics: ['SampleCount', 'Maximum'],
    }));
    assert.equal(stats.Datapoints.reduce((a, d) => a + d.SampleCount, 0), 2);
    assert.equal(Math.max(...stats.Datapoints.map((d) => d.Maximum)), 350);
    assert.ok(stats.Datapoints.every((d) => d.Unit === 'Milliseconds'));
  });
});

describe('what Berth has no destination for', () => {
  it('subscription filters, export tasks, data protection, anomaly detectors and deliveries are refused; lists are empty', async () => {
    const name = await createGroup(groupName('refused'));
    await expectError(logs.send(new PutSubscriptionFilterCommand({
      logGroupName: name, filterName: 'f', filterPattern: '', destinationArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s',
    })), 'InvalidParameterException', { message: 'Berth has no destination' });
    assert.deepEqual((await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: name }))).subscriptionFilters, []);
    await expectError(logs.send(new DeleteSubscriptionFilterCommand({ logGroupName: name, filterName: 'f' })), 'ResourceNotFoundException');
    await expectError(logs.send(new CreateExportTaskCommand({ logGroupName: name, from: 0, to: Date.now(), destination: 'bucket' })),
      'InvalidParameterException', { message: 'Berth has no destination' });
    assert.deepEqual((await logs.send(new DescribeExportTasksCommand({}))).exportTasks, []);
    await expectError(logs.send(new PutDataProtectionPolicyCommand({ logGroupIdentifier: name, policyDocument: '{}' })),
      'InvalidParameterException', { message: 'Berth has no destination' });
    await expectError(logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [(await describeGroup(name)).logGroupArn] })),
      'InvalidParameterException', { message: 'Berth has no destination' });
    assert.deepEqual((await logs.send(new ListLogAnomalyDetectorsCommand({}))).anomalyDetectors, []);
    await expectError(logs.send(new PutDeliverySourceCommand({ name: 'd', resourceArn: 'arn:aws:x', logType: 'APPLICATION_LOGS' })),
      'ValidationException', { message: 'Berth has no destination' });
    await expectError(logs.send(new CreateLogGroupCommand({ logGroupName: `${name}-kms`, kmsKeyId: 'alias/x' })), 'InvalidParameterException', { message: 'kmsKeyId' });
  });
});
