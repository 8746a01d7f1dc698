using Berth.CloudWatch;
using Berth.Kernel.Storage;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.AutoScaling.Tests;

/// <summary>
/// The auto scaling API and scaler over the service harness (real SQLite, manual clock). Alarm states are set
/// in the store by hand, as the alarm evaluator would; metric points go through the SQLite metric store on the same database.
/// </summary>
public sealed class ScalerHarness : IDisposable
{
    public const string ResourceId = "service/c/svc";
    public static readonly CancellationToken Ct = CancellationToken.None;
    public const int Period = 10;

    public ServiceHarness Services { get; } = new();
    public IMetricStore Metrics { get; private set; } = null!;
    public ScalableTargetService Targets { get; private set; } = null!;
    public ScalingPolicyService Policies { get; private set; } = null!;
    public ScheduledActionService Scheduled { get; private set; } = null!;
    public AutoScaler Scaler { get; private set; } = null!;
    public IStateStore Store => Services.Store;

    public ScalerHarness() => Build();

    void Build()
    {
        var options = new AutoScalingOptions { TargetTrackingPeriodSeconds = Period };
        Metrics = new SqliteMetricStore(Services.Db);
        Targets = new ScalableTargetService(Store, Services.Arns, Services.Clock);
        Policies = new ScalingPolicyService(Store, Services.Arns, options, Services.Clock);
        Scheduled = new ScheduledActionService(Store, Services.Arns, Services.Clock);
        Scaler = new AutoScaler(Store, Metrics, Services.Services, options, Services.Clock, NullLogger<AutoScaler>.Instance);
    }

    /// <summary>A new process over the same database: every object afresh, nothing kept in memory.</summary>
    public void Restart()
    {
        Services.Restart();
        Build();
    }

    public async Task ServiceAsync(int desired)
    {
        var td = await Services.SetUpAsync();
        await Services.CreateAsync(td, desired);
    }

    public Task RegisterAsync(int min, int max, SuspendedState? suspended = null) =>
        Targets.RegisterAsync("ecs", ResourceId, EcsResource.Dimension, min, max, suspended, null, null, Ct);

    public Task<ScalingPolicy> CpuPolicyAsync(double target = 50, int? outCooldown = 60, int? inCooldown = 120, bool disableScaleIn = false, string name = "cpu50") =>
        Policies.PutAsync(new ScalingPolicyService.PutRequest(name, "ecs", ResourceId, EcsResource.Dimension, "TargetTrackingScaling", null,
            new TargetTrackingScalingPolicyConfiguration
            {
                TargetValue = target,
                PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = "ECSServiceAverageCPUUtilization" },
                ScaleOutCooldown = outCooldown,
                ScaleInCooldown = inCooldown,
                DisableScaleIn = disableScaleIn,
            }, false), Ct);

    public async Task SetAlarmAsync(string name, string state)
    {
        var changed = await Store.MutateAsync(CloudWatchKinds.Alarms, name, (a, _) =>
        {
            a.StateValue = state;
            return a;
        }, Ct);
        Assert.NotNull(changed);
    }

    /// <summary>Writes one CPU utilization point for the service, a few seconds ago.</summary>
    public Task CpuAsync(double value) =>
        Metrics.PutAsync([new MetricWrite(new MetricKey("AWS/ECS", "CPUUtilization", [new("ClusterName", "c"), new("ServiceName", "svc")]),
            MetricPoint.Single(Services.Clock.GetUtcNow().AddSeconds(-2), value, "Percent"))], Ct);

    public void Advance(int seconds) => Services.Clock.Advance(TimeSpan.FromSeconds(seconds));

    public async Task<int> DesiredAsync() => (await Services.ServiceAsync()).DesiredCount;

    public async Task<List<ScalingActivity>> ActivitiesAsync(bool includeNotScaled = false) =>
        (await Scheduled.DescribeActivitiesAsync("ecs", ResourceId, null, null, null, includeNotScaled, Ct)).Activities;

    public async Task<ScalableTarget> TargetAsync() =>
        (await Targets.DescribeAsync("ecs", [ResourceId], null, null, null, Ct)).Targets.Single();

    public Task PassAsync() => Scaler.PassAsync(Ct);

    public void Dispose() => Services.Dispose();
}
