namespace Berth.Kernel.Networking;

/// <summary>A VPC as the data plane needs it: its address range and whether it is the account's default VPC.</summary>
public sealed record VpcNetwork(string VpcId, string CidrBlock, bool IsDefault);

/// <summary>A subnet a task or load balancer is placed in.</summary>
public sealed record SubnetPlacement(string SubnetId, string VpcId, string CidrBlock, string AvailabilityZone, string AvailabilityZoneId);

/// <summary>
/// Where a request's <c>awsvpcConfiguration</c> (or a load balancer's Subnets/SecurityGroups) puts it once checked:
/// its VPC, its subnets (the default VPC's when none was named) and its security groups (the VPC's default group
/// when none was named). All in one VPC.
/// </summary>
public sealed record NetworkChoice(VpcNetwork Vpc, IReadOnlyList<SubnetPlacement> Subnets, IReadOnlyList<string> SecurityGroupIds);

/// <summary>
/// An interface to create for <paramref name="OwnerArn"/> (a task, a load balancer) in one subnet. Creating it again
/// for the same owner returns the one that exists.
/// </summary>
/// <param name="InterfaceType">EC2's <c>InterfaceType</c>: <c>interface</c> for a task, <c>interface</c> with requester <c>amazon-elb</c> for a load balancer.</param>
/// <param name="RequesterId">Who made it, as EC2 reports it: <c>amazon-ecs</c> or <c>amazon-elb</c>.</param>
public sealed record InterfaceRequest(
    string OwnerArn,
    string SubnetId,
    IReadOnlyList<string> SecurityGroupIds,
    string Description,
    string RequesterId,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    string InterfaceType = "interface");

/// <summary>An interface with its address: what a sandbox is created with and what DescribeNetworkInterfaces shows.</summary>
/// <param name="Gateway">The subnet's router address (the subnet's base + 1, as in AWS).</param>
public sealed record NetworkInterfaceInfo(
    string NetworkInterfaceId,
    string OwnerArn,
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string PrivateIpAddress,
    string SubnetCidr,
    string VpcCidr,
    string Gateway,
    string MacAddress,
    IReadOnlyList<string> SecurityGroupIds,
    string Status);

/// <summary>One permission of a security group, as the data plane enforces it.</summary>
/// <param name="Protocol"><c>-1</c> (all), <c>tcp</c>, <c>udp</c> or <c>icmp</c>.</param>
/// <param name="FromPort">First port (tcp/udp) or ICMP type; null for all.</param>
/// <param name="ToPort">Last port (tcp/udp) or ICMP code; null for all.</param>
/// <param name="CidrIpv4">The peer range, or null when the peer is <paramref name="ReferencedGroupId"/>'s members.</param>
public sealed record FirewallRule(string Protocol, int? FromPort, int? ToPort, string? CidrIpv4, string? ReferencedGroupId);

public sealed record SecurityGroupRules(string GroupId, string VpcId, IReadOnlyList<FirewallRule> Ingress, IReadOnlyList<FirewallRule> Egress);

/// <summary>Everything the packet filter is rendered from, read at one moment.</summary>
public sealed record FirewallState(
    IReadOnlyList<VpcNetwork> Vpcs,
    IReadOnlyList<SecurityGroupRules> Groups,
    IReadOnlyList<NetworkInterfaceInfo> Interfaces);
