using System.Text.Json.Serialization;
using Berth.Kernel.Storage;

namespace Berth.Kernel.Tagging;

/// <summary>An AWS resource tag (ECS shape: lower-case key/value).</summary>
public sealed record Tag
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

/// <summary>The tags of one resource, by ARN (ECS keeps tags apart from the resources they label).</summary>
public sealed record ResourceTags
{
    public required string Arn { get; set; }
    public List<Tag> Tags { get; set; } = [];
}

/// <summary>Tags are kept apart from the resources they label, by ARN, for every service.</summary>
public static class TagKinds
{
    public static readonly ResourceKind<ResourceTags> Tags = new(
        "tags", r => r.Arn, _ => null, _ => null, _ => null, _ => 0, TaggingJson.Default.ResourceTags);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResourceTags))]
internal sealed partial class TaggingJson : JsonSerializerContext;
