using Microsoft.Extensions.Hosting;

namespace Berth.Ecs.Controllers;

/// <summary>Runs the task controller for the life of the process.</summary>
sealed class TaskControllerHost(TaskController controller) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => controller.RunAsync(stoppingToken);
}
