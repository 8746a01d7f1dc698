namespace Berth.Ecr;

/// <summary>
/// The registry's stored content, as ECR's API needs it: the manifests BatchGetImage returns, and the links a deleted
/// repository leaves behind. The registry adapter (<c>/v2/</c> and its blob store) implements it.
/// </summary>
public interface IRegistryContent
{
    /// <summary>A manifest's bytes by digest, or null when its blob is gone.</summary>
    Task<byte[]?> ReadManifestAsync(string digest, CancellationToken ct);

    /// <summary>Forgets a deleted repository's links, so one made again later under the same name starts empty.</summary>
    Task ForgetRepositoryAsync(string repository, CancellationToken ct);
}
