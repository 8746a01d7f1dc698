using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.SecretsManagerErrors;
using static Berth.SecretsManager.SecretsManagerKinds;

namespace Berth.SecretsManager;

/// <summary>Secrets as resources: creating, updating, describing, deleting (with a recovery window) and restoring them.</summary>
sealed class SecretService(SecretStore secrets, SecretVersionService versions, SecretCipher cipher, TagService tags)
{
    public async Task<SecretIdentity> CreateAsync(SecretsManagerRequest r, CancellationToken ct)
    {
        var name = SecretNames.Validate(r.Name);
        Length(r.Description, "description", 0, 2048);
        SecretNames.RequireDefaultKey(secrets.Arns, r.KmsKeyId);
        RefuseUnsupported(r);
        var value = SecretValue.From(r.SecretString, r.SecretBinary);
        var versionId = SecretNames.VersionId(r.ClientRequestToken);
        var initialTags = TagService.Validate(r.Tags);
        return await SecretStore.RetryAsync(async () =>
        {
            var writes = new List<StoreWrite>();
            if (await secrets.State.GetAsync(Secrets, name, ct) is { } existing)
            {
                if (secrets.Gone(existing.Value))
                    writes.AddRange(await secrets.PurgeWritesAsync(existing, ct)); // its window ended; the controller has not swept it yet
                else if (existing.Value.IsDeleted)
                    throw InvalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
                else
                    return await RepeatedCreateAsync(existing.Value, r.ClientRequestToken, value, ct);
            }
            var now = secrets.Now;
            var secret = new Secret
            {
                Arn = SecretNames.NewArn(secrets.Arns, name),
                Name = name,
                Description = r.Description,
                CreatedDate = now,
                LastChangedDate = now,
                Stages = value is null ? [] : new() { [versionId] = [Secret.Current] },
            };
            writes.Add(StoreWrite.Insert(Secrets, secret));
            if (value is not null)
                writes.Add(StoreWrite.Insert(Versions, cipher.Seal(secret.Arn, versionId, value, now)));
            if (TagService.Initial(secret.Arn, initialTags) is { } tagWrite)
                writes.Add(tagWrite);
            await secrets.State.CommitAsync(writes, ct);
            return new SecretIdentity(secret.Arn, name) { VersionId = value is null ? null : versionId };
        });
    }

    /// <summary>A CreateSecret for a name that exists: a retry of the call that made it (same token, same value) succeeds again.</summary>
    async Task<SecretIdentity> RepeatedCreateAsync(Secret existing, string? token, SecretValue? value, CancellationToken ct)
    {
        if (token is not null && await secrets.VersionAsync(existing.Arn, token, ct) is { } version)
        {
            return cipher.Open(version.Value).SameAs(value)
                ? new SecretIdentity(existing.Arn, existing.Name) { VersionId = token }
                : throw Exists($"You can't use ClientRequestToken {token} because that value is already in use for a version of secret {existing.Arn}.");
        }
        throw Exists($"The operation failed because the secret {existing.Name} already exists.");
    }

    public async Task<SecretIdentity> UpdateAsync(SecretsManagerRequest r, CancellationToken ct)
    {
        Length(r.Description, "description", 0, 2048);
        SecretNames.RequireDefaultKey(secrets.Arns, r.KmsKeyId);
        if (!string.IsNullOrEmpty(r.Type))
            throw InvalidParameter("Type is for secrets managed by an external partner, which Berth does not support. Leave it out.");
        var value = SecretValue.From(r.SecretString, r.SecretBinary);
        var versionId = SecretNames.VersionId(r.ClientRequestToken);
        return await SecretStore.RetryAsync(async () =>
        {
            var stored = await secrets.RequireActiveAsync(r.SecretId, ct);
            var secret = stored.Value;
            var described = r.Description is null ? secret : secret with { Description = r.Description, LastChangedDate = secrets.Now };
            if (value is null)
            {
                if (r.Description is not null)
                    await secrets.State.CommitAsync(StoreWrite.Update(Secrets, described, stored.Version), ct);
                return new SecretIdentity(secret.Arn, secret.Name);
            }
            var (_, writes) = await versions.AddVersionAsync(stored with { Value = described }, versionId, value, [Secret.Current], ct);
            await secrets.State.CommitAsync(writes, ct);
            return new SecretIdentity(secret.Arn, secret.Name) { VersionId = versionId };
        });
    }

    public async Task<SecretDescription> DescribeAsync(string? secretId, CancellationToken ct)
    {
        var secret = (await secrets.RequireAsync(secretId, ct)).Value;
        return await DescribeAsync(secret, listEntry: false, ct);
    }

