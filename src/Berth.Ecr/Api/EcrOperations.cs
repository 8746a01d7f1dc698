using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Kernel.Tagging;

namespace Berth.Ecr.Api;

/// <summary>The ECR operations: repositories, images, the login token and tags.</summary>
public static class EcrOperations
{
    public const string Prefix = "AmazonEC2ContainerRegistry_V20150921";

    /// <summary>ECR's requests may carry a 20 MiB layer part (base64: 4/3 of it) or a 4 MiB manifest, plus the JSON around them.</summary>
    public static readonly AwsService Service = new() { SigningName = "ecr", JsonTargetPrefix = Prefix, MaxRequestBytes = 28 * 1024 * 1024 + 64 * 1024 };

    public static void Register(ServiceOperations ops, RepositoryService repos, RegistryTokens tokens, RegistrySettings settings, TagService tags)
    {
        var a = new EcrAccess(repos);
        var j = EcrJson.Default;

        ops.Add("CreateRepository", j.EcrRequest, j.RepositoryResponse, async (r, ct) =>
            new RepositoryResponse(Shown(await repos.CreateAsync(r.RepositoryName, r.ImageTagMutability, ToTags(r.Tags),
                new Repository
                {
                    ImageScanningConfiguration = RepositoryConfigurations.Scanning(r.ImageScanningConfiguration),
                    EncryptionConfiguration = RepositoryConfigurations.Encryption(r.EncryptionConfiguration),
                }, ct))),
            access: r => a.Repository("CreateRepository", r.RepositoryName, r.Tags));
        ops.Add("DescribeRepositories", j.EcrRequest, j.DescribeRepositoriesResponse, async (r, ct) =>
        {
            var (found, next) = await repos.DescribeAsync(r.RepositoryNames, r.NextToken, r.MaxResults, ct);
            return new DescribeRepositoriesResponse(found.Select(Shown).ToList(), next);
        }, access: r => a.Repositories("DescribeRepositories", r.RepositoryNames));
        ops.Add("DeleteRepository", j.EcrRequest, j.RepositoryResponse, async (r, ct) =>
            new RepositoryResponse(Shown(await repos.DeleteAsync(r.RepositoryName, r.Force ?? false, ct))),
            access: r => a.Repository("DeleteRepository", r.RepositoryName));
        ops.Add("PutImageTagMutability", j.EcrRequest, j.MutabilityResponse, async (r, ct) =>
        {
            var repo = await repos.SetMutabilityAsync(r.RepositoryName, r.ImageTagMutability, ct);
            return new MutabilityResponse(repos.RegistryId, repo.RepositoryName!, repo.ImageTagMutability!);
        }, access: r => a.Repository("PutImageTagMutability", r.RepositoryName));
        ops.Add("GetAuthorizationToken", j.EcrRequest, j.AuthorizationResponse, (r, ct) =>
        {
            var (token, expires) = tokens.Issue(Caller.Required);
            return Task.FromResult(new AuthorizationResponse([new AuthorizationData(RegistryTokens.AuthorizationToken(token), expires, settings.ProxyEndpoint)]));
        });

        ops.Add("ListImages", j.EcrRequest, j.ListImagesResponse, async (r, ct) =>
        {
            var images = await repos.ImagesAsync(r.RepositoryName, ct);
            var status = TagStatus(r.Filter);
            var ids = images.SelectMany(i => i.Value.Tags.Count == 0
                    ? status == "TAGGED" ? [] : new[] { new ImageIdentifier { ImageDigest = i.Value.Digest } }
                    : status == "UNTAGGED" ? [] : i.Value.Tags.Order(StringComparer.Ordinal).Select(t => new ImageIdentifier { ImageDigest = i.Value.Digest, ImageTag = t }))
                .ToList();
            var (page, next) = Page(ids, r, $"images|{r.RepositoryName}|{status}");
            return new ListImagesResponse(page, next);
        }, access: r => a.Repository("ListImages", r.RepositoryName));
        ops.Add("DescribeImages", j.EcrRequest, j.DescribeImagesResponse, async (r, ct) =>
        {
            var images = await repos.ImagesAsync(r.RepositoryName, ct);
            List<ImageRecord> selected;
            if (r.ImageIds is { Count: > 0 })
            {
                if (r.NextToken is not null || r.MaxResults is not null)
                    throw AwsException.InvalidParameter("nextToken and maxResults cannot be used with imageIds.");
                selected = [];
                foreach (var id in r.ImageIds)
                {
                    var (image, code, reason) = RepositoryService.Find(images, id.ImageDigest, id.ImageTag);
                    if (image is null)
                        throw code == "ImageNotFound" ? new AwsException("ImageNotFoundException", $"The image with imageId {{imageDigest:'{id.ImageDigest}', imageTag:'{id.ImageTag}'}} does not exist within the repository with name '{r.RepositoryName}' in the registry with id '{repos.RegistryId}'") : AwsException.InvalidParameter(reason!);
                    selected.Add(image);
                }
            }
            else
            {
                var status = TagStatus(r.Filter);
                selected = images.Select(i => i.Value)
                    .Where(i => status == "ANY" || (status == "TAGGED") == (i.Tags.Count > 0))
                    .OrderByDescending(i => i.PushedAt).ToList();
            }
            var details = selected.Select(i => new ImageDetail
            {
                RegistryId = repos.RegistryId,
                RepositoryName = r.RepositoryName,
                ImageDigest = i.Digest,
                ImageTags = i.Tags.Count > 0 ? i.Tags.Order(StringComparer.Ordinal).ToList() : null,
                ImageSizeInBytes = i.ImageSize,
                ImagePushedAt = i.PushedAt,
                ImageManifestMediaType = i.MediaType,
                ArtifactMediaType = i.ArtifactType ?? i.ConfigMediaType,
                SubjectManifestDigest = i.Subject,
                ImageStatus = "ACTIVE",
            }).ToList();
            var (page, next) = r.ImageIds is { Count: > 0 } ? (details, null) : Page(details, r, $"describe|{r.RepositoryName}|{TagStatus(r.Filter)}");
            return new DescribeImagesResponse(page, next);
        }, access: r => a.Repository("DescribeImages", r.RepositoryName));
        ops.Add("BatchGetImage", j.EcrRequest, j.BatchGetImageResponse, async (r, ct) =>
        {
            var ids = RequireIds(r.ImageIds);
            var images = await repos.ImagesAsync(r.RepositoryName, ct);
            var found = new List<EcrImage>();
            var failures = new List<ImageFailure>();
            foreach (var id in ids)
            {
                var (image, code, reason) = RepositoryService.Find(images, id.ImageDigest, id.ImageTag);
                var manifest = image is null ? null : await repos.ManifestAsync(image, ct);
                if (image is null || manifest is null)
                {
                    failures.Add(new ImageFailure(id, code ?? "ImageNotFound", reason ?? "Requested image not found"));
                    continue;
                }
                if (r.AcceptedMediaTypes is { Count: > 0 } accepted && !accepted.Contains(image.MediaType))
                {
                    failures.Add(new ImageFailure(id, "UnsupportedImageType", $"The image's manifest media type {image.MediaType} is not among the accepted media types."));
                    continue;
                }
                found.Add(new EcrImage(repos.RegistryId, r.RepositoryName!, new ImageIdentifier { ImageDigest = image.Digest, ImageTag = id.ImageTag }, manifest, image.MediaType));
            }
            return new BatchGetImageResponse(found, failures);
        }, access: r => a.Repository("BatchGetImage", r.RepositoryName));
        ops.Add("BatchDeleteImage", j.EcrRequest, j.BatchDeleteImageResponse, async (r, ct) =>
        {
            var ids = RequireIds(r.ImageIds);
            var deleted = new List<ImageIdentifier>();
            var failures = new List<ImageFailure>();
            foreach (var id in ids)
            {
                var (removed, code, reason) = await repos.DeleteImageAsync(r.RepositoryName, id.ImageDigest, id.ImageTag, ct);
                if (code is not null)
                    failures.Add(new ImageFailure(id, code, reason!));
                deleted.AddRange(removed.Select(d => new ImageIdentifier { ImageDigest = d.Digest, ImageTag = d.Tag }));
            }
            return new BatchDeleteImageResponse(deleted, failures);
        }, access: r => a.Repository("BatchDeleteImage", r.RepositoryName));

        ops.Add("TagResource", j.EcrRequest, j.EcrEmpty, async (r, ct) =>
        {
            await RequireRepositoryArn(r.ResourceArn, repos, ct);
            if (r.Tags is not { Count: > 0 })
                throw AwsException.InvalidParameter("Tags must name at least one tag.");
            await tags.TagAsync(r.ResourceArn!, ToTags(r.Tags), ct, TagService.EcrTooMany);
            return new EcrEmpty();
        }, access: r => a.Resource("TagResource", r.ResourceArn, r.Tags));
        ops.Add("UntagResource", j.EcrRequest, j.EcrEmpty, async (r, ct) =>
        {
            await RequireRepositoryArn(r.ResourceArn, repos, ct);
            await tags.UntagAsync(r.ResourceArn!, r.TagKeys ?? throw AwsException.InvalidParameter("tagKeys is required."), ct);
            return new EcrEmpty();
        }, access: r => a.Resource("UntagResource", r.ResourceArn));
        ops.Add("ListTagsForResource", j.EcrRequest, j.EcrTagsResponse, async (r, ct) =>
        {
            await RequireRepositoryArn(r.ResourceArn, repos, ct);
            return new EcrTagsResponse((await tags.GetAsync(r.ResourceArn!, ct)).Select(t => new EcrTag { Key = t.Key, Value = t.Value }).ToList());
        }, access: r => a.Resource("ListTagsForResource", r.ResourceArn));
    }

