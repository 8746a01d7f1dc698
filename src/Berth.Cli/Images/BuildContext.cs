using System.Formats.Tar;
using System.IO.Enumeration;

namespace Berth.Cli.Images;

/// <summary>
/// A folder as the tar the engine's POST /build takes, leaving out what <c>.dockerignore</c> names
/// (glob lines, <c>!</c> exceptions, the last matching line wins — the common subset of Docker's rules).
/// </summary>
static class BuildContext
{
    /// <summary>Writes the tar to a temporary file that is deleted when the returned stream is closed.</summary>
    public static async Task<Stream> TarAsync(string contextDir, string dockerfile, CancellationToken ct)
    {
        var root = Path.GetFullPath(contextDir);
        var ignore = ReadIgnore(Path.Combine(root, ".dockerignore"));
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await using (var writer = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: true))
        {
            // AttributesToSkip = 0: hidden files (.env, .config/...) belong to the context, as docker sends them; an
            // unreadable file fails the deploy with its IOException message rather than being left out unseen.
            foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                // The Dockerfile and .dockerignore always go: the builder reads them even when ignored.
                if (relative != dockerfile && relative != ".dockerignore" && IsIgnored(relative, ignore))
                    continue;
                await writer.WriteEntryAsync(path, relative, ct);
            }
        }
        file.Position = 0;
        return file;
    }

    internal static IReadOnlyList<string> ReadIgnore(string path) => !File.Exists(path) ? [] :
        File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.StartsWith('!') ? "!" + Normalize(l[1..]) : Normalize(l)).ToList();

    /// <summary>True when the last pattern matching <paramref name="relative"/> (or one of its parent folders) excludes it.</summary>
    internal static bool IsIgnored(string relative, IReadOnlyList<string> patterns)
    {
        var ignored = false;
        foreach (var p in patterns)
        {
            var negated = p.StartsWith('!');
            var pattern = negated ? p[1..] : p;
            if (Matches(pattern, relative))
                ignored = !negated;
        }
        return ignored;
    }

    static bool Matches(string pattern, string relative)
    {
        for (var path = relative; path.Length > 0; path = path.Contains('/') ? path[..path.LastIndexOf('/')] : "")
        {
            if (FileSystemName.MatchesSimpleExpression(pattern.Replace("**/", "*"), path, ignoreCase: false))
                return true;
        }
        return false;
    }

    static string Normalize(string pattern)
    {
        var p = pattern.Replace('\\', '/').Trim('/');
        return p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p;
    }
}
