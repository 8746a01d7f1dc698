using Berth.Kernel.Protocol;

namespace Berth.Iam.Api;

/// <summary>Roles, service-linked roles, their inline and attached policies, tags and (empty) instance profiles.</summary>
internal static class RoleOperations
{
    public static void Register(ServiceOperations ops, IamServices iam, IamAccess a)
    {
        var j = IamWireJson.Default;
        var none = IamOperations.None;
        ops.Add("CreateRole", j.CreateRoleInput, j.RoleResponse, async (r, ct) =>
        {
            var role = await iam.Roles.CreateAsync(new CreateRoleRequest
            {
                Path = r.Path,
                RoleName = r.RoleName,
                AssumeRolePolicyDocument = r.AssumeRolePolicyDocument,
                Description = r.Description,
                MaxSessionDuration = r.MaxSessionDuration,
                PermissionsBoundary = r.PermissionsBoundary,
                Tags = r.Tags,
            }, ct);
            return new RoleResponse(RoleShape.From(role) with { RoleLastUsed = null });
        },
            access: r => a.Role("CreateRole", r.RoleName, r.Path, r.Tags));
        ops.Add("GetRole", j.RoleNameInput, j.RoleResponse, async (r, ct) => new RoleResponse(RoleShape.From(await iam.Roles.GetAsync(r.RoleName, ct))),
            access: r => a.Role("GetRole", r.RoleName));
        ops.Add("ListRoles", j.PathListInput, j.ListRolesResponse, async (r, ct) =>
        {
            var page = await iam.Roles.ListAsync(r.PathPrefix, r.Marker, r.MaxItems, ct);
            return new ListRolesResponse([.. page.Items.Select(x => RoleShape.From(x, full: false))], page.IsTruncated, page.Marker);
        });
        ops.Add("UpdateRole", j.UpdateRoleInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.UpdateAsync(r.RoleName, r.Description, r.MaxSessionDuration, ct);
            return none;
        },
            access: r => a.Role("UpdateRole", r.RoleName));
        ops.Add("UpdateRoleDescription", j.UpdateRoleDescriptionInput, j.RoleResponse, async (r, ct) =>
            new RoleResponse(RoleShape.From(await iam.Roles.UpdateDescriptionAsync(r.RoleName, r.Description, ct))),
            access: r => a.Role("UpdateRoleDescription", r.RoleName));
        ops.Add("UpdateAssumeRolePolicy", j.UpdateAssumeRolePolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.UpdateAssumeRolePolicyAsync(r.RoleName, r.PolicyDocument, ct);
            return none;
        },
            access: r => a.Role("UpdateAssumeRolePolicy", r.RoleName));
        ops.Add("DeleteRole", j.RoleNameInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.DeleteAsync(r.RoleName, ct);
            return none;
        },
            access: r => a.Role("DeleteRole", r.RoleName));
        ops.Add("TagRole", j.TagRoleInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.TagAsync(r.RoleName, r.Tags, ct);
            return none;
        },
            access: r => a.Role("TagRole", r.RoleName, tags: r.Tags));
        ops.Add("UntagRole", j.UntagRoleInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.UntagAsync(r.RoleName, r.TagKeys, ct);
            return none;
        },
            access: r => a.Role("UntagRole", r.RoleName));
        ops.Add("ListRoleTags", j.RoleListInput, j.TagsResponse, async (r, ct) =>
        {
            var page = await iam.Roles.ListTagsAsync(r.RoleName, r.Marker, r.MaxItems, ct);
            return new TagsResponse(page.Items, page.IsTruncated, page.Marker);
        },
            access: r => a.Role("ListRoleTags", r.RoleName));
        ops.Add("ListInstanceProfilesForRole", j.RoleListInput, j.InstanceProfilesResponse, async (r, ct) =>
        {
            var page = await iam.Roles.InstanceProfilesAsync(r.RoleName, r.Marker, r.MaxItems, ct);
            return new InstanceProfilesResponse([], page.IsTruncated, page.Marker);
        },
            access: r => a.Role("ListInstanceProfilesForRole", r.RoleName));
        RegisterLinkedRoles(ops, iam, a);
        RegisterPolicies(ops, iam, a);
    }

    static void RegisterLinkedRoles(ServiceOperations ops, IamServices iam, IamAccess a)
    {
        var j = IamWireJson.Default;
        ops.Add("CreateServiceLinkedRole", j.CreateServiceLinkedRoleInput, j.RoleResponse, async (r, ct) =>
            new RoleResponse(RoleShape.From(await iam.LinkedRoles.CreateAsync(r.AWSServiceName, r.Description, r.CustomSuffix, ct)) with { RoleLastUsed = null }),
            access: r => IamAccess.ServiceLinkedRole(r.AWSServiceName));
        ops.Add("DeleteServiceLinkedRole", j.RoleNameInput, j.DeleteServiceLinkedRoleResponse, async (r, ct) =>
            new DeleteServiceLinkedRoleResponse(await iam.LinkedRoles.DeleteAsync(r.RoleName, ct)),
            access: r => a.Role("DeleteServiceLinkedRole", r.RoleName));
        ops.Add("GetServiceLinkedRoleDeletionStatus", j.DeletionTaskInput, j.DeletionStatusResponse, (r, _) =>
            Task.FromResult(new DeletionStatusResponse(ServiceLinkedRoles.DeletionStatus(r.DeletionTaskId), null)));
    }

    static void RegisterPolicies(ServiceOperations ops, IamServices iam, IamAccess a)
    {
        var j = IamWireJson.Default;
        var none = IamOperations.None;
        ops.Add("PutRolePolicy", j.PutRolePolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.InlinePolicies.PutRolePolicyAsync(r.RoleName, r.PolicyName, r.PolicyDocument, ct);
            return none;
        },
            access: r => a.Role("PutRolePolicy", r.RoleName));
        ops.Add("GetRolePolicy", j.RolePolicyInput, j.GetRolePolicyResponse, async (r, ct) =>
        {
            var (role, policy) = await iam.InlinePolicies.GetRolePolicyAsync(r.RoleName, r.PolicyName, ct);
            return new GetRolePolicyResponse(role, policy.PolicyName, PolicyText.Encode(policy.PolicyDocument));
        },
            access: r => a.Role("GetRolePolicy", r.RoleName));
        ops.Add("ListRolePolicies", j.RoleListInput, j.PolicyNamesResponse, async (r, ct) =>
        {
            var page = await iam.InlinePolicies.ListRolePoliciesAsync(r.RoleName, r.Marker, r.MaxItems, ct);
            return new PolicyNamesResponse(page.Items, page.IsTruncated, page.Marker);
        },
            access: r => a.Role("ListRolePolicies", r.RoleName));
        ops.Add("DeleteRolePolicy", j.RolePolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.InlinePolicies.DeleteRolePolicyAsync(r.RoleName, r.PolicyName, ct);
            return none;
        },
            access: r => a.Role("DeleteRolePolicy", r.RoleName));
        ops.Add("AttachRolePolicy", j.RolePolicyArnInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Attachments.AttachRolePolicyAsync(r.RoleName, r.PolicyArn, ct);
            return none;
        },
            access: r => a.Role("AttachRolePolicy", r.RoleName, policyArn: r.PolicyArn));
        ops.Add("DetachRolePolicy", j.RolePolicyArnInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Attachments.DetachRolePolicyAsync(r.RoleName, r.PolicyArn, ct);
            return none;
        },
            access: r => a.Role("DetachRolePolicy", r.RoleName, policyArn: r.PolicyArn));
        ops.Add("ListAttachedRolePolicies", j.ListAttachedRolePoliciesInput, j.AttachedPoliciesResponse, async (r, ct) =>
            UserOperations.Attached(await iam.Attachments.ListRolePoliciesAsync(r.RoleName, r.PathPrefix, r.Marker, r.MaxItems, ct)),
            access: r => a.Role("ListAttachedRolePolicies", r.RoleName));
    }
}
