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
        s.AddSingleton(sp => new AutoScaler(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IMetricStore>(),
            sp.GetRequiredService<ServiceService>(), sp.GetRequiredService<AutoScalingOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AutoScaler>>()));
        return s.AddHostedService<AutoScalingHost>();
    }
}
