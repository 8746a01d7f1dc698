using Berth.Iam.Policy;
using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>
/// Inline policies of users and roles: kept inside their owner, replaced by a Put of the same name (names compared without
/// regard to case, as IAM's are), within IAM's quotas for the total size of an owner's inline policies.
/// </summary>
public sealed class InlinePolicyService(IStateStore store)
{

    public Task PutUserPolicyAsync(string? userName, string? policyName, string? document, CancellationToken ct)
    {
        var (name, text) = Check(policyName, document);
        return IamLookup.RetryAsync(async () =>
        {
            var (user, version) = await IamLookup.UserAsync(store, userName, ct);
            var policies = Put(user.InlinePolicies, name, text, PolicyLimits.UserInlinePoliciesSize, $"user {user.UserName}");
            await store.CommitAsync(StoreWrite.Update(IamKinds.Users, user with { InlinePolicies = policies }, version), ct);
        });
    }

    public Task PutRolePolicyAsync(string? roleName, string? policyName, string? document, CancellationToken ct)
    {
        var (name, text) = Check(policyName, document);
        return IamLookup.RetryAsync(async () =>
        {
            var (role, version) = await IamLookup.ModifiableRoleAsync(store, roleName, ct);
            var policies = Put(role.InlinePolicies, name, text, PolicyLimits.RoleInlinePoliciesSize, $"role {role.RoleName}");
            await store.CommitAsync(StoreWrite.Update(IamKinds.Roles, role with { InlinePolicies = policies }, version), ct);
        });
    }

    public async Task<(string UserName, InlinePolicy Policy)> GetUserPolicyAsync(string? userName, string? policyName, CancellationToken ct)
    {
        var name = PolicyName(policyName);
        var (user, _) = await IamLookup.UserAsync(store, userName, ct);
        return (user.UserName, Find(user.InlinePolicies, name) ?? throw NotFound("user", name));
    }

    public async Task<(string RoleName, InlinePolicy Policy)> GetRolePolicyAsync(string? roleName, string? policyName, CancellationToken ct)
    {
        var name = PolicyName(policyName);
        var (role, _) = await IamLookup.RoleAsync(store, roleName, ct);
        return (role.RoleName, Find(role.InlinePolicies, name) ?? throw NotFound("role", name));
    }

    public async Task<IamPage<string>> ListUserPoliciesAsync(string? userName, string? marker, int? maxItems, CancellationToken ct) =>
        Names((await IamLookup.UserAsync(store, userName, ct)).Value.InlinePolicies, marker, maxItems);

    public async Task<IamPage<string>> ListRolePoliciesAsync(string? roleName, string? marker, int? maxItems, CancellationToken ct) =>
        Names((await IamLookup.RoleAsync(store, roleName, ct)).Value.InlinePolicies, marker, maxItems);

    public Task DeleteUserPolicyAsync(string? userName, string? policyName, CancellationToken ct)
    {
        var name = PolicyName(policyName);
        return IamLookup.RetryAsync(async () =>
        {
            var (user, version) = await IamLookup.UserAsync(store, userName, ct);
            var remaining = Remove(user.InlinePolicies, name) ?? throw NotFound("user", name);
            await store.CommitAsync(StoreWrite.Update(IamKinds.Users, user with { InlinePolicies = remaining }, version), ct);
        });
    }

    public Task DeleteRolePolicyAsync(string? roleName, string? policyName, CancellationToken ct)
    {
        var name = PolicyName(policyName);
        return IamLookup.RetryAsync(async () =>
        {
            var (role, version) = await IamLookup.ModifiableRoleAsync(store, roleName, ct);
            var remaining = Remove(role.InlinePolicies, name) ?? throw NotFound("role", name);
            await store.CommitAsync(StoreWrite.Update(IamKinds.Roles, role with { InlinePolicies = remaining }, version), ct);
        });
    }

    static (string Name, string Document) Check(string? policyName, string? document)
    {
        var name = PolicyName(policyName);
        var text = IamValidation.Document(document, "policyDocument");
        PolicyDocument.Parse(text);
        return (name, text);
    }

    static string PolicyName(string? policyName) => IamValidation.Name(policyName, "policyName", IamValidation.PolicyNameMax);

    static List<InlinePolicy> Put(List<InlinePolicy> current, string name, string document, int quota, string owner)
    {
        var policies = current.Where(p => !Same(p.PolicyName, name)).Append(new InlinePolicy(name, document)).ToList();
        return policies.Sum(p => PolicyLimits.SizeOf(p.PolicyDocument)) <= quota
            ? policies
            : throw IamErrors.LimitExceeded($"Maximum policy size of {quota} bytes exceeded for {owner}");
    }

    static InlinePolicy? Find(List<InlinePolicy> policies, string name) => policies.FirstOrDefault(p => Same(p.PolicyName, name));

    static List<InlinePolicy>? Remove(List<InlinePolicy> policies, string name) =>
        Find(policies, name) is null ? null : [.. policies.Where(p => !Same(p.PolicyName, name))];

    static IamPage<string> Names(List<InlinePolicy> policies, string? marker, int? maxItems) =>
        IamPaging.Page(policies.Select(p => p.PolicyName), IamKinds.Key, marker, maxItems);

    static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    static Kernel.AwsException NotFound(string owner, string name) => IamErrors.NoSuchEntity($"The {owner} policy with name {name} cannot be found.");
}
