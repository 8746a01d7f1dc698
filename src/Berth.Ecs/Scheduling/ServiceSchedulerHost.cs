using Microsoft.Extensions.Hosting;

namespace Berth.Ecs.Scheduling;

/// <summary>Runs the service scheduler for the life of the process.</summary>
sealed class ServiceSchedulerHost(ServiceScheduler scheduler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
