using Berth.Kernel.Tagging;

namespace Berth.Elb;

// What the ELBv2 operations ask for, as the Api layer reads it off the wire; the services validate it.

public sealed record CreateLoadBalancerRequest
{
    public string? Name { get; init; }
    public List<string>? Subnets { get; init; }
    /// <summary>The subnet ids of SubnetMappings (Berth has no Elastic IPs to map).</summary>
    public List<string>? SubnetMappings { get; init; }
    public List<string>? SecurityGroups { get; init; }
    public string? Scheme { get; init; }
    public string? Type { get; init; }
    public string? IpAddressType { get; init; }
    public List<Tag>? Tags { get; init; }
}

/// <summary>The health-check members of CreateTargetGroup and ModifyTargetGroup; null means "not given".</summary>
public sealed record HealthCheckSettings
{
    public string? Protocol { get; init; }
    public string? Port { get; init; }
    public bool? Enabled { get; init; }
    public string? Path { get; init; }
    public int? IntervalSeconds { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? HealthyThresholdCount { get; init; }
    public int? UnhealthyThresholdCount { get; init; }
    public string? MatcherHttpCode { get; init; }
    public string? MatcherGrpcCode { get; init; }
}

public sealed record CreateTargetGroupRequest
{
    public string? Name { get; init; }
    public string? Protocol { get; init; }
    public string? ProtocolVersion { get; init; }
    public int? Port { get; init; }
    public string? VpcId { get; init; }
    public string? TargetType { get; init; }
    public string? IpAddressType { get; init; }
    public HealthCheckSettings HealthCheck { get; init; } = new();
    public List<Tag>? Tags { get; init; }
}

public sealed record CreateListenerRequest
{
    public string? LoadBalancerArn { get; init; }
    public string? Protocol { get; init; }
    public int? Port { get; init; }
    public string? SslPolicy { get; init; }
    public int CertificateCount { get; init; }
    public List<ElbAction>? DefaultActions { get; init; }
    public List<Tag>? Tags { get; init; }
}

public sealed record ModifyListenerRequest
{
    public string? ListenerArn { get; init; }
    public string? Protocol { get; init; }
    public int? Port { get; init; }
    public string? SslPolicy { get; init; }
    public int CertificateCount { get; init; }
    public List<ElbAction>? DefaultActions { get; init; }
}

/// <summary>A rule condition as sent: the legacy <c>Values</c> and/or one of the <c>*Config</c> forms.</summary>
public sealed record RuleConditionInput
{
    public string? Field { get; init; }
    public List<string>? Values { get; init; }
    public List<string>? HostHeaderValues { get; init; }
    public List<string>? PathPatternValues { get; init; }
    public string? HttpHeaderName { get; init; }
    public List<string>? HttpHeaderValues { get; init; }
    public bool HasHttpHeaderConfig { get; init; }
    public List<QueryStringKeyValue>? QueryStrings { get; init; }
    public List<string>? HttpRequestMethodValues { get; init; }
    public List<string>? SourceIpValues { get; init; }
    public bool HasRegexValues { get; init; }
}

public sealed record CreateRuleRequest
{
    public string? ListenerArn { get; init; }
    public int? Priority { get; init; }
    public List<RuleConditionInput>? Conditions { get; init; }
    public List<ElbAction>? Actions { get; init; }
    public List<Tag>? Tags { get; init; }
}

/// <summary>A rule as DescribeRules shows it: the listener's default rule has priority "default".</summary>
public sealed record RuleDescription(string RuleArn, string Priority, List<RuleCondition> Conditions, List<ElbAction> Actions, bool IsDefault);

/// <summary>A target group with the load balancers whose listeners or rules forward to it.</summary>
public sealed record TargetGroupDescription(TargetGroup TargetGroup, List<string> LoadBalancerArns);

public sealed record ElbAttribute(string? Key, string? Value);
