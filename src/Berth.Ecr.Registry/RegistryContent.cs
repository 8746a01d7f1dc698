using Berth.Ecr.Registry.Manifests;
using Berth.Ecr.Registry.Storage;
using Berth.Kernel.Storage;

namespace Berth.Ecr.Registry;

/// <summary>
/// ECR's view of the registry's files: manifests read from the blob store, a deleted repository's links removed, and
/// the layer API over the very uploads, blobs and catalog <c>/v2/</c> uses — so a layer uploaded by UploadLayerPart is
/// a blob <c>docker pull</c> fetches, and an image pushed by PutImage a manifest the registry serves. The registry's own
/// refusals are handed back as <see cref="RegistryContentException"/>s for the ECR operations to name.
/// </summary>
sealed class RegistryContent(BlobStore blobs, UploadStore uploads, ImageCatalog catalog, IStateStore store) : IRegistryContent
{
    public Task<byte[]?> ReadManifestAsync(string digest, CancellationToken ct) => blobs.ReadAllAsync(digest, ct);

    public Task ForgetRepositoryAsync(string repository, CancellationToken ct)
    {
        blobs.DeleteRepositoryLinks(repository);
        return Task.CompletedTask;
    }

    public Task<LayerState> LayerAsync(string repository, string digest, CancellationToken ct) =>
        Task.FromResult(File.Exists(blobs.LayerLink(repository, digest))
            ? new LayerState(true, blobs.BlobSize(digest))
            : new LayerState(false, null));

    public Task<string> StartUploadAsync(string repository, CancellationToken ct) => Translated(() => Task.FromResult(uploads.Start(repository)));

    public Task<long> UploadSizeAsync(string repository, string uploadId, CancellationToken ct) =>
        Translated(() => Task.FromResult(uploads.Size(repository, uploadId)));

    public Task<long> UploadPartAsync(string repository, string uploadId, long firstByte, long lastByte, ReadOnlyMemory<byte> part, CancellationToken ct) =>
        Translated(async () =>
        {
            using var body = new MemoryStream(part.ToArray(), writable: false);
            return await uploads.AppendAsync(repository, uploadId, body, firstByte, lastByte, ct);
        });

    public Task CompleteUploadAsync(string repository, string uploadId, string digest, CancellationToken ct) =>
        Translated(async () =>
        {
            await uploads.CompleteAsync(repository, uploadId, Stream.Null, digest, ct);
            return true;
        });

    public Task<ManifestPut> PutManifestAsync(string repository, string reference, string mediaType, ReadOnlyMemory<byte> manifest, CancellationToken ct) =>
        Translated(async () =>
        {
            var repo = (await store.GetAsync(EcrKinds.Repositories, repository, ct))?.Value
                ?? throw new RegistryContentException(RegistryFailure.RepositoryUnknown, $"repository {repository} is gone", repository);
            var (digest, _, changed) = await catalog.PutAsync(repo, reference, mediaType, manifest, ct);
            return new ManifestPut(digest, changed);
        }, digestInvalid: RegistryFailure.ManifestInvalid);

    /// <summary>Runs <paramref name="action"/>, handing the registry's refusals back as ECR's port names them (a bad digest in a manifest is the manifest's fault).</summary>
    static async Task<T> Translated<T>(Func<Task<T>> action, RegistryFailure digestInvalid = RegistryFailure.DigestMismatch)
    {
        try
        {
            return await action();
        }
        catch (RegistryException e)
        {
            throw new RegistryContentException(e.Code == "DIGEST_INVALID" ? digestInvalid : Failure(e), e.Message, e.Detail);
        }
    }

    static RegistryFailure Failure(RegistryException e) => e.Code switch
    {
        _ when e.TagImmutable => RegistryFailure.TagImmutable,
        "BLOB_UPLOAD_UNKNOWN" => RegistryFailure.UploadUnknown,
        "BLOB_UPLOAD_INVALID" when e.Status == 416 => RegistryFailure.RangeInvalid,
        "TOOMANYREQUESTS" or "SIZE_INVALID" or "BLOB_UPLOAD_INVALID" when e.Status is 413 or 429 or 507 => RegistryFailure.LimitExceeded,
        "DIGEST_INVALID" => RegistryFailure.DigestMismatch,
        "MANIFEST_BLOB_UNKNOWN" or "BLOB_UNKNOWN" => RegistryFailure.BlobUnknown,
        "MANIFEST_UNKNOWN" => RegistryFailure.ReferencedManifestUnknown,
        "NAME_UNKNOWN" => RegistryFailure.RepositoryUnknown,
        _ => RegistryFailure.ManifestInvalid,
    };
}
