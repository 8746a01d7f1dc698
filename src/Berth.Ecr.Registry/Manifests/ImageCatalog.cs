using Berth.Ecr.Registry.Storage;
using Berth.Kernel.Storage;

namespace Berth.Ecr.Registry.Manifests;

/// <summary>
/// The manifests of each repository as <see cref="ImageRecord"/>s in the state store, one per digest, with their tags.
/// Every change is one atomic commit with optimistic concurrency, retried when another writer got in first; a tag
/// moves from one record to another within that commit, so it never points at two manifests or at none.
/// </summary>
internal sealed class ImageCatalog(IStateStore store, BlobStore blobs, TimeProvider clock)
{
    const int MaxAttempts = 20;
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    public async Task<Repository> RepositoryAsync(string name, CancellationToken ct) =>
        (await store.GetAsync(EcrKinds.Repositories, name, ct))?.Value ?? throw RegistryErrors.NameUnknown(name);

    public async Task<bool> RepositoryExistsAsync(string name, CancellationToken ct) =>
        await store.GetAsync(EcrKinds.Repositories, name, ct) is not null;

    public async Task<IReadOnlyList<Stored<ImageRecord>>> ListAsync(string repository, CancellationToken ct) =>
        await store.ListAsync(EcrKinds.Images, new StoreQuery { Scope = repository }, ct);

    public Task<Stored<ImageRecord>?> GetAsync(string repository, string digest, CancellationToken ct) =>
        store.GetAsync(EcrKinds.Images, $"{repository}@{digest}", ct);

    /// <summary>The record a tag or digest names, or MANIFEST_UNKNOWN.</summary>
    public async Task<Stored<ImageRecord>> ResolveAsync(string repository, string reference, CancellationToken ct)
    {
        if (RegistryNames.LooksLikeDigest(reference))
        {
            var digest = RegistryNames.ParseDigest(reference);
            return await GetAsync(repository, digest, ct) ?? throw RegistryErrors.ManifestUnknown(reference);
        }
        if (!RegistryNames.IsValidTag(reference))
            throw RegistryErrors.TagInvalid("invalid tag", reference);
        return (await ListAsync(repository, ct)).FirstOrDefault(i => i.Value.Tags.Contains(reference, StringComparer.Ordinal))
            ?? throw RegistryErrors.ManifestUnknown(reference);
    }

    /// <summary>
    /// Stores a manifest under a tag or its digest; returns its digest, its subject if any, and whether anything changed
    /// (false when the repository already held this manifest under this tag: /v2/ answers that as a success, ECR's
    /// PutImage as ImageAlreadyExistsException).
    /// </summary>
    public async Task<(string Digest, string? Subject, bool Changed)> PutAsync(Repository repository, string reference, string mediaType, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var name = repository.RepositoryName!;
        string? tag = null;
        var digest = BlobStore.Digest(bytes.Span);
        if (RegistryNames.LooksLikeDigest(reference))
        {
            if (RegistryNames.ParseDigest(reference) != digest)
                throw RegistryErrors.DigestInvalid("manifest digest does not match the reference", $"computed {digest}");
        }
        else if (RegistryNames.IsValidTag(reference))
        {
            tag = reference;
        }
        else
        {
            throw RegistryErrors.TagInvalid("invalid tag", reference);
        }

        var manifest = ParsedManifest.Parse(mediaType, bytes);
        var references = new List<string>();
        long imageSize = 0;
        if (manifest.IsIndex)
        {
            foreach (var entry in manifest.Manifests)
            {
                var child = await GetAsync(name, entry.Digest, ct) ?? throw RegistryErrors.IndexEntryUnknown(entry.Digest);
                imageSize += child.Value.ImageSize;
                references.Add(entry.Digest);
            }
        }
        else
        {
            foreach (var blob in manifest.Layers.Prepend(manifest.Config!))
            {
                if (blob.Urls.Count > 0 && IsNonDistributable(blob.MediaType))
                {
                    imageSize += blob.Size;
                    continue;
                }
                imageSize += blobs.LinkedBlobSize(name, blob.Digest) ?? throw RegistryErrors.ManifestBlobUnknown(blob.Digest);
                references.Add(blob.Digest);
            }
        }

        await blobs.PutAsync(bytes, ct);
        blobs.LinkManifest(name, digest);

        var record = new ImageRecord
        {
            Repository = name,
            Digest = digest,
            MediaType = mediaType,
            ManifestSize = bytes.Length,
            ImageSize = imageSize,
            PushedAt = clock.GetUtcNow(),
            References = references.Distinct(StringComparer.Ordinal).ToList(),
            Subject = manifest.Subject?.Digest,
            ArtifactType = manifest.ArtifactType,
            ConfigMediaType = manifest.Config?.MediaType,
        };
        var changed = await RetryAsync(() => CommitPutAsync(repository, record, tag, ct), ct);
        return (digest, record.Subject, changed);
    }

