using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>GET /version (the fields Berth reads).</summary>
public sealed record SystemVersion
{
    public string Version { get; init; } = "";

    /// <summary>The newest API version the engine speaks.</summary>
    public string ApiVersion { get; init; } = "";

    /// <summary>The oldest API version the engine accepts (Docker 29: 1.44).</summary>
    [JsonPropertyName("MinAPIVersion")]
    public string? MinApiVersion { get; init; }

    public string Os { get; init; } = "";

    public string Arch { get; init; } = "";
}

/// <summary>GET /info (the fields Berth reads).</summary>
public sealed record SystemInfo
{
    /// <summary>"1" or "2".</summary>
    public string? CgroupVersion { get; init; }

    /// <summary>"cgroupfs", "systemd" or "none".</summary>
    public string? CgroupDriver { get; init; }

    public string? ServerVersion { get; init; }
}
