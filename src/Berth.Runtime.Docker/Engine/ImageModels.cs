namespace Berth.Runtime.Docker.Engine;

/// <summary>GET /images/{name}/json (the fields Berth reads).</summary>
public sealed record ImageInspect
{
    public string Id { get; init; } = "";

    public string[]? RepoDigests { get; init; }

    public string[]? RepoTags { get; init; }

    public string? Os { get; init; }

    public string? Architecture { get; init; }

    public long Size { get; init; }
}
