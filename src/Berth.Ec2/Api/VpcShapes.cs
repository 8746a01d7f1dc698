using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Ec2.Api;

public sealed record DescribeVpcsRequest : DescribeRequest
{
    [JsonPropertyName("VpcId")]
    public List<string>? VpcIds { get; init; }
}

public sealed record DescribeVpcsOutput
{
    public string? NextToken { get; init; }

    [JsonPropertyName("vpcSet")]
    public required List<VpcShape> Vpcs { get; init; }
}

public sealed record CreateVpcRequest : Ec2Request
{
    public string? CidrBlock { get; init; }
    public string? InstanceTenancy { get; init; }
    public bool? AmazonProvidedIpv6CidrBlock { get; init; }
    public JsonElement? Ipv6Pool { get; init; }
    public JsonElement? Ipv6CidrBlock { get; init; }
    public JsonElement? Ipv4IpamPoolId { get; init; }
    public JsonElement? Ipv4NetmaskLength { get; init; }
    public JsonElement? Ipv6IpamPoolId { get; init; }
    public JsonElement? Ipv6NetmaskLength { get; init; }
    public JsonElement? Ipv6CidrBlockNetworkBorderGroup { get; init; }
    public JsonElement? VpcEncryptionControl { get; init; }

    [JsonPropertyName("TagSpecification")]
    public List<TagSpecification>? TagSpecifications { get; init; }
}

public sealed record CreateVpcOutput(VpcShape Vpc);

public sealed record VpcIdRequest : Ec2Request
{
    public string? VpcId { get; init; }
}

public sealed record VpcShape
{
    public required string OwnerId { get; init; }
    public string InstanceTenancy { get; init; } = "default";
    public required List<CidrAssociationShape> CidrBlockAssociationSet { get; init; }
    public bool IsDefault { get; init; }

    [JsonPropertyName("tagSet")]
    public required List<TagShape> Tags { get; init; }

    public required string VpcId { get; init; }
    public string State { get; init; } = "available";
    public required string CidrBlock { get; init; }
    public required string DhcpOptionsId { get; init; }
}

public sealed record CidrAssociationShape(string AssociationId, string CidrBlock, CidrStateShape CidrBlockState);

public sealed record CidrStateShape(string State);

public sealed record DescribeVpcAttributeRequest : Ec2Request
{
    public string? VpcId { get; init; }
    public string? Attribute { get; init; }
}

public sealed record DescribeVpcAttributeOutput
{
    public required string VpcId { get; init; }
    public BooleanValue? EnableDnsHostnames { get; init; }
    public BooleanValue? EnableDnsSupport { get; init; }
    public BooleanValue? EnableNetworkAddressUsageMetrics { get; init; }
}

public sealed record ModifyVpcAttributeRequest : Ec2Request
{
    public string? VpcId { get; init; }
    public BooleanValue? EnableDnsHostnames { get; init; }
    public BooleanValue? EnableDnsSupport { get; init; }
    public BooleanValue? EnableNetworkAddressUsageMetrics { get; init; }
}
