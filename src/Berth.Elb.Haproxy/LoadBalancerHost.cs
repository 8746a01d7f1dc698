using Microsoft.Extensions.Hosting;

namespace Berth.Elb.Haproxy;

/// <summary>Runs the controller for the life of berthd; a graceful stop stops HAProxy too (a killed berthd leaves it serving).</summary>
public sealed class LoadBalancerHost(LoadBalancerController controller) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => controller.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await controller.StopProxyAsync(cancellationToken);
    }
}
