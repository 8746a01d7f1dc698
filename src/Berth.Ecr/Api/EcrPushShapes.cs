namespace Berth.Ecr.Api;

// The shapes of ECR's layer API and PutImage, named as in the botocore model.

public sealed record EcrPushRequest
{
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public string? ImageManifest { get; set; }
    public string? ImageManifestMediaType { get; set; }
    public string? ImageTag { get; set; }
    public string? ImageDigest { get; set; }
    public List<string>? LayerDigests { get; set; }
    public string? LayerDigest { get; set; }
    public string? UploadId { get; set; }
    public long? PartFirstByte { get; set; }
    public long? PartLastByte { get; set; }
    public byte[]? LayerPartBlob { get; set; }
}

public sealed record PutImageResponse(EcrImage Image);

public sealed record EcrLayer(string LayerDigest, string LayerAvailability, long LayerSize);

public sealed record LayerFailure(string LayerDigest, string FailureCode, string FailureReason);

public sealed record BatchCheckLayerAvailabilityResponse(List<EcrLayer> Layers, List<LayerFailure> Failures);

public sealed record InitiateLayerUploadResponse(string UploadId, long PartSize);

public sealed record UploadLayerPartResponse(string RegistryId, string RepositoryName, string UploadId, long LastByteReceived);

public sealed record CompleteLayerUploadResponse(string RegistryId, string RepositoryName, string UploadId, string LayerDigest);

public sealed record GetDownloadUrlForLayerResponse(string DownloadUrl, string LayerDigest);
