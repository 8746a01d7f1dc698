namespace Berth.Iam.Policy;

public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>One statement of a policy, compiled: what the evaluator tests, in the order cheapest first.</summary>
public sealed class PolicyStatement
{
    internal PolicyStatement(int index, string? sid, PolicyEffect effect)
    {
        Index = index;
        Sid = sid;
        Effect = effect;
    }

    /// <summary>The statement's position in its document (0-based), to name it when it has no Sid.</summary>
    public int Index { get; }

    public string? Sid { get; }

    public PolicyEffect Effect { get; }

    /// <summary>The Action (or NotAction) patterns as written.</summary>
    public IReadOnlyList<string> Actions { get; internal init; } = [];

    public bool IsNotAction { get; internal init; }

    /// <summary>The Resource (or NotResource) entries as written; empty when the statement has none (trust policies).</summary>
    public IReadOnlyList<string> Resources { get; internal init; } = [];

    public bool IsNotResource { get; internal init; }

    internal Glob[] ActionPatterns { get; init; } = [];

    internal ResourceEntry[] ResourceEntries { get; init; } = [];

    internal bool HasResourceElement { get; init; }

    internal PrincipalSpec? Principal { get; init; }

    internal bool IsNotPrincipal { get; init; }

    internal Condition[] Conditions { get; init; } = [];

    /// <summary>
    /// Whether weighing it may read <c>aws:ResourceTag/…</c> (a condition's key or a variable in a condition value or
    /// a Resource entry): only then are the resource's tags worth fetching for an action it covers.
    /// </summary>
    internal bool ReadsResourceTags { get; init; }

    internal bool MatchesAction(string actionLower)
    {
        var any = false;
        foreach (var p in ActionPatterns)
        {
            if (p.IsMatch(actionLower))
            {
                any = true;
                break;
            }
        }
        return any != IsNotAction;
    }

    internal bool MatchesResource(RequestContext context)
    {
        if (!HasResourceElement)
            return true;
        var any = false;
        foreach (var r in ResourceEntries)
        {
            if (r.IsMatch(context))
            {
                any = true;
                break;
            }
        }
        return any != IsNotResource;
    }

    /// <summary>The Principal test of a resource or trust policy (identity policies have none: always Specific).</summary>
    internal PrincipalMatch MatchesPrincipal(RequestPrincipal principal)
    {
        if (Principal is null)
            return PrincipalMatch.Specific;
        var match = Principal.Match(principal);
        if (!IsNotPrincipal)
            return match;
        // NotPrincipal (Deny only): applies to everyone the list does not name.
        return match == PrincipalMatch.None ? PrincipalMatch.Specific : PrincipalMatch.None;
    }

    internal bool ConditionsHold(RequestContext context)
    {
        foreach (var c in Conditions)
        {
            if (!c.IsSatisfied(context))
                return false;
        }
        return true;
    }
}

/// <summary>A Resource entry: a compiled ARN pattern, or a template whose variables are filled per request.</summary>
internal sealed class ResourceEntry
{
    readonly Glob? _static;
    readonly ValueTemplate _template;

    public ResourceEntry(ValueTemplate template)
    {
        _template = template;
        if (template.IsStatic)
            _static = Glob.ForArn(template.Text, template.Literal);
    }

    public bool Reads(KeyKind kind) => _template.Reads(kind);

    /// <summary>An entry whose variable has no value matches no resource.</summary>
    public bool IsMatch(RequestContext context)
    {
        if (_static is not null)
            return _static.IsMatch(context.Resource);
        return _template.TryRender(context, out var text, out var literal) && ArnMatch.Match(text, literal, context.Resource);
    }
}
