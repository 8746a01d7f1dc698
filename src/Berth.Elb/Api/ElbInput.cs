using Berth.Kernel.Protocol;
using Berth.Kernel.Tagging;

namespace Berth.Elb.Api;

/// <summary>Reads the ELBv2 request structures (actions, conditions, tags, targets, attributes) off Query parameters.</summary>
internal static class ElbInput
{
    public static List<Tag>? Tags(QueryInput q, string name = "Tags") =>
        q.Members(name)?.Select(m => new Tag { Key = m.String("Key"), Value = m.String("Value") }).ToList();

    public static List<ElbAttribute>? Attributes(QueryInput q) =>
        q.Members("Attributes")?.Select(m => new ElbAttribute(m.String("Key"), m.String("Value"))).ToList();

    public static List<TargetRef>? Targets(QueryInput q) =>
        q.Members("Targets")?.Select(m => new TargetRef(m.String("Id"), m.Int("Port"))).ToList();

    public static HealthCheckSettings HealthCheck(QueryInput q) => new()
    {
        Protocol = q.String("HealthCheckProtocol"),
        Port = q.String("HealthCheckPort"),
        Enabled = q.Bool("HealthCheckEnabled"),
        Path = q.String("HealthCheckPath"),
        IntervalSeconds = q.Int("HealthCheckIntervalSeconds"),
        TimeoutSeconds = q.Int("HealthCheckTimeoutSeconds"),
        HealthyThresholdCount = q.Int("HealthyThresholdCount"),
        UnhealthyThresholdCount = q.Int("UnhealthyThresholdCount"),
        MatcherHttpCode = q.Struct("Matcher")?.String("HttpCode"),
        MatcherGrpcCode = q.Struct("Matcher")?.String("GrpcCode"),
    };

    public static List<ElbAction>? Actions(QueryInput q, string name) => q.Members(name)?.Select(Action).ToList();

    static ElbAction Action(QueryInput m)
    {
        var forward = m.Struct("ForwardConfig");
        var fixedResponse = m.Struct("FixedResponseConfig");
        var redirect = m.Struct("RedirectConfig");
        var stickiness = forward?.Struct("TargetGroupStickinessConfig");
        return new ElbAction
        {
            Type = m.String("Type") ?? "",
            TargetGroupArn = m.String("TargetGroupArn"),
            Order = m.Int("Order"),
            ForwardConfig = forward is null ? null : new ForwardActionConfig
            {
                TargetGroups = forward.Members("TargetGroups")?.Select(t => new TargetGroupTuple { TargetGroupArn = t.String("TargetGroupArn"), Weight = t.Int("Weight") }).ToList() ?? [],
                TargetGroupStickinessConfig = stickiness is null ? null : new TargetGroupStickinessConfig { Enabled = stickiness.Bool("Enabled"), DurationSeconds = stickiness.Int("DurationSeconds") },
            },
            FixedResponseConfig = fixedResponse is null ? null : new FixedResponseActionConfig
            {
                MessageBody = fixedResponse.String("MessageBody"),
                StatusCode = fixedResponse.String("StatusCode"),
                ContentType = fixedResponse.String("ContentType"),
            },
            RedirectConfig = redirect is null ? null : new RedirectActionConfig
            {
                Protocol = redirect.String("Protocol"),
                Port = redirect.String("Port"),
                Host = redirect.String("Host"),
                Path = redirect.String("Path"),
                Query = redirect.String("Query"),
                StatusCode = redirect.String("StatusCode"),
            },
        };
    }

    public static List<RuleConditionInput>? Conditions(QueryInput q) => q.Members("Conditions")?.Select(Condition).ToList();

    static RuleConditionInput Condition(QueryInput m)
    {
        var header = m.Struct("HttpHeaderConfig");
        var configs = new[] { "HostHeaderConfig", "PathPatternConfig", "HttpHeaderConfig" };
        return new RuleConditionInput
        {
            Field = m.String("Field"),
            Values = m.Strings("Values"),
            HostHeaderValues = Values(m.Struct("HostHeaderConfig")),
            PathPatternValues = Values(m.Struct("PathPatternConfig")),
            HasHttpHeaderConfig = header is not null,
            HttpHeaderName = header?.String("HttpHeaderName"),
            HttpHeaderValues = Values(header),
            QueryStrings = m.Struct("QueryStringConfig") is { } qs
                ? qs.Members("Values")?.Select(p => new QueryStringKeyValue { Key = p.String("Key"), Value = p.String("Value") }).ToList() ?? []
                : null,
            HttpRequestMethodValues = Values(m.Struct("HttpRequestMethodConfig")),
            SourceIpValues = Values(m.Struct("SourceIpConfig")),
            HasRegexValues = m.Strings("RegexValues") is not null || configs.Any(c => m.Struct(c)?.Strings("RegexValues") is not null),
        };
    }

    static List<string>? Values(QueryInput? config) => config is null ? null : config.Strings("Values") ?? [];
}
