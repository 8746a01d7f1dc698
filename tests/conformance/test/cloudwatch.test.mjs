// CloudWatch metrics and alarms through @aws-sdk/client-cloudwatch (AWS JSON 1.0, awsQueryCompatible errors).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch';

import { assertNoServerErrors, credentials, endpoint, expectError, region, runId, serverErrors, uniqueName, waitFor } from '../lib/berth.mjs';

const cw = new CloudWatchClient({ endpoint, region, credentials, maxAttempts: 1 });
cw.middlewareStack.add(
  (next, context) => async (args) => {
    try {
      const out = await next(args);
      if (out.response?.statusCode >= 500) serverErrors.push(`${context.commandName}: HTTP ${out.response.statusCode}`);
      return out;
    } catch (e) {
      const status = e?.$metadata?.httpStatusCode;
      if (status >= 500) serverErrors.push(`${context.commandName}: HTTP ${status} ${e.name}: ${e.message}`);
      throw e;
    }
  },
  { step: 'deserialize', name: 'berthWatch5xx', priority: 'low' },
);

const alarms = new Set();
after(async () => {
  if (alarms.size) await cw.send(new DeleteAlarmsCommand({ AlarmNames: [...alarms] })).catch(() => {});
  assertNoServerErrors();
});

const Namespace = `Berth/Conformance/${runId}`;
const Dimensions = [{ Name: 'Service', Value: 'web' }];
// Five whole minutes back, so every point lies in a complete, aligned minute.
const base = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
const at = (minutes, seconds = 0) => new Date(base.getTime() + minutes * 60_000 + seconds * 1000);

describe('metrics', () => {
  it('PutMetricData takes Value, Values+Counts and StatisticValues', async () => {
    await cw.send(new PutMetricDataCommand({
      Namespace,
      MetricData: [
        { MetricName: 'Latency', Dimensions, Timestamp: at(0, 5), Value: 10, Unit: 'Milliseconds' },
        { MetricName: 'Latency', Dimensions, Timestamp: at(0, 30), Values: [20, 30], Counts: [1, 2], Unit: 'Milliseconds' },
        { MetricName: 'Latency', Dimensions, Timestamp: at(1, 0), StatisticValues: { SampleCount: 4, Sum: 200, Minimum: 40, Maximum: 60 }, Unit: 'Milliseconds' },
        { MetricName: 'Requests', Dimensions, Timestamp: at(0, 10), Value: 5, Unit: 'Count' },
        { MetricName: 'Requests', Dimensions, Timestamp: at(1, 10), Value: 7, Unit: 'Count' },
        { MetricName: 'Requests', Dimensions: [{ Name: 'Service', Value: 'api' }], Timestamp: at(1, 10), Value: 1 },
      ],
    }));
  });

  it('GetMetricStatistics answers every statistic per aligned period', async () => {
    const out = await cw.send(new GetMetricStatisticsCommand({
      Namespace, MetricName: 'Latency', Dimensions, StartTime: at(0, 20), EndTime: at(3), Period: 60,
      Statistics: ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'],
    }));
    assert.equal(out.Label, 'Latency');
    const points = [...out.Datapoints].sort((a, b) => a.Timestamp - b.Timestamp);
    assert.equal(points.length, 2);
    assert.ok(points[0].Timestamp instanceof Date);
    assert.equal(points[0].Timestamp.getTime(), at(0).getTime());
    assert.deepEqual(
      [points[0].SampleCount, points[0].Sum, points[0].Average, points[0].Minimum, points[0].Maximum, points[0].Unit],
      [4, 90, 22.5, 10, 30, 'Milliseconds'],
    );
    assert.deepEqual([points[1].SampleCount, points[1].Average], [4, 50]);

    const pct = await cw.send(new GetMetricStatisticsCommand({
      Namespace, MetricName: 'Latency', Dimensions, StartTime: at(0), EndTime: at(1), Period: 60, ExtendedStatistics: ['p50', 'p100'],
    }));
    assert.deepEqual(pct.Datapoints[0].ExtendedStatistics, { p50: 20, p100: 30 }); // 10, 20, 30 (twice): nearest rank
  });

  it('GetMetricData evaluates MetricStat and metric math, ascending, with paging', async () => {
    const query = (Id, MetricName, ReturnData = true) => ({ Id, ReturnData, MetricStat: { Metric: { Namespace, MetricName, Dimensions }, Period: 60, Stat: 'Sum' } });
    const out = await cw.send(new GetMetricDataCommand({
      StartTime: at(0), EndTime: at(3), ScanBy: 'TimestampAscending',
      MetricDataQueries: [query('lat', 'Latency', false), query('req', 'Requests'), { Id: 'perreq', Expression: 'lat / req', Label: 'latency per request' }],
    }));
    assert.deepEqual(out.MetricDataResults.map((r) => r.Id), ['req', 'perreq']);
    const [req, perReq] = out.MetricDataResults;
    assert.deepEqual(req.Values, [5, 7]);
    assert.deepEqual(req.Timestamps.map((t) => t.getTime()), [at(0).getTime(), at(1).getTime()]);
    assert.equal(req.StatusCode, 'Complete');
    assert.equal(perReq.Label, 'latency per request');
    assert.deepEqual(perReq.Values, [18, 200 / 7]);

    const page1 = await cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(3), MaxDatapoints: 1, MetricDataQueries: [query('req', 'Requests')] }));
    assert.deepEqual(page1.MetricDataResults[0].Values, [7]); // TimestampDescending by default
    assert.equal(page1.MetricDataResults[0].StatusCode, 'PartialData');
    const page2 = await cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(3), MaxDatapoints: 1, NextToken: page1.NextToken, MetricDataQueries: [query('req', 'Requests')] }));
    assert.deepEqual(page2.MetricDataResults[0].Values, [5]);
    assert.equal(page2.NextToken, undefined);
  });

  it('ListMetrics filters by namespace, name and dimension', async () => {
    const all = await cw.send(new ListMetricsCommand({ Namespace }));
    assert.equal(all.Metrics.length, 3);
    const api = await cw.send(new ListMetricsCommand({ Namespace, Dimensions: [{ Name: 'Service', Value: 'api' }] }));
    assert.deepEqual(api.Metrics, [{ Namespace, MetricName: 'Requests', Dimensions: [{ Name: 'Service', Value: 'api' }] }]);
    const named = await cw.send(new ListMetricsCommand({ Namespace, MetricName: 'Requests', Dimensions: [{ Name: 'Service' }], RecentlyActive: 'PT3H' }));
    assert.equal(named.Metrics.length, 2);
  });
});

