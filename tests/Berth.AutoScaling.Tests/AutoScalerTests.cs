using Berth.CloudWatch;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.AutoScaling.Tests;

public sealed class AutoScalerTests : IDisposable
{
    readonly ScalerHarness _h = new();

    public void Dispose() => _h.Dispose();

    async Task<(string High, string? Low)> CpuSetUpAsync(int desired, int min = 1, int max = 10, bool disableScaleIn = false)
    {
        await _h.ServiceAsync(desired);
        await _h.RegisterAsync(min, max);
        var p = await _h.CpuPolicyAsync(disableScaleIn: disableScaleIn);
        return (p.Alarms.Single(a => a.AlarmName.Contains("-AlarmHigh-")).AlarmName, p.Alarms.SingleOrDefault(a => a.AlarmName.Contains("-AlarmLow-"))?.AlarmName);
    }

    [Fact]
    public async Task PutScalingPolicy_TargetTracking_CreatesItsAlarmsAsAwsDoes()
    {
        await _h.ServiceAsync(1);
        await _h.RegisterAsync(1, 10);
        var p = await _h.CpuPolicyAsync(target: 60);
        Assert.Matches(@"^arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:[0-9a-f-]{36}:resource/ecs/service/c/svc:policyName/cpu50$", p.PolicyARN);
        var alarms = (await _h.Store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery { Scope = p.PolicyARN }, ScalerHarness.Ct)).Select(a => a.Value).ToList();
        var high = alarms.Single(a => a.ComparisonOperator == "GreaterThanThreshold");
        var low = alarms.Single(a => a.ComparisonOperator == "LessThanThreshold");
        Assert.StartsWith("TargetTracking-service/c/svc-AlarmHigh-", high.AlarmName);
        Assert.StartsWith("TargetTracking-service/c/svc-AlarmLow-", low.AlarmName);
        Assert.Equal((60.0, 3, 3), (high.Threshold, high.EvaluationPeriods, high.DatapointsToAlarm!.Value));
        Assert.Equal((54.0, 15, 15), (low.Threshold, low.EvaluationPeriods, low.DatapointsToAlarm!.Value));
        Assert.All(alarms, a =>
        {
            Assert.Equal(("AWS/ECS", "CPUUtilization", "Average", ScalerHarness.Period), (a.Namespace, a.MetricName, a.Statistic, a.Period));
            Assert.Equal([new MetricDimension("ClusterName", "c"), new MetricDimension("ServiceName", "svc")], a.Dimensions);
            Assert.Equal([p.PolicyARN], a.AlarmActions);
        });
        Assert.Equal(alarms.Select(a => a.AlarmName).Order(), p.Alarms.Select(a => a.AlarmName).Order());

