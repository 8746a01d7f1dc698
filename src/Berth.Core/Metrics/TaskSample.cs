namespace Berth.Core.Metrics;

/// <summary>One running task measured over the last sampling interval.</summary>
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
    DateTimeOffset At);
