using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Ec2.Api;

public sealed record DescribeSubnetsRequest : DescribeRequest
{
    [JsonPropertyName("SubnetId")]
    public List<string>? SubnetIds { get; init; }
}

public sealed record DescribeSubnetsOutput
{
    public string? NextToken { get; init; }

    [JsonPropertyName("subnetSet")]
    public required List<SubnetShape> Subnets { get; init; }
}

public sealed record CreateSubnetRequest : Ec2Request
{
    public string? VpcId { get; init; }
    public string? CidrBlock { get; init; }
    public string? AvailabilityZone { get; init; }
    public string? AvailabilityZoneId { get; init; }
    public JsonElement? Ipv6CidrBlock { get; init; }
    public JsonElement? OutpostArn { get; init; }
    public bool? Ipv6Native { get; init; }
    public JsonElement? Ipv4IpamPoolId { get; init; }
    public JsonElement? Ipv4NetmaskLength { get; init; }
    public JsonElement? Ipv6IpamPoolId { get; init; }
    public JsonElement? Ipv6NetmaskLength { get; init; }

    [JsonPropertyName("TagSpecification")]
    public List<TagSpecification>? TagSpecifications { get; init; }
}

public sealed record CreateSubnetOutput(SubnetShape Subnet);

public sealed record SubnetIdRequest : Ec2Request
{
    public string? SubnetId { get; init; }
}

public sealed record BooleanValue
{
    public bool? Value { get; init; }
}

public sealed record ModifySubnetAttributeRequest : Ec2Request
{
    public string? SubnetId { get; init; }
    public BooleanValue? MapPublicIpOnLaunch { get; init; }
    public BooleanValue? AssignIpv6AddressOnCreation { get; init; }
    public BooleanValue? MapCustomerOwnedIpOnLaunch { get; init; }
    public JsonElement? CustomerOwnedIpv4Pool { get; init; }
    public BooleanValue? EnableDns64 { get; init; }
    public string? PrivateDnsHostnameTypeOnLaunch { get; init; }
    public BooleanValue? EnableResourceNameDnsARecordOnLaunch { get; init; }
    public BooleanValue? EnableResourceNameDnsAAAARecordOnLaunch { get; init; }
    public JsonElement? EnableLniAtDeviceIndex { get; init; }
    public JsonElement? DisableLniAtDeviceIndex { get; init; }
}

public sealed record SubnetShape
{
    public required string AvailabilityZoneId { get; init; }
    public bool MapCustomerOwnedIpOnLaunch { get; init; }
    public required string OwnerId { get; init; }
    public bool AssignIpv6AddressOnCreation { get; init; }

    [JsonPropertyName("tagSet")]
    public required List<TagShape> Tags { get; init; }

    public required string SubnetArn { get; init; }
    public bool EnableDns64 { get; init; }
    public bool Ipv6Native { get; init; }
    public required PrivateDnsOptionsShape PrivateDnsNameOptionsOnLaunch { get; init; }
    public required string SubnetId { get; init; }
    public string State { get; init; } = "available";
    public required string VpcId { get; init; }
    public required string CidrBlock { get; init; }
    public int AvailableIpAddressCount { get; init; }
    public required string AvailabilityZone { get; init; }
    public bool DefaultForAz { get; init; }
    public bool MapPublicIpOnLaunch { get; init; }
}

public sealed record PrivateDnsOptionsShape(string HostnameType, bool EnableResourceNameDnsARecord, bool EnableResourceNameDnsAAAARecord);
