// Application Auto Scaling through the SDK (@aws-sdk/client-application-auto-scaling): scalable targets for ECS
// services, target tracking and step scaling policies (with the alarms target tracking creates), scheduled
// actions, scaling activities, tags — and the error paths of every operation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  GetPredictiveScalingForecastCommand,
  ListTagsForResourceCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';

import { Resources, credentials, ecs, endpoint, ensureImage, expectError, fargateTaskDefinition, region, serverErrors, uniqueName, waitFor } from '../lib/berth.mjs';

const aas = new ApplicationAutoScalingClient({ endpoint, region, credentials, maxAttempts: 1 });
aas.middlewareStack.add(
  (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (e) {
      if ((e?.$metadata?.httpStatusCode ?? 0) >= 500) serverErrors.push(`${context.commandName}: ${e.name}: ${e.message}`);
      throw e;
    }
  },
  { step: 'deserialize', name: 'berthWatch5xxAas', priority: 'low' },
);

const DIM = 'ecs:service:DesiredCount';
const res = new Resources();
let cluster;
let td;
const registered = new Set();

async function service(desiredCount = 0) {
  const name = res.service(cluster, uniqueName('as'));
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: td, desiredCount, launchType: 'FARGATE' }));
  return `service/${cluster}/${name}`;
}

async function register(ResourceId, MinCapacity = 0, MaxCapacity = 3, extra = {}) {
  registered.add(ResourceId);
  return aas.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId, ScalableDimension: DIM, MinCapacity, MaxCapacity, ...extra }));
}

const cpuPolicy = (ResourceId, PolicyName, config = {}) => new PutScalingPolicyCommand({
  PolicyName, ServiceNamespace: 'ecs', ResourceId, ScalableDimension: DIM, PolicyType: 'TargetTrackingScaling',
  TargetTrackingScalingPolicyConfiguration: {
    TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 60, ScaleInCooldown: 120, ...config,
  },
});

before(async () => {
  ensureImage();
  cluster = res.cluster(uniqueName('as'));
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  td = res.taskDefinition((await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('asdef'))))).taskDefinition.taskDefinitionArn);
});
after(async () => {
  for (const ResourceId of registered) {
    await aas.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId, ScalableDimension: DIM })).catch(() => {});
  }
  await res.cleanup();
  assert.deepEqual(serverErrors, [], 'no request may yield a 5xx');
});

