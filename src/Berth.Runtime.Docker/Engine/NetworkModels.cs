using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>GET /networks/{id} (the fields Berth reads).</summary>
public sealed record NetworkInspect
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Driver { get; init; }

    [JsonPropertyName("IPAM")]
    public NetworkIpam? Ipam { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    /// <summary>The containers attached, by id (filled by GET /networks/{id}).</summary>
    public Dictionary<string, NetworkEndpoint>? Containers { get; init; }

    /// <summary>Driver options, e.g. <c>com.docker.network.bridge.name</c>.</summary>
    public Dictionary<string, string>? Options { get; init; }

    /// <summary>The host's bridge interface carrying a bridge network: the name it was given, else <c>br-</c> and the id's first 12 characters.</summary>
    public string BridgeName => Options?.GetValueOrDefault("com.docker.network.bridge.name") is { Length: > 0 } name ? name : "br-" + Id[..Math.Min(12, Id.Length)];
}

public sealed record NetworkEndpoint
{
    /// <summary>The container's address with its prefix, e.g. <c>10.89.0.5/16</c>.</summary>
    [JsonPropertyName("IPv4Address")]
    public string? Ipv4Address { get; init; }
}

public sealed record NetworkIpam
{
    public string? Driver { get; init; }

    public NetworkIpamConfig[]? Config { get; init; }
}

public sealed record NetworkIpamConfig
{
    public string? Subnet { get; init; }

    public string? Gateway { get; init; }
}

/// <summary>POST /networks/create body.</summary>
internal sealed record NetworkCreateRequest
{
    public string Name { get; init; } = "";

    /// <summary>API 1.43 and earlier; from 1.44 the field is deprecated and a duplicate name always fails.</summary>
    public bool? CheckDuplicate { get; init; }

    public string Driver { get; init; } = "bridge";

    [JsonPropertyName("IPAM")]
    public NetworkIpam? Ipam { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}
