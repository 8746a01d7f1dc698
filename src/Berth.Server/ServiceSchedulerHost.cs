using Berth.Core.Scheduling;

namespace Berth.Server;

/// <summary>Runs the service scheduler for the life of the process.</summary>
sealed class ServiceSchedulerHost(ServiceScheduler scheduler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
