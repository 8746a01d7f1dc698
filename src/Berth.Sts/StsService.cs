using Berth.Iam;
using Berth.Iam.Policy;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Storage;
using Berth.Sts.Api;

namespace Berth.Sts;

/// <summary>A session AssumeRole opened: its credentials and the assumed-role user they sign as.</summary>
public sealed record AssumedRole(Credential Credentials, string AssumedRoleId, string Arn);

/// <summary>
/// STS's rules: who the caller is, roles assumed by IAM principals (trust policy evaluated by IAM's evaluator) and by
/// services inside Berth (<see cref="IRoleSessions"/>), and session tokens for users and root. Sessions are stored (sealed)
/// and added to <see cref="SessionCredentials"/> before the answer, so they sign the next request.
/// </summary>
public sealed class StsService(IStateStore store, SessionCredentials sessions, SessionCipher cipher, IamArns arns, TimeProvider clock) : IRoleSessions
{
    const string AssumeRoleAction = "sts:AssumeRole";
    public const int SessionTokenDefaultSeconds = 43200;
    public const int RootSessionMaxSeconds = 3600;

    /// <summary>The caller as GetCallerIdentity answers: UserId, Account and ARN, as the edge verified them.</summary>
    public static GetCallerIdentityResponse CallerIdentity(Principal caller) => new(caller.UserId, caller.AccountId, caller.Arn);

    public async Task<AssumedRole> AssumeRoleAsync(Principal caller, AssumeRoleInput r, CancellationToken ct)
    {
        AssumeRoleRules.Validate(r);
        if (caller.IsRoot)
            throw StsErrors.AccessDenied("Roles may not be assumed by root accounts.");
        var roleArn = r.RoleArn!;
        var role = await FindRoleAsync(roleArn, ct) ?? throw StsErrors.NotAuthorized(caller.Arn, AssumeRoleAction, roleArn);
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["sts:RoleSessionName"] = [r.RoleSessionName!] };
        if (r.ExternalId is not null)
            keys["sts:ExternalId"] = [r.ExternalId];
        var principal = RequestPrincipal.From(caller, await TagsOfAsync(caller, ct));
        if (!TrustAllows(role, principal, keys))
            throw StsErrors.NotAuthorized(caller.Arn, AssumeRoleAction, roleArn);

