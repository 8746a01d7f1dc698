using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// GET /containers/{id}/stats?stream=false: the raw counters Berth turns into CPU and memory figures.
/// CPU % = Δcpu_usage.total_usage / Δsystem_cpu_usage × online_cpus (Δ against <see cref="PreCpuStats"/>).
/// </summary>
public sealed record ContainerStats
{
    [JsonPropertyName("read")]
    [JsonConverter(typeof(EngineOptionalTimeConverter))]
    public DateTimeOffset? Read { get; init; }

    [JsonPropertyName("preread")]
    [JsonConverter(typeof(EngineOptionalTimeConverter))]
    public DateTimeOffset? PreRead { get; init; }

    [JsonPropertyName("cpu_stats")]
    public ContainerCpuStats? CpuStats { get; init; }

    [JsonPropertyName("precpu_stats")]
    public ContainerCpuStats? PreCpuStats { get; init; }

    [JsonPropertyName("memory_stats")]
    public ContainerMemoryStats? MemoryStats { get; init; }
}

public sealed record ContainerCpuStats
{
    [JsonPropertyName("cpu_usage")]
    public ContainerCpuUsage? CpuUsage { get; init; }

    /// <summary>Host CPU time in nanoseconds (absent on some platforms).</summary>
    [JsonPropertyName("system_cpu_usage")]
    public ulong SystemCpuUsage { get; init; }

    [JsonPropertyName("online_cpus")]
    public uint OnlineCpus { get; init; }
}

public sealed record ContainerCpuUsage
{
    /// <summary>Container CPU time in nanoseconds.</summary>
    [JsonPropertyName("total_usage")]
    public ulong TotalUsage { get; init; }

    [JsonPropertyName("usage_in_kernelmode")]
    public ulong UsageInKernelmode { get; init; }

    [JsonPropertyName("usage_in_usermode")]
    public ulong UsageInUsermode { get; init; }
}

public sealed record ContainerMemoryStats
{
    /// <summary>Bytes in use (including page cache; subtract <c>stats["cache"]</c> on cgroup v1 or <c>stats["inactive_file"]</c> on v2).</summary>
    [JsonPropertyName("usage")]
    public ulong Usage { get; init; }

    [JsonPropertyName("max_usage")]
    public ulong MaxUsage { get; init; }

    [JsonPropertyName("limit")]
    public ulong Limit { get; init; }

    /// <summary>The cgroup's memory.stat counters.</summary>
    [JsonPropertyName("stats")]
    public Dictionary<string, ulong>? Stats { get; init; }
}
