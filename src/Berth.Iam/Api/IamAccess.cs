using Berth.Kernel.Auth;

namespace Berth.Iam.Api;

/// <summary>
/// What each IAM request asks to do, as IAM sees it: the user, role or policy it names by ARN (a user or role by
/// name on the root path: what a policy's <c>user/${aws:username}</c> matches), the caller's own user when an
/// access-key or user call names none, <c>iam:PolicyARN</c> for attachments, <c>iam:AWSServiceName</c> for
/// service-linked roles, and request tags.
/// </summary>
internal sealed class IamAccess(IamArns arns)
{
    /// <summary>A call about a user: the named one, else the caller (IAM's default for access keys and GetUser).</summary>
    public IReadOnlyList<AccessRequest> User(string operation, string? userName, string? path = null, List<TagInput>? tags = null, string? policyArn = null)
    {
        var name = userName ?? (Caller.Current is { Kind: PrincipalKind.User } me ? me.Name : null) ?? "";
        return One(operation, arns.User(path ?? "/", name), tags, policyArn);
    }

    public IReadOnlyList<AccessRequest> Role(string operation, string? roleName, string? path = null, List<TagInput>? tags = null, string? policyArn = null) =>
        One(operation, arns.Role(path ?? "/", roleName ?? ""), tags, policyArn);

    public IReadOnlyList<AccessRequest> Policy(string operation, string? policyArn, List<TagInput>? tags = null) =>
        One(operation, policyArn ?? "*", tags, null);

    public IReadOnlyList<AccessRequest> NewPolicy(string operation, string? path, string? name, List<TagInput>? tags) =>
        One(operation, arns.Policy(path ?? "/", name ?? ""), tags, null);

    public static IReadOnlyList<AccessRequest> ServiceLinkedRole(string? serviceName) =>
        [new("iam:CreateServiceLinkedRole", AccessRequest.AllResources) { Context = new Dictionary<string, IReadOnlyList<string>> { ["iam:AWSServiceName"] = [serviceName ?? ""] } }];

    static IReadOnlyList<AccessRequest> One(string operation, string resource, List<TagInput>? tags, string? policyArn)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>();
        if (tags is { Count: > 0 })
        {
            context["aws:TagKeys"] = [.. tags.Select(t => t.Key ?? "")];
            foreach (var t in tags)
                context[$"aws:RequestTag/{t.Key}"] = [t.Value ?? ""];
        }
        if (policyArn is not null)
            context["iam:PolicyARN"] = [policyArn];
        return [new($"iam:{operation}", [resource]) { Context = context }];
    }
}