describe('RegisterScalableTarget / DescribeScalableTargets / DeregisterScalableTarget', () => {
  it('registers, updates in place, describes with paging, and deregisters', async () => {
    const a = await service();
    const b = await service();
    const out = await register(a, 0, 3);
    assert.match(out.ScalableTargetARN, new RegExp(`^arn:aws:application-autoscaling:${region}:\\d{12}:scalable-target/[0-9a-z]+$`));
    const again = await register(a, 0, 4, { SuspendedState: { DynamicScalingInSuspended: true } });
    assert.equal(again.ScalableTargetARN, out.ScalableTargetARN);
    await register(b, 0, 2);

    const one = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [a] }));
    assert.equal(one.ScalableTargets.length, 1);
    const t = one.ScalableTargets[0];
    assert.deepEqual([t.ServiceNamespace, t.ResourceId, t.ScalableDimension, t.MinCapacity, t.MaxCapacity], ['ecs', a, DIM, 0, 4]);
    assert.equal(t.SuspendedState.DynamicScalingInSuspended, true);
    assert.equal(t.SuspendedState.DynamicScalingOutSuspended, false);
    assert.ok(t.CreationTime instanceof Date);
    assert.match(t.RoleARN, /^arn:aws:iam::\d{12}:role\//);

    const page1 = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [a, b], MaxResults: 1 }));
    assert.equal(page1.ScalableTargets.length, 1);
    assert.ok(page1.NextToken);
    const page2 = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [a, b], MaxResults: 1, NextToken: page1.NextToken }));
    assert.equal(page2.ScalableTargets.length, 1);
    assert.notEqual(page2.ScalableTargets[0].ResourceId, page1.ScalableTargets[0].ResourceId);

    await aas.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: b, ScalableDimension: DIM }));
    const gone = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [b] }));
    assert.deepEqual(gone.ScalableTargets, []);
    await expectError(aas.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: b, ScalableDimension: DIM })), 'ObjectNotFoundException', { message: b });
  });

  it('refuses what AWS refuses', async () => {
    const a = await service();
    await expectError(register(`service/${cluster}/no-such-service`), 'ValidationException', { message: `ECS service doesn't exist: service/${cluster}/no-such-service` });
    await expectError(aas.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/t', ScalableDimension: 'dynamodb:table:ReadCapacityUnits', MinCapacity: 1, MaxCapacity: 2 })),
      'ValidationException', { message: /namespace/ });
    await expectError(aas.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: 'ecs:service:Other', MinCapacity: 1, MaxCapacity: 2 })),
      'ValidationException', { message: /scalable dimension/ });
    await expectError(register('cluster/x', 1, 2), 'ValidationException', { message: /service\/CLUSTER\/SERVICE/ });
    await expectError(register(a, 3, 2), 'ValidationException', { message: /cannot be greater/ });
    await expectError(aas.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM })), 'ValidationException', { message: /MinCapacity and MaxCapacity/ });
    await expectError(register(a, -1, 2), 'ValidationException');
    await expectError(aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', NextToken: 'bm9wZQ==' })), 'InvalidNextTokenException');
    await expectError(aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', MaxResults: 0 })), 'ValidationException');
    await expectError(aas.send(new DescribeScalableTargetsCommand({})), 'ValidationException', { message: /ServiceNamespace/ });
    await expectError(aas.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM })), 'ObjectNotFoundException');
  });

  it('clamps the desired count into a new range and records the activity as AWS words it', async () => {
    const a = await service(0);
    await register(a, 1, 3);
    const name = a.split('/')[2];
    await waitFor(async () => (await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services[0].desiredCount === 1, 20_000);
    const acts = await waitFor(async () => {
      const out = await aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM }));
      return out.ScalingActivities.find((x) => x.StatusCode === 'Successful') && out.ScalingActivities;
    }, 20_000);
    const act = acts[0];
    assert.equal(act.Description, 'Setting desired count to 1.');
    assert.equal(act.Cause, 'minimum capacity was set to 1');
    assert.equal(act.StatusCode, 'Successful');
    assert.match(act.StatusMessage, /^Successfully set desired count to 1\./);
    assert.deepEqual([act.ServiceNamespace, act.ResourceId, act.ScalableDimension], ['ecs', a, DIM]);
    assert.ok(act.StartTime instanceof Date && act.EndTime instanceof Date);
    await aas.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, MinCapacity: 0, MaxCapacity: 0 }));
    await waitFor(async () => (await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services[0].desiredCount === 0, 20_000);
    const later = await aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId: a, MaxResults: 1, IncludeNotScaledActivities: true }));
    assert.equal(later.ScalingActivities.length, 1);
    assert.ok(later.NextToken);
    assert.equal(later.ScalingActivities[0].Cause, 'maximum capacity was set to 0');
  });
});

