namespace Berth.Iam.Api;

// GetAccountAuthorizationDetails as the botocore model shapes it.

public sealed record PolicyDetailShape(string PolicyName, string PolicyDocument);

public sealed record UserDetailShape(
    string Path, string UserName, string UserId, string Arn, DateTimeOffset CreateDate, List<PolicyDetailShape>? UserPolicyList,
    List<string> GroupList, List<AttachedPolicyShape> AttachedManagedPolicies, List<IamTag> Tags);

public sealed record RoleDetailShape(
    string Path, string RoleName, string RoleId, string Arn, DateTimeOffset CreateDate, string AssumeRolePolicyDocument,
    List<InstanceProfileShape> InstanceProfileList, List<PolicyDetailShape>? RolePolicyList, List<AttachedPolicyShape> AttachedManagedPolicies,
    List<IamTag> Tags, RoleLastUsedShape RoleLastUsed);

public sealed record GroupDetailShape(string Path, string GroupName, string GroupId, string Arn, DateTimeOffset CreateDate);

public sealed record ManagedPolicyDetailShape(
    string PolicyName, string PolicyId, string Arn, string Path, string DefaultVersionId, int AttachmentCount, int PermissionsBoundaryUsageCount,
    bool IsAttachable, string? Description, DateTimeOffset CreateDate, DateTimeOffset UpdateDate, List<PolicyVersionShape> PolicyVersionList);

public sealed record AuthorizationDetailsResponse(
    List<UserDetailShape> UserDetailList, List<GroupDetailShape> GroupDetailList, List<RoleDetailShape> RoleDetailList,
    List<ManagedPolicyDetailShape> Policies, bool IsTruncated, string? Marker)
{
    public static AuthorizationDetailsResponse From(IamPage<AccountEntry> page)
    {
        var users = new List<UserDetailShape>();
        var roles = new List<RoleDetailShape>();
        var policies = new List<ManagedPolicyDetailShape>();
        foreach (var e in page.Items)
        {
            if (e.User is { } u)
                users.Add(new(u.Path, u.UserName, u.UserId, u.Arn, u.CreateDate, Inline(u.InlinePolicies), [], Attached(e.Attached), u.Tags));
            else if (e.Role is { } r)
            {
                roles.Add(new(r.Path, r.RoleName, r.RoleId, r.Arn, r.CreateDate, PolicyText.Encode(r.AssumeRolePolicyDocument), [], Inline(r.InlinePolicies),
                    Attached(e.Attached), r.Tags, new RoleLastUsedShape(null, null)));
            }
            else if (e.Policy is { } p)
            {
                policies.Add(new(p.PolicyName, p.PolicyId, p.Arn, p.Path, p.DefaultVersionId, p.AttachmentCount, 0, true, p.Description, p.CreateDate,
                    p.UpdateDate, [.. e.Versions.Select(PolicyVersionShape.From)]));
            }
        }
        return new(users, [], roles, policies, page.IsTruncated, page.Marker);
    }

    static List<PolicyDetailShape>? Inline(List<InlinePolicy> policies) =>
        policies.Count == 0 ? null : [.. policies.Select(p => new PolicyDetailShape(p.PolicyName, PolicyText.Encode(p.PolicyDocument)))];

    static List<AttachedPolicyShape> Attached(List<PolicyAttachment> attached) => [.. attached.Select(a => new AttachedPolicyShape(a.PolicyName, a.PolicyArn))];
}
