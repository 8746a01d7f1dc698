using System.Text.RegularExpressions;

namespace Berth.Cli.Aws;

/// <summary>
/// ~/.aws/config and ~/.aws/credentials read as the AWS CLI reads them (Python's configparser under botocore):
/// <c>[section]</c> headers, <c>key = value</c> or <c>key: value</c> with keys lower-cased, whole-line comments
/// starting with <c>#</c> or <c>;</c> (no inline comments: <c>;</c> inside a value is part of it), and indented lines
/// continuing the value above — how nested settings (<c>ecs =</c> then <c>  endpoint_url = …</c>) are written.
/// Also edits such a file in place, keeping every other line as it was.
/// </summary>
static partial class IniFile
{
    /// <summary>Section name → key → value. A nested value keeps its lines ("\nendpoint_url = …"): see <see cref="Nested"/>.</summary>
    public static Dictionary<string, Dictionary<string, string>> Parse(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? section = null;
        string? key = null;
        var keyIndent = 0;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
                continue;
            var indent = line.Length - line.TrimStart().Length;
            if (key is not null && section is not null && indent > keyIndent)
            {
                section[key] = section[key] + "\n" + trimmed; // a continuation line
                continue;
            }
            if (Header(line) is { } name)
            {
                if (!sections.TryGetValue(name, out section))
                    sections[name] = section = new Dictionary<string, string>(StringComparer.Ordinal);
                key = null;
                continue;
            }
            if (Option().Match(trimmed) is not { Success: true } m || m.Groups["key"].Value.Length == 0)
                throw new FormatException($"line {n + 1}: \"{trimmed}\" is neither [section] nor key = value");
            if (section is null)
                throw new FormatException($"line {n + 1}: \"{trimmed}\" comes before any [section]");
            key = m.Groups["key"].Value.ToLowerInvariant();
            keyIndent = indent;
            section[key] = m.Groups["value"].Value.Trim();
        }
        return sections;
    }

    /// <summary>The settings under a nested key (botocore's <c>_parse_nested</c>): each "k = v" line of the value.</summary>
    public static Dictionary<string, string> Nested(string value)
    {
        var nested = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in value.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq > 0)
                nested[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return nested;
    }

    /// <summary>
    /// <paramref name="text"/> with <paramref name="settings"/> set in the first section whose header is one of
    /// <paramref name="headers"/> (compared with runs of spaces as one; a null value removes the key), the section
    /// appended as <c>[headers[0]]</c> when there is none. Comments, other keys and other sections stay as they were.
    /// </summary>
    public static string Set(string text, IReadOnlyList<string> headers, IReadOnlyList<KeyValuePair<string, string?>> settings)
    {
        var lines = text.Length == 0 ? [] : text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').ToList();
        var wanted = headers.Select(Normalize).ToList();
        var start = -1;
        for (var i = 0; i < lines.Count && start < 0; i++)
        {
            if (Header(lines[i]) is { } h && wanted.Contains(Normalize(h)))
                start = i;
        }
        if (start < 0)
        {
            if (lines.Count > 0 && lines[^1].Trim().Length > 0)
                lines.Add("");
            lines.Add($"[{headers[0]}]");
            lines.AddRange(settings.Where(s => s.Value is not null).Select(s => $"{s.Key} = {s.Value}"));
            return string.Join('\n', lines) + "\n";
        }
        var end = start + 1;
        while (end < lines.Count && Header(lines[end]) is null)
            end++;
        var missing = settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!, StringComparer.Ordinal);
        var remove = settings.Where(s => s.Value is null).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var lastOption = start;
        for (var i = start + 1; i < end; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';' || Option().Match(trimmed) is not { Success: true } m || char.IsWhiteSpace(lines[i][0]))
                continue;
            var key = m.Groups["key"].Value.ToLowerInvariant();
            var continuation = i + 1;
            while (continuation < end && lines[continuation].Length > 0 && char.IsWhiteSpace(lines[continuation][0]) && lines[continuation].Trim().Length > 0)
                continuation++;
            if (missing.Remove(key, out var value) || remove.Contains(key))
            {
                lines.RemoveRange(i, continuation - i);
                end -= continuation - i;
                if (value is not null)
                {
                    lines.Insert(i, $"{key} = {value}");
                    end++;
                    lastOption = i;
                }
                else
                {
                    i--;
                }
                continue;
            }
            lastOption = continuation - 1;
            i = continuation - 1;
        }
        var add = settings.Where(s => s.Value is not null && missing.ContainsKey(s.Key)).Select(s => $"{s.Key} = {s.Value}");
        lines.InsertRange(lastOption + 1, add);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The name in a <c>[name]</c> line, or null.</summary>
    static string? Header(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length > 2 && trimmed[0] == '[' && trimmed.LastIndexOf(']') is var close and > 1
            ? trimmed[1..close].Trim()
            : null;
    }

    static string Normalize(string header) => string.Join(' ', header.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    // configparser's OPTCRE: the key runs to the first '=' or ':'.
    [GeneratedRegex(@"^(?<key>.*?)\s*[=:]\s*(?<value>.*)$")]
    private static partial Regex Option();
}
