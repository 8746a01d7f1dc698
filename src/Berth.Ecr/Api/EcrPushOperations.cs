using Berth.Kernel;
using Berth.Kernel.Protocol;

namespace Berth.Ecr.Api;

/// <summary>ECR's layer API and PutImage (see <see cref="ImagePushService"/>), authorized as the same actions <c>/v2/</c> asks for.</summary>
public static class EcrPushOperations
{
    public static void Register(ServiceOperations ops, RepositoryService repos, ImagePushService push)
    {
        var a = new EcrAccess(repos);
        var j = EcrJson.Default;

        ops.Add("PutImage", j.EcrPushRequest, j.PutImageResponse, async (r, ct) =>
        {
            RequireRegistry(r.RegistryId, repos);
            var image = await push.PutImageAsync(r.RepositoryName, r.ImageManifest, r.ImageManifestMediaType, r.ImageTag, r.ImageDigest, ct);
            return new PutImageResponse(new EcrImage(repos.RegistryId, r.RepositoryName!,
                new ImageIdentifier { ImageDigest = image.Digest, ImageTag = image.Tag }, r.ImageManifest!, image.MediaType));
        }, access: r => a.Repository("PutImage", r.RepositoryName));
        ops.Add("BatchCheckLayerAvailability", j.EcrPushRequest, j.BatchCheckLayerAvailabilityResponse, async (r, ct) =>
        {
            RequireRegistry(r.RegistryId, repos);
            var checks = await push.CheckLayersAsync(r.RepositoryName, r.LayerDigests, ct);
            return new BatchCheckLayerAvailabilityResponse(
                checks.Where(c => c.FailureCode is null).Select(c => new EcrLayer(c.Digest, "AVAILABLE", c.Size!.Value)).ToList(),
                checks.Where(c => c.FailureCode is not null).Select(c => new LayerFailure(c.Digest, c.FailureCode!, c.FailureReason!)).ToList());
        }, access: r => a.Repository("BatchCheckLayerAvailability", r.RepositoryName));
        ops.Add("InitiateLayerUpload", j.EcrPushRequest, j.InitiateLayerUploadResponse, async (r, ct) =>
        {
            RequireRegistry(r.RegistryId, repos);
            return new InitiateLayerUploadResponse(await push.InitiateUploadAsync(r.RepositoryName, ct), ImagePushService.PartSize);
        }, access: r => a.Repository("InitiateLayerUpload", r.RepositoryName));
        ops.Add("UploadLayerPart", j.EcrPushRequest, j.UploadLayerPartResponse, async (r, ct) =>
        {
            RequireRegistry(r.RegistryId, repos);
            var last = await push.UploadPartAsync(r.RepositoryName, r.UploadId, r.PartFirstByte, r.PartLastByte, r.LayerPartBlob, ct);
            return new UploadLayerPartResponse(repos.RegistryId, r.RepositoryName!, r.UploadId!, last);
        }, access: r => a.Repository("UploadLayerPart", r.RepositoryName));
        ops.Add("CompleteLayerUpload", j.EcrPushRequest, j.CompleteLayerUploadResponse, async (r, ct) =>
        {
            RequireRegistry(r.RegistryId, repos);
            var digest = await push.CompleteUploadAsync(r.RepositoryName, r.UploadId, r.LayerDigests, ct);
            return new CompleteLayerUploadResponse(repos.RegistryId, r.RepositoryName!, r.UploadId!, digest);
        }, access: r => a.Repository("CompleteLayerUpload", r.RepositoryName));
        ops.Add("GetDownloadUrlForLayer", j.EcrPushRequest, j.GetDownloadUrlForLayerResponse, async (r, ct) =>
        {
            RequireRegistry(r.RegistryId, repos);
            return new GetDownloadUrlForLayerResponse(await push.DownloadUrlAsync(r.RepositoryName, r.LayerDigest, ct), r.LayerDigest!);
        }, access: r => a.Repository("GetDownloadUrlForLayer", r.RepositoryName));
    }

    /// <summary>Berth is one registry, the account's: another registryId names a registry it does not have.</summary>
    internal static void RequireRegistry(string? registryId, RepositoryService repos)
    {
        if (registryId is not null && registryId != repos.RegistryId)
            throw AwsException.InvalidParameter($"Invalid parameter at 'registryId': '{registryId}' is not this registry: Berth serves the registry of account {repos.RegistryId} only.");
    }
}
