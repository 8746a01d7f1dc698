using System.Text.Json;

namespace Berth.Iam.Policy;

/// <summary>Which rules a document is held to: they differ in Principal, Resource, Version and size.</summary>
public enum PolicyKind
{
    /// <summary>An inline user, group or role policy: no Principal; Version optional (absent means 2008-10-17).</summary>
    Identity,
    /// <summary>A managed policy (CreatePolicy, CreatePolicyVersion): as Identity, but Version must be 2012-10-17.</summary>
    Managed,
    /// <summary>A role's trust policy: Principal required, no Resource, only STS assume-role actions.</summary>
    Trust,
    /// <summary>A resource-based policy (a repository's, a secret's): Principal required, Resource optional.</summary>
    Resource,
}

/// <summary>An IAM policy document, parsed, checked as IAM checks it, and compiled for evaluation.</summary>
public sealed class PolicyDocument
{
    public const string Version2012 = "2012-10-17";
    public const string Version2008 = "2008-10-17";

    PolicyDocument(string text, PolicyKind kind, string version, string? id, PolicyStatement[] statements)
    {
        Text = text;
        Kind = kind;
        Version = version;
        Id = id;
        Statements = statements;
        Denies = [.. statements.Where(s => s.Effect == PolicyEffect.Deny)];
        Allows = [.. statements.Where(s => s.Effect == PolicyEffect.Allow)];
    }

    /// <summary>The document as given.</summary>
    public string Text { get; }

    public PolicyKind Kind { get; }

    /// <summary><c>2012-10-17</c>, or <c>2008-10-17</c> (also when absent), where policy variables are plain text.</summary>
    public string Version { get; }

    public string? Id { get; }

    public IReadOnlyList<PolicyStatement> Statements { get; }

    internal PolicyStatement[] Denies { get; }

    internal PolicyStatement[] Allows { get; }

    /// <summary>
    /// Whether weighing <paramref name="action"/> against it may read the resource's tags: a statement covering the
    /// action tests <c>aws:ResourceTag/…</c>. Statements that do not cover the action are never weighed further.
    /// </summary>
    public bool ReadsResourceTags(string action)
    {
        var lower = action.ToLowerInvariant();
        foreach (var s in Statements)
        {
            if (s.ReadsResourceTags && s.MatchesAction(lower))
                return true;
        }
        return false;
    }

    /// <summary>Parses and checks an identity policy (inline); a document IAM would refuse is a MalformedPolicyDocument error.</summary>
    public static PolicyDocument Parse(string? text) => Parse(text, PolicyKind.Identity);

    /// <summary>Parses and checks a role's trust policy (AssumeRolePolicyDocument), including IAM's 2,048-character quota.</summary>
    public static PolicyDocument ParseTrustPolicy(string? text) => Parse(text, PolicyKind.Trust);

    /// <summary>
    /// Parses and checks a document of the given kind: MalformedPolicyDocument for what IAM refuses, LimitExceeded for a
    /// managed policy over 6,144 or a trust policy over 2,048 characters (inline quotas are per user or role: see
    /// <see cref="PolicyLimits"/>).
    /// </summary>
    public static PolicyDocument Parse(string? text, PolicyKind kind)
    {
        text ??= "";
        (string? Version, string? Id, List<RawStatement> Statements)? read;
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            read = PolicyReader.Read(json.RootElement);
        }
        catch (JsonException)
        {
            throw PolicyErrors.Malformed(kind is PolicyKind.Trust ? PolicyErrors.InvalidJson : PolicyErrors.Syntax);
        }
        if (read is not { } doc)
            throw PolicyErrors.Malformed(PolicyErrors.Syntax);
        var version = doc.Version ?? Version2008;
        var statements = PolicyCompiler.Compile(doc.Statements, kind, version);
        if (kind == PolicyKind.Managed)
            PolicyLimits.EnsureManagedPolicySize(text);
        else if (kind == PolicyKind.Trust)
            PolicyLimits.EnsureTrustPolicySize(text);
        return new PolicyDocument(text, kind, version, doc.Id, statements);
    }
}
