using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Ecs.Model;

/// <summary>The ECS <c>ContainerDefinition</c> shape; unmodelled members round-trip through <see cref="Extra"/>.</summary>
public sealed record ContainerDefinition
{
    public string? Name { get; set; }
    public string? Image { get; set; }
    public int Cpu { get; set; }
    public int? Memory { get; set; }
    public int? MemoryReservation { get; set; }
    public List<string>? Links { get; set; }
    public List<PortMapping>? PortMappings { get; set; }
    public bool? Essential { get; set; }
    public List<string>? EntryPoint { get; set; }
    public List<string>? Command { get; set; }
    public List<KeyValue>? Environment { get; set; }
    /// <summary>Environment variables whose values are read at container start, under the task's execution role.</summary>
    public List<Secret>? Secrets { get; set; }
    public RepositoryCredentials? RepositoryCredentials { get; set; }
    public LinuxParameters? LinuxParameters { get; set; }
    public List<ContainerDependency>? DependsOn { get; set; }
    public int? StartTimeout { get; set; }
    public int? StopTimeout { get; set; }
    public string? Hostname { get; set; }
    public string? User { get; set; }
    public string? WorkingDirectory { get; set; }
    public bool? DisableNetworking { get; set; }
    public bool? Privileged { get; set; }
    public bool? ReadonlyRootFilesystem { get; set; }
    public List<string>? DnsServers { get; set; }
    public List<string>? DnsSearchDomains { get; set; }
    public List<string>? DockerSecurityOptions { get; set; }
    public bool? Interactive { get; set; }
    public bool? PseudoTerminal { get; set; }
    public Dictionary<string, string>? DockerLabels { get; set; }
    public List<Ulimit>? Ulimits { get; set; }
    public LogConfiguration? LogConfiguration { get; set; }
    public HealthCheck? HealthCheck { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>ECS treats a container as essential unless it says otherwise.</summary>
    [JsonIgnore]
    public bool IsEssential => Essential ?? true;
}

public sealed record PortMapping
{
    public int? ContainerPort { get; set; }
    public int? HostPort { get; set; }
    public string? Protocol { get; set; }
    public string? Name { get; set; }
    public string? AppProtocol { get; set; }
    public string? ContainerPortRange { get; set; }
}

public sealed record HealthCheck
{
    public List<string>? Command { get; set; }
    public int? Interval { get; set; }
    public int? Timeout { get; set; }
    public int? Retries { get; set; }
    public int? StartPeriod { get; set; }
}

public sealed record ContainerDependency
{
    public string? ContainerName { get; set; }
    public string? Condition { get; set; }
}

public sealed record LogConfiguration
{
    public string? LogDriver { get; set; }
    public Dictionary<string, string>? Options { get; set; }
    public List<Secret>? SecretOptions { get; set; }
}

/// <summary>
/// ECS's <c>Secret</c>: an environment variable (or log option) <see cref="Name"/> whose value comes from a Secrets
/// Manager secret (its ARN, with an optional <c>:json-key:version-stage:version-id</c> suffix) or an SSM parameter (its
/// ARN or name).
/// </summary>
public sealed record Secret
{
    public string? Name { get; set; }
    public string? ValueFrom { get; set; }
}

/// <summary>The Secrets Manager secret (ARN or name) holding <c>{"username","password"}</c> for a private registry.</summary>
public sealed record RepositoryCredentials
{
    public string? CredentialsParameter { get; set; }
}

public sealed record LinuxParameters
{
    public KernelCapabilities? Capabilities { get; set; }
    public JsonElement? Devices { get; set; }
    public bool? InitProcessEnabled { get; set; }
    public int? SharedMemorySize { get; set; }
    public List<Tmpfs>? Tmpfs { get; set; }
    public int? MaxSwap { get; set; }
    public int? Swappiness { get; set; }
}

public sealed record KernelCapabilities
{
    public List<string>? Add { get; set; }
    public List<string>? Drop { get; set; }
}

public sealed record Tmpfs
{
    public string? ContainerPath { get; set; }
    public int Size { get; set; }
    public List<string>? MountOptions { get; set; }
}

public sealed record Ulimit
{
    public string? Name { get; set; }
    public int SoftLimit { get; set; }
    public int HardLimit { get; set; }
}
