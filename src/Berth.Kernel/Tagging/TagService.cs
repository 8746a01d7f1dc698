using Berth.Kernel.Storage;

namespace Berth.Kernel.Tagging;

/// <summary>Tags of clusters, task definitions and tasks, kept by ARN.</summary>
public sealed class TagService(IStateStore store)
{
    const int MaxTags = 50;

    public async Task<List<Tag>> GetAsync(string arn, CancellationToken ct) =>
        (await store.GetAsync(TagKinds.Tags, arn, ct))?.Value.Tags ?? [];

    /// <summary>Checks tags as ECS does: at most 50, keys 1–128 characters, values up to 256, no <c>aws:</c> prefix.</summary>
    /// <summary>The error ECR gives for too many tags (ECS says InvalidParameterException).</summary>
    public const string EcrTooMany = "TooManyTagsException";

    public static List<Tag> Validate(IEnumerable<Tag>? tags, string tooManyCode = "InvalidParameterException")
    {
        var list = (tags ?? []).ToList();
        foreach (var t in list)
        {
            if (string.IsNullOrEmpty(t.Key) || t.Key.Length > 128)
                throw AwsException.InvalidParameter("Tag keys must be between 1 and 128 characters long.");
            if ((t.Value?.Length ?? 0) > 256)
                throw AwsException.InvalidParameter($"The value of tag '{t.Key}' is longer than 256 characters.");
            if (t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw AwsException.InvalidParameter($"Tag key '{t.Key}' uses the reserved prefix 'aws:'.");
        }
        if (list.Count > MaxTags)
            throw new AwsException(tooManyCode, $"A resource can have at most {MaxTags} tags.");
        return list;
    }

    /// <summary>The write that gives a new resource its first tags (part of the resource's own commit).</summary>
    public static StoreWrite? Initial(string arn, List<Tag> tags) =>
        tags.Count == 0 ? null : StoreWrite.Insert(TagKinds.Tags, new ResourceTags { Arn = arn, Tags = tags });

    public Task TagAsync(string arn, IEnumerable<Tag> tags, CancellationToken ct, string tooManyCode = "InvalidParameterException")
    {
        var add = Validate(tags, tooManyCode);
        return ChangeAsync(arn, tooManyCode, list =>
        {
            foreach (var t in add)
            {
                list.RemoveAll(x => x.Key == t.Key);
                list.Add(t);
            }
        }, ct);
    }

    public Task UntagAsync(string arn, IEnumerable<string> keys, CancellationToken ct)
    {
        var remove = keys.ToHashSet(StringComparer.Ordinal);
        return ChangeAsync(arn, "InvalidParameterException", list => list.RemoveAll(t => remove.Contains(t.Key!)), ct);
    }

    async Task ChangeAsync(string arn, string tooManyCode, Action<List<Tag>> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(TagKinds.Tags, arn, ct);
            var rec = stored?.Value ?? new ResourceTags { Arn = arn };
            change(rec.Tags);
            Validate(rec.Tags, tooManyCode);
            try
            {
                await store.CommitAsync(stored is null ? StoreWrite.Insert(TagKinds.Tags, rec) : StoreWrite.Update(TagKinds.Tags, rec, stored.Version), ct);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                // Re-read and apply again.
            }
        }
    }
}