describe('PutScalingPolicy / DescribeScalingPolicies / DeleteScalingPolicy', () => {
  it('target tracking on CPU creates the two alarms AWS creates', async () => {
    const a = await service();
    await register(a);
    const out = await aas.send(cpuPolicy(a, 'cpu50'));
    assert.match(out.PolicyARN, new RegExp(`^arn:aws:autoscaling:${region}:\\d{12}:scalingPolicy:[0-9a-f-]{36}:resource/ecs/${a}:policyName/cpu50$`));
    assert.equal(out.Alarms.length, 2);
    const names = out.Alarms.map((x) => x.AlarmName).sort();
    assert.match(names[0], new RegExp(`^TargetTracking-${a}-AlarmHigh-[0-9a-f-]{36}$`));
    assert.match(names[1], new RegExp(`^TargetTracking-${a}-AlarmLow-[0-9a-f-]{36}$`));
    for (const alarm of out.Alarms) assert.match(alarm.AlarmARN, new RegExp(`^arn:aws:cloudwatch:${region}:\\d{12}:alarm:TargetTracking-`));

    const again = await aas.send(cpuPolicy(a, 'cpu50', { TargetValue: 60 }));
    assert.equal(again.PolicyARN, out.PolicyARN);
    const d = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM }));
    assert.equal(d.ScalingPolicies.length, 1);
    const p = d.ScalingPolicies[0];
    assert.deepEqual([p.PolicyName, p.PolicyType, p.PolicyARN], ['cpu50', 'TargetTrackingScaling', out.PolicyARN]);
    assert.equal(p.TargetTrackingScalingPolicyConfiguration.TargetValue, 60);
    assert.equal(p.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType, 'ECSServiceAverageCPUUtilization');
    assert.deepEqual(p.Alarms.map((x) => x.AlarmName).sort(), again.Alarms.map((x) => x.AlarmName).sort());
    assert.ok(p.CreationTime instanceof Date);

    await aas.send(new DeleteScalingPolicyCommand({ PolicyName: 'cpu50', ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM }));
    assert.deepEqual((await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: a }))).ScalingPolicies, []);
    await expectError(aas.send(new DeleteScalingPolicyCommand({ PolicyName: 'cpu50', ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM })),
      'ObjectNotFoundException', { message: /policy name: cpu50/ });
  });

  it('memory, ALB requests per target, customized metrics, DisableScaleIn and step scaling', async () => {
    const a = await service();
    await register(a);
    const mem = await aas.send(cpuPolicy(a, 'mem', { PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' }, DisableScaleIn: true }));
    assert.equal(mem.Alarms.length, 1);
    assert.match(mem.Alarms[0].AlarmName, /-AlarmHigh-/);
    const alb = await aas.send(cpuPolicy(a, 'alb', {
      TargetValue: 1000,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: 'app/my-lb/0123456789abcdef/targetgroup/my-tg/fedcba9876543210' },
    }));
    assert.equal(alb.Alarms.length, 2);
    const custom = await aas.send(cpuPolicy(a, 'custom', {
      PredefinedMetricSpecification: undefined,
      CustomizedMetricSpecification: { MetricName: 'QueueDepth', Namespace: 'MyApp', Dimensions: [{ Name: 'Queue', Value: 'jobs' }], Statistic: 'Average', Unit: 'Count' },
    }));
    assert.equal(custom.Alarms.length, 2);
    const step = await aas.send(new PutScalingPolicyCommand({
      PolicyName: 'step', ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'PercentChangeInCapacity', MinAdjustmentMagnitude: 1, Cooldown: 60, MetricAggregationType: 'Average',
        StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 10 }, { MetricIntervalLowerBound: 10, ScalingAdjustment: 50 }],
      },
    }));
    assert.deepEqual(step.Alarms ?? [], []);
    const all = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: a }));
    assert.deepEqual(all.ScalingPolicies.map((p) => p.PolicyName), ['alb', 'custom', 'mem', 'step']);
    const s = all.ScalingPolicies.find((p) => p.PolicyName === 'step').StepScalingPolicyConfiguration;
    assert.equal(s.StepAdjustments.length, 2);
    assert.equal(s.StepAdjustments[1].ScalingAdjustment, 50);
    const named = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', PolicyNames: ['mem'], ResourceId: a, MaxResults: 1 }));
    assert.deepEqual(named.ScalingPolicies.map((p) => p.PolicyName), ['mem']);
    const paged = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: a, MaxResults: 3 }));
    assert.equal(paged.ScalingPolicies.length, 3);
    assert.ok(paged.NextToken);
  });

  it('refuses invalid policies', async () => {
    const a = await service();
    await expectError(aas.send(cpuPolicy(a, 'x')), 'ObjectNotFoundException', { message: /No scalable target registered/ });
    await register(a);
    await expectError(aas.send(cpuPolicy(a, 'x', { PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' } })), 'ValidationException', { message: /ResourceLabel/ });
    await expectError(aas.send(cpuPolicy(a, 'x', { PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBReadCapacityUtilization' } })), 'ValidationException');
    await expectError(aas.send(cpuPolicy(a, 'x', { TargetValue: undefined })), 'ValidationException', { message: /TargetValue/ });
    await expectError(aas.send(cpuPolicy(a, 'x', { ScaleInCooldown: -1 })), 'ValidationException');
    await expectError(aas.send(cpuPolicy(a, 'x', { CustomizedMetricSpecification: { MetricName: 'M', Namespace: 'N', Statistic: 'Average' } })), 'ValidationException', { message: /Exactly one/ });
    const stepCmd = (config) => new PutScalingPolicyCommand({ PolicyName: 's', ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, PolicyType: 'StepScaling', StepScalingPolicyConfiguration: config });
    await expectError(aas.send(stepCmd({ AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 5, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 10, ScalingAdjustment: 2 }] })),
      'ValidationException', { message: /gap/ });
    await expectError(aas.send(stepCmd({ AdjustmentType: 'Bigger', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] })), 'ValidationException', { message: /AdjustmentType/ });
    await expectError(aas.send(stepCmd({ AdjustmentType: 'ChangeInCapacity', MinAdjustmentMagnitude: 2, StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] })), 'ValidationException', { message: /MinAdjustmentMagnitude/ });
    await expectError(aas.send(stepCmd(undefined)), 'ValidationException');
    await expectError(aas.send(new PutScalingPolicyCommand({ PolicyName: 'p', ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, PolicyType: 'PredictiveScaling', PredictiveScalingPolicyConfiguration: { MetricSpecifications: [] } })),
      'ValidationException', { message: /Predictive/ });
    await expectError(aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'rds' })), 'ValidationException');
    await expectError(aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', NextToken: 'garbage' })), 'InvalidNextTokenException');
    await expectError(aas.send(new DeleteScalingPolicyCommand({ PolicyName: 'none', ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM })), 'ObjectNotFoundException');
    await expectError(aas.send(new GetPredictiveScalingForecastCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, PolicyName: 'p', StartTime: new Date(), EndTime: new Date() })),
      'ValidationException');
  });
});

