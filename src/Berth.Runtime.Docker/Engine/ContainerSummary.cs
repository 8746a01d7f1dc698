namespace Berth.Runtime.Docker.Engine;

/// <summary>One entry of GET /containers/json.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = "";

    /// <summary>Names with the engine's leading '/'.</summary>
    public string[]? Names { get; init; }

    public string? Image { get; init; }

    /// <summary><c>created</c>, <c>running</c>, <c>exited</c>, ...</summary>
    public string? State { get; init; }

    /// <summary>Human-readable, e.g. "Up 3 seconds".</summary>
    public string? Status { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}
