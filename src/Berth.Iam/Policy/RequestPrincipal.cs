using Berth.Kernel.Auth;

namespace Berth.Iam.Policy;

/// <summary>What <c>aws:PrincipalType</c> says of the caller (plus services, which trust policies name).</summary>
public enum PrincipalType
{
    /// <summary>The account's root user (<c>aws:PrincipalType</c> = <c>Account</c>).</summary>
    Account,
    User,
    AssumedRole,
    FederatedUser,
    /// <summary>An AWS service acting for itself (<c>ecs-tasks.amazonaws.com</c> assuming a task role).</summary>
    Service,
    /// <summary>A web identity or SAML provider's user assuming a role (trust policies' <c>Federated</c>).</summary>
    Federated,
    Anonymous,
}

/// <summary>The caller a request is authorized for, with what the <c>aws:Principal*</c> keys and variables read.</summary>
public sealed record RequestPrincipal
{
    public required PrincipalType Type { get; init; }

    /// <summary>
    /// The caller's ARN (the session's <c>arn:aws:sts::…:assumed-role/ROLE/SESSION</c> for a role); a service's name
    /// (<c>ecs-tasks.amazonaws.com</c>) or a federated provider (its ARN, or <c>cognito-identity.amazonaws.com</c>).
    /// </summary>
    public required string Arn { get; init; }

    /// <summary>The caller's account (null for services, federated and anonymous callers).</summary>
    public string? AccountId { get; init; }

    /// <summary><c>aws:userid</c>: the account id for root, <c>AIDA…</c> for a user, <c>ROLEID:SESSION</c> for a session.</summary>
    public string? UserId { get; init; }

    /// <summary><c>aws:username</c>: the IAM user's name (users only).</summary>
    public string? UserName { get; init; }

    /// <summary>The role a session belongs to (<c>arn:aws:iam::ACCOUNT:role/PATH/NAME</c>); what <c>aws:PrincipalArn</c> reads for it.</summary>
    public string? RoleArn { get; init; }

    /// <summary>The user's or role's tags and the session's tags (<c>aws:PrincipalTag/KEY</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary><c>aws:PrincipalArn</c>: the role's ARN for a session, the caller's ARN otherwise (null for services).</summary>
    public string? PrincipalArn => Type switch
    {
        PrincipalType.AssumedRole => RoleArn ?? Arn,
        PrincipalType.Service or PrincipalType.Federated or PrincipalType.Anonymous => null,
        _ => Arn,
    };

    public bool IsAccountRoot => Type == PrincipalType.Account;

    /// <summary>The kernel's signer as a policy principal.</summary>
    public static RequestPrincipal From(Principal principal, IReadOnlyDictionary<string, string>? tags = null) => new()
    {
        Type = principal.Kind switch
        {
            PrincipalKind.Root => PrincipalType.Account,
            PrincipalKind.User => PrincipalType.User,
            _ => PrincipalType.AssumedRole,
        },
        Arn = principal.Arn,
        AccountId = principal.AccountId,
        UserId = principal.UserId,
        UserName = principal.Kind == PrincipalKind.User ? principal.Name : null,
        RoleArn = principal.RoleArn,
        Tags = tags,
    };

    public static RequestPrincipal Root(string accountId) =>
        new() { Type = PrincipalType.Account, Arn = $"arn:aws:iam::{accountId}:root", AccountId = accountId, UserId = accountId };

    /// <summary>A service principal such as <c>ecs-tasks.amazonaws.com</c>.</summary>
    public static RequestPrincipal Service(string servicePrincipal) => new() { Type = PrincipalType.Service, Arn = servicePrincipal };

    /// <summary>A federated caller, named by its provider (an OIDC/SAML provider ARN or <c>cognito-identity.amazonaws.com</c>).</summary>
    public static RequestPrincipal Federated(string provider) => new() { Type = PrincipalType.Federated, Arn = provider };
}
