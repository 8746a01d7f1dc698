using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>
/// Managed policies attached to users and roles: at most ten per entity (IAM's default quota), attaching twice is no
/// change, and policies of service-linked roles attach to nothing else. Each attachment is written together with its
/// entity and its (customer managed) policy, so a concurrent delete of either loses the race and sees it.
/// </summary>
public sealed class AttachmentService(IStateStore store, IamArns arns, TimeProvider clock)
{
    public const int MaxPerEntity = 10;

    public async Task AttachUserPolicyAsync(string? userName, string? policyArn, CancellationToken ct) =>
        await IamLookup.RetryAsync(async () =>
        {
            var (user, version) = await IamLookup.UserAsync(store, userName, ct, IamValidation.UserNameMax);
            var policy = await AttachableAsync(policyArn, ct);
            if (policy.Aws?.ForServiceLinkedRoles == true)
                throw IamErrors.NotAttachable("Cannot attach a Service Role Policy to a User.");
            await AttachAsync(user.UserId, policy, StoreWrite.Update(IamKinds.Users, user, version), "PoliciesPerUser", ct);
        });

    public async Task AttachRolePolicyAsync(string? roleName, string? policyArn, CancellationToken ct) =>
        await IamLookup.RetryAsync(async () =>
        {
            var (role, version) = await IamLookup.ModifiableRoleAsync(store, roleName, ct);
            var policy = await AttachableAsync(policyArn, ct);
            if (policy.Aws?.ForServiceLinkedRoles == true)
                throw IamErrors.NotAttachable("Cannot attach a Service Role Policy to a Customer Role.");
            await AttachAsync(role.RoleId, policy, StoreWrite.Update(IamKinds.Roles, role, version), "PoliciesPerRole", ct);
        });

    public async Task DetachUserPolicyAsync(string? userName, string? policyArn, CancellationToken ct)
    {
        var (user, _) = await IamLookup.UserAsync(store, userName, ct, IamValidation.UserNameMax);
        await DetachAsync(user.UserId, policyArn, ct);
    }

    public async Task DetachRolePolicyAsync(string? roleName, string? policyArn, CancellationToken ct)
    {
        var (role, _) = await IamLookup.ModifiableRoleAsync(store, roleName, ct);
        await DetachAsync(role.RoleId, policyArn, ct);
    }

    public async Task<IamPage<PolicyAttachment>> ListUserPoliciesAsync(string? userName, string? pathPrefix, string? marker, int? maxItems, CancellationToken ct)
    {
        var prefix = IamValidation.PolicyPath(pathPrefix, "pathPrefix");
        var (user, _) = await IamLookup.UserAsync(store, userName, ct, IamValidation.UserNameMax);
        return await ListAsync(user.UserId, prefix, marker, maxItems, ct);
    }

    public async Task<IamPage<PolicyAttachment>> ListRolePoliciesAsync(string? roleName, string? pathPrefix, string? marker, int? maxItems, CancellationToken ct)
    {
        var prefix = IamValidation.PolicyPath(pathPrefix, "pathPrefix");
        var (role, _) = await IamLookup.RoleAsync(store, roleName, ct);
        return await ListAsync(role.RoleId, prefix, marker, maxItems, ct);
    }

    /// <summary>Every attachment of an entity (for GetAccountAuthorizationDetails).</summary>
    public async Task<List<PolicyAttachment>> AllOfAsync(string entityId, CancellationToken ct) =>
        [.. (await store.ListAsync(IamKinds.Attachments, new StoreQuery { Name = entityId }, ct)).Select(a => a.Value)];

    async Task<PolicyRef> AttachableAsync(string? policyArn, CancellationToken ct) =>
        await PolicyResolver.FindAsync(store, arns, policyArn, ct, $"Policy {policyArn} does not exist or is not attachable.");

    async Task AttachAsync(string entityId, PolicyRef policy, StoreWrite touchEntity, string quota, CancellationToken ct)
    {
        if (await store.GetAsync(IamKinds.Attachments, PolicyAttachment.Key(entityId, policy.Arn), ct) is not null)
            return;
        if (await store.CountAsync(IamKinds.Attachments, new StoreQuery { Name = entityId }, ct) >= MaxPerEntity)
            throw IamErrors.LimitExceeded($"Cannot exceed quota for {quota}: {MaxPerEntity}");
        var attachment = new PolicyAttachment
        {
            EntityId = entityId,
            PolicyArn = policy.Arn,
            PolicyName = policy.PolicyName,
            AttachedAt = clock.GetUtcNow(),
        };
        List<StoreWrite> writes = [StoreWrite.Insert(IamKinds.Attachments, attachment), touchEntity];
        if (policy.Local is { } local)
            writes.Add(StoreWrite.Update(IamKinds.Policies, local.Value, local.Version));
        await store.CommitAsync(writes, ct);
    }

    async Task DetachAsync(string entityId, string? policyArn, CancellationToken ct)
    {
        IamArns.ParsePolicy(policyArn);
        await IamLookup.RetryAsync(async () =>
        {
            var attached = await store.GetAsync(IamKinds.Attachments, PolicyAttachment.Key(entityId, policyArn!), ct)
                ?? throw IamErrors.NoSuchEntity($"Policy {policyArn} was not found.");
            await store.CommitAsync(StoreWrite.Delete(IamKinds.Attachments, PolicyAttachment.Key(entityId, policyArn!), attached.Version), ct);
        });
    }

    async Task<IamPage<PolicyAttachment>> ListAsync(string entityId, string prefix, string? marker, int? maxItems, CancellationToken ct)
    {
        var attached = (await AllOfAsync(entityId, ct)).Where(a => PolicyResolver.PathOf(a.PolicyArn).StartsWith(prefix, StringComparison.Ordinal));
        return IamPaging.Page(attached, a => $"{IamKinds.Key(a.PolicyName)}|{a.PolicyArn}", marker, maxItems);
    }
}