describe('PutScheduledAction / DescribeScheduledActions / DeleteScheduledAction', () => {
  it('stores cron, at and rate schedules with their time zone and window', async () => {
    const a = await service();
    await register(a);
    const start = new Date(Date.now() + 3600_000);
    const end = new Date(Date.now() + 7 * 86400_000);
    await aas.send(new PutScheduledActionCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, ScheduledActionName: 'weekday-mornings',
      Schedule: 'cron(0 8 ? * MON-FRI *)', Timezone: 'Europe/Paris', StartTime: start, EndTime: end, ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 3 } }));
    await aas.send(new PutScheduledActionCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, ScheduledActionName: 'once',
      Schedule: 'at(2030-01-01T00:00:00)', ScalableTargetAction: { MaxCapacity: 2 } }));
    await aas.send(new PutScheduledActionCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, ScheduledActionName: 'hourly',
      Schedule: 'rate(1 hour)', ScalableTargetAction: { MinCapacity: 0 } }));
    const out = await aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM }));
    assert.deepEqual(out.ScheduledActions.map((x) => x.ScheduledActionName), ['hourly', 'once', 'weekday-mornings']);
    const w = out.ScheduledActions[2];
    assert.equal(w.Schedule, 'cron(0 8 ? * MON-FRI *)');
    assert.equal(w.Timezone, 'Europe/Paris');
    assert.equal(w.StartTime.getTime(), start.getTime());
    assert.deepEqual(w.ScalableTargetAction, { MinCapacity: 1, MaxCapacity: 3 });
    assert.match(w.ScheduledActionARN, new RegExp(`^arn:aws:autoscaling:${region}:\\d{12}:scheduledAction:[0-9a-f-]{36}:resource/ecs/${a}:scheduledActionName/weekday-mornings$`));
    const one = await aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs', ScheduledActionNames: ['once'], ResourceId: a }));
    assert.equal(one.ScheduledActions.length, 1);
    await aas.send(new DeleteScheduledActionCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, ScheduledActionName: 'once' }));
    await expectError(aas.send(new DeleteScheduledActionCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, ScheduledActionName: 'once' })),
      'ObjectNotFoundException', { message: /scheduled action name: once/ });
  });

  it('refuses invalid schedules and targets', async () => {
    const a = await service();
    const put = (extra) => aas.send(new PutScheduledActionCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, ScheduledActionName: 'x', Schedule: 'rate(5 minutes)', ScalableTargetAction: { MinCapacity: 1 }, ...extra }));
    await expectError(put({}), 'ObjectNotFoundException');
    await register(a);
    for (const Schedule of ['cron(0 8 * * * *)', 'cron(0 8 * *)', 'rate(0 minutes)', 'rate(5 weeks)', 'at(2030-13-01T00:00:00)', 'whenever']) {
      await expectError(put({ Schedule }), 'ValidationException', { message: /schedule|expression/i });
    }
    await expectError(put({ Timezone: 'Nowhere/Special' }), 'ValidationException', { message: /Timezone/ });
    await expectError(put({ ScalableTargetAction: { MinCapacity: 5, MaxCapacity: 1 } }), 'ValidationException');
    await expectError(put({ ScalableTargetAction: {} }), 'ValidationException');
    await expectError(put({ StartTime: new Date(2031, 1, 1), EndTime: new Date(2030, 1, 1) }), 'ValidationException', { message: /StartTime/ });
    await expectError(aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs', ResourceId: 'bad' })), 'ValidationException');
  });
});

