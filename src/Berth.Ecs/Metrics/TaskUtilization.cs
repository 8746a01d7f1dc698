namespace Berth.Ecs.Metrics;

/// <summary>
/// One task's use over one sampling interval, relative to its size as ECS reports it: CPUUtilization is CPU
/// units used ÷ the task's CPU units (1024 units = one vCPU), MemoryUtilization is memory in use ÷ the task's memory.
/// </summary>
public sealed record TaskUtilization(double CpuUnitsUsed, double CpuPercent, double MemoryMiBUsed, double MemoryPercent)
{
    /// <summary>Null when the interval is empty or the counters went backwards (a new cgroup under the same id).</summary>
    public static TaskUtilization? Between(TaskUsage before, TaskUsage after, TimeSpan elapsed, int cpuUnits, int memoryMiB)
    {
        if (elapsed <= TimeSpan.Zero || after.CpuNanoseconds < before.CpuNanoseconds || cpuUnits <= 0 || memoryMiB <= 0)
            return null;
        var vcpus = (after.CpuNanoseconds - before.CpuNanoseconds) / (elapsed.TotalSeconds * 1e9);
        var units = vcpus * 1024;
        var mib = after.MemoryBytes / (1024.0 * 1024.0);
        return new TaskUtilization(units, units / cpuUnits * 100, mib, mib / memoryMiB * 100);
    }
}
