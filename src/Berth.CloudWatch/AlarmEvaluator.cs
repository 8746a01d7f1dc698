using Berth.Kernel.Controllers;
using Berth.Kernel.Observability;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.CloudWatch;

/// <summary>
/// The alarm controller: each pass judges every alarm in the store (users' and scaling policies' alike) with
/// <see cref="AlarmRules"/> and writes a state change, with its history entry, only when the state differs. Level
/// triggered and restart-safe: the outcome depends only on the stored alarm, the stored points and the clock, so a
/// pass can run again at any time; a write that races a PutMetricAlarm is dropped and the next pass judges again.
/// </summary>
public sealed partial class AlarmEvaluator(IStateStore store, IMetricStore metrics, MetricsOptions options, TimeProvider clock, ILogger<AlarmEvaluator> log)
    : IController
{
    static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    readonly ControllerLoop _loop = new("alarm-evaluator", clock, log);
    DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>
    /// Evaluates every <see cref="MetricsOptions.EvaluationInterval"/>, and prunes metric points and alarm history past
    /// their retention once an hour (and at start).
    /// </summary>
    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(options.EvaluationInterval, PassAsync, ct);

    async Task PassAsync(CancellationToken ct)
    {
        if (clock.GetUtcNow() - _lastPrune >= PruneEvery)
        {
            await PruneAsync(options.Retention, ct);
            _lastPrune = clock.GetUtcNow();
        }
        await EvaluateAsync(ct);
    }

    /// <summary>Evaluates every alarm once; returns how many changed state.</summary>
    public async Task<int> EvaluateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = 0;
        foreach (var stored in await store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery(), ct))
        {
            try
            {
                if (await EvaluateAsync(stored.Value, now, ct))
                    changed++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                ControllerMetrics.RecordError("alarm-evaluator");
                LogFailed(log, e, stored.Value.AlarmName);
            }
        }
        return changed;
    }

    async Task<bool> EvaluateAsync(MetricAlarm alarm, DateTimeOffset now, CancellationToken ct)
    {
        if (alarm.Period <= 0 || alarm.EvaluationPeriods <= 0 || string.IsNullOrEmpty(alarm.Namespace) || string.IsNullOrEmpty(alarm.MetricName))
            return false;
        var (start, end) = AlarmRules.Window(alarm, now);
        var points = await metrics.ReadAsync(new MetricKey(alarm.Namespace, alarm.MetricName, alarm.Dimensions), start, end, ct);
        var outcome = AlarmRules.Evaluate(alarm, points, now);
        if (outcome is null || outcome.State == alarm.StateValue)
            return false;
        MetricAlarm? after = null;
        await store.MutateAsync(CloudWatchKinds.Alarms, alarm.AlarmName, (current, _) =>
        {
            // Judged on this definition and state only; anything newer waits for the next pass.
            if (current.StateValue != alarm.StateValue || current.AlarmConfigurationUpdatedTimestamp != alarm.AlarmConfigurationUpdatedTimestamp)
                return null;
            return after = current with
            {
                StateValue = outcome.State,
                StateReason = outcome.Reason,
                StateReasonData = outcome.ReasonData,
                StateUpdatedTimestamp = now,
                StateTransitionedTimestamp = now,
            };
        }, ct);
        if (after is null)
            return false;
        await AlarmHistory.AppendAsync(store, AlarmHistory.StateChange(alarm, after), ct);
        LogTransition(log, alarm.AlarmName, alarm.StateValue, after.StateValue, after.StateReason);
        return true;
    }

    /// <summary>Drops metric points and alarm history older than their retention.</summary>
    public async Task PruneAsync(TimeSpan metricRetention, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await metrics.PruneAsync(now - metricRetention, ct);
        await AlarmHistory.PruneAsync(store, now, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {Alarm} went from {From} to {To}: {Reason}")]
    static partial void LogTransition(ILogger logger, string alarm, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evaluating alarm {Alarm} failed")]
    static partial void LogFailed(ILogger logger, Exception e, string alarm);
}

/// <summary>How often alarms are evaluated and how long metric points are kept.</summary>
public sealed record MetricsOptions
{
    /// <summary>Time between evaluation passes (BERTH_ALARM_EVALUATION_SECONDS, default 10 s).</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long points are kept (BERTH_METRICS_RETENTION, default 3 days).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(3);
}
