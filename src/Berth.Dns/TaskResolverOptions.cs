using System.Net;

namespace Berth.Dns;

/// <summary>Where the task resolver listens, where it forwards, and how much one client may ask of it.</summary>
public sealed record TaskResolverOptions
{
    /// <summary>AWS's VPC resolver address, which every task's namespace redirects to this resolver.</summary>
    public static readonly IPAddress VpcResolverAddress = IPAddress.Parse("169.254.169.253");

    /// <summary>The port on every listen address (BERTH_DNS_PORT); when taken, a free port is used for the task-facing address.</summary>
    public int Port { get; init; } = 53;

    /// <summary>The address tasks reach the host on (the task metadata endpoint's); null when only the host itself asks.</summary>
    public Func<CancellationToken, Task<IPAddress?>> TaskFacingAddress { get; init; } = _ => Task.FromResult<IPAddress?>(null);

    /// <summary>The host's own resolver address, for <c>dig @127.0.0.1</c>.</summary>
    public IPAddress HostAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Read once at start: the upstream servers everything outside Cloud Map's namespaces goes to.</summary>
    public string ResolvConfPath { get; init; } = "/etc/resolv.conf";

    /// <summary>The upstreams' port (53 for the servers resolv.conf names; another in tests).</summary>
    public int UpstreamPort { get; init; } = 53;

    /// <summary>Upstream servers instead of resolv.conf's (tests, a host whose resolv.conf points at itself).</summary>
    public IReadOnlyList<IPAddress>? Upstreams { get; init; }

    /// <summary>One try at one upstream; the whole forward is bounded by <see cref="ForwardDeadline"/>, then SERVFAIL.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Answer SERVFAIL at the latest after this: a client's resolver retries, it must never hang.</summary>
    public TimeSpan ForwardDeadline { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the VPC of a client address is remembered (tasks keep their address for their life).</summary>
    public TimeSpan VpcCacheTtl { get; init; } = TimeSpan.FromSeconds(5);

    public ClientLimits Limits { get; init; } = new();
}

/// <summary>What one client address may use, so one hostile task cannot exhaust berthd.</summary>
/// <param name="QueriesPerSecond">Sustained queries per second; beyond the burst, UDP queries are dropped and TCP connections closed.</param>
/// <param name="Burst">Queries a client may send at once before the rate applies.</param>
/// <param name="ForwardsInFlight">Forwarded queries waiting for an upstream at once; more get SERVFAIL at once.</param>
/// <param name="TotalForwardsInFlight">The same across all clients.</param>
/// <param name="TcpConnections">Open TCP connections per client.</param>
/// <param name="TcpIdleTimeout">A TCP connection without a query for this long is closed.</param>
/// <param name="TrackedClients">Client addresses remembered at most; idle ones are forgotten first.</param>
/// <param name="ExemptLoopback">Loopback callers are the host itself (the operator's dig, the benchmark): no per-client limits.</param>
public sealed record ClientLimits(
    double QueriesPerSecond = 2000,
    int Burst = 4000,
    int ForwardsInFlight = 64,
    int TotalForwardsInFlight = 512,
    int TcpConnections = 16,
    TimeSpan? TcpIdleTimeout = null,
    int TrackedClients = 8192,
    bool ExemptLoopback = true)
{
    public TimeSpan IdleTimeout => TcpIdleTimeout ?? TimeSpan.FromSeconds(10);
}
