using Berth.Kernel.Tagging;

namespace Berth.CloudWatch;

/// <summary>CloudWatch's tag rules for alarms: at most 50, keys of 1–128 characters outside <c>aws:</c>, values up to 256.</summary>
public static class AlarmTags
{
    public const int MaxTags = 50;

    public static void Validate(IReadOnlyCollection<Tag> tags)
    {
        foreach (var t in tags)
        {
            if (string.IsNullOrEmpty(t.Key) || t.Key.Length > 128 || t.Value is null || t.Value.Length > 256)
                throw CloudWatchErrors.InvalidParameterValue("Every tag needs a Key of 1 to 128 characters and a Value of at most 256.");
            if (t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw CloudWatchErrors.InvalidParameterValue($"The tag key '{t.Key}' uses the prefix 'aws:', which is reserved for AWS.");
        }
        if (tags.Count > MaxTags)
            throw CloudWatchErrors.InvalidParameterValue($"The collection Tags must not have a size greater than {MaxTags}.");
    }

    /// <summary>The tags after adding <paramref name="added"/>: a key given again takes the new value.</summary>
    public static List<Tag> Merge(IEnumerable<Tag> current, IReadOnlyCollection<Tag> added)
    {
        var result = current.Where(t => added.All(a => a.Key != t.Key)).Concat(added).ToList();
        Validate(result);
        return result;
    }

    public static List<Tag> Remove(IEnumerable<Tag> current, IReadOnlyCollection<string> keys) =>
        current.Where(t => !keys.Contains(t.Key!)).ToList();

    /// <summary>The alarm an ARN names (<c>arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME</c>); other CloudWatch resources Berth does not have.</summary>
    public static string AlarmName(string? arn)
    {
        if (string.IsNullOrEmpty(arn))
            throw CloudWatchErrors.MissingParameter("ResourceARN");
        var parsed = Berth.Kernel.Arns.Parse(arn);
        if (parsed is null || parsed.Service != "cloudwatch")
            throw CloudWatchErrors.InvalidParameterValue($"'{arn}' is not a CloudWatch resource ARN.");
        if (!parsed.Resource.StartsWith("alarm:", StringComparison.Ordinal) || parsed.Resource.Length == "alarm:".Length)
            throw CloudWatchErrors.InvalidParameterValue($"'{arn}' does not name an alarm: Berth's CloudWatch has alarms only (no Contributor Insights rules or metric streams).");
        return parsed.Resource["alarm:".Length..];
    }
}
