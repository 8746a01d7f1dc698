using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.SecretsManagerErrors;
using static Berth.SecretsManager.SecretsManagerKinds;

namespace Berth.SecretsManager;

/// <summary>A secret's versions: reading a value, adding versions, moving staging labels, listing versions.</summary>
sealed class SecretVersionService(SecretStore secrets, SecretCipher cipher)
{
    /// <summary>AWS keeps about 100 versions of a secret; past that the oldest deprecated (unlabelled) ones go.</summary>
    public const int MaxVersions = 100;

    public async Task<GetSecretValueResponse> GetValueAsync(string? secretId, string? versionId, string? versionStage, CancellationToken ct)
    {
        Length(versionId, "versionId", 32, 64);
        Length(versionStage, "versionStage", 1, 256);
        var stored = await secrets.RequireActiveAsync(secretId, ct);
        var secret = stored.Value;
        var id = versionId
            ?? secret.VersionWith(versionStage ?? Secret.Current)
            ?? throw NotFound($"Secrets Manager can't find the specified secret value for staging label: {versionStage ?? Secret.Current}");
        var version = await secrets.VersionAsync(secret.Arn, id, ct)
            ?? throw NotFound($"Secrets Manager can't find the specified secret value for VersionId: {id}");
        var labels = secret.Stages.GetValueOrDefault(id);
        if (versionId is not null && versionStage is not null && labels?.Contains(versionStage, StringComparer.Ordinal) != true)
            throw InvalidRequest("You provided a VersionStage that is not associated to the provided VersionId.");
        var value = cipher.Open(version.Value);
        await TouchAsync(secret, version.Value, ct);
        return new GetSecretValueResponse
        {
            ARN = secret.Arn,
            Name = secret.Name,
            VersionId = id,
            SecretString = value.Text,
            SecretBinary = value.Bytes,
            VersionStages = labels,
            CreatedDate = version.Value.CreatedDate,
        };
    }

    public async Task<SecretIdentity> PutValueAsync(SecretsManagerRequest r, CancellationToken ct)
    {
        var value = SecretValue.From(r.SecretString, r.SecretBinary)
            ?? throw InvalidParameter("You must provide either SecretString or SecretBinary.");
        if (r.RotationToken is not null)
            throw InvalidRequest("RotationToken is only for rotation functions, and Berth does not rotate secrets (there is no Lambda). Leave it out.");
        var labels = r.VersionStages ?? [Secret.Current];
        SecretStages.Validate(labels, "versionStages");
        var versionId = SecretNames.VersionId(r.ClientRequestToken);
        return await SecretStore.RetryAsync(async () =>
        {
            var stored = await secrets.RequireActiveAsync(r.SecretId, ct);
            var (updated, writes) = await AddVersionAsync(stored, versionId, value, labels, ct);
            await secrets.State.CommitAsync(writes, ct);
            return new SecretIdentity(updated.Arn, updated.Name) { VersionId = versionId, VersionStages = updated.Stages.GetValueOrDefault(versionId) ?? [] };
        });
    }

    /// <summary>
    /// The writes that add a version carrying <paramref name="labels"/> (AWSCURRENT too when the secret has no current
    /// version yet). The same version id with the same value again is a retry and writes nothing; with another value
    /// it is refused, since a version never changes.
    /// </summary>
    public async Task<(Secret Updated, List<StoreWrite> Writes)> AddVersionAsync(Stored<Secret> stored, string versionId, SecretValue value, IReadOnlyCollection<string> labels, CancellationToken ct)
    {
        var secret = stored.Value;
        if (await secrets.VersionAsync(secret.Arn, versionId, ct) is { } existing)
        {
            return cipher.Open(existing.Value).SameAs(value)
                ? (secret, [])
                : throw Exists($"You can't use ClientRequestToken {versionId} because that value is already in use for a version of secret {secret.Arn}.");
        }
        var attach = secret.VersionWith(Secret.Current) is null ? labels.Append(Secret.Current) : labels;
        var stages = SecretStages.Attach(secret.Stages, versionId, attach);
        SecretStages.RequireWithinQuota(stages);
        var now = secrets.Now;
        var updated = secret with { Stages = stages, LastChangedDate = now };
        var writes = new List<StoreWrite>
        {
            StoreWrite.Update(Secrets, updated, stored.Version),
            StoreWrite.Insert(Versions, cipher.Seal(secret.Arn, versionId, value, now)),
        };
        var versions = await secrets.VersionsAsync(secret.Arn, ct);
        var excess = versions.Count + 1 - MaxVersions;
        foreach (var old in versions.Where(v => !stages.ContainsKey(v.Value.VersionId)).Take(Math.Max(0, excess)))
            writes.Add(StoreWrite.Delete(Versions, VersionId(old.Value), old.Version));
        return (updated, writes);
    }