describe('alarms', () => {
  const alarm = (AlarmName, extra = {}) => {
    alarms.add(AlarmName);
    return cw.send(new PutMetricAlarmCommand({
      AlarmName, Namespace, MetricName: 'Requests', Dimensions, Statistic: 'Sum', Period: 60, EvaluationPeriods: 2,
      Threshold: 100, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: ['arn:aws:sns:us-east-1:000000000000:ops'], ...extra,
    }));
  };

  it('PutMetricAlarm, DescribeAlarms, SetAlarmState, history, actions, DeleteAlarms', async () => {
    const name = uniqueName('alarm');
    await alarm(name, { AlarmDescription: 'too many requests' });
    const [described] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms;
    assert.equal(described.AlarmArn, `arn:aws:cloudwatch:${region}:000000000000:alarm:${name}`);
    assert.equal(described.AlarmDescription, 'too many requests');
    assert.deepEqual(described.Dimensions, Dimensions);
    assert.equal(described.ActionsEnabled, true);
    assert.ok(described.AlarmConfigurationUpdatedTimestamp instanceof Date);

    await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'testing', StateReasonData: '{"by":"conformance"}' }));
    const inAlarm = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `conf-alarm-${runId}`, StateValue: 'ALARM' }));
    assert.deepEqual(inAlarm.MetricAlarms.map((a) => [a.AlarmName, a.StateReason]), [[name, 'testing']]);

    const forMetric = await cw.send(new DescribeAlarmsForMetricCommand({ Namespace, MetricName: 'Requests', Dimensions }));
    assert.ok(forMetric.MetricAlarms.some((a) => a.AlarmName === name));

    const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'StateUpdate' }));
    assert.equal(history.AlarmHistoryItems[0].HistorySummary, 'Alarm updated from INSUFFICIENT_DATA to ALARM');

    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: [name] }));
    assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms[0].ActionsEnabled, false);
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: [name] }));

    await cw.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
    alarms.delete(name);
    assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms, []);
  });

  it('the evaluator moves an alarm to ALARM when its metric breaches', async () => {
    const name = uniqueName('eval');
    await alarm(name, { MetricName: 'Burn', Statistic: 'Maximum', Period: 10, EvaluationPeriods: 1, Threshold: 50 });
    const state = await waitFor(async () => {
      await cw.send(new PutMetricDataCommand({ Namespace, MetricData: [{ MetricName: 'Burn', Dimensions, Value: 90 }] }));
      const [a] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms;
      return a.StateValue === 'ALARM' && a;
    }, 60_000, 1000);
    assert.match(state.StateReason, /^Threshold Crossed: 1 datapoint \[90\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than the threshold \(50\.0\)\.$/);
    assert.equal(JSON.parse(state.StateReasonData).statistic, 'Maximum');
  });
});

