using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Berth.Ecr.Registry.Storage;

/// <summary>
/// Blob uploads in progress: <c>uploads/&lt;id&gt;/data</c> (the bytes so far) and <c>uploads/&lt;id&gt;/repository</c>
/// (whose upload it is). The SHA-256 is computed while the bytes stream in and kept in memory between chunks; after
/// a restart (or a failed write) it is recomputed from the file when the upload completes. Nothing is buffered whole.
/// Bounded by <see cref="RegistryOptions"/>: how many uploads at once, how large each, how long idle, how little free
/// space they may leave — so a caller that starts uploads and never finishes them cannot fill the disk.
/// </summary>
internal sealed partial class UploadStore(BlobStore blobs, RegistryOptions options, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    readonly Lock _startLock = new();
    string? _mountPoint;

    [GeneratedRegex("^[a-f0-9]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    sealed class Session : IDisposable
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public IncrementalHash? Hash { get; set; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public long HashedLength { get; set; }

        public void Dispose()
        {
            Hash?.Dispose();
            Lock.Dispose();
        }
    }

    string Dir(string id) => Path.Combine(blobs.UploadsDirectory, id);

    string DataPath(string id) => Path.Combine(Dir(id), "data");

    /// <summary>A new upload; TOOMANYREQUESTS when <see cref="RegistryOptions.MaxUploads"/> are in progress (after dropping expired ones).</summary>
    public string Start(string repository)
    {
        lock (_startLock)
        {
            if (Count() >= options.MaxUploads && (PurgeStale(ExpiredBefore()) == 0 || Count() >= options.MaxUploads))
                throw RegistryErrors.TooManyUploads(options.MaxUploads);
            var id = Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(Dir(id));
            File.WriteAllText(Path.Combine(Dir(id), "repository"), repository);
            using (File.Create(DataPath(id)))
            {
            }
            _sessions[id] = new Session();
            return id;
        }
    }

    /// <summary>Uploads in progress (expired ones included until they are purged).</summary>
    public int Count() => Directory.EnumerateDirectories(blobs.UploadsDirectory).Count(d => IdPattern().IsMatch(Path.GetFileName(d)));

    DateTime ExpiredBefore() => clock.GetUtcNow().UtcDateTime - options.UploadExpiry;

    /// <summary>The number of bytes received so far; BLOB_UPLOAD_UNKNOWN unless the upload exists and is this repository's.</summary>
    public long Size(string repository, string id)
    {
        Check(repository, id);
        return new FileInfo(DataPath(id)).Length;
    }

    void Check(string repository, string id)
    {
        if (!IdPattern().IsMatch(id))
            throw RegistryErrors.BlobUploadUnknown(id);
        string owner;
        try
        {
            owner = File.ReadAllText(Path.Combine(Dir(id), "repository"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw RegistryErrors.BlobUploadUnknown(id);
        }
        var data = new FileInfo(DataPath(id));
        if (owner != repository || !data.Exists)
            throw RegistryErrors.BlobUploadUnknown(id);
        if (data.LastWriteTimeUtc < ExpiredBefore())
        {
            Discard(id);
            throw RegistryErrors.BlobUploadUnknown(id);
        }
    }

    Session SessionFor(string id) => _sessions.GetOrAdd(id, _ => new Session { Hash = null });

    /// <summary>
    /// Appends a chunk. <paramref name="start"/>/<paramref name="end"/> come from Content-Range when given: a chunk
    /// that does not start where the upload ends is refused (416), as is one whose length does not match its range.
    /// </summary>
    public async Task<long> AppendAsync(string repository, string id, Stream body, long? start, long? end, CancellationToken ct)
    {
        Check(repository, id);
        var session = SessionFor(id);
        await session.Lock.WaitAsync(ct);
        try
        {
            var path = DataPath(id);
            var size = new FileInfo(path).Length;
            if (start is { } s && s != size)
                throw RegistryErrors.RangeInvalid($"chunk starts at {s} but the upload holds {size} bytes");
            await using var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous);
            long written;
            try
            {
                written = await CopyAsync(body, fs, session, size, ct);
            }
            catch (RegistryException)
            {
                // Over a bound: the upload keeps what it held before this chunk.
                fs.SetLength(size);
                Reset(session);
                throw;
            }
            if (end is { } e && start is not null && written != e - start + 1)
            {
                fs.SetLength(size);
                Reset(session);
                throw RegistryErrors.RangeInvalid($"chunk of {written} bytes does not match Content-Range {start}-{end}");
            }
            return size + written;
        }
        catch (Exception e) when (e is not RegistryException)
        {
            Reset(session);
            throw;
        }
        finally
        {
            session.Lock.Release();
        }
    }

    static void Reset(Session session)
    {
        session.Hash?.Dispose();
        session.Hash = null;
    }

    /// <summary>
    /// Appends the last chunk (if any), checks the content against <paramref name="digest"/> and commits it as a
    /// blob linked into the repository. On a mismatch the upload is discarded and nothing is stored.
    /// </summary>
    public async Task CompleteAsync(string repository, string id, Stream body, string digest, CancellationToken ct)
    {
        Check(repository, id);
        var session = SessionFor(id);
        await session.Lock.WaitAsync(ct);
        var path = DataPath(id);
        var done = false;
        try
        {
            var length = new FileInfo(path).Length;
            await using (var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous))
            {
                try
                {
                    length += await CopyAsync(body, fs, session, length, ct);
                }
                catch (RegistryException)
                {
                    done = true;
                    throw;
                }
                fs.Flush(flushToDisk: true);
            }
            string actual;
            if (session.Hash is { } hash && session.HashedLength == length)
                actual = BlobStore.FormatDigest(hash.GetHashAndReset());
            else
                actual = (await BlobStore.HashFileAsync(path, ct)).Digest;
            done = true;
            if (actual != digest)
                throw RegistryErrors.DigestInvalid("provided digest did not match uploaded content", $"computed {actual}");
            blobs.Commit(path, digest);
            blobs.LinkLayer(repository, digest);
        }
        catch (Exception e) when (e is not RegistryException)
        {
            Reset(session);
            throw;
        }
        finally
        {
            session.Lock.Release();
            if (done)
                Discard(id);
        }
    }

    /// <summary>A whole blob in one request (<c>POST …/uploads/?digest=</c>).</summary>
    public async Task PutMonolithicAsync(string repository, Stream body, string digest, CancellationToken ct)
    {
        var temp = blobs.NewTempPath();
        try
        {
            using var session = new Session();
            await using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await CopyAsync(body, fs, session, 0, ct);
                fs.Flush(flushToDisk: true);
            }
            var actual = BlobStore.FormatDigest(session.Hash!.GetHashAndReset());
            if (actual != digest)
                throw RegistryErrors.DigestInvalid("provided digest did not match uploaded content", $"computed {actual}");
            blobs.Commit(temp, digest);
            blobs.LinkLayer(repository, digest);
        }
        finally
        {
            BlobStore.TryDelete(temp);
        }
    }

    public void Cancel(string repository, string id)
    {
        Check(repository, id);
        Discard(id);
    }

    void Discard(string id)
    {
        if (_sessions.TryRemove(id, out var session))
            session.Dispose();
        try
        {
            Directory.Delete(Dir(id), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Free bytes on the file system the uploads are written to (the mount point is looked up once).</summary>
    long FreeBytes()
    {
        _mountPoint ??= DriveInfo.GetDrives()
            .Select(d => d.RootDirectory.FullName)
            .Where(m => blobs.UploadsDirectory.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal) || m == "/")
            .OrderByDescending(m => m.Length)
            .FirstOrDefault() ?? "/";
        return new DriveInfo(_mountPoint).AvailableFreeSpace;
    }

    /// <summary>Removes uploads untouched since <paramref name="cutoff"/>; returns how many.</summary>
    public int PurgeStale(DateTime cutoffUtc)
    {
        var purged = 0;
        foreach (var dir in Directory.EnumerateDirectories(blobs.UploadsDirectory))
        {
            var id = Path.GetFileName(dir);
            if (!IdPattern().IsMatch(id))
                continue;
            var data = new FileInfo(Path.Combine(dir, "data"));
            var touched = data.Exists ? data.LastWriteTimeUtc : Directory.GetLastWriteTimeUtc(dir);
            if (touched >= cutoffUtc)
                continue;
            Discard(id);
            purged++;
        }
        return purged;
    }

    /// <summary>Streams <paramref name="body"/> onto an upload that already holds <paramref name="held"/> bytes, within the bounds.</summary>
    async Task<long> CopyAsync(Stream body, FileStream target, Session session, long held, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BlobStore.BufferSize);
        try
        {
            long total = 0;
            int n;
            while ((n = await body.ReadAsync(buffer.AsMemory(0, BlobStore.BufferSize), ct)) > 0)
            {
                if (held + total + n > options.MaxUploadBytes)
                    throw RegistryErrors.TooLarge($"blob upload larger than the registry's limit of {options.MaxUploadBytes} bytes");
                if (FreeBytes() - n < options.MinFreeBytes)
                    throw RegistryErrors.DiskFull(options.MinFreeBytes);
                await target.WriteAsync(buffer.AsMemory(0, n), ct);
                if (session.Hash is { } hash)
                {
                    hash.AppendData(buffer, 0, n);
                    session.HashedLength += n;
                }
                total += n;
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