    public async Task<SecretIdentity> UpdateStageAsync(SecretsManagerRequest r, CancellationToken ct)
    {
        var stage = Required(r.VersionStage, "versionStage", 1, 256);
        var (remove, move) = (r.RemoveFromVersionId, r.MoveToVersionId);
        Length(remove, "removeFromVersionId", 32, 64);
        Length(move, "moveToVersionId", 32, 64);
        if (remove is null && move is null)
            throw InvalidParameter("Name the version to take the staging label from (RemoveFromVersionId), to put it on (MoveToVersionId), or both.");
        return await SecretStore.RetryAsync(async () =>
        {
            var stored = await secrets.RequireActiveAsync(r.SecretId, ct);
            var secret = stored.Value;
            foreach (var id in new[] { remove, move }.OfType<string>())
            {
                if (await secrets.VersionAsync(secret.Arn, id, ct) is null)
                    throw InvalidParameter($"Not a valid version: {id}");
            }
            var holder = secret.VersionWith(stage);
            if (remove is not null && holder != remove)
                throw InvalidParameter($"The staging label {stage} is not attached to version {remove}.");
            if (remove is null && holder is not null && holder != move)
                throw InvalidParameter($"The parameter RemoveFromVersionId can't be empty. Staging label {stage} is currently attached to version {holder}, so you must explicitly reference that version in RemoveFromVersionId.");
            if (move is null && stage == Secret.Current)
                throw InvalidParameter("You can't remove the staging label AWSCURRENT from a version without moving it to another one: name that version in MoveToVersionId.");
            var stages = move is null ? SecretStages.Detach(secret.Stages, remove!, stage) : SecretStages.Attach(secret.Stages, move, [stage]);
            SecretStages.RequireWithinQuota(stages);
            await secrets.State.CommitAsync(StoreWrite.Update(Secrets, secret with { Stages = stages, LastChangedDate = secrets.Now }, stored.Version), ct);
            return new SecretIdentity(secret.Arn, secret.Name);
        });
    }

    public async Task<ListSecretVersionIdsResponse> ListAsync(SecretsManagerRequest r, CancellationToken ct)
    {
        Range(r.MaxResults, "maxResults", 1, 100);
        Length(r.NextToken, "nextToken", 1, 4096);
        var secret = (await secrets.RequireAsync(r.SecretId, ct)).Value;
        var versions = (await secrets.VersionsAsync(secret.Arn, ct)).Select(v => v.Value)
            .Where(v => r.IncludeDeprecated == true || secret.Stages.ContainsKey(v.VersionId))
            .OrderByDescending(v => v.CreatedDate).ThenBy(v => v.VersionId, StringComparer.Ordinal)
            .Select(v => new SecretVersionEntry { VersionId = v.VersionId, VersionStages = secret.Stages.GetValueOrDefault(v.VersionId), CreatedDate = v.CreatedDate, LastAccessedDate = v.LastAccessedDate })
            .ToList();
        var (page, next) = Page(versions, r.MaxResults ?? 100, r.NextToken, $"versions|{secret.Arn}");
        return new ListSecretVersionIdsResponse(page, next, secret.Arn, secret.Name);
    }

    /// <summary>A page of a listing and the token of the next one, which is only given when there is more.</summary>
    public static (List<T> Page, string? Next) Page<T>(List<T> all, int limit, string? token, string listing)
    {
        var offset = Paging.Decode(token, listing, SecretsManagerErrors.InvalidNextToken);
        var page = all.Skip(offset).Take(limit).ToList();
        return (page, offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, page.Count, listing) : null);
    }

    /// <summary>Records the day the value was read (AWS reports LastAccessedDate to the day), at most one write a day.</summary>
    async Task TouchAsync(Secret secret, SecretVersion version, CancellationToken ct)
    {
        var today = new DateTimeOffset(secrets.Now.UtcDateTime.Date, TimeSpan.Zero);
        if (secret.LastAccessedDate != today)
            await secrets.State.MutateAsync(Secrets, secret.Name, (s, _) => s.Arn == secret.Arn && s.LastAccessedDate != today ? s with { LastAccessedDate = today } : null, ct);
        if (version.LastAccessedDate != today)
            await secrets.State.MutateAsync(Versions, VersionId(version), (v, _) => v.LastAccessedDate != today ? v with { LastAccessedDate = today } : null, ct);
    }
}
