namespace Berth.Ec2;

/// <summary>A tag on an EC2 resource (kept in the resource's own document, so a resource and its tags change together).</summary>
public sealed record Ec2Tag(string Key, string Value);

/// <summary>A VPC: one IPv4 range; <see cref="IsDefault"/> for the one Berth seeds (the task network).</summary>
public sealed record VpcRecord
{
    public required string VpcId { get; init; }
    public required string CidrBlock { get; init; }
    public required string CidrAssociationId { get; init; }
    public bool IsDefault { get; init; }
    public string DhcpOptionsId { get; init; } = "default";
    public List<Ec2Tag> Tags { get; init; } = [];
    public DateTimeOffset Created { get; init; }
}

/// <summary>A subnet of a VPC in one availability zone.</summary>
public sealed record SubnetRecord
{
    public required string SubnetId { get; init; }
    public required string VpcId { get; init; }
    public required string CidrBlock { get; init; }
    public required string AvailabilityZone { get; init; }
    public required string AvailabilityZoneId { get; init; }
    public bool DefaultForAz { get; init; }
    public bool MapPublicIpOnLaunch { get; init; }
    /// <summary>ModifySubnetAttribute's PrivateDnsHostnameTypeOnLaunch: <c>ip-name</c> or <c>resource-name</c>.</summary>
    public string HostnameType { get; init; } = "ip-name";
    public bool ResourceNameDnsARecord { get; init; }
    public List<Ec2Tag> Tags { get; init; } = [];
    public DateTimeOffset Created { get; init; }
}

/// <summary>A security group and its rules (ingress and egress, each with its <c>sgr-</c> id).</summary>
public sealed record SecurityGroupRecord
{
    public required string GroupId { get; init; }
    public required string GroupName { get; init; }
    public required string Description { get; init; }
    public required string VpcId { get; init; }
    public List<SecurityGroupRuleRecord> Rules { get; init; } = [];
    public List<Ec2Tag> Tags { get; init; } = [];
    public DateTimeOffset Created { get; init; }

    public bool IsDefault => GroupName == "default";
}

/// <summary>
/// One rule: a protocol (<c>-1</c>, <c>tcp</c>, <c>udp</c>, <c>icmp</c>), ports (tcp/udp) or ICMP type and code (-1
/// for all; none for protocol -1), and one peer: an IPv4 range or another group's members.
/// </summary>
public sealed record SecurityGroupRuleRecord
{
    public required string RuleId { get; init; }
    public bool IsEgress { get; init; }
    public required string Protocol { get; init; }
    public int? FromPort { get; init; }
    public int? ToPort { get; init; }
    public string? CidrIpv4 { get; init; }
    public string? ReferencedGroupId { get; init; }
    public string? Description { get; init; }
    public List<Ec2Tag> Tags { get; init; } = [];

    /// <summary>What makes two rules the same rule (EC2 refuses a duplicate): everything but the id, description and tags.</summary>
    public (bool, string, int?, int?, string?, string?) Identity => (IsEgress, Protocol, FromPort, ToPort, CidrIpv4, ReferencedGroupId);
}

/// <summary>A network interface: an address in a subnet, held by its owner (a task, a load balancer).</summary>
public sealed record InterfaceRecord
{
    public required string NetworkInterfaceId { get; init; }
    public required string OwnerArn { get; init; }
    public required string SubnetId { get; init; }
    public required string VpcId { get; init; }
    public required string AvailabilityZone { get; init; }
    public required string AvailabilityZoneId { get; init; }
    public required string PrivateIpAddress { get; init; }
    public required string MacAddress { get; init; }
    public required List<string> SecurityGroupIds { get; init; }
    public required string Description { get; init; }
    public required string RequesterId { get; init; }
    public string InterfaceType { get; init; } = "interface";
    public required string AttachmentId { get; init; }
    public List<Ec2Tag> Tags { get; init; } = [];
    public DateTimeOffset Created { get; init; }
}

/// <summary>
/// A unique key held by a resource (an address in a subnet, a group name in a VPC, an owner's interface): inserted in
/// the same commit as the resource, so two writers racing for one key cannot both win.
/// </summary>
public sealed record UniqueKey(string Key, string ResourceId)
{
    public static string Address(string subnetId, string ip) => $"address/{subnetId}/{ip}";
    public static string GroupName(string vpcId, string name) => $"group-name/{vpcId}/{name}";
    public static string Owner(string ownerArn) => $"owner/{ownerArn}";
}
