using System.Text.RegularExpressions;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Ssm.Api;
using static Berth.Ssm.SsmErrors;

namespace Berth.Ssm;

/// <summary>AddTagsToResource, RemoveTagsFromResource and ListTagsForResource for parameters (the one resource type Berth's SSM has).</summary>
sealed partial class ParameterTags(IStateStore store, Arns arns, TagService tags)
{
    public const int MaxTags = 50;
    public const string TooMany = "TooManyTagsError";

    static readonly string[] ResourceTypes = ["Document", "ManagedInstance", "MaintenanceWindow", "Parameter", "PatchBaseline", "OpsItem", "OpsMetadata", "Automation", "Association"];

    public async Task AddAsync(SsmRequest r, CancellationToken ct)
    {
        var arn = await ArnAsync(r.ResourceType, r.ResourceId, ct);
        Count(r.Tags, "tags", 0, 1000);
        await tags.TagAsync(arn, Validate(r.Tags), ct, TooMany);
    }

    public async Task RemoveAsync(SsmRequest r, CancellationToken ct)
    {
        var arn = await ArnAsync(r.ResourceType, r.ResourceId, ct);
        Count(r.TagKeys, "tagKeys", 0, 1000);
        await tags.UntagAsync(arn, r.TagKeys!, ct);
    }

    public async Task<ListTagsForResourceResponse> ListAsync(SsmRequest r, CancellationToken ct) =>
        new(await tags.GetAsync(await ArnAsync(r.ResourceType, r.ResourceId, ct), ct));

    /// <summary>Checks tags as SSM does: keys 1–128 and values 0–256 of letters, digits, spaces and <c>_.:/=+-@</c>, no <c>aws:</c> keys, at most 50.</summary>
    public static List<Tag> Validate(List<Tag>? list)
    {
        foreach (var t in list ?? [])
        {
            Required(t?.Key, "tags.member.key", 1, 128);
            Required(t!.Value, "tags.member.value", 0, 256);
            if (!TagPattern().IsMatch(t.Key!) || !TagPattern().IsMatch(t.Value!))
                throw Constraint($"Value '{t.Key}' at 'tags.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{{L}}\\p{{Z}}\\p{{N}}_.:/=+\\-@]*)$");
            if (t.Key!.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw Validation($"Tag key '{t.Key}' uses the reserved prefix 'aws:'.");
        }
        if (list is { Count: > MaxTags })
            throw new AwsException(TooMany, $"A parameter can have at most {MaxTags} tags.");
        return list ?? [];
    }

    async Task<string> ArnAsync(string? resourceType, string? resourceId, CancellationToken ct)
    {
        if (resourceType is null || !ResourceTypes.Contains(resourceType))
            throw Constraint($"Value '{resourceType}' at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", ResourceTypes)}]");
        if (resourceType != "Parameter")
            throw new AwsException("InvalidResourceType", $"Berth's Systems Manager has parameters only: ResourceType {resourceType} is not supported. Use Parameter.");
        Required(resourceId, "resourceId", 1, 2048);
        var reference = ParameterNames.Parse(arns, resourceId!);
        if (reference is null || reference.Selector is not null || await store.GetAsync(SsmKinds.Parameters, reference.Key, ct) is null)
            throw new AwsException("InvalidResourceId", $"The resource ID isn't valid: there is no parameter {resourceId}.");
        return ParameterNames.Arn(arns, reference.Key);
    }

    [GeneratedRegex(@"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$")]
    private static partial Regex TagPattern();
}