        await _h.Policies.DeleteAsync("cpu50", "ecs", ScalerHarness.ResourceId, EcsResource.Dimension, ScalerHarness.Ct);
        Assert.Empty(await _h.Store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery(), ScalerHarness.Ct));
    }

    [Fact]
    public async Task HighAlarm_ScalesOutProportionally_AndRecordsTheActivityAsAws()
    {
        var (high, _) = await CpuSetUpAsync(1);
        await _h.PassAsync();
        Assert.Equal(1, await _h.DesiredAsync());

        await _h.SetAlarmAsync(high, "ALARM");
        await _h.CpuAsync(90);
        await _h.PassAsync();
        Assert.Equal(2, await _h.DesiredAsync());
        var a = Assert.Single(await _h.ActivitiesAsync());
        Assert.Equal("Setting desired count to 2.", a.Description);
        Assert.Equal($"monitor alarm {high} in state ALARM triggered policy cpu50", a.Cause);
        Assert.Equal("Successful", a.StatusCode);
        Assert.Equal("Successfully set desired count to 2. Change successfully fulfilled by ecs.", a.StatusMessage);
    }

    [Fact]
    public async Task ScaleOutCooldown_AllowsOnlyALargerScaleOut_ThenScalesAgainAfterIt()
    {
        var (high, _) = await CpuSetUpAsync(1);
        await _h.SetAlarmAsync(high, "ALARM");
        await _h.CpuAsync(90);
        await _h.PassAsync();
        Assert.Equal(2, await _h.DesiredAsync());

        // Same load inside the 60 s cooldown: the metric still reflects one task, so nothing more.
        _h.Advance(5);
        await _h.CpuAsync(90);
        await _h.PassAsync();
        Assert.Equal(2, await _h.DesiredAsync());

        // More load inside the cooldown: a larger scale-out goes ahead (ceil(1 × 140 / 50) = 3).
        _h.Advance(5);
        await _h.CpuAsync(140);
        await _h.PassAsync();
        Assert.Equal(3, await _h.DesiredAsync());

        // After the cooldown, still over target with 3 tasks: ceil(3 × 70 / 50) = 5.
        _h.Advance(61);
        await _h.CpuAsync(70);
        await _h.PassAsync();
        Assert.Equal(5, await _h.DesiredAsync());
        Assert.Equal(3, (await _h.ActivitiesAsync()).Count);
    }

    [Fact]
    public async Task LowAlarm_ScalesInNoFurtherThanTheTarget_ThenWaitsForItsCooldown()
    {
        var (_, low) = await CpuSetUpAsync(4);
        await _h.SetAlarmAsync(low!, "ALARM");
        await _h.CpuAsync(20);
        await _h.PassAsync();
        Assert.Equal(2, await _h.DesiredAsync()); // ceil(4 × 20 / 50)

        _h.Advance(10);
        await _h.CpuAsync(10);
        await _h.PassAsync();
        Assert.Equal(2, await _h.DesiredAsync()); // scale-in cooldown (120 s)

        _h.Advance(120);
        await _h.CpuAsync(10);
        await _h.PassAsync();
        Assert.Equal(1, await _h.DesiredAsync());

        // Hysteresis: 46% on 1 task (just under the 0.9 × 50 low threshold) asks for ceil(0.92) = 1: no change.
        _h.Advance(200);
        await _h.CpuAsync(46);
        await _h.PassAsync();
        Assert.Equal(1, await _h.DesiredAsync());
    }

    [Fact]
    public async Task ScaleIn_IsBlockedDuringScaleOutCooldown()
    {
        var (high, low) = await CpuSetUpAsync(2);
        await _h.SetAlarmAsync(high, "ALARM");
        await _h.CpuAsync(100);
        await _h.PassAsync();
        Assert.Equal(4, await _h.DesiredAsync());

        await _h.SetAlarmAsync(high, "OK");
        await _h.SetAlarmAsync(low!, "ALARM");
        _h.Advance(20);
        await _h.CpuAsync(10);
        await _h.PassAsync();
        Assert.Equal(4, await _h.DesiredAsync());

        _h.Advance(60);
        await _h.CpuAsync(10);
        await _h.PassAsync();
        Assert.Equal(1, await _h.DesiredAsync());
    }

    [Fact]
    public async Task DisableScaleIn_CreatesNoLowAlarm_AndNeverScalesIn()
    {
        var (high, low) = await CpuSetUpAsync(3, disableScaleIn: true);
        Assert.Null(low);
        await _h.SetAlarmAsync(high, "OK");
        await _h.CpuAsync(1);
        await _h.PassAsync();
        Assert.Equal(3, await _h.DesiredAsync());
    }

    [Fact]
    public async Task NeverAboveMax_AndAtMaxRecordsANotScaledActivityOnce()
    {
        var (high, _) = await CpuSetUpAsync(1, max: 3);
        await _h.SetAlarmAsync(high, "ALARM");
        await _h.CpuAsync(1000);
        await _h.PassAsync();
        Assert.Equal(3, await _h.DesiredAsync());

        for (var i = 0; i < 5; i++)
        {
            _h.Advance(70);
            await _h.CpuAsync(1000);
            await _h.PassAsync();
        }
        Assert.Equal(3, await _h.DesiredAsync());
        Assert.Single(await _h.ActivitiesAsync());
        var all = await _h.ActivitiesAsync(includeNotScaled: true);
        var notScaled = Assert.Single(all, a => a.NotScaledReasons is not null);
        Assert.Equal("AlreadyAtMaxCapacity", notScaled.NotScaledReasons![0].Code);
        Assert.Equal((3, 3), (notScaled.NotScaledReasons[0].MaxCapacity!.Value, notScaled.NotScaledReasons[0].CurrentCapacity!.Value));
    }

    [Fact]
    public async Task SuspendedDynamicScaling_DoesNothing_UntilResumed()
    {
        var (high, _) = await CpuSetUpAsync(1);
        await _h.RegisterAsync(1, 10, new SuspendedState { DynamicScalingOutSuspended = true });
        await _h.SetAlarmAsync(high, "ALARM");
        await _h.CpuAsync(90);
        await _h.PassAsync();
        Assert.Equal(1, await _h.DesiredAsync());

        await _h.RegisterAsync(1, 10, new SuspendedState { DynamicScalingOutSuspended = false });
        await _h.PassAsync();
        Assert.Equal(2, await _h.DesiredAsync());
    }

    [Fact]
    public async Task RegisteringARange_ClampsTheDesiredCount_WithTheCauseAwsWrites()
    {
        await _h.ServiceAsync(8);
        await _h.RegisterAsync(1, 5);
        await _h.PassAsync();
        Assert.Equal(5, await _h.DesiredAsync());
        var a = Assert.Single(await _h.ActivitiesAsync());
        Assert.Equal(("Setting desired count to 5.", "maximum capacity was set to 5"), (a.Description, a.Cause));

        // Only a new range clamps: a user's own UpdateService afterwards stands.
        await _h.Services.Services.UpdateAsync(new Berth.Ecs.Model.UpdateServiceRequest { Cluster = "c", Service = "svc", DesiredCount = 7 }, ScalerHarness.Ct);
        await _h.PassAsync();
        Assert.Equal(7, await _h.DesiredAsync());

        await _h.RegisterAsync(8, 9);
        _h.Advance(1);
        await _h.PassAsync();
        Assert.Equal(8, await _h.DesiredAsync());
        Assert.Equal("minimum capacity was set to 8", (await _h.ActivitiesAsync())[0].Cause);
    }

    [Fact]
    public async Task ScheduledAction_SetsTheRange_ThenTheDesiredCountFollows()
    {
        await _h.ServiceAsync(1);
        await _h.RegisterAsync(1, 4);
        var at = _h.Services.Clock.GetUtcNow().AddMinutes(2);
        await _h.Scheduled.PutAsync(new ScheduledActionService.PutRequest("ecs", $"at({at.UtcDateTime:yyyy-MM-ddTHH:mm:ss})", null, "morning",
            ScalerHarness.ResourceId, EcsResource.Dimension, null, null, new ScalableTargetAction { MinCapacity = 3, MaxCapacity = 6 }), ScalerHarness.Ct);
        await _h.PassAsync();
        await _h.PassAsync();
        Assert.Equal((1, 4), ((await _h.TargetAsync()).MinCapacity, (await _h.TargetAsync()).MaxCapacity));

        _h.Advance(120);
        await _h.PassAsync();
        _h.Advance(1);
        await _h.PassAsync();
        Assert.Equal((3, 6), ((await _h.TargetAsync()).MinCapacity, (await _h.TargetAsync()).MaxCapacity));
        Assert.Equal(3, await _h.DesiredAsync());
        var acts = await _h.ActivitiesAsync();
        Assert.Equal(("Setting desired count to 3.", "minimum capacity was set to 3"), (acts[0].Description, acts[0].Cause));
        Assert.Equal(("Setting min capacity to 3 and max capacity to 6", "scheduled action name morning was triggered"), (acts[1].Description, acts[1].Cause));

        // Runs once.
        _h.Advance(600);
        await _h.PassAsync();
        Assert.Equal(2, (await _h.ActivitiesAsync()).Count);
    }

    [Fact]
    public async Task ScheduledScalingSuspended_LetsOccurrencesPassWithoutActing()
    {
        await _h.ServiceAsync(1);
        await _h.RegisterAsync(1, 4, new SuspendedState { ScheduledScalingSuspended = true });
        await _h.Scheduled.PutAsync(new ScheduledActionService.PutRequest("ecs", "rate(1 minute)", null, "every-minute",
            ScalerHarness.ResourceId, EcsResource.Dimension, null, null, new ScalableTargetAction { MaxCapacity = 2 }), ScalerHarness.Ct);
        _h.Advance(61);
        await _h.PassAsync();
        Assert.Equal(4, (await _h.TargetAsync()).MaxCapacity);
    }

    [Fact]
    public async Task StepScaling_PicksTheStepFromTheBreach()
    {
        await _h.ServiceAsync(2);
        await _h.RegisterAsync(1, 20);
        var p = await _h.Policies.PutAsync(new ScalingPolicyService.PutRequest("step-out", "ecs", ScalerHarness.ResourceId, EcsResource.Dimension, "StepScaling",
            new StepScalingPolicyConfiguration
            {
                AdjustmentType = "ChangeInCapacity",
                Cooldown = 60,
                StepAdjustments = [new() { MetricIntervalLowerBound = 0, MetricIntervalUpperBound = 20, ScalingAdjustment = 1 }, new() { MetricIntervalLowerBound = 20, ScalingAdjustment = 3 }],
            }, null, false), ScalerHarness.Ct);
        Assert.Empty(p.Alarms);
        // The user's own alarm, as PutMetricAlarm would store it, already in ALARM.
        var now = _h.Services.Clock.GetUtcNow();
        await _h.Store.CommitAsync(StoreWrite.Insert(CloudWatchKinds.Alarms, new MetricAlarm
        {
            AlarmName = "cpu-high",
            AlarmArn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high",
            MetricName = "CPUUtilization",
            Namespace = "AWS/ECS",
            Statistic = "Average",
            Dimensions = [new("ClusterName", "c"), new("ServiceName", "svc")],
            Period = 10,
            EvaluationPeriods = 1,
            Threshold = 60,
            ComparisonOperator = "GreaterThanOrEqualToThreshold",
            AlarmActions = [p.PolicyARN],
            StateValue = "ALARM",
            StateUpdatedTimestamp = now,
        }), ScalerHarness.Ct);
        await _h.CpuAsync(85);
        await _h.PassAsync();
        Assert.Equal(5, await _h.DesiredAsync());
        Assert.Equal("monitor alarm cpu-high in state ALARM triggered policy step-out", (await _h.ActivitiesAsync())[0].Cause);
    }

    [Fact]
    public async Task Restart_FinishesAChangeInFlight_AndKeepsTheCooldown()
    {
        var (high, _) = await CpuSetUpAsync(1);
        await _h.SetAlarmAsync(high, "ALARM");
        await _h.CpuAsync(90);
        await _h.PassAsync();
        Assert.Equal(2, await _h.DesiredAsync());

        // A crash between recording the intent and changing the service: the intent is in the store.
        var key = AutoScalingKinds.TargetKey("ecs", ScalerHarness.ResourceId, EcsResource.Dimension);
        var activity = new ScalingActivity
        {
            ActivityId = "crashed",
            ServiceNamespace = "ecs",
            ResourceId = ScalerHarness.ResourceId,
            ScalableDimension = EcsResource.Dimension,
            Description = "Setting desired count to 3.",
            Cause = "test",
            StartTime = _h.Services.Clock.GetUtcNow(),
            StatusCode = "InProgress",
        };
        var target = (await _h.Store.GetAsync(AutoScalingKinds.Targets, key, ScalerHarness.Ct))!;
        target.Value.State.PendingActivityId = "crashed";
        target.Value.State.PendingCapacity = 3;
        await _h.Store.CommitAsync([StoreWrite.Update(AutoScalingKinds.Targets, target.Value, target.Version), StoreWrite.Insert(AutoScalingKinds.Activities, activity)], ScalerHarness.Ct);

        _h.Restart();
        await _h.PassAsync();
        Assert.Equal(3, await _h.DesiredAsync());
        Assert.Equal("Successful", (await _h.ActivitiesAsync()).Single(a => a.ActivityId == "crashed").StatusCode);

        // The scale-out cooldown survived the restart: the same load inside it changes nothing.
        _h.Advance(5);
        await _h.CpuAsync(90);
        await _h.PassAsync();
        Assert.Equal(3, await _h.DesiredAsync());
    }

    [Fact]
    public async Task DeletedService_KeepsTheTarget_AndActivitiesFailClearly()
    {
        var (high, _) = await CpuSetUpAsync(1);
        await _h.Services.Services.DeleteAsync("c", "svc", true, ScalerHarness.Ct);
        await _h.SetAlarmAsync(high, "ALARM");
        await _h.CpuAsync(90);
        await _h.PassAsync();
        await _h.PassAsync();
        Assert.NotNull(await _h.TargetAsync());
        var failed = Assert.Single(await _h.ActivitiesAsync());
        Assert.Equal("Failed", failed.StatusCode);
        Assert.Contains("service/c/svc", failed.StatusMessage);
    }

    [Fact]
    public async Task Deregister_RemovesPoliciesAlarmsAndScheduledActions()
    {
        await CpuSetUpAsync(1);
        await _h.Scheduled.PutAsync(new ScheduledActionService.PutRequest("ecs", "cron(0 8 * * ? *)", "Europe/Paris", "am",
            ScalerHarness.ResourceId, EcsResource.Dimension, null, null, new ScalableTargetAction { MinCapacity = 2 }), ScalerHarness.Ct);
        await _h.Targets.DeregisterAsync("ecs", ScalerHarness.ResourceId, EcsResource.Dimension, ScalerHarness.Ct);
        Assert.Empty(await _h.Store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery(), ScalerHarness.Ct));
        Assert.Empty(await _h.Store.ListAsync(AutoScalingKinds.Policies, new StoreQuery(), ScalerHarness.Ct));
        Assert.Empty(await _h.Store.ListAsync(AutoScalingKinds.ScheduledActions, new StoreQuery(), ScalerHarness.Ct));
        var e = await Assert.ThrowsAsync<AwsException>(() => _h.Targets.DeregisterAsync("ecs", ScalerHarness.ResourceId, EcsResource.Dimension, ScalerHarness.Ct));
        Assert.Equal("ObjectNotFoundException", e.Code);
    }

    [Fact]
    public async Task Activities_AreKeptSixWeeks()
    {
        await _h.ServiceAsync(8);
        await _h.RegisterAsync(1, 5);
        await _h.PassAsync();
        Assert.Single(await _h.ActivitiesAsync());
        _h.Advance((int)TimeSpan.FromDays(41).TotalSeconds);
        await _h.PassAsync();
        Assert.Single(await _h.ActivitiesAsync());
        _h.Advance((int)TimeSpan.FromDays(2).TotalSeconds);
        await _h.PassAsync();
        Assert.Empty(await _h.ActivitiesAsync());
    }

    [Fact]
    public async Task SteadyLoadNearTheTarget_NeverFlaps()
    {
        var (high, low) = await CpuSetUpAsync(2);
        await _h.SetAlarmAsync(low!, "ALARM"); // a lagging low alarm while the load sits just under the target
        for (var i = 0; i < 40; i++)
        {
            _h.Advance(30);
            await _h.CpuAsync(40 + (i % 10));
            await _h.SetAlarmAsync(high, i % 10 == 9 ? "ALARM" : "OK");
            await _h.PassAsync();
            Assert.Equal(2, await _h.DesiredAsync());
        }
        Assert.Empty(await _h.ActivitiesAsync());
    }
}

