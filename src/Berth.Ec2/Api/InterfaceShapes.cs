using System.Text.Json.Serialization;

namespace Berth.Ec2.Api;

public sealed record DescribeNetworkInterfacesRequest : DescribeRequest
{
    [JsonPropertyName("NetworkInterfaceId")]
    public List<string>? NetworkInterfaceIds { get; init; }

    public bool? IncludeManagedResources { get; init; }
}

public sealed record DescribeNetworkInterfacesOutput
{
    [JsonPropertyName("networkInterfaceSet")]
    public required List<NetworkInterfaceShape> NetworkInterfaces { get; init; }

    public string? NextToken { get; init; }
}

public sealed record NetworkInterfaceShape
{
    public required AttachmentShape Attachment { get; init; }
    public required string AvailabilityZone { get; init; }
    public required string Description { get; init; }

    [JsonPropertyName("groupSet")]
    public required List<GroupIdentifierShape> Groups { get; init; }

    public required string InterfaceType { get; init; }

    [JsonPropertyName("ipv6AddressesSet")]
    public List<string> Ipv6Addresses { get; init; } = [];

    public required string MacAddress { get; init; }
    public required string NetworkInterfaceId { get; init; }
    public required string OwnerId { get; init; }
    public required string PrivateDnsName { get; init; }
    public required string PrivateIpAddress { get; init; }

    [JsonPropertyName("privateIpAddressesSet")]
    public required List<PrivateAddressShape> PrivateIpAddresses { get; init; }

    public required string RequesterId { get; init; }
    public bool RequesterManaged { get; init; } = true;
    public bool SourceDestCheck { get; init; } = true;
    public string Status { get; init; } = "in-use";
    public required string SubnetId { get; init; }

    [JsonPropertyName("tagSet")]
    public required List<TagShape> TagSet { get; init; }

    public required string VpcId { get; init; }
    public required string AvailabilityZoneId { get; init; }
}

public sealed record AttachmentShape
{
    public DateTimeOffset AttachTime { get; init; }
    public required string AttachmentId { get; init; }
    public bool DeleteOnTermination { get; init; }
    public int DeviceIndex { get; init; } = 1;
    public int NetworkCardIndex { get; init; }
    public string InstanceOwnerId { get; init; } = "amazon-aws";
    public string Status { get; init; } = "attached";
}

public sealed record GroupIdentifierShape(string GroupId, string GroupName);

public sealed record PrivateAddressShape(bool Primary, string PrivateDnsName, string PrivateIpAddress);
