using Berth.Kernel.Tagging;

namespace Berth.SecretsManager.Api;

// Request and response shapes of the Secrets Manager operations, named as in the botocore model (PascalCase).

/// <summary>Every member any Secrets Manager request has; each operation reads the ones it defines.</summary>
sealed record SecretsManagerRequest
{
    public string? Name { get; set; }
    public string? SecretId { get; set; }
    public string? ClientRequestToken { get; set; }
    public string? Description { get; set; }
    public string? KmsKeyId { get; set; }
    public string? SecretString { get; set; }
    public byte[]? SecretBinary { get; set; }
    public List<Tag>? Tags { get; set; }
    public List<string>? TagKeys { get; set; }
    public List<ReplicaRegion>? AddReplicaRegions { get; set; }
    public List<string>? RemoveReplicaRegions { get; set; }
    public bool? ForceOverwriteReplicaSecret { get; set; }
    public string? Type { get; set; }
    public string? VersionId { get; set; }
    public string? VersionStage { get; set; }
    public List<string>? VersionStages { get; set; }
    public string? RotationToken { get; set; }
    public string? RemoveFromVersionId { get; set; }
    public string? MoveToVersionId { get; set; }
    public long? RecoveryWindowInDays { get; set; }
    public bool? ForceDeleteWithoutRecovery { get; set; }
    public bool? IncludePlannedDeletion { get; set; }
    public bool? IncludeDeprecated { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
    public List<SecretFilter>? Filters { get; set; }
    public string? SortOrder { get; set; }
    public string? SortBy { get; set; }
    public List<string>? SecretIdList { get; set; }
    public string? ResourcePolicy { get; set; }
    public bool? BlockPublicPolicy { get; set; }
    public string? RotationLambdaARN { get; set; }
    public bool? RotateImmediately { get; set; }
    public long? PasswordLength { get; set; }
    public string? ExcludeCharacters { get; set; }
    public bool? ExcludeNumbers { get; set; }
    public bool? ExcludePunctuation { get; set; }
    public bool? ExcludeUppercase { get; set; }
    public bool? ExcludeLowercase { get; set; }
    public bool? IncludeSpace { get; set; }
    public bool? RequireEachIncludedType { get; set; }
}

sealed record ReplicaRegion
{
    public string? Region { get; set; }
    public string? KmsKeyId { get; set; }
}

sealed record SecretFilter
{
    public string? Key { get; set; }
    public List<string>? Values { get; set; }
}

/// <summary>The answer of operations that name the secret they acted on (and, when one was made, its new version).</summary>
sealed record SecretIdentity(string ARN, string Name)
{
    public string? VersionId { get; init; }
    public List<string>? VersionStages { get; init; }
}

sealed record DeleteSecretResponse(string ARN, string Name, DateTimeOffset DeletionDate);

sealed record GetSecretValueResponse
{
    public required string ARN { get; init; }
    public required string Name { get; init; }
    public required string VersionId { get; init; }
    public string? SecretString { get; init; }
    public byte[]? SecretBinary { get; init; }
    public List<string>? VersionStages { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
}

/// <summary>DescribeSecret's answer and a ListSecrets entry (which names the version map SecretVersionsToStages).</summary>
sealed record SecretDescription
{
    public required string ARN { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public bool RotationEnabled { get; init; }
    public DateTimeOffset LastChangedDate { get; init; }
    public DateTimeOffset? LastAccessedDate { get; init; }
    public DateTimeOffset? DeletedDate { get; init; }
    public List<Tag>? Tags { get; init; }
    public Dictionary<string, List<string>>? VersionIdsToStages { get; init; }
    public Dictionary<string, List<string>>? SecretVersionsToStages { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
}

sealed record ListSecretsResponse(List<SecretDescription> SecretList, string? NextToken);

sealed record SecretVersionEntry
{
    public required string VersionId { get; init; }
    public List<string>? VersionStages { get; init; }
    public DateTimeOffset? LastAccessedDate { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
}

sealed record ListSecretVersionIdsResponse(List<SecretVersionEntry> Versions, string? NextToken, string ARN, string Name);

sealed record BatchError(string SecretId, string ErrorCode, string Message);

sealed record BatchGetSecretValueResponse(List<GetSecretValueResponse> SecretValues, string? NextToken, List<BatchError> Errors);

sealed record GetResourcePolicyResponse(string ARN, string Name, string? ResourcePolicy);

sealed record PolicyValidationError(string CheckName, string ErrorMessage);

sealed record ValidateResourcePolicyResponse(bool PolicyValidationPassed, List<PolicyValidationError> ValidationErrors);

sealed record GetRandomPasswordResponse(string RandomPassword);

sealed record EmptyResponse;
