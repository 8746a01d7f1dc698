using System.Text.RegularExpressions;
using Berth.Ec2.Api;

namespace Berth.Ec2;

/// <summary>
/// EC2's Describe filters: a resource matches when, for every filter, one of its values for the filter's name matches
/// one of the filter's values (<c>*</c> and <c>?</c> are wildcards). <c>tag:KEY</c>, <c>tag-key</c> and <c>tag-value</c>
/// work for every resource with tags. A filter name the resource does not have is refused, naming it.
/// </summary>
static class Ec2Filters
{
    /// <summary>The values a resource has for a filter name, or null when the resource has no such filter.</summary>
    public delegate IEnumerable<string?>? Values(string filterName);

    public static List<T> Apply<T>(IEnumerable<T> items, List<Filter>? filters, Func<T, Values> values, Func<T, IEnumerable<Ec2Tag>>? tags = null)
    {
        var checkedFilters = Check(filters);
        return [.. items.Where(item => checkedFilters.All(f => Matches(f, values(item), tags?.Invoke(item))))];
    }

    static List<(string Name, Regex[] Patterns)> Check(List<Filter>? filters)
    {
        var result = new List<(string, Regex[])>();
        foreach (var f in filters ?? [])
        {
            if (string.IsNullOrEmpty(f.Name))
                throw Ec2Errors.Missing("Filter.N.Name");
            if (f.Values is not { Count: > 0 })
                throw Ec2Errors.InvalidValue($"The filter '{f.Name}' needs at least one value (Filter.N.Value.N).");
            result.Add((f.Name, [.. f.Values.Select(Pattern)]));
        }
        return result;
    }

    static bool Matches((string Name, Regex[] Patterns) filter, Values values, IEnumerable<Ec2Tag>? tags)
    {
        IEnumerable<string?>? candidates;
        if (tags is not null && filter.Name.StartsWith("tag:", StringComparison.Ordinal))
            candidates = tags.Where(t => t.Key == filter.Name[4..]).Select(t => t.Value);
        else if (tags is not null && filter.Name == "tag-key")
            candidates = tags.Select(t => t.Key);
        else if (tags is not null && filter.Name == "tag-value")
            candidates = tags.Select(t => t.Value);
        else
            candidates = values(filter.Name) ?? throw Ec2Errors.InvalidValue($"The filter '{filter.Name}' is invalid");
        return candidates.Any(c => c is not null && filter.Patterns.Any(p => p.IsMatch(c)));
    }

    /// <summary>An EC2 filter value: literal text with <c>*</c> (any run) and <c>?</c> (one character); <c>\*</c> is a literal star.</summary>
    static Regex Pattern(string value)
    {
        var b = new System.Text.StringBuilder("^");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length && value[i + 1] is '*' or '?' or '\\')
                b.Append(Regex.Escape(value[++i].ToString()));
            else
                b.Append(c == '*' ? ".*" : c == '?' ? "." : Regex.Escape(c.ToString()));
        }
        // Non-backtracking: a value such as *a*a*a*...b costs linear time, so no filter can stall a Describe call.
        return new Regex(b.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    public static IEnumerable<string?> One(string? value) => [value];

    public static IEnumerable<string?> Bool(bool value) => [value ? "true" : "false"];
}
