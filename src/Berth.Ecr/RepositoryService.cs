using System.Text.RegularExpressions;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Ecr;

/// <summary>ECR repositories and the images in them, as the ECR API sees them.</summary>
public sealed partial class RepositoryService(IStateStore store, Arns arns, TagService tags, RegistrySettings settings, IRegistryContent content, TimeProvider clock)
{
    static readonly string[] Mutability = ["MUTABLE", "IMMUTABLE"];

    public string RegistryId => arns.AccountId;

    public string Arn(string name) => $"arn:aws:ecr:{arns.Region}:{arns.AccountId}:repository/{name}";

    public async Task<Repository> CreateAsync(string? name, string? mutability, List<Tag>? tagList, Repository extra, CancellationToken ct)
    {
        RequireName(name);
        if (mutability is not null && !Mutability.Contains(mutability))
            throw AwsException.InvalidParameter($"imageTagMutability '{mutability}' is not supported: use MUTABLE or IMMUTABLE.");
        var tagsToSet = TagService.Validate(tagList, TagService.EcrTooMany);
        var repo = extra with
        {
            RepositoryArn = Arn(name!),
            RegistryId = RegistryId,
            RepositoryName = name,
            RepositoryUri = $"{settings.Host}/{name}",
            CreatedAt = clock.GetUtcNow(),
            ImageTagMutability = mutability ?? "MUTABLE",
        };
        var writes = new List<StoreWrite> { StoreWrite.Insert(EcrKinds.Repositories, repo) };
        if (TagService.Initial(repo.RepositoryArn, tagsToSet) is { } w)
            writes.Add(w);
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new AwsException("RepositoryAlreadyExistsException", $"The repository with name '{name}' already exists in the registry with id '{RegistryId}'");
        }
        return repo;
    }

    public async Task<Stored<Repository>> RequireAsync(string? name, CancellationToken ct)
    {
        RequireName(name);
        return await store.GetAsync(EcrKinds.Repositories, name!, ct) ?? throw NotFound(name!);
    }

    public async Task<(List<Repository> Repositories, string? NextToken)> DescribeAsync(IReadOnlyList<string>? names, string? nextToken, int? maxResults, CancellationToken ct)
    {
        if (names is { Count: > 0 })
        {
            if (nextToken is not null || maxResults is not null)
                throw AwsException.InvalidParameter("nextToken and maxResults cannot be used with repositoryNames.");
            var found = new List<Repository>();
            foreach (var n in names)
                found.Add((await RequireAsync(n, ct)).Value);
            return (found, null);
        }
        var limit = Paging.Limit(maxResults, 1000, 1000);
        var offset = Paging.Decode(nextToken, "repositories");
        var page = await store.ListAsync(EcrKinds.Repositories, new StoreQuery { Offset = offset, Limit = limit }, ct);
        return (page.Select(r => r.Value).ToList(), Paging.Encode(offset + page.Count, page.Count, limit, "repositories"));
    }

    public async Task<Repository> DeleteAsync(string? name, bool force, CancellationToken ct)
    {
        var repo = await RequireAsync(name, ct);
        var images = await store.ListAsync(EcrKinds.Images, new StoreQuery { Scope = name }, ct);
        if (images.Count > 0 && !force)
            throw new AwsException("RepositoryNotEmptyException", $"The repository with name '{name}' in registry with id '{RegistryId}' cannot be deleted because it still contains images. Delete them first or use --force.");
        var writes = images.Select(i => StoreWrite.Delete(EcrKinds.Images, EcrKinds.Images.Id(i.Value), i.Version)).ToList();
        writes.Add(StoreWrite.Delete(EcrKinds.Repositories, name!, repo.Version));
        if (await store.GetAsync(TagKinds.Tags, repo.Value.RepositoryArn!, ct) is { } tagged)
            writes.Add(StoreWrite.Delete(TagKinds.Tags, tagged.Value.Arn, tagged.Version));
        await store.CommitAsync(writes, ct);
        // The registry's links go with it, so a repository made again later under this name starts empty.
        await content.ForgetRepositoryAsync(name!, ct);
        return repo.Value;
    }

    public async Task<Repository> SetMutabilityAsync(string? name, string? mutability, CancellationToken ct)
    {
        if (mutability is null || !Mutability.Contains(mutability))
            throw AwsException.InvalidParameter($"imageTagMutability '{mutability}' is not supported: use MUTABLE or IMMUTABLE.");
        return await UpdateAsync(name, r => r with { ImageTagMutability = mutability }, ct);
    }

    /// <summary>Changes a repository, re-reading on a lost race (pushes bump its version when they move tags).</summary>
    public async Task<Repository> UpdateAsync(string? name, Func<Repository, Repository> change, CancellationToken ct)
    {
        await RequireAsync(name, ct);
        return await store.MutateAsync(EcrKinds.Repositories, name!, (r, _) => change(r), ct) ?? throw NotFound(name!);
    }
    public async Task<IReadOnlyList<Stored<ImageRecord>>> ImagesAsync(string? name, CancellationToken ct)
    {
        await RequireAsync(name, ct);
        return await store.ListAsync(EcrKinds.Images, new StoreQuery { Scope = name }, ct);
    }

    /// <summary>The image an identifier names: by digest, by tag, or both (which must agree).</summary>
    public static (ImageRecord? Image, string? FailureCode, string? Reason) Find(IReadOnlyList<Stored<ImageRecord>> images, string? digest, string? tag)
    {
        if (digest is null && tag is null)
            return (null, "MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null");
        if (digest is not null && !DigestPattern().IsMatch(digest))
            return (null, "InvalidImageDigest", "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'");
        var byDigest = digest is null ? null : images.FirstOrDefault(i => i.Value.Digest == digest)?.Value;
        var byTag = tag is null ? null : images.FirstOrDefault(i => i.Value.Tags.Contains(tag))?.Value;
        if (digest is not null && tag is not null && byDigest is not null && byTag is not null && byDigest != byTag)
            return (null, "ImageTagDoesNotMatchDigest", "Invalid request parameters: given tag does not map to the given digest");
        var image = digest is not null ? byDigest : byTag;
        if (digest is not null && tag is not null && image is not null && !image.Tags.Contains(tag))
            return (null, "ImageTagDoesNotMatchDigest", "Invalid request parameters: given tag does not map to the given digest");
        return image is null ? (null, "ImageNotFound", "Requested image not found") : (image, null, null);
    }

    /// <summary>
    /// Deletes what one image identifier names: a tag alone removes that tag, and the image goes when its last tag goes
    /// or when it is named by digest. Returns the (digest, tag) pairs removed, or why nothing was.
    /// </summary>
    public async Task<(List<(string Digest, string? Tag)> Deleted, string? FailureCode, string? Reason)> DeleteImageAsync(
        string? repository, string? digest, string? tag, CancellationToken ct)
    {
        var images = await ImagesAsync(repository, ct);
        var (image, code, reason) = Find(images, digest, tag);
        if (image is null)
            return ([], code, reason);
        var stored = images.First(i => i.Value.Digest == image.Digest);
        if (digest is null && image.Tags.Count > 1)
        {
            var untagged = image with { Tags = image.Tags.Where(t => t != tag).ToList() };
            await store.CommitAsync(StoreWrite.Update(EcrKinds.Images, untagged, stored.Version), ct);
            return ([(image.Digest, tag)], null, null);
        }
        await store.CommitAsync(StoreWrite.Delete(EcrKinds.Images, EcrKinds.Images.Id(image), stored.Version), ct);
        List<(string, string?)> deleted = image.Tags.Count == 0 ? [(image.Digest, null)] : [];
        deleted.AddRange(image.Tags.Select(t => (image.Digest, (string?)t)));
        return (deleted, null, null);
    }

    /// <summary>An image's manifest as pushed, or null when its content is gone from the registry.</summary>
    public async Task<string?> ManifestAsync(ImageRecord image, CancellationToken ct) =>
        await content.ReadManifestAsync(image.Digest, ct) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public Task<List<Tag>> TagsAsync(string arn, CancellationToken ct) => tags.GetAsync(arn, ct);

    static void RequireName(string? name)
    {
        if (name is null || name.Length is < 2 or > 256 || !NamePattern().IsMatch(name))
            throw AwsException.InvalidParameter($"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*'' (got '{name}'): use 2 to 256 lowercase letters, digits, '.', '_', '-' and '/'.");
    }

    AwsException NotFound(string name) =>
        new("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{RegistryId}'");

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$")]
    private static partial Regex DigestPattern();
}

/// <summary>How the registry is reached: the host in repositoryUri and the endpoint <c>docker login</c> is given.</summary>
public sealed record RegistrySettings(string Host, string ProxyEndpoint);
