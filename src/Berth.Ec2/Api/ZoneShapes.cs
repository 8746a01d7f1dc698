using System.Text.Json.Serialization;

namespace Berth.Ec2.Api;

public sealed record DescribeAvailabilityZonesRequest : Ec2Request
{
    [JsonPropertyName("ZoneName")]
    public List<string>? ZoneNames { get; init; }

    [JsonPropertyName("ZoneId")]
    public List<string>? ZoneIds { get; init; }

    public bool? AllAvailabilityZones { get; init; }

    [JsonPropertyName("Filter")]
    public List<Filter>? Filters { get; init; }
}

public sealed record DescribeAvailabilityZonesOutput([property: JsonPropertyName("availabilityZoneInfo")] List<AvailabilityZoneShape> AvailabilityZones);

public sealed record AvailabilityZoneShape
{
    public string OptInStatus { get; init; } = "opt-in-not-required";

    [JsonPropertyName("messageSet")]
    public List<string> Messages { get; init; } = [];

    public required string RegionName { get; init; }
    public required string ZoneName { get; init; }
    public required string ZoneId { get; init; }
    public required string GroupName { get; init; }
    public required string NetworkBorderGroup { get; init; }
    public string ZoneType { get; init; } = "availability-zone";

    [JsonPropertyName("zoneState")]
    public string State { get; init; } = "available";
}

public sealed record DescribeAccountAttributesRequest : Ec2Request
{
    [JsonPropertyName("attributeName")]
    public List<string>? AttributeNames { get; init; }
}

public sealed record DescribeAccountAttributesOutput([property: JsonPropertyName("accountAttributeSet")] List<AccountAttributeShape> AccountAttributes);

public sealed record AccountAttributeShape(string AttributeName, [property: JsonPropertyName("attributeValueSet")] List<AttributeValueShape> AttributeValues);

public sealed record AttributeValueShape(string AttributeValue);
