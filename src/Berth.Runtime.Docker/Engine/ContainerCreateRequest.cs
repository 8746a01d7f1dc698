using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>POST /containers/create body (the fields Berth sets). Null members are not sent.</summary>
public sealed record ContainerCreateRequest
{
    public required string Image { get; init; }

    public string[]? Cmd { get; init; }

    public string[]? Entrypoint { get; init; }

    /// <summary><c>NAME=value</c> entries.</summary>
    public string[]? Env { get; init; }

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    /// <summary>e.g. <c>SIGTERM</c>.</summary>
    public string? StopSignal { get; init; }

    /// <summary>Seconds the engine waits after StopSignal before SIGKILL when no timeout is given to stop.</summary>
    public int? StopTimeout { get; init; }

    public HealthConfig? Healthcheck { get; init; }

    /// <summary>The container-wide MAC address: API 1.43 and earlier only (<see cref="ForApi"/> puts it here from the endpoint).</summary>
    public string? MacAddress { get; init; }

    public HostConfig? HostConfig { get; init; }

    public NetworkingConfig? NetworkingConfig { get; init; }

    /// <summary>
    /// This request as API <paramref name="version"/> takes it. Berth writes the MAC address on the endpoint of the
    /// container's network (API 1.44 and later take it only there; 1.52 refuses the container-wide field). Before 1.44
    /// the engine ignores the endpoint's and takes the container-wide one, so it moves there.
    /// </summary>
    public ContainerCreateRequest ForApi(EngineApiVersion version)
    {
        var endpoint = HostConfig?.NetworkMode is { } network ? NetworkingConfig?.EndpointsConfig?.GetValueOrDefault(network) : null;
        if (version >= EngineApiVersion.EndpointMacAddress)
        {
            if (MacAddress is null)
                return this;
            if (endpoint is null || (endpoint.MacAddress is { } mac && mac != MacAddress))
                throw new ArgumentException($"From Engine API {EngineApiVersion.EndpointMacAddress} a MAC address goes on the endpoint of the container's network, and this request has no endpoint for \"{HostConfig?.NetworkMode}\" or one with another address.", nameof(version));
            return this with { MacAddress = null, NetworkingConfig = WithEndpoint(HostConfig!.NetworkMode!, endpoint with { MacAddress = MacAddress }) };
        }

        if (endpoint?.MacAddress is not { } endpointMac)
            return this;
        return this with { MacAddress = MacAddress ?? endpointMac, NetworkingConfig = WithEndpoint(HostConfig!.NetworkMode!, endpoint with { MacAddress = null }) };
    }

    private NetworkingConfig WithEndpoint(string network, EndpointSettings endpoint) =>
        new() { EndpointsConfig = new Dictionary<string, EndpointSettings>(NetworkingConfig?.EndpointsConfig ?? []) { [network] = endpoint } };
}

/// <summary>A container health check; durations are in nanoseconds, 0 inherits the image's value.</summary>
public sealed record HealthConfig
{
    /// <summary><c>["CMD", ...]</c>, <c>["CMD-SHELL", "..."]</c> or <c>["NONE"]</c>.</summary>
    public string[]? Test { get; init; }

    public long Interval { get; init; }

    public long Timeout { get; init; }

    public long StartPeriod { get; init; }

    public int Retries { get; init; }
}

public sealed record HostConfig
{
    /// <summary><c>bridge</c>, <c>none</c>, <c>host</c>, a network name, or <c>container:&lt;id&gt;</c>.</summary>
    public string? NetworkMode { get; init; }

    public string? CgroupParent { get; init; }

    /// <summary>Hard memory limit in bytes.</summary>
    public long? Memory { get; init; }

    /// <summary>Soft memory limit in bytes.</summary>
    public long? MemoryReservation { get; init; }

    /// <summary>Memory plus swap in bytes; -1 for unlimited swap.</summary>
    public long? MemorySwap { get; init; }

    /// <summary>CPU quota in units of 1e-9 CPUs.</summary>
    public long? NanoCpus { get; init; }

    public long? CpuShares { get; init; }

    public long? CpuQuota { get; init; }

    public long? CpuPeriod { get; init; }

    public long? PidsLimit { get; init; }

    public string[]? CapAdd { get; init; }

    public string[]? CapDrop { get; init; }

    public string[]? SecurityOpt { get; init; }

    public bool Privileged { get; init; }

    public bool ReadonlyRootfs { get; init; }

    public Ulimit[]? Ulimits { get; init; }

    /// <summary>Run an init process as PID 1; null uses the engine's default.</summary>
    public bool? Init { get; init; }

    public bool AutoRemove { get; init; }

    public RestartPolicy? RestartPolicy { get; init; }

    /// <summary><c>host-path:container-path[:ro]</c> bind mounts.</summary>
    public string[]? Binds { get; init; }

    /// <summary>Mount path → options (e.g. <c>rw,size=64m</c>).</summary>
    public Dictionary<string, string>? Tmpfs { get; init; }

    /// <summary>Size of /dev/shm in bytes.</summary>
    public long? ShmSize { get; init; }

    public LogConfig? LogConfig { get; init; }
}

public sealed record Ulimit
{
    public required string Name { get; init; }

    public long Soft { get; init; }

    public long Hard { get; init; }
}

public sealed record RestartPolicy
{
    /// <summary><c>no</c>, <c>always</c>, <c>unless-stopped</c> or <c>on-failure</c>.</summary>
    public string Name { get; init; } = "no";

    public int MaximumRetryCount { get; init; }
}

public sealed record LogConfig
{
    public string Type { get; init; } = "json-file";

    public Dictionary<string, string>? Config { get; init; }
}

public sealed record NetworkingConfig
{
    /// <summary>Network name → endpoint settings.</summary>
    public Dictionary<string, EndpointSettings>? EndpointsConfig { get; init; }
}

public sealed record EndpointSettings
{
    [JsonPropertyName("IPAMConfig")]
    public EndpointIpamConfig? IpamConfig { get; init; }

    public string[]? Aliases { get; init; }

    /// <summary>The endpoint's MAC address (API 1.44 and later; see <see cref="ContainerCreateRequest.ForApi"/>).</summary>
    public string? MacAddress { get; init; }
}

public sealed record EndpointIpamConfig
{
    [JsonPropertyName("IPv4Address")]
    public string? IPv4Address { get; init; }
}
