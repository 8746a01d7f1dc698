using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Berth.Cli.Manifest;

/// <summary>Typed reads of one YAML mapping's fields, each failure a <see cref="CliException"/> naming file and field.</summary>
sealed class Fields(string file)
{
    public CliException Error(string field, string message) =>
        new(field.Length == 0 ? $"{file}: {message}" : $"{file}: {field}: {message}");

    public YamlNode? Node(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var n) && !IsNull(n) ? n : null;

    /// <summary>Refuses fields nobody reads, so a typo (prot: 8080) is not silently ignored.</summary>
    public void Known(YamlMappingNode m, string parent, params string[] keys)
    {
        foreach (var key in m.Children.Keys)
        {
            var k = (key as YamlScalarNode)?.Value ?? "?";
            if (!keys.Contains(k))
                throw Error(Join(parent, k), $"is not a field berth knows (line {key.Start.Line}; known here: {string.Join(", ", keys)})");
        }
    }

    public string? String(YamlMappingNode m, string key, string parent = "") => Node(m, key) switch
    {
        null => null,
        YamlScalarNode s => NonEmpty(s, Join(parent, key)),
        _ => throw Error(Join(parent, key), "must be a single value, not a list or mapping"),
    };

    public string Required(YamlMappingNode m, string key, string parent = "") =>
        String(m, key, parent) ?? throw Error(Join(parent, key), "is missing");

    public string NonEmpty(YamlScalarNode s, string field) =>
        string.IsNullOrWhiteSpace(s.Value) ? throw Error(field, "is empty") : s.Value.Trim();

    public int? Int(YamlMappingNode m, string key, string parent = "")
    {
        var text = String(m, key, parent);
        if (text is null)
            return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw Error(Join(parent, key), $"\"{text}\" is not a whole number");
    }

    public int? Port(YamlMappingNode m, string key, string parent = "")
    {
        var text = String(m, key, parent);
        if (text is null)
            return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535
            ? p : throw Error(Join(parent, key), $"\"{text}\" is not a port number (1-65535)");
    }

    public bool? Bool(YamlMappingNode m, string key, string parent = "")
    {
        var text = String(m, key, parent);
        return text?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(Join(parent, key), $"\"{text}\" is not true or false"),
        };
    }

    /// <summary>A duration as Copilot writes it (10s, 1m, 1m30s) or a number of seconds.</summary>
    public int? Seconds(YamlMappingNode m, string key, string parent = "")
    {
        var text = String(m, key, parent);
        if (text is null)
            return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
            return plain;
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(?:(\d+)m)?(?:(\d+)s)?$");
        if (!match.Success || text.Length == 0)
            throw Error(Join(parent, key), $"\"{text}\" is not a duration (e.g. 10s, 1m, 1m30s)");
        return (match.Groups[1].Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 60 : 0)
            + (match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0);
    }

    public YamlMappingNode? Mapping(YamlMappingNode m, string key, string parent = "") => Node(m, key) switch
    {
        null => null,
        YamlMappingNode map => map,
        _ => throw Error(Join(parent, key), "must be a mapping of fields"),
    };

    /// <summary>A mapping of names to single values (variables, secrets, build args).</summary>
    public IReadOnlyDictionary<string, string> Map(YamlMappingNode m, string key, string parent = "")
    {
        var map = Mapping(m, key, parent);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is null)
            return result;
        foreach (var (k, v) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (v is not YamlScalarNode s)
                throw Error(Join(Join(parent, key), name), "must be a single value");
            result[name] = s.Value ?? "";
        }
        return result;
    }

    static bool IsNull(YamlNode n) => n is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";
}
