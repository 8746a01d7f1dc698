using Berth.Ec2.Api;

namespace Berth.Ec2;

/// <summary>EC2's tag rules: keys 1–128 characters, not starting with <c>aws:</c>; values up to 256; at most 50 per resource.</summary>
static class Ec2Tagging
{
    public const int MaxTags = 50;

    public static List<Ec2Tag> Checked(IEnumerable<TagShape>? tags)
    {
        var result = new List<Ec2Tag>();
        foreach (var t in tags ?? [])
        {
            if (string.IsNullOrEmpty(t.Key))
                throw Ec2Errors.InvalidValue("Tag key must not be empty: give each Tag.N.Key.");
            if (t.Key.Length > 128)
                throw Ec2Errors.InvalidValue("Tag.N.Key", t.Key, "Tag keys are at most 128 characters long.");
            if (t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw Ec2Errors.InvalidValue($"Tag keys starting with 'aws:' are reserved for internal use: '{t.Key}'.");
            if ((t.Value ?? "").Length > 256)
                throw Ec2Errors.InvalidValue("Tag.N.Value", t.Value, "Tag values are at most 256 characters long.");
            result.RemoveAll(x => x.Key == t.Key);
            result.Add(new Ec2Tag(t.Key, t.Value ?? ""));
        }
        return result;
    }

    /// <summary>The tags of the TagSpecifications for <paramref name="resourceType"/>; a specification for another type is refused.</summary>
    public static List<Ec2Tag> FromSpecifications(List<TagSpecification>? specifications, string resourceType)
    {
        var tags = new List<TagShape>();
        foreach (var s in specifications ?? [])
        {
            if (s.ResourceType is null)
                throw Ec2Errors.Missing("TagSpecification.N.ResourceType");
            if (s.ResourceType != resourceType)
                throw Ec2Errors.InvalidValue($"'{s.ResourceType}' is not a valid taggable resource type for this operation: tag a {resourceType}.");
            tags.AddRange(s.Tags ?? []);
        }
        var result = Checked(tags);
        return result.Count <= MaxTags ? result : throw Limit();
    }

    /// <summary>CreateTags: new keys added, existing keys' values replaced.</summary>
    public static List<Ec2Tag> Merge(List<Ec2Tag> existing, List<Ec2Tag> added)
    {
        var result = existing.Where(e => !added.Any(a => a.Key == e.Key)).Concat(added).ToList();
        return result.Count <= MaxTags ? result : throw Limit();
    }

    /// <summary>DeleteTags: every tag when none is named; a tag named with a value only when its value is that value.</summary>
    public static List<Ec2Tag> Remove(List<Ec2Tag> existing, List<TagShape>? removed) =>
        removed is not { Count: > 0 }
            ? []
            : [.. existing.Where(e => !removed.Any(r => r.Key == e.Key && (r.Value is null || r.Value == e.Value)))];

    public static List<TagShape> Shapes(IEnumerable<Ec2Tag> tags) => [.. tags.Select(t => new TagShape { Key = t.Key, Value = t.Value })];

    static Kernel.AwsException Limit() => new("TagLimitExceeded", $"The maximum number of tags per resource is {MaxTags}.");
}
