namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// An image reference split the way the engine's <c>/images/create?fromImage=..&amp;tag=..</c> wants it:
/// <c>host:5000/a/b:tag</c> → (<c>host:5000/a/b</c>, <c>tag</c>); <c>a/b@sha256:..</c> → (<c>a/b</c>, <c>sha256:..</c>);
/// no tag → <c>latest</c>. When both a tag and a digest are given the digest wins.
/// </summary>
public sealed record ImageReference(string Repository, string Tag)
{
    public const string DefaultTag = "latest";

    public bool IsDigest => Tag.Contains(':', StringComparison.Ordinal);

    public static ImageReference Parse(string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var name = reference.Trim();
        string? digest = null;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
            if (digest.Length == 0 || name.Length == 0)
            {
                throw new FormatException($"Invalid image reference '{reference}'.");
            }
        }

        // A ':' after the last '/' separates the tag; one before it belongs to a registry host:port.
        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
            if (tag.Length == 0 || name.Length == 0)
            {
                throw new FormatException($"Invalid image reference '{reference}'.");
            }
        }

        return new ImageReference(name, digest ?? tag ?? DefaultTag);
    }

    public override string ToString() => IsDigest ? $"{Repository}@{Tag}" : $"{Repository}:{Tag}";
}
