using Berth.Iam.Credentials;
using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>A new access key with its secret, which is shown this once.</summary>
public sealed record NewAccessKey(string UserName, AccessKeyRecord Key, string SecretAccessKey);

/// <summary>A key as ListAccessKeys describes it.</summary>
public sealed record AccessKeyInfo(string UserName, AccessKeyRecord Key);

/// <summary>
/// Users' access keys: at most two per user, Active or Inactive, the secret stored encrypted and shown only when the key
/// is created. Every change is in the credential index before the call answers.
/// </summary>
public sealed class AccessKeyService(IStateStore store, AccessKeyCipher cipher, IamCredentials credentials, TimeProvider clock)
{
    public const int MaxPerUser = 2;

    public async Task<NewAccessKey> CreateAsync(string? userName, CancellationToken ct)
    {
        var created = await IamLookup.RetryAsync(async () =>
        {
            var (user, version) = await IamLookup.UserAsync(store, UserService.OrCaller(userName), ct);
            if (await store.CountAsync(IamKinds.AccessKeys, new StoreQuery { Scope = user.UserId }, ct) >= MaxPerUser)
                throw IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {MaxPerUser}");
            var id = IamIds.NewAccessKeyId();
            var secret = IamIds.NewSecretAccessKey();
            var key = new AccessKeyRecord
            {
                AccessKeyId = id,
                UserId = user.UserId,
                Status = AccessKeyStatus.Active,
                CreateDate = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()),
                EncryptedSecret = cipher.Encrypt(id, secret),
            };
            // Writing the user (unchanged) with the key makes a concurrent second key, or DeleteUser, lose the race.
            await store.CommitAsync([StoreWrite.Insert(IamKinds.AccessKeys, key), StoreWrite.Update(IamKinds.Users, user, version)], ct);
            return new NewAccessKey(user.UserName, key, secret);
        });
        await credentials.RefreshAsync(ct);
        return created;
    }

    public async Task<IamPage<AccessKeyInfo>> ListAsync(string? userName, string? marker, int? maxItems, CancellationToken ct)
    {
        var (user, _) = await IamLookup.UserAsync(store, UserService.OrCaller(userName), ct);
        var keys = await store.ListAsync(IamKinds.AccessKeys, new StoreQuery { Scope = user.UserId }, ct);
        return IamPaging.Page(keys.Select(k => new AccessKeyInfo(user.UserName, k.Value)),
            k => $"{k.Key.CreateDate.ToUnixTimeSeconds():D12}|{k.Key.AccessKeyId}", marker, maxItems);
    }

    public async Task UpdateAsync(string? userName, string? accessKeyId, string? status, CancellationToken ct)
    {
        var id = IamValidation.AccessKeyId(accessKeyId);
        var newStatus = IamValidation.Enum(IamValidation.Required(status, "status"), "status", "Active", "Inactive", "Expired")!;
        if (newStatus == "Expired")
            throw IamErrors.InvalidInput("The status of an access key can be set to Active or Inactive only.");
        await IamLookup.RetryAsync(async () =>
        {
            var (key, version) = await KeyOfAsync(userName, id, ct);
            if (key.Status != newStatus)
                await store.CommitAsync(StoreWrite.Update(IamKinds.AccessKeys, key with { Status = newStatus }, version), ct);
        });
        await credentials.RefreshAsync(ct);
    }

    public async Task DeleteAsync(string? userName, string? accessKeyId, CancellationToken ct)
    {
        var id = IamValidation.AccessKeyId(accessKeyId);
        await IamLookup.RetryAsync(async () =>
        {
            var (_, version) = await KeyOfAsync(userName, id, ct);
            await store.CommitAsync(StoreWrite.Delete(IamKinds.AccessKeys, id, version), ct);
        });
        await credentials.RefreshAsync(ct);
    }

    /// <summary>
    /// GetAccessKeyLastUsed: the key's user. Berth does not record when keys are used, so it answers as IAM does for a key
    /// never used: ServiceName and Region <c>N/A</c>, no date.
    /// </summary>
    public async Task<string> OwnerAsync(string? accessKeyId, CancellationToken ct)
    {
        var id = IamValidation.AccessKeyId(accessKeyId);
        var key = await store.GetAsync(IamKinds.AccessKeys, id, ct) ?? throw KeyNotFound(id);
        var users = await store.ListAsync(IamKinds.Users, new StoreQuery(), ct);
        return users.FirstOrDefault(u => u.Value.UserId == key.Value.UserId)?.Value.UserName ?? throw KeyNotFound(id);
    }

    async Task<Stored<AccessKeyRecord>> KeyOfAsync(string? userName, string id, CancellationToken ct)
    {
        var (user, _) = await IamLookup.UserAsync(store, UserService.OrCaller(userName), ct);
        var key = await store.GetAsync(IamKinds.AccessKeys, id, ct);
        return key is not null && key.Value.UserId == user.UserId ? key : throw KeyNotFound(id);
    }

    static Kernel.AwsException KeyNotFound(string id) => IamErrors.NoSuchEntity($"The Access Key with id {id} cannot be found.");
}
