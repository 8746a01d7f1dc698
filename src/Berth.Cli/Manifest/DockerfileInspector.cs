using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Cli.Manifest;

/// <summary>What `berth init` learns from a Dockerfile, as Copilot does: the first port its EXPOSE lines name.</summary>
static partial class DockerfileInspector
{
    /// <summary>The first TCP port of the Dockerfile's EXPOSE instructions, or null (none, or only variables like $PORT).</summary>
    public static int? ExposedPort(string dockerfileText)
    {
        foreach (var line in LogicalLines(dockerfileText))
        {
            var m = Expose().Match(line);
            if (!m.Success)
                continue;
            foreach (var spec in m.Groups[1].Value.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = spec.Split('/');
                if (parts.Length == 2 && !parts[1].Equals("tcp", StringComparison.OrdinalIgnoreCase))
                    continue;
                var port = parts[0].Split('-')[0];   // a range 8000-8010: its first port
                if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535)
                    return p;
            }
        }
        return null;
    }

    /// <summary>Lines with backslash continuations joined and comments dropped.</summary>
    static IEnumerable<string> LogicalLines(string text)
    {
        var current = "";
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (current.Length == 0 && line.TrimStart().StartsWith('#'))
                continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            yield return current + line;
            current = "";
        }
        if (current.Length > 0)
            yield return current;
    }

    [GeneratedRegex(@"^\s*EXPOSE\s+(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Expose();
}
