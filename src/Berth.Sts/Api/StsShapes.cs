using System.Text.Json.Serialization;

namespace Berth.Sts.Api;

// The model's request and response shapes (botocore sts 2011-06-15), as the Query codec reads and writes them.

public sealed record GetCallerIdentityInput;

public sealed record GetCallerIdentityResponse(string UserId, string Account, string Arn);

public sealed record AssumeRoleInput
{
    public string? RoleArn { get; init; }
    public string? RoleSessionName { get; init; }
    public List<PolicyDescriptorInput>? PolicyArns { get; init; }
    public string? Policy { get; init; }
    public int? DurationSeconds { get; init; }
    public List<SessionTagInput>? Tags { get; init; }
    public List<string>? TransitiveTagKeys { get; init; }
    public string? ExternalId { get; init; }
    public string? SerialNumber { get; init; }
    public string? TokenCode { get; init; }
    public string? SourceIdentity { get; init; }
    public List<ProvidedContextInput>? ProvidedContexts { get; init; }
}

/// <summary>A managed session policy: the model names its one member in lower case.</summary>
public sealed record PolicyDescriptorInput
{
    [JsonPropertyName("arn")]
    public string? Arn { get; init; }
}

public sealed record SessionTagInput
{
    public string? Key { get; init; }
    public string? Value { get; init; }
}

public sealed record ProvidedContextInput
{
    public string? ProviderArn { get; init; }
    public string? ContextAssertion { get; init; }
}

public sealed record GetSessionTokenInput
{
    public int? DurationSeconds { get; init; }
    public string? SerialNumber { get; init; }
    public string? TokenCode { get; init; }
}

public sealed record CredentialsShape(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);

public sealed record AssumedRoleUserShape(string AssumedRoleId, string Arn);

public sealed record AssumeRoleResponse(CredentialsShape Credentials, AssumedRoleUserShape AssumedRoleUser);

public sealed record GetSessionTokenResponse(CredentialsShape Credentials);
