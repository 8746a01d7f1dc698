using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>GET /containers/{id}/json (the fields Berth reads).</summary>
public sealed record ContainerInspect
{
    public string Id { get; init; } = "";

    /// <summary>The name with the engine's leading '/'.</summary>
    public string Name { get; init; } = "";

    [JsonConverter(typeof(EngineOptionalTimeConverter))]
    public DateTimeOffset? Created { get; init; }

    public ContainerInspectConfig? Config { get; init; }

    /// <summary>The image ID (<c>sha256:...</c>).</summary>
    public string? Image { get; init; }

    public ContainerState? State { get; init; }

    public ContainerInspectHostConfig? HostConfig { get; init; }

    public ContainerNetworkSettings? NetworkSettings { get; init; }
}

public sealed record ContainerInspectConfig
{
    /// <summary>The image as given at creation.</summary>
    public string? Image { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public string[]? Env { get; init; }
}

public sealed record ContainerState
{
    /// <summary><c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>exited</c> or <c>dead</c>.</summary>
    public string Status { get; init; } = "";

    public bool Running { get; init; }

    public bool Paused { get; init; }

    public bool Restarting { get; init; }

    [JsonPropertyName("OOMKilled")]
    public bool OomKilled { get; init; }

    public bool Dead { get; init; }

    public int Pid { get; init; }

    public int ExitCode { get; init; }

    public string? Error { get; init; }

    /// <summary>Null when the container never started.</summary>
    [JsonConverter(typeof(EngineOptionalTimeConverter))]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Null when the container never finished.</summary>
    [JsonConverter(typeof(EngineOptionalTimeConverter))]
    public DateTimeOffset? FinishedAt { get; init; }

    public ContainerHealth? Health { get; init; }
}

public sealed record ContainerHealth
{
    /// <summary><c>starting</c>, <c>healthy</c> or <c>unhealthy</c>.</summary>
    public string Status { get; init; } = "";

    public int FailingStreak { get; init; }

    public HealthLogEntry[]? Log { get; init; }
}

public sealed record HealthLogEntry
{
    [JsonConverter(typeof(EngineOptionalTimeConverter))]
    public DateTimeOffset? Start { get; init; }

    [JsonConverter(typeof(EngineOptionalTimeConverter))]
    public DateTimeOffset? End { get; init; }

    public int ExitCode { get; init; }

    public string? Output { get; init; }
}

public sealed record ContainerInspectHostConfig
{
    public string? CgroupParent { get; init; }

    public string? NetworkMode { get; init; }

    public long Memory { get; init; }

    public long NanoCpus { get; init; }
}

public sealed record ContainerNetworkSettings
{
    /// <summary>Network name → this container's endpoint on it.</summary>
    public Dictionary<string, ContainerEndpoint>? Networks { get; init; }
}

public sealed record ContainerEndpoint
{
    public string? IPAddress { get; init; }

    public string? Gateway { get; init; }

    public string? MacAddress { get; init; }
}
