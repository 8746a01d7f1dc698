using Microsoft.Extensions.Hosting;

namespace Berth.Ecs.Metrics;

/// <summary>Runs the metrics sampler for the life of the process.</summary>
sealed class MetricsSamplerHost(MetricsSampler sampler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => sampler.RunAsync(stoppingToken);
}
