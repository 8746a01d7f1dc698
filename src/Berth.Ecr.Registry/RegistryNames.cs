using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Berth.Ecr.Registry;

/// <summary>The grammar of the distribution spec for repository names, tags and digests.</summary>
internal static partial class RegistryNames
{
    public const int MaxNameLength = 255;

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    public static bool IsValidName([NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    public static bool IsValidTag([NotNullWhen(true)] string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>A <c>sha256:&lt;64 hex&gt;</c> digest; any other algorithm or shape is DIGEST_INVALID.</summary>
    public static string ParseDigest(string? value)
    {
        if (value is not null && Sha256Pattern().IsMatch(value))
            return value;
        if (value is not null && DigestPattern().IsMatch(value))
            throw RegistryErrors.DigestInvalid("unsupported digest algorithm: only sha256 is supported", value);
        throw RegistryErrors.DigestInvalid("invalid digest", value);
    }

    public static bool LooksLikeDigest(string reference) => reference.Contains(':', StringComparison.Ordinal);

    /// <summary>The hex part of a parsed sha256 digest.</summary>
    public static string Hex(string digest) => digest["sha256:".Length..];
}
