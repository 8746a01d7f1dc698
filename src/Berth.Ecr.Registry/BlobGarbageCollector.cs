using Berth.Ecr.Registry.Storage;
using Berth.Kernel.Controllers;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Ecr.Registry;

/// <summary>
/// Deletes blob files that no repository links (as a layer or a manifest) and that are older than
/// <see cref="GracePeriod"/>: a blob being pushed right now has a fresh modification time (it was just renamed into
/// place, and linking touches it first), so it is never collected. Abandoned uploads older than
/// <see cref="UploadExpiry"/> are removed too. Safe to run at any time, concurrently with pushes and pulls.
/// </summary>
public sealed partial class BlobGarbageCollector : IController
{
    /// <summary>How often the collector runs for the life of the process.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    readonly BlobStore _blobs;
    readonly UploadStore _uploads;
    readonly IStateStore _store;
    readonly TimeProvider _clock;
    readonly ILogger<BlobGarbageCollector> _logger;
    readonly ControllerLoop _loop;

    internal BlobGarbageCollector(BlobStore blobs, UploadStore uploads, IStateStore store, TimeProvider clock, ILogger<BlobGarbageCollector> logger)
    {
        _blobs = blobs;
        _store = store;
        _uploads = uploads;
        _clock = clock;
        _logger = logger;
        _loop = new ControllerLoop("registry-collector", clock, logger);
    }

    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan UploadExpiry { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Collects at once and then every <see cref="Interval"/> until <paramref name="ct"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(Interval, CollectAsync, ct);

    /// <summary>Runs one collection; returns the number of blobs deleted.</summary>
    public async Task<int> CollectAsync(CancellationToken ct)
    {
        await PruneLinksAsync(_clock.GetUtcNow().UtcDateTime - GracePeriod, ct);
        return await Task.Run(() => Collect(ct), ct);
    }

    /// <summary>
    /// Drops the links of repositories deleted through the ECR API (so a repository made again under the same name
    /// starts empty) and manifest links whose image record is gone (deleted by BatchDeleteImage), older than the
    /// grace period (a manifest is linked just before its record is committed).
    /// </summary>
    async Task PruneLinksAsync(DateTime cutoff, CancellationToken ct)
    {
        var root = _blobs.RepositoriesDirectory;
        var repositories = Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(d) is "_layers" or "_manifests")
            .Select(d => Path.GetRelativePath(root, Path.GetDirectoryName(d)!).Replace(Path.DirectorySeparatorChar, '/'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var name in repositories)
        {
            ct.ThrowIfCancellationRequested();
            if (!RegistryNames.IsValidName(name))
                continue;
            if (await _store.GetAsync(EcrKinds.Repositories, name, ct) is null)
            {
                _blobs.DeleteRepositoryLinks(name);
                LogRepositoryPruned(_logger, name);
                continue;
            }
            // Links older than the grace period that no image of the repository needs any more go: a manifest
            // without its image record, a layer or config no manifest of the repository references (so blobs
            // of expired or deleted images become collectable, as distribution's mark-and-sweep does).
            var images = await _store.ListAsync(EcrKinds.Images, new StoreQuery { Scope = name }, ct);
            var manifests = images.Select(i => i.Value.Digest).ToHashSet(StringComparer.Ordinal);
            var referenced = images.SelectMany(i => i.Value.References).ToHashSet(StringComparer.Ordinal);
            PruneOld(Path.Combine(root, name, "_manifests", "sha256"), cutoff, hex => manifests.Contains("sha256:" + hex));
            PruneOld(Path.Combine(root, name, "_layers", "sha256"), cutoff, hex => referenced.Contains("sha256:" + hex) || manifests.Contains("sha256:" + hex));
        }
    }

    static void PruneOld(string directory, DateTime cutoff, Func<string, bool> needed)
    {
        if (!Directory.Exists(directory))
            return;
        foreach (var link in Directory.EnumerateFiles(directory))
        {
            var hex = Path.GetFileName(link);
            if (hex.Length == 64 && File.GetLastWriteTimeUtc(link) <= cutoff && !needed(hex))
                BlobStore.TryDelete(link);
        }
    }

    int Collect(CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var linked = LinkedDigests(ct);
        var cutoff = now - GracePeriod;
        var deleted = 0;
        foreach (var prefixDir in Directory.EnumerateDirectories(_blobs.BlobsDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(prefixDir))
            {
                ct.ThrowIfCancellationRequested();
                var hex = Path.GetFileName(file);
                if (linked.Contains(hex))
                    continue;
                var info = new FileInfo(file);
                if (!info.Exists || info.LastWriteTimeUtc > cutoff)
                    continue;
                // Re-check the newest state just before deleting: a push may have linked it meanwhile.
                info.Refresh();
                if (info.LastWriteTimeUtc > cutoff || IsLinkedNow(hex))
                    continue;
                BlobStore.TryDelete(file);
                deleted++;
                LogDeleted(_logger, hex);
            }
        }
        var purged = _uploads.PurgeStale(now - UploadExpiry);
        LogCollected(_logger, deleted, purged);
        return deleted;
    }

    HashSet<string> LinkedDigests(CancellationToken ct)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in LinkDirectories())
        {
            ct.ThrowIfCancellationRequested();
            foreach (var link in Directory.EnumerateFiles(dir))
            {
                var name = Path.GetFileName(link);
                if (name.Length == 64)
                    set.Add(name);
            }
        }
        return set;
    }

    IEnumerable<string> LinkDirectories() =>
        Directory.EnumerateDirectories(_blobs.RepositoriesDirectory, "sha256", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(Path.GetDirectoryName(d)) is "_layers" or "_manifests");

    bool IsLinkedNow(string hex) => LinkDirectories().Any(d => File.Exists(Path.Combine(d, hex)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry GC dropped the blob links of deleted repository {Repository}")]
    static partial void LogRepositoryPruned(ILogger logger, string repository);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Registry GC deleted unreferenced blob sha256:{Hex}")]
    static partial void LogDeleted(ILogger logger, string hex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry GC deleted {Blobs} blobs and {Uploads} abandoned uploads")]
    static partial void LogCollected(ILogger logger, int blobs, int uploads);
}
