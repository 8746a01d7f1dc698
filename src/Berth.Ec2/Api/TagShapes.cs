using System.Text.Json.Serialization;

namespace Berth.Ec2.Api;

public sealed record CreateTagsRequest : Ec2Request
{
    [JsonPropertyName("ResourceId")]
    public List<string>? Resources { get; init; }

    [JsonPropertyName("Tag")]
    public List<TagShape>? Tags { get; init; }
}

public sealed record DescribeTagsRequest : DescribeRequest;

public sealed record DescribeTagsOutput
{
    public string? NextToken { get; init; }

    [JsonPropertyName("tagSet")]
    public required List<TagDescriptionShape> Tags { get; init; }
}

public sealed record TagDescriptionShape(string Key, string ResourceId, string ResourceType, string Value);
