using Berth.Core;
using Berth.Core.AutoScaling;
using Berth.Core.Metrics;
using Berth.Core.Services;
using Berth.Core.Storage;

namespace Berth.Server;

/// <summary>Runs the Application Auto Scaling scaler for the life of the process.</summary>
sealed class AutoScalingHost(AutoScaler scaler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scaler.RunAsync(stoppingToken);
}

static class AutoScalingSetup
{
    /// <summary>The Application Auto Scaling services and the scaler; the scaler reads metrics from the registered <see cref="IMetricStore"/>.</summary>
    public static IServiceCollection AddBerthAutoScaling(this IServiceCollection s, BerthOptions options)
    {
        s.AddSingleton(new AutoScalingOptions { TargetTrackingPeriodSeconds = options.TargetTrackingPeriod });
        s.AddSingleton<ScalableTargetService>();
        s.AddSingleton<ScalingPolicyService>();
        s.AddSingleton<ScheduledActionService>();
        s.AddSingleton(sp => new AutoScaler(sp.GetRequiredService<IStateStore>(), sp.GetService<IMetricStore>() ?? new NoMetrics(),
            sp.GetRequiredService<ServiceService>(), sp.GetRequiredService<AutoScalingOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AutoScaler>>()));
        return s.AddHostedService<AutoScalingHost>();
    }

    /// <summary>Stands in while no metric store is registered: the scaler then sees no data and only runs schedules and range changes.</summary>
    sealed class NoMetrics : IMetricStore
    {
        public Task PutAsync(IReadOnlyList<MetricWrite> writes, CancellationToken ct) => Task.CompletedTask;

        public Task<IReadOnlyList<MetricPoint>> ReadAsync(MetricKey key, DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<MetricPoint>>([]);

        public Task<IReadOnlyList<MetricKey>> ListAsync(string? @namespace, string? metricName, DateTimeOffset? activeSince, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<MetricKey>>([]);

        public Task PruneAsync(DateTimeOffset before, CancellationToken ct) => Task.CompletedTask;
    }
}
