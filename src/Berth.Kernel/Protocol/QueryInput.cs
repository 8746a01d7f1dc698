using System.Globalization;

namespace Berth.Kernel.Protocol;

/// <summary>
/// Typed reads of Query-protocol parameters under a prefix: scalars (<c>Name</c>), lists (<c>Names.member.N</c>),
/// structures (<c>A.B.C</c>) and lists of structures (<c>Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight</c>).
/// A value that is not of its member's type is a ValidationError; an absent member reads as null.
/// </summary>
public sealed class QueryInput
{
    const int MaxListIndex = 1000;
    readonly IReadOnlyDictionary<string, string> _values;
    readonly string _prefix;

    public QueryInput(IReadOnlyDictionary<string, string> values, string prefix = "")
    {
        _values = values;
        _prefix = prefix;
    }

    /// <summary>Every parameter of the request, by its full name.</summary>
    public IReadOnlyDictionary<string, string> Parameters => _values;

    public string? String(string name) => _values.TryGetValue(_prefix + name, out var v) ? v : null;

    public int? Int(string name)
    {
        var s = String(name);
        if (s is null)
            return null;
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Invalid(name, s, "an integer");
    }

    public bool? Bool(string name) => String(name) switch
    {
        null => null,
        var s when s.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var s when s.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var s => throw Invalid(name, s, "true or false"),
    };

    /// <summary>A structure member, or null when no parameter lies under it.</summary>
    public QueryInput? Struct(string name)
    {
        var prefix = _prefix + name + ".";
        return _values.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)) ? new QueryInput(_values, prefix) : null;
    }

    /// <summary>A list of strings; <c>Name=</c> alone is the empty list.</summary>
    public List<string>? Strings(string name)
    {
        var indices = Indices(name);
        return indices?.Select(i => _values.TryGetValue($"{_prefix}{name}.member.{i}", out var v)
            ? v
            : throw new AwsException("ValidationError", $"'{_prefix}{name}.member.{i}' must be a string, not a structure.")).ToList();
    }

    /// <summary>A list of structures.</summary>
    public List<QueryInput>? Members(string name) =>
        Indices(name)?.Select(i => new QueryInput(_values, $"{_prefix}{name}.member.{i}.")).ToList();

    /// <summary>The list's member numbers in order, or null when the list is absent.</summary>
    List<int>? Indices(string name)
    {
        var listKey = _prefix + name;
        var prefix = listKey + ".member.";
        var found = new SortedSet<int>();
        foreach (var key in _values.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var rest = key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            var digits = dot < 0 ? rest : rest[..dot];
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i < 1 || i > MaxListIndex
                || digits.ToString() != i.ToString(CultureInfo.InvariantCulture))
                throw new AwsException("ValidationError", $"'{key}' is not a valid list member: members are numbered from 1 to {MaxListIndex}.");
            found.Add(i);
        }
        if (found.Count == 0)
            return _values.ContainsKey(listKey) ? [] : null;
        return [.. found];
    }

    AwsException Invalid(string name, string value, string expected) =>
        new("ValidationError", $"1 validation error detected: Value '{Shorten(value)}' at '{_prefix}{name}' failed to satisfy constraint: Member must be {expected}");

    static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "...";
}
