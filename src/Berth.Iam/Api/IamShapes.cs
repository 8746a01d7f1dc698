namespace Berth.Iam.Api;

// IAM's answers as the botocore model shapes them (member names and order), written as XML by the Query codec. Policy
// documents go out URL-encoded, as IAM sends them (botocore decodes them; other SDKs hand them over as they come).

public sealed record UserShape(string Path, string UserName, string UserId, string Arn, DateTimeOffset CreateDate, List<IamTag>? Tags)
{
    /// <summary>ListUsers leaves tags out; GetUser and CreateUser show them when there are any.</summary>
    public static UserShape From(IamUser u, bool withTags = true) =>
        new(u.Path, u.UserName, u.UserId, u.Arn, u.CreateDate, withTags && u.Tags.Count > 0 ? u.Tags : null);
}

public sealed record RoleLastUsedShape(DateTimeOffset? LastUsedDate, string? Region);

public sealed record RoleShape(
    string Path, string RoleName, string RoleId, string Arn, DateTimeOffset CreateDate, string AssumeRolePolicyDocument, string? Description,
    int? MaxSessionDuration, List<IamTag>? Tags, RoleLastUsedShape? RoleLastUsed)
{
    /// <summary>GetRole shows everything (RoleLastUsed empty: Berth does not record use); ListRoles leaves tags and last use out.</summary>
    public static RoleShape From(IamRole r, bool full = true) =>
        new(r.Path, r.RoleName, r.RoleId, r.Arn, r.CreateDate, PolicyText.Encode(r.AssumeRolePolicyDocument), r.Description, r.MaxSessionDuration,
            full && r.Tags.Count > 0 ? r.Tags : null, full ? new RoleLastUsedShape(null, null) : null);
}

public sealed record PolicyShape(
    string PolicyName, string PolicyId, string Arn, string Path, string DefaultVersionId, int AttachmentCount, int PermissionsBoundaryUsageCount,
    bool IsAttachable, string? Description, DateTimeOffset CreateDate, DateTimeOffset UpdateDate, List<IamTag>? Tags)
{
    /// <summary>GetPolicy shows the description and tags; CreatePolicy the tags; ListPolicies neither.</summary>
    public static PolicyShape From(PolicyInfo p, bool description, bool tags) =>
        new(p.PolicyName, p.PolicyId, p.Arn, p.Path, p.DefaultVersionId, p.AttachmentCount, 0, true, description ? p.Description : null,
            p.CreateDate, p.UpdateDate, tags && p.Tags.Count > 0 ? p.Tags : null);
}

public sealed record PolicyVersionShape(string? Document, string VersionId, bool IsDefaultVersion, DateTimeOffset CreateDate)
{
    public static PolicyVersionShape From(PolicyVersionInfo v) =>
        new(v.Document.Length == 0 ? null : PolicyText.Encode(v.Document), v.VersionId, v.IsDefaultVersion, v.CreateDate);
}

public sealed record AccessKeyShape(string UserName, string AccessKeyId, string Status, string SecretAccessKey, DateTimeOffset CreateDate);

public sealed record AccessKeyMetadataShape(string UserName, string AccessKeyId, string Status, DateTimeOffset CreateDate);

public sealed record AccessKeyLastUsedShape(DateTimeOffset? LastUsedDate, string ServiceName, string Region);

public sealed record AttachedPolicyShape(string PolicyName, string PolicyArn);

public sealed record InstanceProfileShape(string Path, string InstanceProfileName, string InstanceProfileId, string Arn, DateTimeOffset CreateDate, List<RoleShape> Roles);

public sealed record UserResponse(UserShape User);

public sealed record ListUsersResponse(List<UserShape> Users, bool IsTruncated, string? Marker);

public sealed record CreateAccessKeyResponse(AccessKeyShape AccessKey);

public sealed record ListAccessKeysResponse(List<AccessKeyMetadataShape> AccessKeyMetadata, bool IsTruncated, string? Marker);

public sealed record GetAccessKeyLastUsedResponse(string UserName, AccessKeyLastUsedShape AccessKeyLastUsed);

public sealed record RoleResponse(RoleShape Role);

public sealed record ListRolesResponse(List<RoleShape> Roles, bool IsTruncated, string? Marker);

public sealed record GetUserPolicyResponse(string UserName, string PolicyName, string PolicyDocument);

public sealed record GetRolePolicyResponse(string RoleName, string PolicyName, string PolicyDocument);

public sealed record PolicyNamesResponse(List<string> PolicyNames, bool IsTruncated, string? Marker);

public sealed record PolicyResponse(PolicyShape Policy);

public sealed record PolicyVersionResponse(PolicyVersionShape PolicyVersion);

public sealed record ListPoliciesResponse(List<PolicyShape> Policies, bool IsTruncated, string? Marker);

public sealed record ListPolicyVersionsResponse(List<PolicyVersionShape> Versions, bool IsTruncated, string? Marker);

public sealed record AttachedPoliciesResponse(List<AttachedPolicyShape> AttachedPolicies, bool IsTruncated, string? Marker);

public sealed record TagsResponse(List<IamTag> Tags, bool IsTruncated, string? Marker);

public sealed record InstanceProfilesResponse(List<InstanceProfileShape> InstanceProfiles, bool IsTruncated, string? Marker);

public sealed record DeleteServiceLinkedRoleResponse(string DeletionTaskId);

public sealed record DeletionStatusResponse(string Status, string? Reason);

/// <summary>An answer with no members (the Delete, Put, Attach, Tag and Update operations).</summary>
public sealed record IamEmpty;

/// <summary>Policy documents on the wire: URL-encoded (RFC 3986), as IAM returns them.</summary>
internal static class PolicyText
{
    public static string Encode(string document) => Uri.EscapeDataString(document);
}
