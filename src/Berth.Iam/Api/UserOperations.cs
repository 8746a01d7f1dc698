using Berth.Kernel.Protocol;

namespace Berth.Iam.Api;

/// <summary>Users, their access keys, inline policies, attached policies and tags.</summary>
internal static class UserOperations
{
    public static void Register(ServiceOperations ops, IamServices iam, IamAccess a)
    {
        var j = IamWireJson.Default;
        var none = IamOperations.None;
        ops.Add("CreateUser", j.CreateUserInput, j.UserResponse, async (r, ct) =>
            new UserResponse(UserShape.From(await iam.Users.CreateAsync(r.UserName, r.Path, r.PermissionsBoundary, r.Tags, ct))),
            access: r => a.User("CreateUser", r.UserName, r.Path, r.Tags));
        ops.Add("GetUser", j.UserNameInput, j.UserResponse, async (r, ct) => new UserResponse(UserShape.From(await iam.Users.GetAsync(r.UserName, ct))),
            access: r => a.User("GetUser", r.UserName));
        ops.Add("ListUsers", j.PathListInput, j.ListUsersResponse, async (r, ct) =>
        {
            var page = await iam.Users.ListAsync(r.PathPrefix, r.Marker, r.MaxItems, ct);
            return new ListUsersResponse([.. page.Items.Select(u => UserShape.From(u, withTags: false))], page.IsTruncated, page.Marker);
        });
        ops.Add("UpdateUser", j.UpdateUserInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Users.UpdateAsync(r.UserName, r.NewPath, r.NewUserName, ct);
            return none;
        },
            access: r => a.User("UpdateUser", r.UserName));
        ops.Add("DeleteUser", j.UserNameInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Users.DeleteAsync(r.UserName, ct);
            return none;
        },
            access: r => a.User("DeleteUser", r.UserName));
        ops.Add("TagUser", j.TagUserInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Users.TagAsync(r.UserName, r.Tags, ct);
            return none;
        },
            access: r => a.User("TagUser", r.UserName, tags: r.Tags));
        ops.Add("UntagUser", j.UntagUserInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Users.UntagAsync(r.UserName, r.TagKeys, ct);
            return none;
        },
            access: r => a.User("UntagUser", r.UserName));
        ops.Add("ListUserTags", j.UserListInput, j.TagsResponse, async (r, ct) =>
        {
            var page = await iam.Users.ListTagsAsync(r.UserName, r.Marker, r.MaxItems, ct);
            return new TagsResponse(page.Items, page.IsTruncated, page.Marker);
        },
            access: r => a.User("ListUserTags", r.UserName));
        RegisterAccessKeys(ops, iam, a);
        RegisterPolicies(ops, iam, a);
    }

    static void RegisterAccessKeys(ServiceOperations ops, IamServices iam, IamAccess a)
    {
        var j = IamWireJson.Default;
        var none = IamOperations.None;
        ops.Add("CreateAccessKey", j.UserNameInput, j.CreateAccessKeyResponse, async (r, ct) =>
        {
            var k = await iam.AccessKeys.CreateAsync(r.UserName, ct);
            return new CreateAccessKeyResponse(new AccessKeyShape(k.UserName, k.Key.AccessKeyId, k.Key.Status, k.SecretAccessKey, k.Key.CreateDate));
        },
            access: r => a.User("CreateAccessKey", r.UserName));
        ops.Add("ListAccessKeys", j.UserListInput, j.ListAccessKeysResponse, async (r, ct) =>
        {
            var page = await iam.AccessKeys.ListAsync(r.UserName, r.Marker, r.MaxItems, ct);
            return new ListAccessKeysResponse([.. page.Items.Select(k => new AccessKeyMetadataShape(k.UserName, k.Key.AccessKeyId, k.Key.Status, k.Key.CreateDate))],
                page.IsTruncated, page.Marker);
        },
            access: r => a.User("ListAccessKeys", r.UserName));
        ops.Add("UpdateAccessKey", j.UpdateAccessKeyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.AccessKeys.UpdateAsync(r.UserName, r.AccessKeyId, r.Status, ct);
            return none;
        },
            access: r => a.User("UpdateAccessKey", r.UserName));
        ops.Add("DeleteAccessKey", j.DeleteAccessKeyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.AccessKeys.DeleteAsync(r.UserName, r.AccessKeyId, ct);
            return none;
        },
            access: r => a.User("DeleteAccessKey", r.UserName));
        ops.Add("GetAccessKeyLastUsed", j.AccessKeyIdInput, j.GetAccessKeyLastUsedResponse, async (r, ct) =>
            new GetAccessKeyLastUsedResponse(await iam.AccessKeys.OwnerAsync(r.AccessKeyId, ct), new AccessKeyLastUsedShape(null, "N/A", "N/A")));
    }

    static void RegisterPolicies(ServiceOperations ops, IamServices iam, IamAccess a)
    {
        var j = IamWireJson.Default;
        var none = IamOperations.None;
        ops.Add("PutUserPolicy", j.PutUserPolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.InlinePolicies.PutUserPolicyAsync(r.UserName, r.PolicyName, r.PolicyDocument, ct);
            return none;
        },
            access: r => a.User("PutUserPolicy", r.UserName));
        ops.Add("GetUserPolicy", j.UserPolicyInput, j.GetUserPolicyResponse, async (r, ct) =>
        {
            var (user, policy) = await iam.InlinePolicies.GetUserPolicyAsync(r.UserName, r.PolicyName, ct);
            return new GetUserPolicyResponse(user, policy.PolicyName, PolicyText.Encode(policy.PolicyDocument));
        },
            access: r => a.User("GetUserPolicy", r.UserName));
        ops.Add("ListUserPolicies", j.UserListInput, j.PolicyNamesResponse, async (r, ct) =>
        {
            var page = await iam.InlinePolicies.ListUserPoliciesAsync(r.UserName, r.Marker, r.MaxItems, ct);
            return new PolicyNamesResponse(page.Items, page.IsTruncated, page.Marker);
        },
            access: r => a.User("ListUserPolicies", r.UserName));
        ops.Add("DeleteUserPolicy", j.UserPolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.InlinePolicies.DeleteUserPolicyAsync(r.UserName, r.PolicyName, ct);
            return none;
        },
            access: r => a.User("DeleteUserPolicy", r.UserName));
        ops.Add("AttachUserPolicy", j.UserPolicyArnInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Attachments.AttachUserPolicyAsync(r.UserName, r.PolicyArn, ct);
            return none;
        },
            access: r => a.User("AttachUserPolicy", r.UserName, policyArn: r.PolicyArn));
        ops.Add("DetachUserPolicy", j.UserPolicyArnInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Attachments.DetachUserPolicyAsync(r.UserName, r.PolicyArn, ct);
            return none;
        },
            access: r => a.User("DetachUserPolicy", r.UserName, policyArn: r.PolicyArn));
        ops.Add("ListAttachedUserPolicies", j.ListAttachedUserPoliciesInput, j.AttachedPoliciesResponse, async (r, ct) =>
            Attached(await iam.Attachments.ListUserPoliciesAsync(r.UserName, r.PathPrefix, r.Marker, r.MaxItems, ct)),
            access: r => a.User("ListAttachedUserPolicies", r.UserName));
    }

    internal static AttachedPoliciesResponse Attached(IamPage<PolicyAttachment> page) =>
        new([.. page.Items.Select(a => new AttachedPolicyShape(a.PolicyName, a.PolicyArn))], page.IsTruncated, page.Marker);
}
