using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.CloudWatch;

/// <summary>
/// Runs the alarm evaluator every <see cref="MetricsOptions.EvaluationInterval"/>, and prunes metric points and alarm
/// history past their retention once an hour (and at start).
/// </summary>
sealed partial class AlarmEvaluatorHost(AlarmEvaluator evaluator, MetricsOptions options, TimeProvider clock, ILogger<AlarmEvaluatorHost> log) : BackgroundService
{
    static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastPrune = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(options.EvaluationInterval, clock);
        do
        {
            try
            {
                if (clock.GetUtcNow() - lastPrune >= PruneEvery)
                {
                    await evaluator.PruneAsync(options.Retention, stoppingToken);
                    lastPrune = clock.GetUtcNow();
                }
                await evaluator.EvaluateAsync(stoppingToken);
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
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alarm evaluation pass failed")]
    static partial void LogFailed(ILogger logger, Exception e);
}
