using System.Net;

namespace Berth.Kernel.Networking;

/// <summary>
/// The account's networks (VPCs, subnets, security groups, interfaces) as other modules and the data plane use them.
/// The EC2 module owns and implements it; ECS and ELB place what they run through it, the packet filter and the
/// task resolver read it.
/// </summary>
public interface INetworkDirectory
{
    /// <summary>
    /// Checks that the subnets and groups exist and share one VPC, filling in the defaults (the default VPC's subnets,
    /// the VPC's default group) for what was not named. Throws <see cref="NetworkReferenceException"/> naming what is wrong.
    /// </summary>
    Task<NetworkChoice> ResolveAsync(IReadOnlyList<string>? subnetIds, IReadOnlyList<string>? securityGroupIds, CancellationToken ct);

    /// <summary>Creates the owner's interface (a free address in the subnet), or returns the one it has. Throws <see cref="NetworkReferenceException"/> when the subnet is full or gone.</summary>
    Task<NetworkInterfaceInfo> AttachAsync(InterfaceRequest request, CancellationToken ct);

    /// <summary>
    /// Replaces the security groups of the owner's interface (a load balancer's SetSecurityGroups), keeping its address;
    /// null when the owner has no interface. Throws <see cref="NetworkReferenceException"/> for a group that does not
    /// exist or is in another VPC.
    /// </summary>
    Task<NetworkInterfaceInfo?> UpdateGroupsAsync(string ownerArn, IReadOnlyList<string> securityGroupIds, CancellationToken ct);

    /// <summary>The owner's interface, if it has one.</summary>
    Task<NetworkInterfaceInfo?> FindAsync(string ownerArn, CancellationToken ct);

    /// <summary>Deletes the owner's interface, freeing its address; nothing happens when it has none.</summary>
    Task DetachAsync(string ownerArn, CancellationToken ct);

    /// <summary>The VPC whose range holds <paramref name="address"/>; null for an address outside every VPC (the host, the outside world).</summary>
    Task<VpcNetwork?> VpcOfAsync(IPAddress address, CancellationToken ct);

    /// <summary>The subnet whose range holds <paramref name="address"/>; null outside every subnet (directories that know no subnets by address say null too).</summary>
    Task<SubnetPlacement?> SubnetOfAsync(IPAddress address, CancellationToken ct) => Task.FromResult<SubnetPlacement?>(null);

    /// <summary>Every VPC, group and interface, for the packet filter.</summary>
    Task<FirewallState> ReadFirewallStateAsync(CancellationToken ct);
}

/// <summary>A subnet, group or VPC that does not exist or does not fit; callers refuse the request in their own service's error shape.</summary>
public sealed class NetworkReferenceException(string message) : Exception(message);
