namespace Berth.Sts;

/// <summary>
/// A session STS issued (AssumeRole, GetSessionToken, or a service's role session), as stored: whom its credentials
/// act as, when they expire, and the secret and session token sealed with <see cref="SessionCipher"/>.
/// </summary>
public sealed record StsSession
{
    public required string AccessKeyId { get; init; }
    public required string SealedSecret { get; init; }
    public required string SealedToken { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required DateTimeOffset Expiration { get; init; }

    /// <summary>The principal the credentials sign as (<see cref="Kernel.Auth.PrincipalKind"/>'s name).</summary>
    public required string Kind { get; init; }
    public required string Arn { get; init; }
    public required string UserId { get; init; }
    public required string AccountId { get; init; }

    /// <summary>The user's or role's name (null for root).</summary>
    public string? Name { get; init; }

    /// <summary>The role of an assumed-role session (its ARN, with the path).</summary>
    public string? RoleArn { get; init; }

    /// <summary>Who asked for the session: the caller's ARN, or the service (<c>ecs-tasks.amazonaws.com</c>).</summary>
    public required string IssuedTo { get; init; }
}
