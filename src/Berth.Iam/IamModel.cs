using System.Text.Json.Serialization;

namespace Berth.Iam;

// The IAM resources as stored: each a JSON document keyed by its name in lower case (IAM names are unique without
// regard to case), with the inline policies and tags it owns inside it. Access keys and attachments are rows of
// their own, found by the owner's unique id (AIDA…, AROA…), which survives a rename.

/// <summary>An inline policy: a name and its document, as given.</summary>
public sealed record InlinePolicy(string PolicyName, string PolicyDocument);

public sealed record IamUser
{
    public required string UserId { get; init; }
    public required string UserName { get; init; }
    public required string Path { get; init; }
    public required string Arn { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public List<IamTag> Tags { get; init; } = [];
    public List<InlinePolicy> InlinePolicies { get; init; } = [];
}

public sealed record IamRole
{
    public required string RoleId { get; init; }
    public required string RoleName { get; init; }
    public required string Path { get; init; }
    public required string Arn { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required string AssumeRolePolicyDocument { get; init; }
    public string? Description { get; init; }
    public int MaxSessionDuration { get; init; } = 3600;
    public List<IamTag> Tags { get; init; } = [];
    public List<InlinePolicy> InlinePolicies { get; init; } = [];

    /// <summary>The service a service-linked role belongs to (<c>ecs.amazonaws.com</c>); only that service may change it.</summary>
    public string? LinkedService { get; init; }
}

/// <summary>One version of a managed policy's document.</summary>
public sealed record StoredPolicyVersion(string VersionId, string Document, DateTimeOffset CreateDate);

/// <summary>A customer managed policy with its versions (at most five).</summary>
public sealed record ManagedPolicy
{
    public required string PolicyId { get; init; }
    public required string PolicyName { get; init; }
    public required string Path { get; init; }
    public required string Arn { get; init; }
    public string? Description { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required DateTimeOffset UpdateDate { get; init; }
    public required string DefaultVersionId { get; init; }

    /// <summary>The number the next version takes: version ids are never reused.</summary>
    public int NextVersion { get; init; } = 2;
    public List<StoredPolicyVersion> Versions { get; init; } = [];
    public List<IamTag> Tags { get; init; } = [];

    [JsonIgnore]
    public StoredPolicyVersion DefaultVersion => Versions.First(v => v.VersionId == DefaultVersionId);
}

/// <summary>An access key of a user; the secret is kept encrypted (<see cref="Credentials.AccessKeyCipher"/>).</summary>
public sealed record AccessKeyRecord
{
    public required string AccessKeyId { get; init; }
    public required string UserId { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required string EncryptedSecret { get; init; }
}

/// <summary>A managed policy attached to a user or role (by the entity's unique id).</summary>
public sealed record PolicyAttachment
{
    public required string EntityId { get; init; }
    public required string PolicyArn { get; init; }
    public required string PolicyName { get; init; }
    public required DateTimeOffset AttachedAt { get; init; }

    public static string Key(string entityId, string policyArn) => $"{entityId}|{policyArn}";
}
