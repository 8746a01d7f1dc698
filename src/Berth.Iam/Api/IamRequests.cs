namespace Berth.Iam.Api;

// IAM's requests as the Query codec reads them: the model's member names, one shape per distinct set of members, so a
// parameter an operation does not take is never read.

public sealed record CreateUserInput
{
    public string? Path { get; set; }
    public string? UserName { get; set; }
    public string? PermissionsBoundary { get; set; }
    public List<TagInput>? Tags { get; set; }
}

/// <summary>GetUser, DeleteUser, CreateAccessKey.</summary>
public sealed record UserNameInput
{
    public string? UserName { get; set; }
}

/// <summary>ListUsers, ListRoles.</summary>
public sealed record PathListInput
{
    public string? PathPrefix { get; set; }
    public string? Marker { get; set; }
    public int? MaxItems { get; set; }
}

public sealed record UpdateUserInput
{
    public string? UserName { get; set; }
    public string? NewPath { get; set; }
    public string? NewUserName { get; set; }
}

/// <summary>ListAccessKeys, ListUserPolicies, ListUserTags.</summary>
public sealed record UserListInput
{
    public string? UserName { get; set; }
    public string? Marker { get; set; }
    public int? MaxItems { get; set; }
}

public sealed record UpdateAccessKeyInput
{
    public string? UserName { get; set; }
    public string? AccessKeyId { get; set; }
    public string? Status { get; set; }
}

public sealed record DeleteAccessKeyInput
{
    public string? UserName { get; set; }
    public string? AccessKeyId { get; set; }
}

public sealed record AccessKeyIdInput
{
    public string? AccessKeyId { get; set; }
}

public sealed record CreateRoleInput
{
    public string? Path { get; set; }
    public string? RoleName { get; set; }
    public string? AssumeRolePolicyDocument { get; set; }
    public string? Description { get; set; }
    public int? MaxSessionDuration { get; set; }
    public string? PermissionsBoundary { get; set; }
    public List<TagInput>? Tags { get; set; }
}

/// <summary>GetRole, DeleteRole, DeleteServiceLinkedRole.</summary>
public sealed record RoleNameInput
{
    public string? RoleName { get; set; }
}

/// <summary>ListRolePolicies, ListRoleTags, ListInstanceProfilesForRole.</summary>
public sealed record RoleListInput
{
    public string? RoleName { get; set; }
    public string? Marker { get; set; }
    public int? MaxItems { get; set; }
}

public sealed record UpdateRoleInput
{
    public string? RoleName { get; set; }
    public string? Description { get; set; }
    public int? MaxSessionDuration { get; set; }
}

public sealed record UpdateRoleDescriptionInput
{
    public string? RoleName { get; set; }
    public string? Description { get; set; }
}

public sealed record UpdateAssumeRolePolicyInput
{
    public string? RoleName { get; set; }
    public string? PolicyDocument { get; set; }
}

public sealed record PutUserPolicyInput
{
    public string? UserName { get; set; }
    public string? PolicyName { get; set; }
    public string? PolicyDocument { get; set; }
}

/// <summary>GetUserPolicy, DeleteUserPolicy.</summary>
public sealed record UserPolicyInput
{
    public string? UserName { get; set; }
    public string? PolicyName { get; set; }
}

public sealed record PutRolePolicyInput
{
    public string? RoleName { get; set; }
    public string? PolicyName { get; set; }
    public string? PolicyDocument { get; set; }
}

/// <summary>GetRolePolicy, DeleteRolePolicy.</summary>
public sealed record RolePolicyInput
{
    public string? RoleName { get; set; }
    public string? PolicyName { get; set; }
}

public sealed record CreatePolicyInput
{
    public string? PolicyName { get; set; }
    public string? Path { get; set; }
    public string? PolicyDocument { get; set; }
    public string? Description { get; set; }
    public List<TagInput>? Tags { get; set; }
}

/// <summary>GetPolicy, DeletePolicy.</summary>
public sealed record PolicyArnInput
{
    public string? PolicyArn { get; set; }
}

/// <summary>GetPolicyVersion, DeletePolicyVersion, SetDefaultPolicyVersion.</summary>
public sealed record PolicyVersionInput
{
    public string? PolicyArn { get; set; }
    public string? VersionId { get; set; }
}

public sealed record ListPoliciesInput
{
    public string? Scope { get; set; }
    public bool? OnlyAttached { get; set; }
    public string? PathPrefix { get; set; }
    public string? PolicyUsageFilter { get; set; }
    public string? Marker { get; set; }
    public int? MaxItems { get; set; }
}

public sealed record CreatePolicyVersionInput
{
    public string? PolicyArn { get; set; }
    public string? PolicyDocument { get; set; }
    public bool? SetAsDefault { get; set; }
}

/// <summary>ListPolicyVersions, ListPolicyTags.</summary>
public sealed record PolicyListInput
{
    public string? PolicyArn { get; set; }
    public string? Marker { get; set; }
    public int? MaxItems { get; set; }
}

/// <summary>AttachUserPolicy, DetachUserPolicy.</summary>
public sealed record UserPolicyArnInput
{
    public string? UserName { get; set; }
    public string? PolicyArn { get; set; }
}

/// <summary>AttachRolePolicy, DetachRolePolicy.</summary>
public sealed record RolePolicyArnInput
{
    public string? RoleName { get; set; }
    public string? PolicyArn { get; set; }
}

public sealed record ListAttachedUserPoliciesInput
{
    public string? UserName { get; set; }
    public string? PathPrefix { get; set; }
    public string? Marker { get; set; }
    public int? MaxItems { get; set; }
}

public sealed record ListAttachedRolePoliciesInput
{
    public string? RoleName { get; set; }
    public string? PathPrefix { get; set; }
    public string? Marker { get; set; }
    public int? MaxItems { get; set; }
}

public sealed record CreateServiceLinkedRoleInput
{
    public string? AWSServiceName { get; set; }
    public string? Description { get; set; }
    public string? CustomSuffix { get; set; }
}

public sealed record DeletionTaskInput
{
    public string? DeletionTaskId { get; set; }
}

public sealed record TagUserInput
{
    public string? UserName { get; set; }
    public List<TagInput>? Tags { get; set; }
}

public sealed record UntagUserInput
{
    public string? UserName { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed record TagRoleInput
{
    public string? RoleName { get; set; }
    public List<TagInput>? Tags { get; set; }
}

public sealed record UntagRoleInput
{
    public string? RoleName { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed record TagPolicyInput
{
    public string? PolicyArn { get; set; }
    public List<TagInput>? Tags { get; set; }
}

public sealed record UntagPolicyInput
{
    public string? PolicyArn { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed record AuthorizationDetailsInput
{
    public List<string>? Filter { get; set; }
    public int? MaxItems { get; set; }
    public string? Marker { get; set; }
}
