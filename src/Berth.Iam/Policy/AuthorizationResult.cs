namespace Berth.Iam.Policy;

public enum PolicyDecision
{
    Allow,
    /// <summary>A Deny statement matched: nothing can allow the request.</summary>
    ExplicitDeny,
    /// <summary>Nothing allowed the request (IAM's default).</summary>
    ImplicitDeny,
}

/// <summary>Where a deciding statement lives (or, for an implicit deny, which kind of policy failed to allow).</summary>
public enum PolicySource
{
    IdentityBased,
    /// <summary>A resource's policy, a role's trust policy among them.</summary>
    ResourceBased,
}

/// <summary>A policy to weigh, with the name a decision is reported under (a managed policy's ARN, or USER/POLICY for inline).</summary>
public sealed record NamedPolicy(string Name, PolicyDocument Document);

/// <summary>The statement that decided a request.</summary>
public sealed record MatchedStatement(string PolicyName, PolicySource Source, PolicyStatement Statement)
{
    /// <summary>The statement's Sid, or its position (<c>#0</c>) when it has none.</summary>
    public string Label => string.IsNullOrEmpty(Statement.Sid) ? $"#{Statement.Index}" : Statement.Sid;
}

/// <summary>The decision on one request and why, enough to write AWS's AccessDenied message.</summary>
public sealed class AuthorizationResult
{
    internal AuthorizationResult(PolicyDecision decision, RequestContext request, MatchedStatement? statement, PolicySource source)
    {
        Decision = decision;
        PrincipalArn = request.Principal.Arn;
        Action = request.Action;
        Resource = request.Resource;
        Statement = statement;
        Source = statement?.Source ?? source;
    }

    public PolicyDecision Decision { get; }

    public bool IsAllowed => Decision == PolicyDecision.Allow;

    public string PrincipalArn { get; }

    public string Action { get; }

    public string Resource { get; }

    /// <summary>The statement that allowed or explicitly denied; null for an implicit deny and for the root user.</summary>
    public MatchedStatement? Statement { get; }

    /// <summary>The deciding statement's kind of policy, or for an implicit deny the kind that allowed nothing.</summary>
    public PolicySource Source { get; }

    /// <summary>Why, in a sentence for logs and tests.</summary>
    public string Reason => (Decision, Statement) switch
    {
        (PolicyDecision.Allow, null) => "allowed: the account's root user",
        (PolicyDecision.Allow, { } s) => $"allowed by statement {s.Label} of {Article(s.Source)} policy {s.PolicyName}",
        (PolicyDecision.ExplicitDeny, { } s) => $"explicitly denied by statement {s.Label} of {Article(s.Source)} policy {s.PolicyName}",
        _ => $"no {Kind(Source)} policy allows the {Action} action",
    };

    /// <summary>
    /// AWS's AccessDenied message: <c>User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no
    /// identity-based policy allows the ACTION action</c>, or <c>... with an explicit deny in an identity-based policy</c>.
    /// </summary>
    public string AccessDeniedMessage()
    {
        if (IsAllowed)
            throw new InvalidOperationException("The request is allowed.");
        var head = $"User: {PrincipalArn} is not authorized to perform: {Action} on resource: {Resource}";
        return Decision == PolicyDecision.ExplicitDeny
            ? $"{head} with an explicit deny in {Article(Source)} policy"
            : $"{head} because no {Kind(Source)} policy allows the {Action} action";
    }

    public override string ToString() => $"{Decision}: {Reason}";

    static string Kind(PolicySource source) => source == PolicySource.IdentityBased ? "identity-based" : "resource-based";

    static string Article(PolicySource source) => source == PolicySource.IdentityBased ? "an identity-based" : "a resource-based";
}
