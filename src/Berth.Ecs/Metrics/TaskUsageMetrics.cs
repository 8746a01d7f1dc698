using System.Diagnostics.Metrics;

namespace Berth.Ecs.Metrics;

/// <summary>
/// Every running task's CPU and memory as of the sampler's last round, on <c>/metrics</c>: utilization relative to
/// the task size (as AWS/ECS reports it) and the absolute figures, labelled by cluster, service, family and task id.
/// </summary>
public static class TaskUsageMetrics
{
    public const string MeterName = "Berth.Tasks";
    static readonly Meter Meter = new(MeterName);
    static volatile IReadOnlyList<TaskSample> _latest = [];

    static TaskUsageMetrics()
    {
        Gauge("berth.task.cpu.utilization", "Task CPU used as a percentage of the task's CPU size.", s => s.Use.CpuPercent);
        Gauge("berth.task.memory.utilization", "Task memory in use as a percentage of the task's memory size.", s => s.Use.MemoryPercent);
        Gauge("berth.task.cpu.used.units", "Task CPU used, in CPU units (1024 = one vCPU).", s => s.Use.CpuUnitsUsed);
        Gauge("berth.task.memory.used.bytes", "Task memory in use, without reclaimable page cache.", s => s.Use.MemoryMiBUsed * 1024 * 1024);
    }

    public static void Set(IReadOnlyList<TaskSample> samples) => _latest = samples;

    static void Gauge(string name, string description, Func<TaskSample, double> value) =>
        Meter.CreateObservableGauge(name, () => _latest.Select(s => new Measurement<double>(value(s),
            new KeyValuePair<string, object?>("cluster", s.Cluster),
            new KeyValuePair<string, object?>("service", s.Service ?? ""),
            new KeyValuePair<string, object?>("family", s.Family),
            new KeyValuePair<string, object?>("task_id", s.TaskId))), null, description);
}
