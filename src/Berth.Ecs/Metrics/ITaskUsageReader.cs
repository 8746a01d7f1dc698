namespace Berth.Ecs.Metrics;

/// <summary>
/// Reads what a task has used from its task-level cgroup: cheap file reads, so sampling every task every few
/// seconds costs little (the engine's stats API takes a second or more per container).
/// </summary>
public interface ITaskUsageReader
{
    /// <summary>The task's counters now, or null when it has no cgroup (not started, already gone, or not root).</summary>
    TaskUsage? Read(string taskId);

    /// <summary>One container's counters (its cgroup sits inside the task's), or null when it has none.</summary>
    TaskUsage? ReadContainer(string taskId, string runtimeId);
}

/// <summary>
/// <paramref name="CpuNanoseconds"/> is cumulative CPU time of all the task's processes; <paramref name="MemoryBytes"/>
/// is memory in use now without the reclaimable page cache (as <c>docker stats</c> counts it).
/// </summary>
public sealed record TaskUsage(long CpuNanoseconds, long MemoryBytes);
