using System.Net;
using System.Text.RegularExpressions;

namespace Berth.Elb;

/// <summary>
/// Turns rule conditions as sent (legacy <c>Values</c> or the <c>*Config</c> forms) into <see cref="RuleCondition"/>,
/// with ALB's limits: at most one host-header, path-pattern, http-request-method and source-ip condition, values of up
/// to 128 characters from each field's alphabet, and at most 5 values and 5 wildcards per rule.
/// </summary>
public static partial class RuleConditions
{
    public const int MaxValuesPerRule = 5;
    public const int MaxWildcardsPerRule = 5;
    static readonly string[] Fields = ["host-header", "path-pattern", "http-header", "query-string", "http-request-method", "source-ip"];
    static readonly string[] Singletons = ["host-header", "path-pattern", "http-request-method", "source-ip"];

    public static List<RuleCondition> Normalize(IReadOnlyList<RuleConditionInput>? conditions)
    {
        if (conditions is not { Count: > 0 })
            throw ElbErrors.Validation("A rule must have at least one condition.");
        var result = conditions.Select(NormalizeOne).ToList();
        foreach (var field in Singletons)
        {
            if (result.Count(c => c.Field == field) > 1)
                throw ElbErrors.Validation($"A rule can have only one '{field}' condition.");
        }
        var values = result.Sum(c => c.Field == "query-string" ? c.QueryStrings.Count : c.Values.Count);
        if (values > MaxValuesPerRule)
            throw ElbErrors.Validation($"A rule can have at most {MaxValuesPerRule} condition values; this one has {values}.");
        var wildcards = result.Sum(c => c.Values.Concat(c.QueryStrings.SelectMany(q => new[] { q.Key ?? "", q.Value ?? "" })).Sum(v => v.Count(ch => ch is '*' or '?')));
        if (wildcards > MaxWildcardsPerRule)
            throw ElbErrors.Validation($"A rule can have at most {MaxWildcardsPerRule} wildcards ('*' or '?') in its conditions; this one has {wildcards}.");
        return result;
    }

    static RuleCondition NormalizeOne(RuleConditionInput c)
    {
        if (string.IsNullOrEmpty(c.Field))
            throw ElbRefusals.Missing("conditions.member.field");
        if (!Fields.Contains(c.Field))
            throw ElbErrors.Validation($"Condition field '{c.Field}' is not valid: use one of {string.Join(", ", Fields)}.");
        if (c.HasRegexValues)
            throw ElbErrors.Validation("RegexValues are not supported by Berth; use Values with '*' and '?' wildcards.");
        var configs = new (string Field, bool Given)[]
        {
            ("host-header", c.HostHeaderValues is not null), ("path-pattern", c.PathPatternValues is not null),
            ("http-header", c.HasHttpHeaderConfig), ("query-string", c.QueryStrings is not null),
            ("http-request-method", c.HttpRequestMethodValues is not null), ("source-ip", c.SourceIpValues is not null),
        };
        if (configs.FirstOrDefault(x => x.Given && x.Field != c.Field) is { Field: { } other })
            throw ElbErrors.Validation($"A '{c.Field}' condition cannot have the configuration of a '{other}' condition.");
        return c.Field switch
        {
            "host-header" => Simple(c, c.HostHeaderValues, "HostHeaderConfig", v => HostPattern().IsMatch(v), "letters, digits, '-', '.', '*' and '?'"),
            "path-pattern" => Simple(c, c.PathPatternValues, "PathPatternConfig", v => PathPattern().IsMatch(v), "letters, digits and _-.$/~\"'@:+&*?"),
            "http-header" => HttpHeader(c),
            "query-string" => QueryString(c),
            "http-request-method" => ConfigOnly(c, c.HttpRequestMethodValues, "HttpRequestMethodConfig", v => v.Length <= 40 && MethodPattern().IsMatch(v), "upper-case letters, '_' and '-' (up to 40)"),
            _ => ConfigOnly(c, c.SourceIpValues, "SourceIpConfig", v => v.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(v, out _), "CIDR blocks such as 10.0.0.0/16"),
        };
    }

