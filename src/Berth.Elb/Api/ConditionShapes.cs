namespace Berth.Elb.Api;

/// <summary>
/// The model's RuleCondition: the legacy <c>Values</c> and the <c>*Config</c> forms, as sent and as shown. ELB shows
/// host-header and path-pattern values twice (Values and the config) and the other fields' only in their config.
/// </summary>
internal sealed record RuleConditionShape
{
    public string? Field { get; set; }
    public List<string>? Values { get; set; }
    public PatternConfig? HostHeaderConfig { get; set; }
    public PatternConfig? PathPatternConfig { get; set; }
    public HttpHeaderConditionConfig? HttpHeaderConfig { get; set; }
    public QueryStringConditionConfig? QueryStringConfig { get; set; }
    public ValuesConfig? HttpRequestMethodConfig { get; set; }
    public ValuesConfig? SourceIpConfig { get; set; }
    public List<string>? RegexValues { get; set; }

    /// <summary>A config that is there with no Values has none (<c>[]</c>); the rules tell it from an absent one.</summary>
    public RuleConditionInput ToInput() => new()
    {
        Field = Field,
        Values = Values,
        HostHeaderValues = HostHeaderConfig is null ? null : HostHeaderConfig.Values ?? [],
        PathPatternValues = PathPatternConfig is null ? null : PathPatternConfig.Values ?? [],
        HasHttpHeaderConfig = HttpHeaderConfig is not null,
        HttpHeaderName = HttpHeaderConfig?.HttpHeaderName,
        HttpHeaderValues = HttpHeaderConfig is null ? null : HttpHeaderConfig.Values ?? [],
        QueryStrings = QueryStringConfig is null ? null : QueryStringConfig.Values ?? [],
        HttpRequestMethodValues = HttpRequestMethodConfig is null ? null : HttpRequestMethodConfig.Values ?? [],
        SourceIpValues = SourceIpConfig is null ? null : SourceIpConfig.Values ?? [],
        HasRegexValues = RegexValues is not null || HostHeaderConfig?.RegexValues is not null
            || PathPatternConfig?.RegexValues is not null || HttpHeaderConfig?.RegexValues is not null,
    };

    public static List<RuleConditionInput>? ToInputs(List<RuleConditionShape>? conditions) => conditions?.Select(c => c.ToInput()).ToList();

    public static RuleConditionShape From(RuleCondition c) => c.Field switch
    {
        "host-header" => new() { Field = c.Field, Values = c.Values, HostHeaderConfig = new() { Values = c.Values } },
        "path-pattern" => new() { Field = c.Field, Values = c.Values, PathPatternConfig = new() { Values = c.Values } },
        "http-header" => new() { Field = c.Field, HttpHeaderConfig = new() { HttpHeaderName = c.HttpHeaderName, Values = c.Values } },
        "query-string" => new() { Field = c.Field, QueryStringConfig = new() { Values = c.QueryStrings } },
        "http-request-method" => new() { Field = c.Field, HttpRequestMethodConfig = new() { Values = c.Values } },
        "source-ip" => new() { Field = c.Field, SourceIpConfig = new() { Values = c.Values } },
        _ => new() { Field = c.Field },
    };
}

/// <summary>HostHeaderConditionConfig and PathPatternConditionConfig (RegexValues is read only to be refused).</summary>
internal sealed record PatternConfig
{
    public List<string>? Values { get; set; }
    public List<string>? RegexValues { get; set; }
}

internal sealed record HttpHeaderConditionConfig
{
    public string? HttpHeaderName { get; set; }
    public List<string>? Values { get; set; }
    public List<string>? RegexValues { get; set; }
}

internal sealed record QueryStringConditionConfig
{
    public List<QueryStringKeyValue>? Values { get; set; }
}

/// <summary>HttpRequestMethodConditionConfig and SourceIpConditionConfig: values only.</summary>
internal sealed record ValuesConfig
{
    public List<string>? Values { get; set; }
}
