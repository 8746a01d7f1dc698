using System.Text.RegularExpressions;
using Berth.Kernel.Tagging;
using Berth.Ssm.Api;
using static Berth.Ssm.SsmErrors;

namespace Berth.Ssm;

/// <summary>
/// The filters of DescribeParameters and GetParametersByPath. ParameterFilters: Name (Equals, BeginsWith, Contains),
/// Path (OneLevel, Recursive), Type, KeyId, Tier, DataType and <c>tag:KEY</c> (Equals, BeginsWith; no values = the tag
/// exists) for DescribeParameters; Type, KeyId and Label (Equals) for GetParametersByPath. The older Filters (Name
/// begins with, Type, KeyId) for DescribeParameters only. Values of a filter are alternatives; every filter must match.
/// </summary>
static partial class ParameterFilters
{
    static readonly string[] Types = [ParameterVersion.String, ParameterVersion.StringList, ParameterVersion.SecureString];
    static readonly string[] Tiers = [ParameterRules.Standard, ParameterRules.Advanced, ParameterRules.IntelligentTiering];
    static readonly string[] ByPathKeys = ["Type", "KeyId", "Label"];

    public static void Validate(List<ParameterStringFilter>? filters, bool byPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (filters?.Count ?? 0); i++)
        {
            var f = filters![i] ?? throw Constraint($"Value null at 'parameterFilters.{i + 1}' failed to satisfy constraint: Member must not be null");
            var key = Required(f.Key, $"parameterFilters.{i + 1}.member.key", 1, 132);
            if (!KeyPattern().IsMatch(key))
                throw Constraint($"Value '{key}' at 'parameterFilters.{i + 1}.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType");
            Length(f.Option, $"parameterFilters.{i + 1}.member.option", 1, 10);
            if (f.Values is { Count: > 50 })
                throw Constraint($"Value at 'parameterFilters.{i + 1}.member.values' failed to satisfy constraint: Member must have length less than or equal to 50");
            foreach (var v in f.Values ?? [])
                Required(v, $"parameterFilters.{i + 1}.member.values", 1, 1024);

            if (byPath && !ByPathKeys.Contains(key))
                throw Filter("InvalidFilterKey", $"The following filter key is not valid: {key}. Valid filter keys include: [Type, KeyId, Label].");
            if (!byPath && key == "Label")
                throw Filter("InvalidFilterKey", "The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType, tag:KEY].");
            if (!seen.Add(key))
                throw Filter("InvalidFilterKey", $"The following filter is duplicated in the request: {key}. A request can contain only one occurrence of a specific filter.");
            var options = Options(key);
            if (!options.Contains(Option(f)))
                throw Filter("InvalidFilterOption", $"The following filter option is not valid: {f.Option}. Valid options include: [{string.Join(", ", options)}].");
            if (f.Values is not { Count: > 0 } && !key.StartsWith("tag:", StringComparison.Ordinal))
                throw Filter("InvalidFilterValue", $"The following filter values are missing : null for filter key {key}.");
            var allowed = key switch { "Type" => Types, "Tier" => Tiers, _ => null };
            if (allowed is not null && f.Values!.FirstOrDefault(v => !allowed.Contains(v)) is { } bad)
                throw Filter("InvalidFilterValue", $"The following filter value is not valid: {bad}. Valid values include: [{string.Join(", ", allowed)}].");
            if (key == "Path")
                f.Values!.ForEach(v => ParameterNames.PathPrefix(v));
        }
    }

    /// <summary>Whether a parameter's latest version matches every filter (Label is the reader's: it picks a version).</summary>
    public static bool Matches(ParameterVersion p, IReadOnlyList<Tag> tags, List<ParameterStringFilter>? filters)
    {
        foreach (var f in filters ?? [])
        {
            var key = f.Key!;
            var option = Option(f);
            var values = f.Values ?? [];
            var hit = key switch
            {
                "Label" => true,
                "Path" => values.Any(v => ParameterNames.Under(p.Key, ParameterNames.PathPrefix(v), option == "Recursive")),
                "Name" when option == "Contains" => values.Any(v => p.Name.Contains(v, StringComparison.Ordinal)),
                "Name" => Compare(Slashed(p.Name), values.Select(Slashed), option),
                "Type" => Compare(p.Type, values, option),
                "KeyId" => p.KeyId is { } keyId && Compare(keyId, values, option),
                "Tier" => Compare(p.Tier, values, option),
                "DataType" => Compare(p.DataType, values, option),
                _ => tags.Where(t => t.Key == key["tag:".Length..]).Any(t => values.Count == 0 || Compare(t.Value ?? "", values, option)),
            };
            if (!hit)
                return false;
        }
        return true;
    }

    public static void ValidateLegacy(List<ParametersFilter>? filters)
    {
        for (var i = 0; i < (filters?.Count ?? 0); i++)
        {
            var f = filters![i] ?? throw Constraint($"Value null at 'filters.{i + 1}' failed to satisfy constraint: Member must not be null");
            if (f.Key is not ("Name" or "Type" or "KeyId"))
                throw Constraint($"Value '{f.Key}' at 'filters.{i + 1}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [Name, Type, KeyId]");
            Count(f.Values, $"filters.{i + 1}.member.values", 1, 50);
            foreach (var v in f.Values!)
                Required(v, $"filters.{i + 1}.member.values", 1, 1024);
        }
    }

    public static bool MatchesLegacy(ParameterVersion p, List<ParametersFilter>? filters) =>
        (filters ?? []).All(f => f.Key switch
        {
            "Name" => f.Values!.Any(v => p.Name.StartsWith(v, StringComparison.Ordinal)),
            "Type" => f.Values!.Contains(p.Type),
            _ => p.KeyId is { } keyId && f.Values!.Contains(keyId),
        });

    static string[] Options(string key) => key switch
    {
        "Path" => ["OneLevel", "Recursive"],
        "Name" => ["Equals", "BeginsWith", "Contains"],
        "Label" => ["Equals"],
        _ => ["Equals", "BeginsWith"],
    };

    static string Option(ParameterStringFilter f) => f.Option ?? (f.Key == "Path" ? "OneLevel" : "Equals");

    static bool Compare(string what, IEnumerable<string> values, string option) =>
        option == "BeginsWith" ? values.Any(v => what.StartsWith(v, StringComparison.Ordinal)) : values.Contains(what, StringComparer.Ordinal);

    // Name filters see /app and app alike, as the names are one parameter.
    static string Slashed(string name) => "/" + name.TrimStart('/');

    [GeneratedRegex("^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$")]
    private static partial Regex KeyPattern();
}
