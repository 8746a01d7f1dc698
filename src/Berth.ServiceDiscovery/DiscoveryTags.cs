using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.DiscoveryErrors;

namespace Berth.ServiceDiscovery;

/// <summary>TagResource, UntagResource and ListTagsForResource on namespaces and services, by ARN.</summary>
sealed class DiscoveryTags(IStateStore store, Arns arns, TagService tags)
{
    public const int MaxTags = 50;

    public async Task TagAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var arn = await ArnAsync(r.ResourceARN, ct);
        if (r.Tags is null)
            throw Invalid("Tags is required.");
        var add = Validate(r.Tags);
        var have = await tags.GetAsync(arn, ct);
        if (have.Select(t => t.Key).Union(add.Select(t => t.Key)).Count() > MaxTags)
            throw TooManyTags(arn);
        await tags.TagAsync(arn, add, ct, "TooManyTagsException");
    }

    public async Task UntagAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var arn = await ArnAsync(r.ResourceARN, ct);
        var keys = r.TagKeys ?? throw Invalid("TagKeys is required.");
        if (keys.Count > 200)
            throw Invalid("TagKeys may name at most 200 keys.");
        foreach (var k in keys)
            Required(k, "TagKeys member", 128);
        await tags.UntagAsync(arn, keys, ct);
    }

    public async Task<ListTagsForResourceResponse> ListAsync(DiscoveryRequest r, CancellationToken ct) =>
        new(await tags.GetAsync(await ArnAsync(r.ResourceARN, ct), ct));

    /// <summary>Tags as the model bounds them: keys 1–128 characters (not <c>aws:</c>), values 0–256, at most 50 (200 in one list).</summary>
    public static List<Tag> Validate(List<Tag>? list)
    {
        if (list is { Count: > 200 })
            throw Invalid("Tags may hold at most 200 tags.");
        foreach (var t in list ?? [])
        {
            Required(t?.Key, "Tag.Key", 128);
            Required(t!.Value, "Tag.Value", 256, 0);
            if (t.Key!.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw Invalid($"Tag key '{t.Key}' uses the reserved prefix 'aws:'.");
        }
        if (list?.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() > MaxTags)
            throw new AwsException("TooManyTagsException", $"A resource can have at most {MaxTags} tags.");
        return list ?? [];
    }

    /// <summary>The ARN of an existing namespace or service of this account; anything else is ResourceNotFoundException.</summary>
    async Task<string> ArnAsync(string? arn, CancellationToken ct)
    {
        Required(arn, "ResourceARN", 1011);
        if (DiscoveryIds.IdOf(arns, arn!, "namespace") is { } ns && arn!.StartsWith("arn:", StringComparison.Ordinal)
            && await store.GetAsync(DiscoveryKinds.Namespaces, ns, ct) is { } n)
        {
            return n.Value.Arn;
        }
        if (DiscoveryIds.IdOf(arns, arn!, "service") is { } srv && arn!.StartsWith("arn:", StringComparison.Ordinal)
            && await store.GetAsync(DiscoveryKinds.Services, srv, ct) is { } s)
        {
            return s.Value.Arn;
        }
        throw ResourceNotFound(arn!);
    }
}
