namespace Berth.Ecr.Registry;

/// <summary>Where the registry keeps its content.</summary>
public sealed record RegistryOptions
{
    /// <summary>
    /// Folder for blobs (<c>blobs/sha256/ab/abcd…</c>), uploads in progress (<c>uploads/</c>) and the per-repository
    /// blob links (<c>repositories/&lt;name&gt;/_layers</c>, <c>_manifests</c>).
    /// </summary>
    public required string RootDirectory { get; init; }
}
