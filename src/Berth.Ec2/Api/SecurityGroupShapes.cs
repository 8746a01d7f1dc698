using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Ec2.Api;

public sealed record DescribeSecurityGroupsRequest : DescribeRequest
{
    [JsonPropertyName("GroupId")]
    public List<string>? GroupIds { get; init; }

    [JsonPropertyName("GroupName")]
    public List<string>? GroupNames { get; init; }
}

public sealed record DescribeSecurityGroupsOutput
{
    public string? NextToken { get; init; }

    [JsonPropertyName("securityGroupInfo")]
    public required List<SecurityGroupShape> SecurityGroups { get; init; }
}

public sealed record CreateSecurityGroupRequest : Ec2Request
{
    [JsonPropertyName("GroupDescription")]
    public string? Description { get; init; }

    public string? GroupName { get; init; }
    public string? VpcId { get; init; }

    [JsonPropertyName("TagSpecification")]
    public List<TagSpecification>? TagSpecifications { get; init; }
}

public sealed record CreateSecurityGroupOutput
{
    public required string GroupId { get; init; }

    [JsonPropertyName("tagSet")]
    public List<TagShape>? Tags { get; init; }

    public required string SecurityGroupArn { get; init; }
}

public sealed record DeleteSecurityGroupRequest : Ec2Request
{
    public string? GroupId { get; init; }
    public string? GroupName { get; init; }
}

public sealed record DeleteSecurityGroupOutput(bool Return, string GroupId);

/// <summary>
/// Authorize and Revoke, ingress and egress: the group (by id, or by name in the default VPC for ingress), the rules as
/// IpPermissions, or one rule in the older flat form (CidrIp, IpProtocol, FromPort, ToPort, SourceSecurityGroupName).
/// </summary>
public sealed record SecurityGroupRulesRequest : Ec2Request
{
    public string? GroupId { get; init; }
    public string? GroupName { get; init; }
    public List<IpPermissionShape>? IpPermissions { get; init; }
    public string? CidrIp { get; init; }
    public string? IpProtocol { get; init; }
    public int? FromPort { get; init; }
    public int? ToPort { get; init; }
    public string? SourceSecurityGroupName { get; init; }
    public string? SourceSecurityGroupOwnerId { get; init; }

    [JsonPropertyName("SecurityGroupRuleId")]
    public List<string>? SecurityGroupRuleIds { get; init; }

    [JsonPropertyName("TagSpecification")]
    public List<TagSpecification>? TagSpecifications { get; init; }
}

public sealed record AuthorizeOutput(bool Return, [property: JsonPropertyName("securityGroupRuleSet")] List<SecurityGroupRuleShape> SecurityGroupRules);

public sealed record RevokeOutput
{
    public bool Return { get; init; } = true;

    [JsonPropertyName("unknownIpPermissionSet")]
    public List<IpPermissionShape>? UnknownIpPermissions { get; init; }

    [JsonPropertyName("revokedSecurityGroupRuleSet")]
    public required List<RevokedRuleShape> RevokedSecurityGroupRules { get; init; }
}

public sealed record IpPermissionShape
{
    public string? IpProtocol { get; init; }
    public int? FromPort { get; init; }
    public int? ToPort { get; init; }

    [JsonPropertyName("groups")]
    public List<UserIdGroupPairShape>? UserIdGroupPairs { get; init; }

    public List<IpRangeShape>? IpRanges { get; init; }
    public List<JsonElement>? Ipv6Ranges { get; init; }
    public List<JsonElement>? PrefixListIds { get; init; }
}

public sealed record IpRangeShape
{
    public string? Description { get; init; }
    public string? CidrIp { get; init; }
}

public sealed record UserIdGroupPairShape
{
    public string? Description { get; init; }
    public string? UserId { get; init; }
    public string? GroupName { get; init; }
    public string? GroupId { get; init; }
    public string? VpcId { get; init; }
    public JsonElement? VpcPeeringConnectionId { get; init; }
    public JsonElement? PeeringStatus { get; init; }
}

public sealed record SecurityGroupShape
{
    public required string GroupId { get; init; }
    public required List<IpPermissionShape> IpPermissionsEgress { get; init; }

    [JsonPropertyName("tagSet")]
    public required List<TagShape> Tags { get; init; }

    public required string VpcId { get; init; }
    public required string SecurityGroupArn { get; init; }
    public required string OwnerId { get; init; }
    public required string GroupName { get; init; }

    [JsonPropertyName("groupDescription")]
    public required string Description { get; init; }

    public required List<IpPermissionShape> IpPermissions { get; init; }
}

public sealed record DescribeSecurityGroupRulesRequest : DescribeRequest
{
    [JsonPropertyName("SecurityGroupRuleId")]
    public List<string>? SecurityGroupRuleIds { get; init; }
}

public sealed record DescribeSecurityGroupRulesOutput
{
    [JsonPropertyName("securityGroupRuleSet")]
    public required List<SecurityGroupRuleShape> SecurityGroupRules { get; init; }

    public string? NextToken { get; init; }
}

public sealed record SecurityGroupRuleShape
{
    public required string SecurityGroupRuleId { get; init; }
    public required string GroupId { get; init; }
    public required string GroupOwnerId { get; init; }
    public bool IsEgress { get; init; }
    public required string IpProtocol { get; init; }
    public int FromPort { get; init; }
    public int ToPort { get; init; }
    public string? CidrIpv4 { get; init; }
    public ReferencedGroupShape? ReferencedGroupInfo { get; init; }
    public string? Description { get; init; }

    [JsonPropertyName("tagSet")]
    public required List<TagShape> Tags { get; init; }

    public required string SecurityGroupRuleArn { get; init; }
}

public sealed record ReferencedGroupShape(string GroupId, string UserId);

public sealed record RevokedRuleShape
{
    public required string SecurityGroupRuleId { get; init; }
    public required string GroupId { get; init; }
    public bool IsEgress { get; init; }
    public required string IpProtocol { get; init; }
    public int FromPort { get; init; }
    public int ToPort { get; init; }
    public string? CidrIpv4 { get; init; }
    public string? ReferencedGroupId { get; init; }
    public string? Description { get; init; }
}

public sealed record ModifySecurityGroupRulesRequest : Ec2Request
{
    public string? GroupId { get; init; }

    [JsonPropertyName("SecurityGroupRule")]
    public List<RuleUpdateShape>? SecurityGroupRules { get; init; }
}

public sealed record RuleUpdateShape
{
    public string? SecurityGroupRuleId { get; init; }
    public RuleRequestShape? SecurityGroupRule { get; init; }
}

public sealed record RuleRequestShape
{
    public string? IpProtocol { get; init; }
    public int? FromPort { get; init; }
    public int? ToPort { get; init; }
    public string? CidrIpv4 { get; init; }
    public JsonElement? CidrIpv6 { get; init; }
    public JsonElement? PrefixListId { get; init; }
    public string? ReferencedGroupId { get; init; }
    public string? Description { get; init; }
}
