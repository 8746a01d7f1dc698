using System.Text.Json;

namespace Berth.Ecr;

/// <summary>The ECR <c>Repository</c> shape, as stored.</summary>
public sealed record Repository
{
    public string? RepositoryArn { get; set; }
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public string? RepositoryUri { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public string? ImageTagMutability { get; set; }
    public JsonElement? ImageScanningConfiguration { get; set; }
    public JsonElement? EncryptionConfiguration { get; set; }
    /// <summary>The lifecycle policy's JSON text as put (see <see cref="LifecyclePolicy"/>), if the repository has one.</summary>
    public string? LifecyclePolicyText { get; set; }
    public DateTimeOffset? LifecyclePolicyUpdatedAt { get; set; }
    /// <summary>The repository policy's JSON text as set (see <see cref="RepositoryPolicies"/>), if the repository has one.</summary>
    public string? RepositoryPolicyText { get; set; }
}

/// <summary>
/// One manifest (image, index or artifact) pushed to a repository, by digest, with the tags that point at it.
/// The manifest bytes themselves are a blob in the content store.
/// </summary>
public sealed record ImageRecord
{
    public required string Repository { get; set; }
    public required string Digest { get; set; }
    public required string MediaType { get; set; }
    /// <summary>The manifest's own size in bytes.</summary>
    public long ManifestSize { get; set; }
    /// <summary>Config and layers together (what ECR reports as imageSizeInBytes).</summary>
    public long ImageSize { get; set; }
    public DateTimeOffset PushedAt { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>Digests of the blobs (config, layers) and manifests (index entries) this manifest references.</summary>
    public List<string> References { get; set; } = [];
    /// <summary>The <c>subject</c> digest, for the referrers API.</summary>
    public string? Subject { get; set; }
    public string? ArtifactType { get; set; }
    public string? ConfigMediaType { get; set; }
}
