using Berth.Ecr;
using Berth.Ecs.Model;

namespace Berth.Ecs.Runtime;

/// <summary>
/// The container engine as the task controller needs it. Every call is idempotent, so the controller may
/// repeat any step after a crash: ensuring what exists returns it, stopping what stopped is a no-op.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>Prepares what every task needs (the task network, the pause image); safe to call again.</summary>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>The task's isolation boundary: its network namespace with its own IP, and its cgroup with the task size.</summary>
    Task<Sandbox> EnsureSandboxAsync(SandboxSpec spec, CancellationToken ct);

    /// <summary>
    /// Makes the image available locally; throws <see cref="ImagePullException"/> with the engine's reason.
    /// With credentials the image is always pulled (it may have moved); without, a local copy is used as it is.
    /// </summary>
    Task<string?> PullImageAsync(string image, RegistryCredential? credential, CancellationToken ct);

    /// <summary>Creates the container inside the sandbox unless it exists; returns its runtime id.</summary>
    Task<string> EnsureContainerAsync(SandboxSpec task, Sandbox sandbox, ContainerSpec spec, CancellationToken ct);

    Task StartContainerAsync(string runtimeId, CancellationToken ct);

    /// <summary>SIGTERM, then SIGKILL once <paramref name="timeout"/> has passed.</summary>
    Task StopContainerAsync(string runtimeId, TimeSpan timeout, CancellationToken ct);

    /// <summary>The task's application containers (not its sandbox) as the engine sees them now.</summary>
    Task<IReadOnlyList<ObservedContainer>> ObserveAsync(string taskArn, CancellationToken ct);

    /// <summary>Tears down the sandbox (network namespace, cgroup); the stopped containers stay for inspection.</summary>
    Task ReleaseSandboxAsync(string taskArn, CancellationToken ct);

    /// <summary>Removes everything the task left on the engine.</summary>
    Task RemoveTaskAsync(string taskArn, CancellationToken ct);

    /// <summary>The engine networks tasks are on, one per VPC that has had a task, with the host's bridge interface of each.</summary>
    Task<IReadOnlyList<TaskBridge>> ListBridgesAsync(CancellationToken ct);

    /// <summary>Task ARNs that have anything on the engine, running or not.</summary>
    Task<IReadOnlyList<string>> ListTaskArnsAsync(CancellationToken ct);

    /// <summary>Task ARNs whose containers changed (started, died, health changed), as they happen.</summary>
    IAsyncEnumerable<string> WatchAsync(CancellationToken ct);

    /// <summary>A container's output from <paramref name="since"/>; with follow, until the container exits.</summary>
    IAsyncEnumerable<OutputLine> ReadOutputAsync(string runtimeId, DateTimeOffset? since, bool follow, CancellationToken ct);

    /// <summary>
    /// One sample of a container's statistics in the engine's own JSON (Docker's <c>ContainerStats</c> shape, which
    /// the task metadata endpoint passes through as Fargate does); null when the container is gone.
    /// </summary>
    Task<string?> ReadStatsJsonAsync(string runtimeId, CancellationToken ct);
}

/// <param name="CredentialsEndpoint">
/// Where the sandbox redirects 169.254.170.2:80 — the address SDKs fetch container credentials from — inside the
/// task's own network namespace (the host's port 80 is left alone); null for no redirect (a task without a role).
/// </param>
public sealed record SandboxSpec(
    string TaskArn,
    string TaskId,
    string ClusterName,
    string Family,
    int Revision,
    int CpuUnits,
    int MemoryMiB,
    System.Net.IPEndPoint? CredentialsEndpoint = null,
    SandboxNetwork? Network = null);

/// <summary>
/// The task's interface as its sandbox gets it: on its VPC's engine network, with the address and MAC the network
/// directory gave it. Without one (a controller without a network directory) the engine picks an address on the
/// default network.
/// </summary>
public sealed record SandboxNetwork(string VpcId, string VpcCidr, bool DefaultVpc, string Address, string MacAddress);

/// <summary>
/// An engine network tasks are on and the host's bridge interface carrying it, for the packet filter; a null
/// <paramref name="VpcId"/> is the default VPC's network.
/// </summary>
public sealed record TaskBridge(string? VpcId, string Cidr, string InterfaceName);

public sealed record Sandbox(string Id, string IpAddress, string? MacAddress, string? Subnet, string? Gateway);

public sealed record ContainerSpec(
    string Name,
    string Image,
    IReadOnlyList<string>? EntryPoint,
    IReadOnlyList<string>? Command,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    string? WorkingDirectory,
    string? User,
    string? Hostname,
    int Cpu,
    int? MemoryMiB,
    int? MemoryReservationMiB,
    HealthCheck? HealthCheck,
    bool ReadonlyRootFilesystem,
    IReadOnlyList<Ulimit> Ulimits,
    bool InitProcessEnabled,
    IReadOnlyList<string> CapAdd,
    IReadOnlyList<string> CapDrop,
    IReadOnlyDictionary<string, string> DockerLabels,
    IReadOnlyList<Tmpfs> Tmpfs,
    bool Interactive,
    bool PseudoTerminal,
    int StopTimeoutSeconds,
    IReadOnlyList<string>? DnsServers = null,
    IReadOnlyList<string>? DnsSearchDomains = null);

public enum ContainerState
{
    Created,
    Running,
    Exited,
}

public sealed record ObservedContainer(
    string Name,
    string RuntimeId,
    ContainerState State,
    int? ExitCode,
    bool OomKilled,
    string? Health,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string? ImageId,
    DateTimeOffset? CreatedAt = null);

public sealed record OutputLine(DateTimeOffset Timestamp, bool IsError, string Text);

public sealed class ImagePullException(string message) : Exception(message);
