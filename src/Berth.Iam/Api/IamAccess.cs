using Berth.Kernel.Auth;
using Berth.Kernel.Storage;

namespace Berth.Iam.Api;

/// <summary>
/// What each IAM request asks to do, as IAM sees it: the user, role or policy it names by ARN (a user or role by
/// name on the root path: what a policy's <c>user/${aws:username}</c> matches), the caller's own user when an
/// access-key or user call names none, <c>iam:PolicyARN</c> for attachments, <c>iam:AWSServiceName</c> for
/// service-linked roles, and request tags.
/// </summary>
internal sealed class IamAccess(IamArns arns, IStateStore store)
{
    /// <summary>A call about a user (on its ARN, path included): the named one, else the caller (IAM's default for access keys and GetUser).</summary>
    public async ValueTask<IReadOnlyList<AccessRequest>> UserAsync(CancellationToken ct, string operation, string? userName, List<TagInput>? tags = null, string? policyArn = null)
    {
        var name = userName ?? (Caller.Current is { Kind: PrincipalKind.User } me ? me.Name : null) ?? "";
        var (path, stored) = await PathAsync(IamKinds.Users, name, u => (u.Path, u.UserName), ct);
        return One(operation, arns.User(path, stored), tags, policyArn);
    }

    /// <summary>A user about to be created, on the path it asks for.</summary>
    public IReadOnlyList<AccessRequest> NewUser(string operation, string? userName, string? path, List<TagInput>? tags) =>
        One(operation, arns.User(path ?? "/", userName ?? ""), tags, null);

    public async ValueTask<IReadOnlyList<AccessRequest>> RoleAsync(CancellationToken ct, string operation, string? roleName, List<TagInput>? tags = null, string? policyArn = null)
    {
        var (path, stored) = await PathAsync(IamKinds.Roles, roleName ?? "", r => (r.Path, r.RoleName), ct);
        return One(operation, arns.Role(path, stored), tags, policyArn);
    }

    public IReadOnlyList<AccessRequest> NewRole(string operation, string? roleName, string? path, List<TagInput>? tags) =>
        One(operation, arns.Role(path ?? "/", roleName ?? ""), tags, null);

    /// <summary>
    /// The entity's path and name as stored (names match without regard to case); the root path and the name as given
    /// for one that does not exist (the handler then answers NoSuchEntity).
    /// </summary>
    async ValueTask<(string Path, string Name)> PathAsync<T>(ResourceKind<T> kind, string name, Func<T, (string, string)> stored, CancellationToken ct)
    {
        if (name.Length == 0 || name.Length > 128)
            return ("/", name);
        return await store.GetAsync(kind, IamKinds.Key(name), ct) is { } found ? stored(found.Value) : ("/", name);
    }

    public IReadOnlyList<AccessRequest> Policy(string operation, string? policyArn, List<TagInput>? tags = null) =>
        One(operation, policyArn ?? "*", tags, null);

    public IReadOnlyList<AccessRequest> NewPolicy(string operation, string? path, string? name, List<TagInput>? tags) =>
        One(operation, arns.Policy(path ?? "/", name ?? ""), tags, null);

    public static IReadOnlyList<AccessRequest> ServiceLinkedRole(string? serviceName) =>
        [new("iam:CreateServiceLinkedRole", AccessRequest.AllResources) { Context = new Dictionary<string, IReadOnlyList<string>> { ["iam:AWSServiceName"] = [serviceName ?? ""] } }];

    static IReadOnlyList<AccessRequest> One(string operation, string resource, List<TagInput>? tags, string? policyArn)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>();
        context = RequestTagKeys.Add(tags?.Select(t => (t.Key, t.Value)), context);
        if (policyArn is not null)
            context["iam:PolicyARN"] = [policyArn];
        return [new($"iam:{operation}", [resource]) { Context = context }];
    }
}
