using Berth.CloudWatch;
using Berth.Kernel.Controllers;
using Berth.Kernel.Observability;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Logs.MetricFilters;

/// <summary>
/// Publishes what metric filters match to CloudWatch metrics, for events however they arrived (PutLogEvents or a
/// task's awslogs stream). Each pass, per filter: read the group's events ingested after the filter's mark (observe),
/// evaluate them with <see cref="MetricFilterEvaluation"/> (pure), write the metric points and then move the mark
/// (apply). A crash between the two can publish a batch twice, never skip one. Runs every <see cref="Interval"/> and
/// at once when events or filters arrive (<see cref="Notify"/>).
/// </summary>
public sealed partial class MetricFilterPublisher(IStateStore state, ILogStore logs, IMetricStore metrics, TimeProvider clock, ILogger<MetricFilterPublisher> log)
    : IController
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    const int Batch = 1000;

    readonly ControllerLoop _loop = new("log-metric-filters", clock, log);

    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(Interval, c => PassAsync(c), ct);

    public void Notify() => _loop.Notify();

    /// <summary>One pass over every filter; returns how many metric points it wrote.</summary>
    public async Task<int> PassAsync(CancellationToken ct)
    {
        var written = 0;
        foreach (var stored in await state.ListAsync(MetricFilterKinds.Filters, new StoreQuery(), ct))
        {
            try
            {
                written += await PublishAsync(stored, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                ControllerMetrics.RecordError("log-metric-filters");
                LogFailed(log, e, stored.Value.Filter.LogGroupName, stored.Value.Filter.FilterName);
            }
        }
        return written;
    }

    async Task<int> PublishAsync(Stored<StoredMetricFilter> stored, CancellationToken ct)
    {
        var filter = stored.Value.Filter;
        var pattern = FilterPattern.Parse(filter.FilterPattern);
        var version = stored.Version;
        var mark = stored.Value.PublishedThrough;
        var written = 0;
        while (true)
        {
            var events = await logs.ReadIngestedAsync(filter.LogGroupName!, mark, Batch, ct);
            if (events.Count == 0)
                return written;
            var writes = MetricFilterEvaluation.Evaluate(filter, pattern, events);
            if (writes.Count > 0)
                await metrics.PutAsync(writes, ct);
            written += writes.Count;
            mark = events[^1].Id;
            try
            {
                var moved = stored.Value with { PublishedThrough = mark };
                await state.CommitAsync(StoreWrite.Update(MetricFilterKinds.Filters, moved, version), ct);
                version++;
            }
            catch (ConcurrencyConflictException)
            {
                // The filter was changed or deleted meanwhile: the next pass starts from what is stored.
                return written;
            }
            if (events.Count < Batch)
                return written;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metric filter {Group}/{Filter} could not publish")]
    static partial void LogFailed(ILogger logger, Exception e, string? group, string? filter);
}
