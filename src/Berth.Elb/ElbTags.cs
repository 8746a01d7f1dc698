using System.Text.RegularExpressions;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Elb;

/// <summary>AddTags, RemoveTags and DescribeTags of load balancers, target groups, listeners and rules (kept by ARN in TagService).</summary>
public sealed partial class ElbTags(IStateStore store, TagService tags)
{
    public const int MaxTags = 50;
    const int MaxResources = 20;

    /// <summary>ELB's tag rules: keys 1–128 and values up to 256 of letters, digits, spaces and _.:/=+-@, no aws: keys, no key twice.</summary>
    public static List<Tag> Validate(IReadOnlyList<Tag>? tagList)
    {
        var list = (tagList ?? []).ToList();
        foreach (var t in list)
        {
            if (string.IsNullOrEmpty(t.Key))
                throw ElbRefusals.Missing("tags.member.key");
            if (t.Key.Length > 128 || !TagPattern().IsMatch(t.Key))
                throw ElbErrors.Validation($"Tag key '{t.Key}' is not valid: use 1 to 128 letters, digits, spaces and _.:/=+-@");
            if ((t.Value?.Length ?? 0) > 256 || !TagPattern().IsMatch(t.Value ?? ""))
                throw ElbErrors.Validation($"The value of tag '{t.Key}' is not valid: use up to 256 letters, digits, spaces and _.:/=+-@");
            if (t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw ElbErrors.Validation($"Tag key '{t.Key}' uses the reserved prefix 'aws:'.");
        }
        if (list.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dup)
            throw new AwsException("DuplicateTagKeys", $"Tag key '{dup.Key}' is given more than once.");
        if (list.Count > MaxTags)
            throw new AwsException("TooManyTags", $"A resource can have at most {MaxTags} tags.");
        return list.Select(t => new Tag { Key = t.Key, Value = t.Value ?? "" }).ToList();
    }

    public async Task AddAsync(IReadOnlyList<string>? arns, IReadOnlyList<Tag>? tagList, CancellationToken ct)
    {
        var resources = await RequireResourcesAsync(arns, ct);
        if (tagList is null)
            throw ElbRefusals.Missing("tags");
        var add = Validate(tagList);
        if (add.Count == 0)
            throw ElbErrors.Validation("Tags must name at least one tag.");
        foreach (var arn in resources)
        {
            var current = await tags.GetAsync(arn, ct);
            if (current.Select(t => t.Key).Union(add.Select(t => t.Key), StringComparer.Ordinal).Count() > MaxTags)
                throw new AwsException("TooManyTags", $"Resource '{arn}' would have more than {MaxTags} tags.");
        }
        foreach (var arn in resources)
            await tags.TagAsync(arn, add, ct, "TooManyTags");
    }

    public async Task RemoveAsync(IReadOnlyList<string>? arns, IReadOnlyList<string>? keys, CancellationToken ct)
    {
        var resources = await RequireResourcesAsync(arns, ct);
        if (keys is null)
            throw ElbRefusals.Missing("tagKeys");
        foreach (var arn in resources)
            await tags.UntagAsync(arn, keys, ct);
    }

    public async Task<List<(string Arn, List<Tag> Tags)>> DescribeAsync(IReadOnlyList<string>? arns, CancellationToken ct)
    {
        var result = new List<(string, List<Tag>)>();
        foreach (var arn in await RequireResourcesAsync(arns, ct))
            result.Add((arn, await tags.GetAsync(arn, ct)));
        return result;
    }

    async Task<List<string>> RequireResourcesAsync(IReadOnlyList<string>? arns, CancellationToken ct)
    {
        if (arns is null)
            throw ElbRefusals.Missing("resourceArns");
        if (arns.Count is 0 or > MaxResources)
            throw ElbErrors.Validation($"ResourceArns must name 1 to {MaxResources} resources.");
        foreach (var arn in arns)
            await RequireResourceAsync(arn, ct);
        return arns.Distinct(StringComparer.Ordinal).ToList();
    }

    async Task RequireResourceAsync(string arn, CancellationToken ct)
    {
        var resource = Arns.Parse(arn) is { Service: "elasticloadbalancing" } p ? p.Resource : "";
        if (resource.StartsWith("loadbalancer/", StringComparison.Ordinal))
            _ = await store.GetAsync(ElbKinds.LoadBalancers, arn, ct) ?? throw ElbErrors.LoadBalancerNotFound(arn);
        else if (resource.StartsWith("targetgroup/", StringComparison.Ordinal))
            _ = await store.GetAsync(ElbKinds.TargetGroups, arn, ct) ?? throw ElbErrors.TargetGroupNotFound(arn);
        else if (resource.StartsWith("listener/", StringComparison.Ordinal))
            _ = await store.GetAsync(ElbKinds.Listeners, arn, ct) ?? throw ElbErrors.ListenerNotFound(arn);
        else if (resource.StartsWith("listener-rule/", StringComparison.Ordinal))
            _ = await store.GetAsync(ElbKinds.ListenerRules, arn, ct) ?? throw ElbErrors.RuleNotFound(arn);
        else
            throw ElbErrors.Validation($"'{arn}' is not the ARN of a load balancer, target group, listener or rule.");
    }

    [GeneratedRegex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$")]
    private static partial Regex TagPattern();
}
