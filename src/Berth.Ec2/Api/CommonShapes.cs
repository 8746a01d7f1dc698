using System.Text.Json.Serialization;

namespace Berth.Ec2.Api;

// EC2's wire shapes. Each member's JSON name is its XML name in the model (locationName, else the member name, in
// camelCase by the context's policy); a request sends it capitalized (IpPermissions.1.Groups.1.GroupId), an answer
// writes it as it is (<groups><item><groupId>). One record thus serves both directions where the model shares a shape.

/// <summary>What every EC2 request may carry: <c>DryRun</c> checks permissions and changes nothing.</summary>
public abstract record Ec2Request
{
    public bool? DryRun { get; init; }
}

/// <summary>An answer with only <c>&lt;return&gt;true&lt;/return&gt;</c> (CreateTags, DeleteVpc, ...).</summary>
public sealed record ReturnOutput
{
    public bool Return { get; init; } = true;
}

public sealed record Filter
{
    public string? Name { get; init; }

    [JsonPropertyName("Value")]
    public List<string>? Values { get; init; }
}

public sealed record TagShape
{
    public string? Key { get; init; }
    public string? Value { get; init; }
}

public sealed record TagSpecification
{
    public string? ResourceType { get; init; }

    [JsonPropertyName("Tag")]
    public List<TagShape>? Tags { get; init; }
}

/// <summary>A Describe call's ids, filters and paging (the id list's name differs per operation).</summary>
public abstract record DescribeRequest : Ec2Request
{
    [JsonPropertyName("Filter")]
    public List<Filter>? Filters { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}
