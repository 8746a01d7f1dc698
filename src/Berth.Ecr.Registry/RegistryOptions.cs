namespace Berth.Ecr.Registry;

/// <summary>Where the registry keeps its content, and the bounds on uploads in progress.</summary>
public sealed record RegistryOptions
{
    /// <summary>
    /// Folder for blobs (<c>blobs/sha256/ab/abcd…</c>), uploads in progress (<c>uploads/</c>) and the per-repository
    /// blob links (<c>repositories/&lt;name&gt;/_layers</c>, <c>_manifests</c>).
    /// </summary>
    public required string RootDirectory { get; init; }

    // Uploads are written to disk before their digest is known, so a caller allowed to push could otherwise fill the
    // disk with uploads it never completes: their number, each one's size, their idle time and the disk's free space
    // below them are bounded (the /v2/ API and ECR's layer API share these sessions).

    /// <summary>Uploads in progress at once, across the registry; one more is refused (429 / LimitExceededException).</summary>
    public int MaxUploads { get; init; } = 100;

    /// <summary>The largest blob one upload may hold (ECR's own limit for a layer is 52,000 MiB; this is the local one).</summary>
    public long MaxUploadBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>An upload untouched for this long is gone: refused on use, removed by the collector.</summary>
    public TimeSpan UploadExpiry { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Free space the file system keeps: a chunk that would leave less is refused, and the upload keeps what it had.</summary>
    public long MinFreeBytes { get; init; } = 512L * 1024 * 1024;
}
