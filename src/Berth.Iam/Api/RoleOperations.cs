using Berth.Kernel.Protocol;

namespace Berth.Iam.Api;

/// <summary>Roles, service-linked roles, their inline and attached policies, tags and (empty) instance profiles.</summary>
internal static class RoleOperations
{
    public static void Register(ServiceOperations ops, IamServices iam)
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
        });
        ops.Add("GetRole", j.RoleNameInput, j.RoleResponse, async (r, ct) => new RoleResponse(RoleShape.From(await iam.Roles.GetAsync(r.RoleName, ct))));
        ops.Add("ListRoles", j.PathListInput, j.ListRolesResponse, async (r, ct) =>
        {
            var page = await iam.Roles.ListAsync(r.PathPrefix, r.Marker, r.MaxItems, ct);
            return new ListRolesResponse([.. page.Items.Select(x => RoleShape.From(x, full: false))], page.IsTruncated, page.Marker);
        });
        ops.Add("UpdateRole", j.UpdateRoleInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.UpdateAsync(r.RoleName, r.Description, r.MaxSessionDuration, ct);
            return none;
        });
        ops.Add("UpdateRoleDescription", j.UpdateRoleDescriptionInput, j.RoleResponse, async (r, ct) =>
            new RoleResponse(RoleShape.From(await iam.Roles.UpdateDescriptionAsync(r.RoleName, r.Description, ct))));
        ops.Add("UpdateAssumeRolePolicy", j.UpdateAssumeRolePolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.UpdateAssumeRolePolicyAsync(r.RoleName, r.PolicyDocument, ct);
            return none;
        });
        ops.Add("DeleteRole", j.RoleNameInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.DeleteAsync(r.RoleName, ct);
            return none;
        });
        ops.Add("TagRole", j.TagRoleInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.TagAsync(r.RoleName, r.Tags, ct);
            return none;
        });
        ops.Add("UntagRole", j.UntagRoleInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Roles.UntagAsync(r.RoleName, r.TagKeys, ct);
            return none;
        });
        ops.Add("ListRoleTags", j.RoleListInput, j.TagsResponse, async (r, ct) =>
        {
            var page = await iam.Roles.ListTagsAsync(r.RoleName, r.Marker, r.MaxItems, ct);
            return new TagsResponse(page.Items, page.IsTruncated, page.Marker);
        });
        ops.Add("ListInstanceProfilesForRole", j.RoleListInput, j.InstanceProfilesResponse, async (r, ct) =>
        {
            var page = await iam.Roles.InstanceProfilesAsync(r.RoleName, r.Marker, r.MaxItems, ct);
            return new InstanceProfilesResponse([], page.IsTruncated, page.Marker);
        });
        RegisterLinkedRoles(ops, iam);
        RegisterPolicies(ops, iam);
    }

    static void RegisterLinkedRoles(ServiceOperations ops, IamServices iam)
    {
        var j = IamWireJson.Default;
        ops.Add("CreateServiceLinkedRole", j.CreateServiceLinkedRoleInput, j.RoleResponse, async (r, ct) =>
            new RoleResponse(RoleShape.From(await iam.LinkedRoles.CreateAsync(r.AWSServiceName, r.Description, r.CustomSuffix, ct)) with { RoleLastUsed = null }));
        ops.Add("DeleteServiceLinkedRole", j.RoleNameInput, j.DeleteServiceLinkedRoleResponse, async (r, ct) =>
            new DeleteServiceLinkedRoleResponse(await iam.LinkedRoles.DeleteAsync(r.RoleName, ct)));
        ops.Add("GetServiceLinkedRoleDeletionStatus", j.DeletionTaskInput, j.DeletionStatusResponse, (r, _) =>
            Task.FromResult(new DeletionStatusResponse(ServiceLinkedRoles.DeletionStatus(r.DeletionTaskId), null)));
    }

    static void RegisterPolicies(ServiceOperations ops, IamServices iam)
    {
        var j = IamWireJson.Default;
        var none = IamOperations.None;
        ops.Add("PutRolePolicy", j.PutRolePolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.InlinePolicies.PutRolePolicyAsync(r.RoleName, r.PolicyName, r.PolicyDocument, ct);
            return none;
        });
        ops.Add("GetRolePolicy", j.RolePolicyInput, j.GetRolePolicyResponse, async (r, ct) =>
        {
            var (role, policy) = await iam.InlinePolicies.GetRolePolicyAsync(r.RoleName, r.PolicyName, ct);
            return new GetRolePolicyResponse(role, policy.PolicyName, PolicyText.Encode(policy.PolicyDocument));
        });
        ops.Add("ListRolePolicies", j.RoleListInput, j.PolicyNamesResponse, async (r, ct) =>
        {
            var page = await iam.InlinePolicies.ListRolePoliciesAsync(r.RoleName, r.Marker, r.MaxItems, ct);
            return new PolicyNamesResponse(page.Items, page.IsTruncated, page.Marker);
        });
        ops.Add("DeleteRolePolicy", j.RolePolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.InlinePolicies.DeleteRolePolicyAsync(r.RoleName, r.PolicyName, ct);
            return none;
        });
        ops.Add("AttachRolePolicy", j.RolePolicyArnInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Attachments.AttachRolePolicyAsync(r.RoleName, r.PolicyArn, ct);
            return none;
        });
        ops.Add("DetachRolePolicy", j.RolePolicyArnInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Attachments.DetachRolePolicyAsync(r.RoleName, r.PolicyArn, ct);
            return none;
        });
        ops.Add("ListAttachedRolePolicies", j.ListAttachedRolePoliciesInput, j.AttachedPoliciesResponse, async (r, ct) =>
            UserOperations.Attached(await iam.Attachments.ListRolePoliciesAsync(r.RoleName, r.PathPrefix, r.Marker, r.MaxItems, ct)));
    }
}