    /// <summary>
    /// A repository as the ECR API shows it: the lifecycle and repository policies have operations of their own, and
    /// the configurations ECR always answers are there for repositories stored before they were recorded.
    /// </summary>
    static Repository Shown(Repository r) => r with
    {
        LifecyclePolicyText = null,
        LifecyclePolicyUpdatedAt = null,
        RepositoryPolicyText = null,
        ImageScanningConfiguration = r.ImageScanningConfiguration ?? RepositoryConfigurations.DefaultScanning,
        EncryptionConfiguration = r.EncryptionConfiguration ?? RepositoryConfigurations.DefaultEncryption,
    };

    static List<Tag> ToTags(List<EcrTag>? tags) => (tags ?? []).Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();

    static string TagStatus(ImageFilter? f) => f?.TagStatus switch
    {
        null or "ANY" => "ANY",
        "TAGGED" or "UNTAGGED" => f.TagStatus,
        _ => throw AwsException.InvalidParameter($"tagStatus '{f.TagStatus}' is not valid: use TAGGED, UNTAGGED or ANY."),
    };

    static List<ImageIdentifier> RequireIds(List<ImageIdentifier>? ids) =>
        ids is { Count: > 0 and <= 100 } ? ids : throw AwsException.InvalidParameter("imageIds must name between 1 and 100 images.");

    static (List<T> Page, string? Next) Page<T>(List<T> all, EcrRequest r, string listing)
    {
        var limit = Paging.Limit(r.MaxResults, 1000, 1000);
        var offset = Paging.Decode(r.NextToken, listing);
        var page = all.Skip(offset).Take(limit).ToList();
        return (page, offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, limit, listing) : null);
    }

    static async Task RequireRepositoryArn(string? arn, RepositoryService repos, CancellationToken ct)
    {
        var parsed = Arns.Parse(arn);
        if (parsed is null || parsed.Service != "ecr" || !parsed.Resource.StartsWith("repository/", StringComparison.Ordinal))
            throw AwsException.InvalidParameter($"Invalid parameter at 'resourceArn': '{arn}' is not a repository ARN.");
        await repos.RequireAsync(parsed.Resource["repository/".Length..], ct);
    }
}
