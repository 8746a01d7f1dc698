namespace Berth.Ecs.Metrics;

/// <summary>One running task (and each of its containers) measured over the last sampling interval.</summary>
public sealed record TaskSample(
    string TaskArn,
    string TaskId,
    string Cluster,
    string? Service,
    string Family,
    int Revision,
    int CpuUnits,
    int MemoryMiB,
    TaskUtilization Use,
    DateTimeOffset At)
{
    public IReadOnlyList<ContainerSample> Containers { get; init; } = [];
}

/// <summary>One container's CPU units and memory over the interval (its share of the task's).</summary>
public sealed record ContainerSample(string Name, double CpuUnitsUsed, double MemoryMiBUsed);
