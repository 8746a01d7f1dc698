using Berth.Kernel.Auth;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Sts;

/// <summary>
/// STS sessions as credentials berthd accepts. <see cref="Find"/> runs on every request and must not wait, so it reads
/// an in-memory index: a session issued here is added as soon as it is stored (so it signs the very next request), and
/// <see cref="SessionSweeper"/> rebuilds the index from the store every few seconds — picking up sessions another berthd
/// sharing the store issued, and dropping those it deleted. Expired sessions stay in the index for the sweep's grace
/// period: the verifier refuses them with ExpiredTokenException.
/// </summary>
public sealed partial class SessionCredentials(IStateStore store, SessionCipher cipher, TimeProvider clock, ILogger<SessionCredentials> log) : ICredentialSource
{
    // Additions and rebuilds run one at a time: a rebuild that read the store before a session was added cannot drop it.
    readonly SemaphoreSlim _gate = new(1, 1);
    volatile Dictionary<string, Credential> _index = new(StringComparer.Ordinal);

    public Credential? Find(string accessKeyId) =>
        accessKeyId.StartsWith(StsIds.AccessKeyPrefix, StringComparison.Ordinal) ? _index.GetValueOrDefault(accessKeyId) : null;

    /// <summary>Makes a session just stored usable at once.</summary>
    public async Task AddAsync(Credential credential, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _index = new Dictionary<string, Credential>(_index, StringComparer.Ordinal) { [credential.AccessKeyId] = credential };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rebuilds the index from the store and deletes the sessions past their grace period.</summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        IReadOnlyList<Stored<StsSession>> delete;
        try
        {
            var sessions = await store.ListAsync(StsKinds.Sessions, new StoreQuery(), ct).ConfigureAwait(false);
            (var keep, delete) = SessionSweep.Decide(sessions, clock.GetUtcNow());
            var next = new Dictionary<string, Credential>(keep.Count, StringComparer.Ordinal);
            foreach (var session in keep)
            {
                if (ToCredential(session) is { } credential)
                    next[session.AccessKeyId] = credential;
                else
                    LogUndecryptable(log, session.AccessKeyId);
            }
            _index = next;
        }
        finally
        {
            _gate.Release();
        }
        foreach (var gone in delete)
        {
            try
            {
                await store.CommitAsync(StoreWrite.Delete(StsKinds.Sessions, gone.Value.AccessKeyId, gone.Version), ct).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                // Another server's sweep deleted it first.
            }
        }
    }

    internal Credential? ToCredential(StsSession s)
    {
        if (cipher.Open(s.AccessKeyId, SessionFields.Secret, s.SealedSecret) is not { } secret
            || cipher.Open(s.AccessKeyId, SessionFields.Token, s.SealedToken) is not { } token)
        {
            return null;
        }
        return new Credential(s.AccessKeyId, secret, PrincipalOf(s)) { SessionToken = token, Expiration = s.Expiration };
    }

    internal static Principal PrincipalOf(StsSession s) => new()
    {
        Arn = s.Arn,
        Kind = Enum.Parse<PrincipalKind>(s.Kind),
        AccountId = s.AccountId,
        UserId = s.UserId,
        Name = s.Name,
        RoleArn = s.RoleArn,
        IsTemporary = true,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "STS session {AccessKeyId} cannot be decrypted with this server's key (iam.key in the data directory); it is not accepted")]
    static partial void LogUndecryptable(ILogger logger, string accessKeyId);
}

/// <summary>The sealed fields of a session (part of each one's associated data).</summary>
internal static class SessionFields
{
    public const string Secret = "secret";
    public const string Token = "token";
}