    /// <summary>What DescribeSecret says of a secret (a ListSecrets entry names the version map differently).</summary>
    public async Task<SecretDescription> DescribeAsync(Secret secret, bool listEntry, CancellationToken ct)
    {
        var tagList = await tags.GetAsync(secret.Arn, ct);
        var stages = secret.Stages.Count == 0 ? null : secret.Stages;
        return new SecretDescription
        {
            ARN = secret.Arn,
            Name = secret.Name,
            Description = secret.Description,
            LastChangedDate = secret.LastChangedDate,
            LastAccessedDate = secret.LastAccessedDate,
            DeletedDate = secret.DeletedDate,
            Tags = tagList.Count == 0 ? null : tagList,
            VersionIdsToStages = listEntry ? null : stages,
            SecretVersionsToStages = listEntry ? stages : null,
            CreatedDate = secret.CreatedDate,
        };
    }

    /// <summary>
    /// Schedules a deletion after the recovery window (7–30 days, 30 by default), or deletes at once with
    /// ForceDeleteWithoutRecovery; the deletion controller removes secrets whose window has passed.
    /// </summary>
    public async Task<DeleteSecretResponse> DeleteAsync(SecretsManagerRequest r, CancellationToken ct)
    {
        var force = r.ForceDeleteWithoutRecovery == true;
        if (r.RecoveryWindowInDays is not null && force)
            throw InvalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        if (r.RecoveryWindowInDays is < 7 or > 30)
            throw InvalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        return await SecretStore.RetryAsync(async () =>
        {
            var stored = await secrets.RequireAsync(r.SecretId, ct);
            var secret = stored.Value;
            var now = secrets.Now;
            if (force)
            {
                await secrets.State.CommitAsync(await secrets.PurgeWritesAsync(stored, ct), ct);
                return new DeleteSecretResponse(secret.Arn, secret.Name, now);
            }
            if (secret.IsDeleted)
                throw InvalidRequest("You can't perform this operation on the secret because it was already scheduled for deletion.");
            var due = now.AddDays(r.RecoveryWindowInDays ?? 30);
            await secrets.State.CommitAsync(StoreWrite.Update(Secrets, secret with { DeletedDate = due }, stored.Version), ct);
            return new DeleteSecretResponse(secret.Arn, secret.Name, due);
        });
    }

    public async Task<SecretIdentity> RestoreAsync(string? secretId, CancellationToken ct)
    {
        var secret = await secrets.State.MutateAsync(Secrets, (await secrets.RequireAsync(secretId, ct)).Value.Name,
            (s, _) => s.IsDeleted && !secrets.Gone(s) ? s with { DeletedDate = null } : null, ct) ?? throw NotFound();
        return new SecretIdentity(secret.Arn, secret.Name);
    }

    public async Task TagAsync(string? secretId, List<Tag>? tagList, CancellationToken ct)
    {
        if (tagList is null)
            throw Validation("Value null at 'tags' failed to satisfy constraint: Member must not be null");
        var secret = (await secrets.RequireActiveAsync(secretId, ct)).Value;
        await tags.TagAsync(secret.Arn, tagList, ct);
    }

    public async Task UntagAsync(string? secretId, List<string>? keys, CancellationToken ct)
    {
        if (keys is null)
            throw Validation("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        var secret = (await secrets.RequireActiveAsync(secretId, ct)).Value;
        await tags.UntagAsync(secret.Arn, keys, ct);
    }

    /// <summary>The secrets whose recovery window has ended, for the deletion controller.</summary>
    public async Task<List<Stored<Secret>>> DueForDeletionAsync(CancellationToken ct) =>
        (await secrets.State.ListAsync(Secrets, new StoreQuery { Statuses = [PendingDeletion] }, ct)).Where(s => secrets.Gone(s.Value)).ToList();

    /// <summary>Removes a secret whose window has ended; false when it changed meanwhile (restored, or already gone).</summary>
    public async Task<bool> PurgeAsync(Stored<Secret> due, CancellationToken ct)
    {
        try
        {
            await secrets.State.CommitAsync(await secrets.PurgeWritesAsync(due, ct), ct);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    static void RefuseUnsupported(SecretsManagerRequest r)
    {
        if (r.AddReplicaRegions is { Count: > 0 } || r.ForceOverwriteReplicaSecret == true)
            throw InvalidRequest("AddReplicaRegions is not supported: Berth serves one region and does not replicate secrets. Leave AddReplicaRegions (and ForceOverwriteReplicaSecret) out.");
        if (!string.IsNullOrEmpty(r.Type))
            throw InvalidParameter("Type is for secrets managed by an external partner, which Berth does not support. Leave it out.");
    }
}
