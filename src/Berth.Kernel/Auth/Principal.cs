namespace Berth.Kernel.Auth;

/// <summary>Who signed a request: the account's root, an IAM user, or a session of an assumed role (STS).</summary>
public sealed record Principal
{
    /// <summary><c>arn:aws:iam::ACCOUNT:root</c>, <c>arn:aws:iam::ACCOUNT:user/PATH/NAME</c> or <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>.</summary>
    public required string Arn { get; init; }

    public required PrincipalKind Kind { get; init; }

    public required string AccountId { get; init; }

    /// <summary>GetCallerIdentity's UserId: the account id for root, the user id (<c>AIDA…</c>), or <c>ROLEID:SESSION</c>.</summary>
    public required string UserId { get; init; }

    /// <summary>The user's or role's name (null for root).</summary>
    public string? Name { get; init; }

    /// <summary>The role a session belongs to, by ARN (<c>arn:aws:iam::ACCOUNT:role/PATH/NAME</c>); null otherwise.</summary>
    public string? RoleArn { get; init; }

    /// <summary>
    /// Signed with temporary credentials (an STS session: AssumeRole's, or GetSessionToken's for a user or root). STS refuses
    /// GetSessionToken to such callers, as AWS does.
    /// </summary>
    public bool IsTemporary { get; init; }

    public bool IsRoot => Kind == PrincipalKind.Root;

    public static Principal Root(string accountId) =>
        new() { Arn = $"arn:aws:iam::{accountId}:root", Kind = PrincipalKind.Root, AccountId = accountId, UserId = accountId };
}

public enum PrincipalKind
{
    Root,
    User,
    AssumedRole,
}

/// <summary>
/// A signing key and whom it belongs to. Temporary credentials (STS) carry a session token the request must present
/// (<c>X-Amz-Security-Token</c>) and an expiry after which they are refused.
/// </summary>
public sealed record Credential(string AccessKeyId, string SecretAccessKey, Principal Principal)
{
    public string? SessionToken { get; init; }

    public DateTimeOffset? Expiration { get; init; }
}

/// <summary>One place credentials come from (the root key, IAM users' access keys, STS sessions).</summary>
public interface ICredentialSource
{
    /// <summary>The active credential for <paramref name="accessKeyId"/>, or null when this source does not know it.</summary>
    Credential? Find(string accessKeyId);
}

/// <summary>All the places credentials come from, asked in turn.</summary>
public sealed class CredentialLookup(IEnumerable<ICredentialSource> sources) : ICredentialLookup
{
    readonly ICredentialSource[] _sources = [.. sources];

    public Credential? Find(string accessKeyId)
    {
        foreach (var source in _sources)
        {
            if (source.Find(accessKeyId) is { } found)
                return found;
        }
        return null;
    }
}
