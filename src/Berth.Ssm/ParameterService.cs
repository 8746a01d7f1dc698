using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Ssm.Api;
using static Berth.Ssm.SsmErrors;
using static Berth.Ssm.SsmKinds;

namespace Berth.Ssm;

/// <summary>Writing parameters: PutParameter (a new version each time, at most 100 kept) and deleting them.</summary>
sealed class ParameterService(IStateStore store, Arns arns, ParameterCipher cipher, TimeProvider clock)
{
    public const int MaxVersions = 100;

    public async Task<PutParameterResponse> PutAsync(SsmRequest r, CancellationToken ct)
    {
        var name = ParameterNames.Validate(arns, r.Name);
        var key = ParameterNames.Key(name);
        var value = Required(r.Value, "value", 1, int.MaxValue);
        Length(r.Description, "description", 0, 1024);
        Length(r.AllowedPattern, "allowedPattern", 0, 1024);
        Length(r.DataType, "dataType", 0, 128);
        ParameterRules.RequireType(r.Type);
        ParameterRules.RequireTier(r.Tier);
        if (r.Overwrite == true && r.Tags is { Count: > 0 })
            throw Validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
        if (r.Policies is not null)
            throw Validation("Policies are not supported: Berth does not run parameter policies (Expiration, ExpirationNotification, NoChangeNotification) yet. Leave Policies out.");
        var initialTags = ParameterTags.Validate(r.Tags);
        var arn = ParameterNames.Arn(arns, key);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.GetAsync(Parameters, key, ct);
            if (stored is not null && r.Overwrite != true)
                throw AlreadyExists();
            var previous = stored?.Value.Current;
            var type = r.Type ?? previous?.Type ?? throw Validation("A parameter type is required when you create a parameter.");
            var pattern = r.AllowedPattern ?? previous?.AllowedPattern;
            ParameterRules.RequirePattern(pattern, value);
            var version = (previous?.Version ?? 0) + 1;
            var next = new ParameterVersion
            {
                Key = key,
                Name = previous?.Name ?? name,
                Version = version,
                Type = type,
                Value = type == ParameterVersion.SecureString ? null : value,
                Ciphertext = type == ParameterVersion.SecureString ? cipher.Seal(arn, version, value) : null,
                KeyId = ParameterRules.KeyId(arns, type, r.KeyId),
                Description = r.Description ?? previous?.Description,
                AllowedPattern = pattern,
                Tier = ParameterRules.Tier(r.Tier, previous?.Tier, value.Length),
                DataType = ParameterRules.DataType(r.DataType, previous?.DataType),
                LastModifiedDate = clock.GetUtcNow(),
            };
            try
            {
                await store.CommitAsync(stored is null ? CreateWrites(next, arn, initialTags) : await OverwriteWritesAsync(stored, next, ct), ct);
                return new PutParameterResponse(version, next.Tier);
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                // Another PutParameter got there first: decide again on what it wrote (it may now exist, or be newer).
            }
        }
    }

    static List<StoreWrite> CreateWrites(ParameterVersion first, string arn, List<Tag> tags)
    {
        var writes = new List<StoreWrite> { StoreWrite.Insert(Parameters, new Parameter { Key = first.Key, Current = first }), StoreWrite.Insert(Versions, first) };
        if (TagService.Initial(arn, tags) is { } tagWrite)
            writes.Add(tagWrite);
        return writes;
    }

    /// <summary>The new version, and the oldest one dropped when 100 are kept already (refused while it carries a label, as AWS does).</summary>
    async Task<List<StoreWrite>> OverwriteWritesAsync(Stored<Parameter> stored, ParameterVersion next, CancellationToken ct)
    {
        var head = stored.Value;
        var writes = new List<StoreWrite> { StoreWrite.Update(Parameters, head with { Current = next }, stored.Version), StoreWrite.Insert(Versions, next) };
        var kept = await store.ListAsync(Versions, new StoreQuery { Scope = head.Key }, ct);
        foreach (var oldest in kept.Take(Math.Max(0, kept.Count + 1 - MaxVersions)))
        {
            if (head.LabelsOf(oldest.Value.Version).Count > 0)
            {
                throw new AwsException("ParameterMaxVersionLimitExceeded",
                    $"You attempted to create a new version of {head.Current.Name} by calling the PutParameter API with the overwrite flag. Version {oldest.Value.Version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.");
            }
            writes.Add(StoreWrite.Delete(Versions, VersionId(oldest.Value), oldest.Version));
        }
        return writes;
    }

    public async Task DeleteAsync(string? name, CancellationToken ct)
    {
        Required(name, "name", 1, 2048);
        if (!await TryDeleteAsync(name!, ct))
            throw NotFound(name!);
    }

    public async Task<DeleteParametersResponse> DeleteManyAsync(List<string>? names, CancellationToken ct)
    {
        Count(names, "names", 1, 10);
        var deleted = new List<string>();
        var invalid = new List<string>();
        foreach (var name in names!.Distinct(StringComparer.Ordinal))
            (await TryDeleteAsync(name, ct) ? deleted : invalid).Add(name);
        return new DeleteParametersResponse(deleted, invalid);
    }

    /// <summary>Deletes a parameter with every version and its tags; false when there is none.</summary>
    async Task<bool> TryDeleteAsync(string name, CancellationToken ct)
    {
        var reference = ParameterNames.Parse(arns, name);
        if (reference is null || reference.Selector is not null)
            return false;
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.GetAsync(Parameters, reference.Key, ct);
            if (stored is null)
                return false;
            var writes = (await store.ListAsync(Versions, new StoreQuery { Scope = reference.Key }, ct))
                .Select(v => StoreWrite.Delete(Versions, VersionId(v.Value), v.Version)).ToList();
            writes.Add(StoreWrite.Delete(Parameters, reference.Key, stored.Version));
            if (await store.GetAsync(TagKinds.Tags, ParameterNames.Arn(arns, reference.Key), ct) is { } tagged)
                writes.Add(StoreWrite.Delete(TagKinds.Tags, tagged.Value.Arn, tagged.Version));
            try
            {
                await store.CommitAsync(writes, ct);
                return true;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                // A new version landed meanwhile: delete that one too.
            }
        }
    }
}
