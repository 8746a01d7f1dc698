namespace Berth.Iam.Policy;

/// <summary>
/// IAM's evaluation logic for one account: identity-based policies, an optional resource-based policy, and role trust
/// policies. An explicit Deny anywhere wins; then an Allow whose action, resource, principal and conditions all match;
/// otherwise the implicit deny. Pure: everything it weighs is in its arguments.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>
    /// Decides a request by the caller's identity-based policies and, when the resource has one, its policy. Within an
    /// account an Allow in either suffices, except that a resource policy naming only the account leaves it to the
    /// identity policies; across accounts both must allow. The account's root user is allowed unless a resource
    /// policy denies it (identity policies do not apply to root).
    /// </summary>
    public static AuthorizationResult Evaluate(RequestContext request, IReadOnlyList<NamedPolicy> identityPolicies, NamedPolicy? resourcePolicy = null)
    {
        var sameAccount = SameAccount(request);
        if (request.Principal.IsAccountRoot && sameAccount && resourcePolicy is null)
            return new(PolicyDecision.Allow, request, null, PolicySource.IdentityBased);
        var action = request.ActionLower;
        if (resourcePolicy is not null && FindDeny(resourcePolicy, PolicySource.ResourceBased, request, action) is { } resourceDeny)
            return new(PolicyDecision.ExplicitDeny, request, resourceDeny, PolicySource.ResourceBased);
        if (request.Principal.IsAccountRoot && sameAccount)
            return new(PolicyDecision.Allow, request, null, PolicySource.IdentityBased);
        foreach (var policy in identityPolicies)
        {
            if (FindDeny(policy, PolicySource.IdentityBased, request, action) is { } deny)
                return new(PolicyDecision.ExplicitDeny, request, deny, PolicySource.IdentityBased);
        }
        var (resourceAllow, how) = resourcePolicy is null ? (null, PrincipalMatch.None) : FindAllow(resourcePolicy, PolicySource.ResourceBased, request, action);
        var identityAllow = FindIdentityAllow(identityPolicies, request, action);
        if (resourceAllow is not null && how == PrincipalMatch.Specific && (sameAccount || !HasIdentity(request.Principal)))
            return new(PolicyDecision.Allow, request, resourceAllow, PolicySource.ResourceBased);
        if (identityAllow is not null && (sameAccount || resourceAllow is not null))
            return new(PolicyDecision.Allow, request, identityAllow, PolicySource.IdentityBased);
        // What was missing: the identity policy's allow, or (a service's call, another account's) the resource policy's.
        var missing = HasIdentity(request.Principal) && identityAllow is null ? PolicySource.IdentityBased : PolicySource.ResourceBased;
        return new(PolicyDecision.ImplicitDeny, request, null, missing);
    }

    /// <summary>
    /// Decides <c>sts:AssumeRole</c> (or another assume-role action in <paramref name="request"/>, whose Resource is the
    /// role's ARN) by the role's trust policy and the caller's identity-based policies. The trust policy must allow
    /// the caller: naming it (its ARN, its role's ARN for a session, a service, <c>*</c>) is enough within the account;
    /// naming its account (<c>arn:aws:iam::ACCOUNT:root</c> or the id) needs an identity policy that also allows the
    /// action on the role, as does any caller from another account.
    /// </summary>
    public static AuthorizationResult EvaluateAssumeRole(RequestContext request, NamedPolicy trustPolicy, IReadOnlyList<NamedPolicy> identityPolicies)
    {
        var action = request.ActionLower;
        if (FindDeny(trustPolicy, PolicySource.ResourceBased, request, action) is { } trustDeny)
            return new(PolicyDecision.ExplicitDeny, request, trustDeny, PolicySource.ResourceBased);
        var hasIdentity = HasIdentity(request.Principal);
        var root = request.Principal.IsAccountRoot;
        if (hasIdentity && !root)
        {
            foreach (var policy in identityPolicies)
            {
                if (FindDeny(policy, PolicySource.IdentityBased, request, action) is { } deny)
                    return new(PolicyDecision.ExplicitDeny, request, deny, PolicySource.IdentityBased);
            }
        }
        var (trustAllow, how) = FindAllow(trustPolicy, PolicySource.ResourceBased, request, action);
        if (trustAllow is null)
            return new(PolicyDecision.ImplicitDeny, request, null, PolicySource.ResourceBased);
        var needsIdentity = hasIdentity && (how == PrincipalMatch.Account || !SameAccount(request));
        if (!needsIdentity || root)
            return new(PolicyDecision.Allow, request, trustAllow, PolicySource.ResourceBased);
        return FindIdentityAllow(identityPolicies, request, action) is { } identityAllow
            ? new(PolicyDecision.Allow, request, identityAllow, PolicySource.IdentityBased)
            : new(PolicyDecision.ImplicitDeny, request, null, PolicySource.IdentityBased);
    }

    static MatchedStatement? FindDeny(NamedPolicy policy, PolicySource source, RequestContext request, string action)
    {
        foreach (var s in policy.Document.Denies)
        {
            if (Applies(s, request, action) != PrincipalMatch.None)
                return new MatchedStatement(policy.Name, source, s);
        }
        return null;
    }

    /// <summary>The first Allow naming the caller specifically, else the first naming its account.</summary>
    static (MatchedStatement?, PrincipalMatch) FindAllow(NamedPolicy policy, PolicySource source, RequestContext request, string action)
    {
        MatchedStatement? byAccount = null;
        foreach (var s in policy.Document.Allows)
        {
            var how = Applies(s, request, action);
            if (how == PrincipalMatch.Specific)
                return (new MatchedStatement(policy.Name, source, s), how);
            if (how == PrincipalMatch.Account)
                byAccount ??= new MatchedStatement(policy.Name, source, s);
        }
        return (byAccount, byAccount is null ? PrincipalMatch.None : PrincipalMatch.Account);
    }

    static MatchedStatement? FindIdentityAllow(IReadOnlyList<NamedPolicy> policies, RequestContext request, string action)
    {
        if (!HasIdentity(request.Principal))
            return null;
        foreach (var policy in policies)
        {
            foreach (var s in policy.Document.Allows)
            {
                if (Applies(s, request, action) != PrincipalMatch.None)
                    return new MatchedStatement(policy.Name, PolicySource.IdentityBased, s);
            }
        }
        return null;
    }

    /// <summary>Whether a statement covers the request, cheapest test first; how its Principal named the caller.</summary>
    static PrincipalMatch Applies(PolicyStatement s, RequestContext request, string action)
    {
        if (!s.MatchesAction(action))
            return PrincipalMatch.None;
        var how = s.MatchesPrincipal(request.Principal);
        if (how == PrincipalMatch.None || !s.MatchesResource(request) || !s.ConditionsHold(request))
            return PrincipalMatch.None;
        return how;
    }

    /// <summary>Only IAM users, role sessions and root have identity-based policies; services and federated callers do not.</summary>
    static bool HasIdentity(RequestPrincipal p) => p.Type is PrincipalType.Account or PrincipalType.User or PrincipalType.AssumedRole or PrincipalType.FederatedUser;

    /// <summary>Whether the resource is in the caller's account (a resource without an account in its ARN is).</summary>
    static bool SameAccount(RequestContext request)
    {
        var resource = request.Resource.AsSpan();
        for (var i = 0; i < 4; i++)
        {
            var colon = resource.IndexOf(':');
            if (colon < 0)
                return true;
            resource = resource[(colon + 1)..];
        }
        var end = resource.IndexOf(':');
        var account = end < 0 ? resource : resource[..end];
        return account.IsEmpty || request.Principal.AccountId is null || account.SequenceEqual(request.Principal.AccountId);
    }
}