    /// <summary>host-header and path-pattern take Values or their config, not both.</summary>
    static RuleCondition Simple(RuleConditionInput c, List<string>? config, string configName, Func<string, bool> valid, string alphabet)
    {
        if (c.Values is not null && config is not null)
            throw ElbErrors.Validation($"A '{c.Field}' condition takes Values or {configName}, not both.");
        return new RuleCondition { Field = c.Field!, Values = Check(c.Field!, c.Values ?? config, valid, alphabet) };
    }

    static RuleCondition ConfigOnly(RuleConditionInput c, List<string>? config, string configName, Func<string, bool> valid, string alphabet)
    {
        if (c.Values is not null)
            throw ElbErrors.Validation($"A '{c.Field}' condition takes its values in {configName}, not in Values.");
        return new RuleCondition { Field = c.Field!, Values = Check(c.Field!, config, valid, alphabet) };
    }

    static RuleCondition HttpHeader(RuleConditionInput c)
    {
        if (c.Values is not null || !c.HasHttpHeaderConfig)
            throw ElbErrors.Validation("An 'http-header' condition takes HttpHeaderConfig with HttpHeaderName and Values.");
        if (c.HttpHeaderName is not { Length: > 0 and <= 40 } name || !HeaderNamePattern().IsMatch(name))
            throw ElbErrors.Validation($"HTTP header name '{c.HttpHeaderName}' is not valid: use up to 40 letters, digits and *?-!#$%&'+.^_`|~.");
        return new RuleCondition { Field = c.Field!, HttpHeaderName = name, Values = Check(c.Field!, c.HttpHeaderValues, v => !v.Any(char.IsControl), "printable characters") };
    }

    static RuleCondition QueryString(RuleConditionInput c)
    {
        if (c.Values is not null || c.QueryStrings is not { Count: > 0 } pairs)
            throw ElbErrors.Validation("A 'query-string' condition takes QueryStringConfig with at least one Key/Value pair.");
        foreach (var p in pairs)
        {
            if (string.IsNullOrEmpty(p.Value))
                throw ElbErrors.Validation("Each query-string pair needs a Value.");
            if (p.Value.Length > 128 || (p.Key?.Length ?? 0) > 128 || (p.Key is not null && p.Key.Length == 0))
                throw ElbErrors.Validation("Query-string keys and values must be 1 to 128 characters.");
            if ((p.Key ?? "").Concat(p.Value).Any(ch => char.IsControl(ch) || ch is ' ' or '#'))
                throw ElbErrors.Validation($"Query-string pair '{p.Key}={p.Value}' has characters that cannot appear in a query string.");
        }
        return new RuleCondition { Field = c.Field!, QueryStrings = pairs.Select(p => p with { }).ToList() };
    }

    static List<string> Check(string field, List<string>? values, Func<string, bool> valid, string alphabet)
    {
        if (values is not { Count: > 0 })
            throw ElbErrors.Validation($"A '{field}' condition needs at least one value.");
        foreach (var v in values)
        {
            if (v.Length is 0 or > 128)
                throw ElbErrors.Validation($"'{field}' values must be 1 to 128 characters long.");
            if (!valid(v))
                throw ElbErrors.Validation($"'{field}' value '{v}' is not valid: use {alphabet}.");
        }
        return [.. values];
    }

    [GeneratedRegex("^[A-Za-z0-9.*?-]+$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^[A-Za-z0-9_.$/~\"'@:+&*?-]+$")]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[A-Z_-]+$")]
    private static partial Regex MethodPattern();

    [GeneratedRegex("^[A-Za-z0-9*?!#$%&'+.^_`|~-]+$")]
    private static partial Regex HeaderNamePattern();
}