        var seconds = r.DurationSeconds ?? AssumeRoleRules.DefaultDurationSeconds;
        if (caller.Kind == PrincipalKind.AssumedRole && seconds > AssumeRoleRules.ChainedMaxSeconds)
            throw StsErrors.Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        if (seconds > role.MaxSessionDuration)
            throw StsErrors.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        return await OpenRoleSessionAsync(role, r.RoleSessionName!, caller.Arn, TimeSpan.FromSeconds(seconds), ct);
    }

    public async Task<Credential> GetSessionTokenAsync(Principal caller, GetSessionTokenInput r, CancellationToken ct)
    {
        var v = new StsValidation();
        v.Range(r.DurationSeconds, "durationSeconds", 900, 129600);
        v.Text(r.SerialNumber, "serialNumber", 9, 256);
        v.Text(r.TokenCode, "tokenCode", 6, 6);
        v.ThrowIfAny();
        if (r.SerialNumber is not null || r.TokenCode is not null)
            throw StsErrors.Unsupported(r.SerialNumber is not null ? "SerialNumber" : "TokenCode", "Berth has no MFA devices to check a code against.");
        if (caller.IsTemporary || caller.Kind == PrincipalKind.AssumedRole)
            throw StsErrors.AccessDenied("Cannot call GetSessionToken with session credentials");
        var seconds = r.DurationSeconds ?? SessionTokenDefaultSeconds;
        // The account's root user gets an hour at most: a longer request is shortened, not refused (as AWS does).
        if (caller.IsRoot)
            seconds = Math.Min(seconds, RootSessionMaxSeconds);
        return await IssueAsync(caller, caller.Arn, TimeSpan.FromSeconds(seconds), ct);
    }

    /// <summary>A session of a task's role for ECS: the trust policy must let the service assume the role.</summary>
    public async Task<Credential> AssumeForServiceAsync(ServiceRoleSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var v = new StsValidation();
        v.Text(session.SessionName, "roleSessionName", 2, 64, StsValidation.SessionNamePattern(), StsValidation.SessionNameRegex);
        v.ThrowIfAny();
        var role = RoleArn.Parse(session.RoleArn) is null ? null : await FindRoleAsync(session.RoleArn, ct);
        if (role is null || !TrustAllows(role, RequestPrincipal.Service(session.ServicePrincipal), new Dictionary<string, IReadOnlyList<string>>
        {
            ["sts:RoleSessionName"] = [session.SessionName],
        }))
        {
            throw StsErrors.NotAuthorized(session.ServicePrincipal, AssumeRoleAction, session.RoleArn);
        }
        // As STS bounds it: at least 15 minutes, at most the role's MaxSessionDuration.
        var seconds = Math.Clamp((int)Math.Ceiling(session.Duration.TotalSeconds), 900, role.MaxSessionDuration);
        var opened = await OpenRoleSessionAsync(role, session.SessionName, session.ServicePrincipal, TimeSpan.FromSeconds(seconds), ct);
        return opened.Credentials;
    }

    /// <summary>
    /// Whether the role's trust policy lets <paramref name="principal"/> assume it. A trust policy that names only the
    /// caller's account leaves the decision to the caller's identity-based policies, which the edge's authorizer has
    /// already weighed (the operation's access is sts:AssumeRole on the role), so that case is allowed here.
    /// </summary>
    internal bool TrustAllows(IamRole role, RequestPrincipal principal, IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        PolicyDocument trust;
        try
        {
            trust = PolicyDocument.ParseTrustPolicy(role.AssumeRolePolicyDocument);
        }
        catch (AwsException)
        {
            return false; // a document IAM would refuse today allows nobody
        }
        var request = new RequestContext { Principal = principal, Action = AssumeRoleAction, Resource = role.Arn, Time = clock.GetUtcNow(), Keys = keys };
        var result = PolicyEvaluator.EvaluateAssumeRole(request, new NamedPolicy($"{role.RoleName} trust policy", trust), []);
        return result.IsAllowed || (result.Decision == PolicyDecision.ImplicitDeny && result.Source == PolicySource.IdentityBased);
    }

    async Task<AssumedRole> OpenRoleSessionAsync(IamRole role, string sessionName, string issuedTo, TimeSpan duration, CancellationToken ct)
    {
        var principal = new Principal
        {
            // The assumed-role ARN names the role without its path, as AWS writes it.
            Arn = $"arn:aws:sts::{arns.AccountId}:assumed-role/{role.RoleName}/{sessionName}",
            Kind = PrincipalKind.AssumedRole,
            AccountId = arns.AccountId,
            UserId = $"{role.RoleId}:{sessionName}",
            Name = role.RoleName,
            RoleArn = role.Arn,
        };
        var credential = await IssueAsync(principal, issuedTo, duration, ct);
        return new AssumedRole(credential, principal.UserId, principal.Arn);
    }

    async Task<Credential> IssueAsync(Principal principal, string issuedTo, TimeSpan duration, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expiration = DateTimeOffset.FromUnixTimeSeconds((now + duration).ToUnixTimeSeconds());
        var id = StsIds.NewAccessKeyId();
        var secret = StsIds.NewSecretAccessKey();
        var token = StsIds.NewSessionToken();
        var session = new StsSession
        {
            AccessKeyId = id,
            SealedSecret = cipher.Seal(id, SessionFields.Secret, secret),
            SealedToken = cipher.Seal(id, SessionFields.Token, token),
            CreateDate = now,
            Expiration = expiration,
            Kind = principal.Kind.ToString(),
            Arn = principal.Arn,
            UserId = principal.UserId,
            AccountId = principal.AccountId,
            Name = principal.Name,
            RoleArn = principal.RoleArn,
            IssuedTo = issuedTo,
        };
        await store.CommitAsync(StoreWrite.Insert(StsKinds.Sessions, session), ct);
        var credential = new Credential(id, secret, SessionCredentials.PrincipalOf(session)) { SessionToken = token, Expiration = expiration };
        await sessions.AddAsync(credential, ct);
        return credential;
    }

    /// <summary>The role an ARN names in this account, path included; null when there is none.</summary>
    async Task<IamRole?> FindRoleAsync(string roleArn, CancellationToken ct)
    {
        if (RoleArn.Parse(roleArn) is not { } parsed || parsed.Account != arns.AccountId)
            return null;
        var stored = await store.GetAsync(IamKinds.Roles, IamKinds.Key(parsed.Name), ct);
        return stored is not null && string.Equals(stored.Value.Arn, roleArn, StringComparison.Ordinal) ? stored.Value : null;
    }

    /// <summary>The caller's tags, for <c>aws:PrincipalTag</c> conditions in trust policies: the user's, or the session's role's.</summary>
    async Task<IReadOnlyDictionary<string, string>?> TagsOfAsync(Principal caller, CancellationToken ct)
    {
        var tags = caller.Kind switch
        {
            PrincipalKind.User when caller.Name is { } user => (await store.GetAsync(IamKinds.Users, IamKinds.Key(user), ct))?.Value.Tags,
            PrincipalKind.AssumedRole when caller.Name is { } role => (await store.GetAsync(IamKinds.Roles, IamKinds.Key(role), ct))?.Value.Tags,
            _ => null,
        };
        return tags is { Count: > 0 } ? tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal) : null;
    }
}
