namespace Berth.Kernel.Auth;

/// <summary>
/// What a call asks to do, as IAM sees it: an action (<c>ecs:RunTask</c>) on resources (ARNs, or <c>*</c> for actions
/// without resource-level permissions), with the request's condition keys (<c>ecs:cluster</c>, <c>aws:RequestTag/env</c>).
/// </summary>
public sealed record AccessRequest(string Action, IReadOnlyList<string> Resources)
{
    public static readonly IReadOnlyList<string> AllResources = ["*"];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>An authorizer's answer; a refusal carries the message AWS writes (who, which action, which resource, why).</summary>
public sealed record AccessDecision(bool Allowed, string? Message = null)
{
    public static readonly AccessDecision Allow = new(true);
}

/// <summary>Decides whether a principal may do what a call asks (IAM's policy evaluation, once IAM is there).</summary>
public interface IAuthorizer
{
    ValueTask<AccessDecision> AuthorizeAsync(Principal principal, AccessRequest request, CancellationToken ct);
}

/// <summary>Lets everything through: for hosts without IAM, and for tests that are not about authorization.</summary>
public sealed class AllowAll : IAuthorizer
{
    public ValueTask<AccessDecision> AuthorizeAsync(Principal principal, AccessRequest request, CancellationToken ct) =>
        ValueTask.FromResult(AccessDecision.Allow);
}

/// <summary>
/// Who is making the call being handled: set by the edge once the signature is verified, for the operations that
/// answer about their caller (GetCallerIdentity) or act for it (AssumeRole), and for authorization.
/// </summary>
public static class Caller
{
    static readonly AsyncLocal<Principal?> CurrentPrincipal = new();
    static readonly AsyncLocal<string?> CurrentSourceIp = new();

    /// <summary>The caller of the call in progress; null outside one.</summary>
    public static Principal? Current => CurrentPrincipal.Value;

    /// <summary>The address the call came from (<c>aws:SourceIp</c>); null outside a call or when unknown.</summary>
    public static string? SourceIp => CurrentSourceIp.Value;

    /// <summary>The caller of the call in progress, for an operation that cannot run without one.</summary>
    public static Principal Required => Current ?? throw new InvalidOperationException("No caller: the operation ran outside a verified call.");

    /// <summary>Makes <paramref name="principal"/> the caller until the returned scope is disposed.</summary>
    public static IDisposable Use(Principal principal, string? sourceIp = null)
    {
        var scope = new Scope(CurrentPrincipal.Value, CurrentSourceIp.Value);
        CurrentPrincipal.Value = principal;
        CurrentSourceIp.Value = sourceIp;
        return scope;
    }

    sealed class Scope(Principal? previous, string? previousSourceIp) : IDisposable
    {
        public void Dispose()
        {
            CurrentPrincipal.Value = previous;
            CurrentSourceIp.Value = previousSourceIp;
        }
    }
}

/// <summary>The condition keys of the tags a request sets: <c>aws:RequestTag/KEY</c> for each, and <c>aws:TagKeys</c>.</summary>
public static class RequestTagKeys
{
    /// <summary><paramref name="context"/> (or a new one) with the request's tags added; unchanged when there are none.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Add(IEnumerable<(string? Key, string? Value)>? tags, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null)
    {
        var result = context is null ? [] : new Dictionary<string, IReadOnlyList<string>>(context);
        var list = tags?.ToList();
        if (list is not { Count: > 0 })
            return result;
        result["aws:TagKeys"] = [.. list.Select(t => t.Key ?? "")];
        foreach (var (key, value) in list)
            result[$"aws:RequestTag/{key}"] = [value ?? ""];
        return result;
    }
}
