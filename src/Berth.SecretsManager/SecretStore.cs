using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using static Berth.SecretsManager.SecretsManagerKinds;

namespace Berth.SecretsManager;

/// <summary>
/// Finding secrets the way SecretId names them, and the store writes the operations share. A secret whose recovery
/// window has ended is gone for every caller, even before the deletion controller removes its rows.
/// </summary>
sealed class SecretStore(IStateStore store, Arns arns, TimeProvider clock)
{
    public Arns Arns => arns;

    public IStateStore State => store;

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool Gone(Secret secret) => secret.DeletedDate is { } due && due <= Now;

    /// <summary>The secret a SecretId (name, full ARN or partial ARN) names; null when there is none.</summary>
    public async Task<Stored<Secret>?> FindAsync(string? secretId, CancellationToken ct)
    {
        SecretsManagerErrors.Required(secretId, "secretId", 1, 2048);
        foreach (var (name, fullArn) in SecretNames.Candidates(arns, secretId!))
        {
            var found = await store.GetAsync(Secrets, name, ct);
            if (found is null || Gone(found.Value) || (fullArn is not null && found.Value.Arn != fullArn))
                continue;
            return found;
        }
        return null;
    }

    public async Task<Stored<Secret>> RequireAsync(string? secretId, CancellationToken ct) =>
        await FindAsync(secretId, ct) ?? throw SecretsManagerErrors.NotFound();

    /// <summary>As <see cref="RequireAsync"/>, refusing a secret that is scheduled for deletion.</summary>
    public async Task<Stored<Secret>> RequireActiveAsync(string? secretId, CancellationToken ct)
    {
        var secret = await RequireAsync(secretId, ct);
        return secret.Value.IsDeleted ? throw SecretsManagerErrors.MarkedForDeletion() : secret;
    }

    public Task<Stored<SecretVersion>?> VersionAsync(string secretArn, string versionId, CancellationToken ct) =>
        store.GetAsync(Versions, VersionId(secretArn, versionId), ct);

    /// <summary>A secret's versions, oldest first.</summary>
    public Task<IReadOnlyList<Stored<SecretVersion>>> VersionsAsync(string secretArn, CancellationToken ct) =>
        store.ListAsync(Versions, new StoreQuery { Scope = secretArn }, ct);

    /// <summary>The writes that remove a secret with its versions and tags.</summary>
    public async Task<List<StoreWrite>> PurgeWritesAsync(Stored<Secret> secret, CancellationToken ct)
    {
        var writes = (await VersionsAsync(secret.Value.Arn, ct)).Select(v => StoreWrite.Delete(Versions, VersionId(v.Value), v.Version)).ToList();
        writes.Add(StoreWrite.Delete(Secrets, secret.Value.Name, secret.Version));
        if (await store.GetAsync(TagKinds.Tags, secret.Value.Arn, ct) is { } tags)
            writes.Add(StoreWrite.Delete(TagKinds.Tags, tags.Value.Arn, tags.Version));
        return writes;
    }

    /// <summary>Runs a read-decide-write attempt again when another writer got there first (each attempt re-reads).</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (ConcurrencyConflictException) when (tries < 10)
            {
                // Another request changed the secret meanwhile: decide again on what it wrote.
            }
        }
    }
}
