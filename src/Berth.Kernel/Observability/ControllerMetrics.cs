using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Berth.Kernel.Observability;

/// <summary>
/// What the controllers report about themselves: how long each loop pass takes, how often one fails, and how
/// many tasks are in each state. Exported on <c>/metrics</c> with every other meter named <c>Berth*</c>.
/// </summary>
public static class ControllerMetrics
{
    public const string MeterName = "Berth.Controllers";
    static readonly Meter Meter = new(MeterName);

    static readonly Histogram<double> LoopDuration = Meter.CreateHistogram<double>(
        "berth.controller.loop.duration", "s", "How long one pass of a controller loop took.");

    static readonly Counter<long> LoopErrors = Meter.CreateCounter<long>(
        "berth.controller.errors", null, "Controller passes (or parts of one) that failed and will be retried.");

    static volatile IReadOnlyDictionary<string, int> _tasksByStatus = new Dictionary<string, int>();

    static ControllerMetrics() =>
        Meter.CreateObservableGauge("berth.tasks", () => _tasksByStatus.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("status", kv.Key))),
            null, "Tasks by lastStatus, as of the task controller's last resync.");

    public static void RecordPass(string controller, TimeSpan elapsed) =>
        LoopDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("controller", controller));

    public static void RecordError(string controller) =>
        LoopErrors.Add(1, new KeyValuePair<string, object?>("controller", controller));

    public static void SetTasksByStatus(IReadOnlyDictionary<string, int> counts) => _tasksByStatus = counts;

    /// <summary>Times a pass: <c>using (ControllerMetrics.Pass("service-scheduler")) { ... }</c>.</summary>
    public static PassTimer Pass(string controller) => new(controller, Stopwatch.GetTimestamp());

    public readonly struct PassTimer(string controller, long started) : IDisposable
    {
        public void Dispose() => RecordPass(controller, Stopwatch.GetElapsedTime(started));
    }
}