describe('tags', () => {
  it('TagResource, ListTagsForResource and UntagResource on an alarm keep what PutMetricAlarm set', async () => {
    const AlarmName = uniqueName('tagged');
    alarms.add(AlarmName);
    await cw.send(new PutMetricAlarmCommand({ AlarmName, Namespace, MetricName: 'Latency', Statistic: 'Average', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', Tags: [{ Key: 'team', Value: 'web' }] }));
    const { MetricAlarms } = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [AlarmName] }));
    const ResourceARN = MetricAlarms[0].AlarmArn;
    await cw.send(new TagResourceCommand({ ResourceARN, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'api' }] }));
    assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags, [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'api' }]);
    await cw.send(new UntagResourceCommand({ ResourceARN, TagKeys: ['team'] }));
    assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags, [{ Key: 'env', Value: 'dev' }]);
  });

  it('refuses a missing alarm (404), a reserved key and a non-alarm ARN', async () => {
    const missing = MetricAlarmArn(uniqueName('none'));
    await expectError(cw.send(new ListTagsForResourceCommand({ ResourceARN: missing })), 'ResourceNotFoundException', { status: 404 });
    await expectError(cw.send(new TagResourceCommand({ ResourceARN: missing, Tags: [{ Key: 'aws:x', Value: 'y' }] })), 'InvalidParameterValueException', { message: 'reserved' });
    await expectError(cw.send(new UntagResourceCommand({ ResourceARN: `arn:aws:cloudwatch:${region}:000000000000:insight-rule/r`, TagKeys: ['a'] })), 'InvalidParameterValueException', { message: 'alarms only' });
  });
});

const MetricAlarmArn = (name) => `arn:aws:cloudwatch:${region}:000000000000:alarm:${name}`;

describe('errors', () => {
  it('refuses AWS/ namespaces', async () => {
    const e = await expectError(cw.send(new PutMetricDataCommand({ Namespace: 'AWS/ECS', MetricData: [{ MetricName: 'x', Value: 1 }] })), 'InvalidParameterValueException', { message: 'reserved' });
    assert.equal(e.Code, 'InvalidParameterValue');
  });

  it('refuses a bad period, missing statistics, a missing parameter', async () => {
    const base = { Namespace, MetricName: 'Latency', StartTime: at(0), EndTime: at(3) };
    await expectError(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 61, Statistics: ['Sum'] })), 'InvalidParameterValueException', { message: 'multiple of 60' });
    await expectError(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 60 })), 'InvalidParameterCombinationException');
    await expectError(cw.send(new PutMetricDataCommand({ Namespace, MetricData: [{ MetricName: 'x', Value: 1, Values: [1] }] })), 'InvalidParameterCombinationException');
    await expectError(cw.send(new PutMetricAlarmCommand({ AlarmName: uniqueName('bad'), Namespace, MetricName: 'x', Statistic: 'Sum', Period: 60, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' })), 'MissingRequiredParameterException', { message: 'EvaluationPeriods' });
  });

  it('refuses unsupported metric math and foreign NextTokens', async () => {
    const MetricDataQueries = [{ Id: 'm', MetricStat: { Metric: { Namespace, MetricName: 'Latency' }, Period: 60, Stat: 'Sum' } }];
    await expectError(cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(3), MetricDataQueries: [...MetricDataQueries, { Id: 'r', Expression: 'RATE(m)' }] })), 'ValidationException', { message: 'RATE' });
    await expectError(cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(3), NextToken: 'bm9wZQ==', MetricDataQueries })), 'InvalidNextToken');
    await expectError(cw.send(new DescribeAlarmsCommand({ NextToken: 'bm9wZQ==' })), 'InvalidNextToken');
  });

  it('DeleteAlarms and SetAlarmState of a missing alarm: ResourceNotFound, 404', async () => {
    await expectError(cw.send(new DeleteAlarmsCommand({ AlarmNames: [uniqueName('none')] })), 'ResourceNotFound', { status: 404 });
    await expectError(cw.send(new SetAlarmStateCommand({ AlarmName: uniqueName('none'), StateValue: 'OK', StateReason: 'x' })), 'ResourceNotFound', { status: 404 });
    await expectError(cw.send(new SetAlarmStateCommand({ AlarmName: uniqueName('none'), StateValue: 'OK', StateReason: 'x', StateReasonData: '{' })), 'InvalidFormatFault');
  });
});
