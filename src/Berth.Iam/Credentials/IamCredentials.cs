using Berth.Kernel.Auth;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Iam.Credentials;

/// <summary>
/// IAM users' active access keys as credentials berthd accepts. <see cref="Find"/> runs on every request and must not
/// wait, so it reads an in-memory index: built from the store at start, rebuilt after every IAM write in this process
/// that touches keys or users (so a key works as soon as CreateAccessKey answers, and stops as soon as it is deleted or
/// made Inactive), and every few seconds by <see cref="AccessKeyRefresher"/>, so changes another berthd sharing the store
/// made arrive too. Like IAM itself, that makes credentials eventually consistent across servers.
/// </summary>
public sealed partial class IamCredentials(IStateStore store, AccessKeyCipher cipher, IamArns arns, ILogger<IamCredentials> log) : ICredentialSource
{
    readonly SemaphoreSlim _rebuild = new(1, 1);
    volatile Dictionary<string, Credential> _active = new(StringComparer.Ordinal);

    public Credential? Find(string accessKeyId) => _active.GetValueOrDefault(accessKeyId);

    /// <summary>
    /// Rebuilds the index from the store. Rebuilds run one at a time and each reads after it starts, so the last to finish
    /// has seen every write that finished before it began.
    /// </summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _rebuild.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var users = (await store.ListAsync(IamKinds.Users, new StoreQuery(), ct).ConfigureAwait(false))
                .ToDictionary(u => u.Value.UserId, u => u.Value, StringComparer.Ordinal);
            var keys = await store.ListAsync(IamKinds.AccessKeys, new StoreQuery { Statuses = [AccessKeyStatus.Active] }, ct).ConfigureAwait(false);
            var next = new Dictionary<string, Credential>(keys.Count, StringComparer.Ordinal);
            foreach (var (key, _) in keys)
            {
                if (!users.TryGetValue(key.UserId, out var user))
                    continue;
                if (cipher.Decrypt(key.AccessKeyId, key.EncryptedSecret) is not { } secret)
                {
                    LogUndecryptable(log, key.AccessKeyId);
                    continue;
                }
                next[key.AccessKeyId] = new Credential(key.AccessKeyId, secret, PrincipalOf(user));
            }
            _active = next;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    Principal PrincipalOf(IamUser user) => new()
    {
        Arn = user.Arn,
        Kind = PrincipalKind.User,
        AccountId = arns.AccountId,
        UserId = user.UserId,
        Name = user.UserName,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "IAM access key {AccessKeyId} cannot be decrypted with this server's IAM key (iam.key in the data directory); it is not accepted")]
    static partial void LogUndecryptable(ILogger logger, string accessKeyId);
}

/// <summary>The states of an access key (the model's statusType; Expired is never set by Berth).</summary>
public static class AccessKeyStatus
{
    public const string Active = "Active";
    public const string Inactive = "Inactive";
}
