using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Ecr.Api;

// Request and response shapes of the ECR operations Berth serves, named as in the botocore model.

/// <summary>ECR's tag shape (capitalised, unlike ECS's).</summary>
public sealed record EcrTag
{
    [JsonPropertyName("Key")]
    public string? Key { get; set; }

    [JsonPropertyName("Value")]
    public string? Value { get; set; }
}

public sealed record EcrRequest
{
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public List<string>? RepositoryNames { get; set; }
    public List<EcrTag>? Tags { get; set; }
    public string? ImageTagMutability { get; set; }
    public JsonElement? ImageScanningConfiguration { get; set; }
    public JsonElement? EncryptionConfiguration { get; set; }
    public bool? Force { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
    public ImageFilter? Filter { get; set; }
    public List<ImageIdentifier>? ImageIds { get; set; }
    public List<string>? AcceptedMediaTypes { get; set; }
    public List<string>? RegistryIds { get; set; }
    public string? ResourceArn { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed record ImageFilter
{
    public string? TagStatus { get; set; }
}

public sealed record ImageIdentifier
{
    public string? ImageDigest { get; set; }
    public string? ImageTag { get; set; }
}

public sealed record RepositoryResponse(Repository Repository);

public sealed record DescribeRepositoriesResponse(List<Repository> Repositories, string? NextToken);

public sealed record MutabilityResponse(string RegistryId, string RepositoryName, string ImageTagMutability);

public sealed record AuthorizationData(string AuthorizationToken, DateTimeOffset ExpiresAt, string ProxyEndpoint);

public sealed record AuthorizationResponse(List<AuthorizationData> AuthorizationData);

public sealed record ListImagesResponse(List<ImageIdentifier> ImageIds, string? NextToken);

public sealed record ImageDetail
{
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public string? ImageDigest { get; set; }
    public List<string>? ImageTags { get; set; }
    public long ImageSizeInBytes { get; set; }
    public DateTimeOffset ImagePushedAt { get; set; }
    public string? ImageManifestMediaType { get; set; }
    public string? ArtifactMediaType { get; set; }
    public string? SubjectManifestDigest { get; set; }
    public string? ImageStatus { get; set; }
}

public sealed record DescribeImagesResponse(List<ImageDetail> ImageDetails, string? NextToken);

public sealed record EcrImage(string RegistryId, string RepositoryName, ImageIdentifier ImageId, string ImageManifest, string ImageManifestMediaType);

public sealed record ImageFailure(ImageIdentifier ImageId, string FailureCode, string FailureReason);

public sealed record BatchGetImageResponse(List<EcrImage> Images, List<ImageFailure> Failures);

public sealed record BatchDeleteImageResponse(List<ImageIdentifier> ImageIds, List<ImageFailure> Failures);

public sealed record EcrTagsResponse(List<EcrTag> Tags);

public sealed record EcrEmpty;