    static bool IsNonDistributable(string mediaType) =>
        mediaType.Contains("foreign", StringComparison.Ordinal) || mediaType.Contains("nondistributable", StringComparison.Ordinal);

    async Task<bool> CommitPutAsync(Repository repository, ImageRecord record, string? tag, CancellationToken ct)
    {
        var name = record.Repository;
        var existing = await GetAsync(name, record.Digest, ct);
        var writes = new List<StoreWrite>();
        if (tag is not null)
        {
            // Tag uniqueness spans rows, so row versions alone cannot guard it: every commit that moves a tag also
            // bumps the repository's own row, and two concurrent moves in one repository conflict (one retries).
            var current = await store.GetAsync(EcrKinds.Repositories, name, ct) ?? throw RegistryErrors.NameUnknown(name);
            repository = current.Value;
            writes.Add(StoreWrite.Update(EcrKinds.Repositories, current.Value, current.Version));
            var holders = (await ListAsync(name, ct))
                .Where(i => i.Value.Digest != record.Digest && i.Value.Tags.Contains(tag, StringComparer.Ordinal))
                .ToList();
            if (holders.Count > 0 && string.Equals(repository.ImageTagMutability, "IMMUTABLE", StringComparison.Ordinal))
            {
                throw RegistryErrors.TagImmutable(
                    $"The image tag '{tag}' already exists in the '{name}' repository and cannot be overwritten because the repository is immutable.", tag);
            }
            foreach (var holder in holders)
            {
                var moved = holder.Value with { Tags = holder.Value.Tags.Where(t => t != tag).ToList() };
                writes.Add(StoreWrite.Update(EcrKinds.Images, moved, holder.Version));
            }
        }
        if (existing is null)
        {
            writes.Add(StoreWrite.Insert(EcrKinds.Images, record with { Tags = tag is null ? [] : [tag] }));
        }
        else if (tag is not null && !existing.Value.Tags.Contains(tag, StringComparer.Ordinal))
        {
            writes.Add(StoreWrite.Update(EcrKinds.Images, existing.Value with { Tags = [.. existing.Value.Tags, tag] }, existing.Version));
        }
        if (writes.Count <= (tag is null ? 0 : 1))
            return false;
        await store.CommitAsync(writes, ct);
        return true;
    }

    /// <summary>Deletes a manifest by digest (with its tags), or removes a tag; MANIFEST_UNKNOWN when there is neither.</summary>
    public Task DeleteAsync(string repository, string reference, CancellationToken ct) =>
        RetryAsync<bool>(async () =>
        {
            var record = await ResolveAsync(repository, reference, ct);
            if (RegistryNames.LooksLikeDigest(reference))
            {
                await store.CommitAsync(StoreWrite.Delete(EcrKinds.Images, $"{repository}@{record.Value.Digest}", record.Version), ct);
                blobs.UnlinkManifest(repository, record.Value.Digest);
            }
            else
            {
                var untagged = record.Value with { Tags = record.Value.Tags.Where(t => t != reference).ToList() };
                await store.CommitAsync(StoreWrite.Update(EcrKinds.Images, untagged, record.Version), ct);
            }
            return true;
        }, ct);

    static async Task<T> RetryAsync<T>(Func<Task<T>> action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), ct);
            }
        }
    }
}
