using Berth.Ecr.Registry.Storage;

namespace Berth.Ecr.Registry;

/// <summary>ECR's view of the registry's files: manifests read from the blob store, a deleted repository's links removed.</summary>
sealed class RegistryContent(BlobStore blobs) : IRegistryContent
{
    public Task<byte[]?> ReadManifestAsync(string digest, CancellationToken ct) => blobs.ReadAllAsync(digest, ct);

    public Task ForgetRepositoryAsync(string repository, CancellationToken ct)
    {
        blobs.DeleteRepositoryLinks(repository);
        return Task.CompletedTask;
    }
}
