using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Ecr.Registry;

/// <summary>Runs the registry's blob garbage collector once an hour (it never touches blobs younger than an hour).</summary>
sealed partial class RegistryCollectorHost(BlobGarbageCollector collector, TimeProvider clock, ILogger<RegistryCollectorHost> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await collector.CollectAsync(stoppingToken);
                LogCollected(log, removed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry garbage collection removed {Count} blobs")]
    static partial void LogCollected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Registry garbage collection failed")]
    static partial void LogFailed(ILogger logger, Exception e);
}
