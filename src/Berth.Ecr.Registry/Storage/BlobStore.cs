using System.Buffers;
using System.Security.Cryptography;

namespace Berth.Ecr.Registry.Storage;

/// <summary>
/// The content-addressed blob store and the per-repository links that make a blob visible in a repository.
/// <para>Invariant: a file under <c>blobs/</c> always holds exactly the bytes its name is the SHA-256 of. Content is
/// written to a temp file under <c>uploads/</c>, verified, flushed and renamed into place (atomic on one file
/// system), so a crash never leaves a half-written blob visible and two pushes of the same content both win.
/// A link is made only after its blob is in place, so a link never points at nothing (until GC, which
/// only removes unlinked blobs).</para>
/// </summary>
internal sealed class BlobStore
{
    public const int BufferSize = 1 << 20;

    public BlobStore(RegistryOptions options)
    {
        Root = Path.GetFullPath(options.RootDirectory);
        BlobsDirectory = Path.Combine(Root, "blobs", "sha256");
        UploadsDirectory = Path.Combine(Root, "uploads");
        RepositoriesDirectory = Path.Combine(Root, "repositories");
        Directory.CreateDirectory(BlobsDirectory);
        Directory.CreateDirectory(UploadsDirectory);
        Directory.CreateDirectory(RepositoriesDirectory);
    }

    public string Root { get; }
    public string BlobsDirectory { get; }
    public string UploadsDirectory { get; }
    public string RepositoriesDirectory { get; }

    public string BlobPath(string digest)
    {
        var hex = RegistryNames.Hex(digest);
        return Path.Combine(BlobsDirectory, hex[..2], hex);
    }

    /// <summary>The blob's size, or null when the store does not hold it.</summary>
    public long? BlobSize(string digest)
    {
        var info = new FileInfo(BlobPath(digest));
        return info.Exists ? info.Length : null;
    }

    public string LayerLink(string repository, string digest) =>
        Path.Combine(RepositoriesDirectory, repository, "_layers", "sha256", RegistryNames.Hex(digest));

    public string ManifestLink(string repository, string digest) =>
        Path.Combine(RepositoriesDirectory, repository, "_manifests", "sha256", RegistryNames.Hex(digest));

    /// <summary>The size of a blob the repository references, or null when it does not (or the blob is gone).</summary>
    public long? LinkedBlobSize(string repository, string digest) =>
        File.Exists(LayerLink(repository, digest)) ? BlobSize(digest) : null;

    public void LinkLayer(string repository, string digest) => Link(LayerLink(repository, digest), digest);

    public void LinkManifest(string repository, string digest) => Link(ManifestLink(repository, digest), digest);

    public bool UnlinkLayer(string repository, string digest) => Unlink(LayerLink(repository, digest));

    public bool UnlinkManifest(string repository, string digest) => Unlink(ManifestLink(repository, digest));

    /// <summary>Forgets every link of a repository (after the repository itself was deleted).</summary>
    public void DeleteRepositoryLinks(string repository)
    {
        var dir = Path.Combine(RepositoriesDirectory, repository);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    void Link(string link, string digest)
    {
        // Touch the blob first: the collector never removes a blob younger than its grace period, so a blob that
        // is being linked right now cannot be collected between its "unreferenced" check and this link.
        var blob = BlobPath(digest);
        try
        {
            File.SetLastWriteTimeUtc(blob, DateTime.UtcNow);
        }
        catch (FileNotFoundException)
        {
            throw RegistryErrors.BlobUnknown(digest);
        }
        if (File.Exists(link))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        var temp = $"{link}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, digest);
        File.Move(temp, link, overwrite: true);
    }

    static bool Unlink(string link)
    {
        if (!File.Exists(link))
            return false;
        File.Delete(link);
        return true;
    }

    /// <summary>A new temp file under <c>uploads/</c>, for content about to be verified and committed.</summary>
    public string NewTempPath() => Path.Combine(UploadsDirectory, $"tmp-{Guid.NewGuid():N}");

    /// <summary>
    /// Moves a verified temp file into place under its digest. If another push got there first the content is the
    /// same, and the rename simply replaces it (the reader of the old file keeps its handle).
    /// </summary>
    public void Commit(string tempPath, string digest)
    {
        var target = BlobPath(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(tempPath, target, overwrite: true);
    }

    /// <summary>Writes bytes already held in memory (a manifest) as a blob, returning their digest.</summary>
    public async Task<string> PutAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var digest = Digest(bytes.Span);
        if (BlobSize(digest) == bytes.Length)
            return digest;
        var temp = NewTempPath();
        try
        {
            await using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await fs.WriteAsync(bytes, ct);
                fs.Flush(flushToDisk: true);
            }
            Commit(temp, digest);
            return digest;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public async Task<byte[]?> ReadAllAsync(string digest, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(BlobPath(digest), ct);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The SHA-256 of a whole file, streamed.</summary>
    public static async Task<(string Digest, long Length)> HashFileAsync(string path, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            long length = 0;
            int n;
            while ((n = await fs.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                length += n;
            }
            return (FormatDigest(hash.GetHashAndReset()), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string Digest(ReadOnlySpan<byte> bytes) => FormatDigest(SHA256.HashData(bytes));

    public static string FormatDigest(byte[] hash) => "sha256:" + Convert.ToHexStringLower(hash);

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
