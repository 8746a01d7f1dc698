using System.Text.RegularExpressions;
using Berth.Kernel;
using Berth.Kernel.Tagging;

namespace Berth.Logs.Tags;

/// <summary>
/// Tags of log groups, in both of CloudWatch Logs' generations: by ARN (TagResource; the group's ARN with or without
/// the trailing <c>:*</c>) and by name (TagLogGroup). Kept by the group's ARN as DescribeLogGroups shows it.
/// </summary>
public sealed partial class LogGroupTags(ILogStore store, TagService tags, Arns arns)
{
    public const int MaxTags = 50;

    /// <summary>
    /// The group an ARN names: <c>arn:aws:logs:REGION:ACCOUNT:log-group:NAME</c> (DescribeLogGroups' <c>logGroupArn</c>).
    /// The <c>arn</c> form with a trailing <c>:*</c> is refused as AWS refuses it — ValidationException "Invalid
    /// resourceArn" (the model's ARN pattern has no '*'), though the model lists no such error for these operations.
    /// </summary>
    public string GroupOf(string? resourceArn)
    {
        if (string.IsNullOrEmpty(resourceArn) || resourceArn.Length > 1011 || Arns.Parse(resourceArn) is not { } arn)
            throw Invalid($"'{resourceArn}' is not an ARN.");
        if (!ArnPattern().IsMatch(resourceArn))
        {
            throw Invalid(resourceArn.EndsWith(":*", StringComparison.Ordinal)
                ? $"'{resourceArn}' ends in ':*': give the log group's ARN without it (DescribeLogGroups' logGroupArn)."
                : $"'{resourceArn}' has characters an ARN cannot have.");
        }
        if (arn.Service != "logs")
            throw Invalid($"'{resourceArn}' is not a CloudWatch Logs ARN.");
        if (!arn.Resource.StartsWith("log-group:", StringComparison.Ordinal))
            throw AwsException.ResourceNotFound($"The specified resource does not exist: Berth tags only log groups, and '{resourceArn}' is not one.");
        var name = arn.Resource["log-group:".Length..];
        if (!LogNames.IsValidGroupName(name))
            throw Invalid($"'{resourceArn}' does not name a log group.");
        if (arn.Region != arns.Region || arn.Account != arns.AccountId)
            throw AwsException.ResourceNotFound("The specified log group does not exist.");
        return name;
    }

    static AwsException Invalid(string why) => new("ValidationException", $"Invalid resourceArn: {why}");

    /// <summary>Checks tags as CloudWatch Logs does (keys 1–128 and values up to 256 of letters, digits, spaces and <c>_.:/=+-@</c>; no <c>aws:</c> keys; 1 to 50 of them).</summary>
    public static List<Tag> Validate(IDictionary<string, string>? map, string tooManyCode = "InvalidParameterException")
    {
        if (map is null || map.Count == 0)
            throw AwsException.InvalidParameter("tags must hold at least one tag.");
        foreach (var (key, value) in map)
        {
            if (key.Length is 0 or > 128 || !TagText().IsMatch(key))
                throw AwsException.InvalidParameter($"Invalid tag key '{key}': 1 to 128 letters, digits, spaces and _.:/=+-@.");
            if (value is null || value.Length > 256 || !TagText().IsMatch(value))
                throw AwsException.InvalidParameter($"Invalid value for tag '{key}': up to 256 letters, digits, spaces and _.:/=+-@.");
        }
        return TagService.Validate(map.Select(kv => new Tag { Key = kv.Key, Value = kv.Value }), tooManyCode);
    }

    public async Task<Dictionary<string, string>> ListAsync(string group, CancellationToken ct)
    {
        await RequireGroupAsync(group, ct);
        return (await tags.GetAsync(arns.LogGroup(group), ct)).ToDictionary(t => t.Key!, t => t.Value ?? "", StringComparer.Ordinal);
    }

    public async Task TagAsync(string group, IDictionary<string, string>? map, string tooManyCode, CancellationToken ct)
    {
        var add = Validate(map, tooManyCode);
        await RequireGroupAsync(group, ct);
        await tags.TagAsync(arns.LogGroup(group), add, ct, tooManyCode);
    }

    public async Task UntagAsync(string group, IReadOnlyCollection<string>? keys, bool atLeastOne, CancellationToken ct)
    {
        if (keys is null || (atLeastOne && keys.Count == 0))
            throw AwsException.InvalidParameter(atLeastOne ? "tags must name at least one tag key." : "tagKeys is required.");
        if (keys.Count > MaxTags)
            throw AwsException.InvalidParameter($"At most {MaxTags} tag keys can be removed at once.");
        if (keys.FirstOrDefault(k => k is null || k.Length is 0 or > 128 || !TagText().IsMatch(k)) is { } bad)
            throw AwsException.InvalidParameter($"Invalid tag key '{bad}': 1 to 128 letters, digits, spaces and _.:/=+-@.");
        await RequireGroupAsync(group, ct);
        await tags.UntagAsync(arns.LogGroup(group), keys, ct);
    }

    /// <summary>A deleted group's tags go with it (a group made again under the name starts untagged).</summary>
    public async Task ForgetAsync(string group, CancellationToken ct)
    {
        var arn = arns.LogGroup(group);
        var keys = (await tags.GetAsync(arn, ct)).Select(t => t.Key!).ToList();
        if (keys.Count > 0)
            await tags.UntagAsync(arn, keys, ct);
    }

    async Task RequireGroupAsync(string group, CancellationToken ct)
    {
        LogNames.RequireGroupName(group);
        if (await store.GetGroupAsync(group, ct) is null)
            throw AwsException.ResourceNotFound("The specified log group does not exist.");
    }

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex TagText();

    [GeneratedRegex(@"^[\w+=/:,.@-]*$")]
    private static partial Regex ArnPattern();
}
