using Berth.Ecs.Runtime;

namespace Berth.Network.Nftables;

/// <summary>
/// What the packet filter needs to know about the host besides the account's networks: its own table, the ports
/// tasks may reach on it, the task bridges, and the load balancers' listener ports.
/// </summary>
/// <param name="Table">The nftables table (family inet) Berth owns; nothing outside it is touched.</param>
/// <param name="ApiPort">berthd's API port (tasks call AWS APIs on it, signed with their role's credentials).</param>
/// <param name="MetadataPort">The task metadata and credentials endpoint's port; null when it is turned off.</param>
/// <param name="DnsPort">The task resolver's port (udp and tcp; tasks' 169.254.169.253:53 is redirected to it); null when it is off.</param>
public sealed record FirewallHost(
    string Table,
    int ApiPort,
    int? MetadataPort,
    IReadOnlyList<TaskBridge> Bridges,
    IReadOnlyList<ListenerPort> Listeners,
    int? DnsPort = 53);

/// <summary>A port a load balancer listens on, on the host.</summary>
public sealed record ListenerPort(string LoadBalancerArn, int Port);
