using Berth.Kernel;
using Berth.Kernel.Protocol;

namespace Berth.Ecr.Api;

/// <summary>
/// A repository's scanning configuration and policy, the registry's own settings, and image scans — which Berth
/// cannot run (it has no vulnerability scanner) and says so in each image's scan status rather than inventing findings.
/// </summary>
public static class EcrSettingsOperations
{
    /// <summary>The scan status every image has: FAILED, with why — no findings are ever reported, so none can be mistaken for a clean scan.</summary>
    public static readonly ImageScanStatus NoScanner = new("FAILED",
        "Berth has no vulnerability scanner: this image was not scanned and there are no findings. Scan images with a scanner of your own before pushing them.");

    public static void Register(ServiceOperations ops, RepositoryService repos)
    {
        var a = new EcrAccess(repos);
        var j = EcrJson.Default;

        ops.Add("PutImageScanningConfiguration", j.EcrSettingsRequest, j.ScanningConfigurationResponse, async (r, ct) =>
        {
            EcrPushOperations.RequireRegistry(r.RegistryId, repos);
            var configuration = RepositoryConfigurations.Scanning(r.ImageScanningConfiguration, required: true);
            var repo = await repos.UpdateAsync(r.RepositoryName, x => x with { ImageScanningConfiguration = configuration }, ct);
            return new ScanningConfigurationResponse(repos.RegistryId, repo.RepositoryName!, configuration);
        }, access: r => a.Repository("PutImageScanningConfiguration", r.RepositoryName));

        // The policy is kept as given and returned as given (see RepositoryPolicies for what is checked). force guards
        // against a policy that would lock the caller out of setting another; Berth decides access by identity
        // policies, so no repository policy can lock anyone out, and force changes nothing.
        ops.Add("SetRepositoryPolicy", j.EcrSettingsRequest, j.RepositoryPolicyResponse, async (r, ct) =>
        {
            EcrPushOperations.RequireRegistry(r.RegistryId, repos);
            await repos.RequireAsync(r.RepositoryName, ct);
            RepositoryPolicies.Validate(r.PolicyText);
            var repo = await repos.UpdateAsync(r.RepositoryName, x => x with { RepositoryPolicyText = r.PolicyText }, ct);
            return new RepositoryPolicyResponse(repos.RegistryId, repo.RepositoryName!, repo.RepositoryPolicyText!);
        }, access: r => a.Repository("SetRepositoryPolicy", r.RepositoryName));
        ops.Add("GetRepositoryPolicy", j.EcrSettingsRequest, j.RepositoryPolicyResponse, async (r, ct) =>
        {
            EcrPushOperations.RequireRegistry(r.RegistryId, repos);
            var repo = (await repos.RequireAsync(r.RepositoryName, ct)).Value;
            return new RepositoryPolicyResponse(repos.RegistryId, repo.RepositoryName!, repo.RepositoryPolicyText ?? throw PolicyNotFound(repos, r.RepositoryName!));
        }, access: r => a.Repository("GetRepositoryPolicy", r.RepositoryName));
        ops.Add("DeleteRepositoryPolicy", j.EcrSettingsRequest, j.RepositoryPolicyResponse, async (r, ct) =>
        {
            EcrPushOperations.RequireRegistry(r.RegistryId, repos);
            string? text = null;
            await repos.UpdateAsync(r.RepositoryName, x =>
            {
                text = x.RepositoryPolicyText ?? throw PolicyNotFound(repos, r.RepositoryName!);
                return x with { RepositoryPolicyText = null };
            }, ct);
            return new RepositoryPolicyResponse(repos.RegistryId, r.RepositoryName!, text!);
        }, access: r => a.Repository("DeleteRepositoryPolicy", r.RepositoryName));

        // Registry policies grant other accounts replication and pull-through caching, neither of which Berth has:
        // there is never one to get or delete, and putting one is refused by name.
        ops.Add("GetRegistryPolicy", j.EcrSettingsRequest, j.RegistryPolicyResponse, (r, ct) => throw RegistryPolicyNotFound(repos));
        ops.Add("DeleteRegistryPolicy", j.EcrSettingsRequest, j.RegistryPolicyResponse, (r, ct) => throw RegistryPolicyNotFound(repos));
        ops.Add("PutRegistryPolicy", j.EcrSettingsRequest, j.RegistryPolicyResponse, (r, ct) =>
        {
            if (r.PolicyText is null)
                throw AwsException.InvalidParameter("policyText is required.");
            throw AwsException.InvalidParameter(
                "PutRegistryPolicy is not supported by Berth: a registry policy grants other accounts replication and pull-through cache rules, and Berth is a single-account registry with neither.");
        });
        ops.Add("DescribeRegistry", j.EcrSettingsRequest, j.DescribeRegistryResponse, (r, ct) =>
            Task.FromResult(new DescribeRegistryResponse(repos.RegistryId, new ReplicationConfiguration([]))));

        ops.Add("DescribeImageScanFindings", j.EcrSettingsRequest, j.DescribeImageScanFindingsResponse, async (r, ct) =>
        {
            EcrPushOperations.RequireRegistry(r.RegistryId, repos);
            if (r.MaxResults is < 1 or > 1000)
                throw AwsException.InvalidParameter("maxResults must be between 1 and 1000.");
            var image = await RequireImageAsync(repos, r, ct);
            return new DescribeImageScanFindingsResponse(repos.RegistryId, r.RepositoryName!, image, NoScanner);
        }, access: r => a.Repository("DescribeImageScanFindings", r.RepositoryName));
        ops.Add("StartImageScan", j.EcrSettingsRequest, j.StartImageScanResponse, async (r, ct) =>
        {
            EcrPushOperations.RequireRegistry(r.RegistryId, repos);
            var image = await RequireImageAsync(repos, r, ct);
            return new StartImageScanResponse(repos.RegistryId, r.RepositoryName!, image, NoScanner);
        }, access: r => a.Repository("StartImageScan", r.RepositoryName));
    }

    /// <summary>The image an imageId names, as ECR echoes it (digest, and the tag when one was given).</summary>
    static async Task<ImageIdentifier> RequireImageAsync(RepositoryService repos, EcrSettingsRequest r, CancellationToken ct)
    {
        var images = await repos.ImagesAsync(r.RepositoryName, ct);
        var id = r.ImageId ?? throw AwsException.InvalidParameter("imageId is required.");
        var (image, code, reason) = RepositoryService.Find(images, id.ImageDigest, id.ImageTag);
        if (image is null)
        {
            throw code == "ImageNotFound"
                ? new AwsException("ImageNotFoundException", $"The image with imageId {{imageDigest:'{id.ImageDigest}', imageTag:'{id.ImageTag}'}} does not exist within the repository with name '{r.RepositoryName}' in the registry with id '{repos.RegistryId}'")
                : AwsException.InvalidParameter(reason!);
        }
        return new ImageIdentifier { ImageDigest = image.Digest, ImageTag = id.ImageTag };
    }

    static AwsException PolicyNotFound(RepositoryService repos, string name) =>
        new("RepositoryPolicyNotFoundException", $"Repository policy does not exist for the repository with name '{name}' in the registry with id '{repos.RegistryId}'");

    static AwsException RegistryPolicyNotFound(RepositoryService repos) =>
        new("RegistryPolicyNotFoundException", $"Registry policy does not exist in the registry with id '{repos.RegistryId}'");
}
