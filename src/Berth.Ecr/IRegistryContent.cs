namespace Berth.Ecr;

/// <summary>
/// The registry's stored content, as ECR's API needs it: the manifests BatchGetImage returns, the links a deleted
/// repository leaves behind, and the layer API (uploads, layers, manifests pushed by PutImage) over the same content
/// store as <c>/v2/</c>. The registry adapter (<c>/v2/</c> and its blob store) implements it; what it cannot do it
/// reports as a <see cref="RegistryContentException"/>, which the ECR operations turn into the model's errors.
/// </summary>
public interface IRegistryContent
{
    /// <summary>A manifest's bytes by digest, or null when its blob is gone.</summary>
    Task<byte[]?> ReadManifestAsync(string digest, CancellationToken ct);

    /// <summary>Forgets a deleted repository's links, so one made again later under the same name starts empty.</summary>
    Task ForgetRepositoryAsync(string repository, CancellationToken ct);

    /// <summary>Whether the repository holds a layer (or config) blob, and its size when its content is there.</summary>
    Task<LayerState> LayerAsync(string repository, string digest, CancellationToken ct);

    /// <summary>Starts an upload; returns its id (32 hex digits).</summary>
    Task<string> StartUploadAsync(string repository, CancellationToken ct);

    /// <summary>The bytes an upload holds so far.</summary>
    Task<long> UploadSizeAsync(string repository, string uploadId, CancellationToken ct);

    /// <summary>Appends the bytes <paramref name="firstByte"/>..<paramref name="lastByte"/>; returns the upload's new size.</summary>
    Task<long> UploadPartAsync(string repository, string uploadId, long firstByte, long lastByte, ReadOnlyMemory<byte> part, CancellationToken ct);

    /// <summary>Checks the upload's content against <paramref name="digest"/> and keeps it as a layer of the repository; the upload is gone either way.</summary>
    Task CompleteUploadAsync(string repository, string uploadId, string digest, CancellationToken ct);

    /// <summary>Stores a manifest under a tag or its digest (<paramref name="reference"/>), as a <c>/v2/</c> push does.</summary>
    Task<ManifestPut> PutManifestAsync(string repository, string reference, string mediaType, ReadOnlyMemory<byte> manifest, CancellationToken ct);
}

/// <summary>A layer as a repository holds it: <see cref="Linked"/> with no <see cref="Size"/> means its content is gone.</summary>
public sealed record LayerState(bool Linked, long? Size);

/// <summary>What a manifest push did: its digest, and false in <see cref="Changed"/> when the repository already held it so.</summary>
public sealed record ManifestPut(string Digest, bool Changed);

/// <summary>Why the registry's content refused an operation.</summary>
public enum RegistryFailure
{
    RepositoryUnknown,
    UploadUnknown,
    /// <summary>A part that does not start where the upload ends, or whose length does not match its range.</summary>
    RangeInvalid,
    /// <summary>An upload past the registry's size limit, too many uploads at once, or too little disk left.</summary>
    LimitExceeded,
    DigestMismatch,
    /// <summary>A manifest names a layer or config the repository does not hold.</summary>
    BlobUnknown,
    /// <summary>An index names a manifest the repository does not hold.</summary>
    ReferencedManifestUnknown,
    ManifestInvalid,
    TagImmutable,
}

/// <summary>A refusal by the registry's content, with what it concerns (a digest, a tag, a reason) in <see cref="Detail"/>.</summary>
public sealed class RegistryContentException(RegistryFailure failure, string message, string? detail = null) : Exception(message)
{
    public RegistryFailure Failure { get; } = failure;
    public string? Detail { get; } = detail;
}
