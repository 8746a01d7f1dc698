using System.Text.RegularExpressions;

namespace Berth.Iam;

/// <summary>A tag on an IAM user, role or policy.</summary>
public sealed record IamTag(string Key, string Value);

/// <summary>A tag as a request carries it (either member may be missing).</summary>
public sealed record TagInput
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

/// <summary>
/// IAM's tag rules: at most 50 per resource, keys 1–128 and values 0–256 characters of letters, digits, spaces and
/// <c>_.:/=+-@</c>, no <c>aws:</c> prefix, and keys compared without regard to case (a tag replaces the one whose
/// key differs only in case).
/// </summary>
internal static partial class IamTags
{
    public const int Max = 50;

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex TagPattern();

    /// <summary>Checks tags a request gives; null is none.</summary>
    public static List<IamTag> Validate(List<TagInput>? tags)
    {
        if (tags is null)
            return [];
        if (tags.Count > Max)
            throw IamValidation.Constraint($"[{tags.Count} tags]", "tags", $"Member must have length less than or equal to {Max}");
        var result = new List<IamTag>(tags.Count);
        for (var i = 0; i < tags.Count; i++)
        {
            var key = IamValidation.Required(tags[i].Key, $"tags.{i + 1}.member.key");
            var value = IamValidation.Required(tags[i].Value, $"tags.{i + 1}.member.value");
            Check(key, $"tags.{i + 1}.member.key", 1, 128);
            Check(value, $"tags.{i + 1}.member.value", 0, 256);
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw IamErrors.InvalidInput($"User-defined tags cannot begin with the reserved prefix 'aws:': {key}.");
            if (result.Any(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)))
                throw IamErrors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            result.Add(new IamTag(key, value));
        }
        return result;
    }

    public static List<string> ValidateKeys(List<string>? keys)
    {
        var list = keys ?? throw IamValidation.Constraint("null", "tagKeys", "Member must not be null", quote: false);
        if (list.Count > Max)
            throw IamValidation.Constraint($"[{list.Count} keys]", "tagKeys", $"Member must have length less than or equal to {Max}");
        for (var i = 0; i < list.Count; i++)
            Check(list[i], $"tagKeys.{i + 1}.member", 1, 128);
        return list;
    }

    /// <summary>The tags after adding <paramref name="add"/>: a key already there (in any case) takes the new key and value.</summary>
    public static List<IamTag> Merge(IReadOnlyList<IamTag> current, IReadOnlyList<IamTag> add)
    {
        var merged = current.ToList();
        foreach (var tag in add)
        {
            var at = merged.FindIndex(t => string.Equals(t.Key, tag.Key, StringComparison.OrdinalIgnoreCase));
            if (at >= 0)
                merged[at] = tag;
            else
                merged.Add(tag);
        }
        return merged.Count <= Max ? merged : throw IamErrors.LimitExceeded($"The number of tags has reached the maximum limit: a resource can have at most {Max} tags.");
    }

    public static List<IamTag> Remove(IReadOnlyList<IamTag> current, IReadOnlyList<string> keys) =>
        [.. current.Where(t => !keys.Any(k => string.Equals(k, t.Key, StringComparison.OrdinalIgnoreCase)))];

    static void Check(string value, string member, int min, int max)
    {
        IamValidation.Length(value, member, min, max);
        if (!TagPattern().IsMatch(value))
            throw IamValidation.Constraint(value, member, @"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*");
    }
}
