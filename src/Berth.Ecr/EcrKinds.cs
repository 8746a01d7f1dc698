using Berth.Kernel.Storage;

namespace Berth.Ecr;

/// <summary>The resources ECR stores: repositories, and image manifests by <c>repository@digest</c>.</summary>
public static class EcrKinds
{
    public static readonly ResourceKind<Repository> Repositories = new(
        "repositories", r => r.RepositoryName!, _ => null, r => r.RepositoryName, _ => null, r => r.CreatedAt?.ToUnixTimeMilliseconds() ?? 0, EcrJson.Default.Repository);

    /// <summary>Manifests by <c>repository@digest</c>; scope = repository, sort = pushed time.</summary>
    public static readonly ResourceKind<ImageRecord> Images = new(
        "images", i => $"{i.Repository}@{i.Digest}", i => i.Repository, i => i.Repository, _ => null, i => i.PushedAt.ToUnixTimeMilliseconds(), EcrJson.Default.ImageRecord);
}