describe('TagResource / UntagResource / ListTagsForResource', () => {
  it('tags a scalable target by its ARN', async () => {
    const a = await service();
    const { ScalableTargetARN } = await register(a, 0, 2, { Tags: { team: 'web' } });
    await aas.send(new TagResourceCommand({ ResourceARN: ScalableTargetARN, Tags: { env: 'test' } }));
    assert.deepEqual((await aas.send(new ListTagsForResourceCommand({ ResourceARN: ScalableTargetARN }))).Tags, { team: 'web', env: 'test' });
    await aas.send(new UntagResourceCommand({ ResourceARN: ScalableTargetARN, TagKeys: ['team'] }));
    assert.deepEqual((await aas.send(new ListTagsForResourceCommand({ ResourceARN: ScalableTargetARN }))).Tags, { env: 'test' });

    const missing = ScalableTargetARN.replace(/\/[0-9a-z]+$/, '/0000000000000000');
    await expectError(aas.send(new ListTagsForResourceCommand({ ResourceARN: missing })), 'ResourceNotFoundException');
    await expectError(aas.send(new TagResourceCommand({ ResourceARN: missing, Tags: { a: 'b' } })), 'ResourceNotFoundException');
    await expectError(aas.send(new UntagResourceCommand({ ResourceARN: missing, TagKeys: ['a'] })), 'ResourceNotFoundException');
    await expectError(aas.send(new TagResourceCommand({ ResourceARN: ScalableTargetARN, Tags: { 'aws:x': 'b' } })), 'ValidationException');
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expectError(aas.send(new TagResourceCommand({ ResourceARN: ScalableTargetARN, Tags: many })), 'TooManyTagsException');
    await expectError(aas.send(new ListTagsForResourceCommand({ ResourceARN: 'arn:aws:ecs:us-east-1:000000000000:service/x/y' })), 'ValidationException');
  });
});

describe('DeregisterScalableTarget', () => {
  it('removes the policies and scheduled actions with the target', async () => {
    const a = await service();
    await register(a);
    await aas.send(cpuPolicy(a, 'cpu'));
    await aas.send(new PutScheduledActionCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM, ScheduledActionName: 's', Schedule: 'rate(1 day)', ScalableTargetAction: { MinCapacity: 0 } }));
    await aas.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: a, ScalableDimension: DIM }));
    assert.deepEqual((await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: a }))).ScalingPolicies, []);
    assert.deepEqual((await aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs', ResourceId: a }))).ScheduledActions, []);
  });
});
