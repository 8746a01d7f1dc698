namespace Berth.Elb;

// The ELBv2 resources as Berth stores them. Member names follow the botocore model (elbv2 2015-12-01);
// the shapes in Api map them onto the wire (the Query codec writes those), the data plane (Berth.Elb.Haproxy) onto HAProxy.

/// <summary>An application load balancer: a name and the listeners (host ports) that belong to it.</summary>
public sealed record LoadBalancer
{
    public required string LoadBalancerArn { get; set; }
    public required string LoadBalancerName { get; set; }
    /// <summary>The host name users reach the listeners on (<c>http://DNSName:port</c>).</summary>
    public string? DNSName { get; set; }
    public string? CanonicalHostedZoneId { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public string Scheme { get; set; } = "internet-facing";
    public string? VpcId { get; set; }
    public LoadBalancerState State { get; set; } = new() { Code = "provisioning" };
    public string Type { get; set; } = "application";
    public List<AvailabilityZone> AvailabilityZones { get; set; } = [];
    public List<string> SecurityGroups { get; set; } = [];
    public string IpAddressType { get; set; } = "ipv4";
    public Dictionary<string, string> Attributes { get; set; } = [];
    /// <summary>The load balancer's interface in its VPC (not on the wire): the data plane sends traffic to targets from its address.</summary>
    public string? NetworkInterfaceId { get; set; }
    public string? InterfaceSubnetId { get; set; }
    /// <summary>The interface's address, which proxied requests and health checks leave from; null for a load balancer without one.</summary>
    public string? PrivateIpAddress { get; set; }
}

public sealed record LoadBalancerState
{
    /// <summary>active | provisioning | active_impaired | failed</summary>
    public string? Code { get; set; }
    public string? Reason { get; set; }
}

public sealed record AvailabilityZone
{
    public string? ZoneName { get; set; }
    public string? SubnetId { get; set; }
}

/// <summary>A target group of type ip: its health check, its attributes and the targets registered in it.</summary>
public sealed record TargetGroup
{
    public required string TargetGroupArn { get; set; }
    public required string TargetGroupName { get; set; }
    public string Protocol { get; set; } = "HTTP";
    public string ProtocolVersion { get; set; } = "HTTP1";
    public int Port { get; set; }
    public string? VpcId { get; set; }
    public string TargetType { get; set; } = "ip";
    public string IpAddressType { get; set; } = "ipv4";
    public string HealthCheckProtocol { get; set; } = "HTTP";
    /// <summary>"traffic-port" or a port number.</summary>
    public string HealthCheckPort { get; set; } = "traffic-port";
    public bool HealthCheckEnabled { get; set; } = true;
    public int HealthCheckIntervalSeconds { get; set; } = 30;
    public int HealthCheckTimeoutSeconds { get; set; } = 5;
    public int HealthyThresholdCount { get; set; } = 5;
    public int UnhealthyThresholdCount { get; set; } = 2;
    public string HealthCheckPath { get; set; } = "/";
    /// <summary>HTTP codes a healthy target answers with: "200", "200,202", "200-299".</summary>
    public string MatcherHttpCode { get; set; } = "200";
    public DateTimeOffset CreatedTime { get; set; }
    /// <summary>Attributes by key, e.g. <c>deregistration_delay.timeout_seconds</c>; defaults in <see cref="TargetGroupAttributes"/>.</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];
    public List<RegisteredTarget> Targets { get; set; } = [];
}

/// <summary>A target in a target group: registered (serving once healthy) or draining until its delay ends.</summary>
public sealed record RegisteredTarget
{
    public required string Id { get; set; }
    public int Port { get; set; }
    public string? AvailabilityZone { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    /// <summary>Set by DeregisterTargets; the data plane removes the target when draining completes.</summary>
    public DateTimeOffset? DrainingSince { get; set; }

    /// <summary>The key the data plane and health observations use: <c>ip:port</c>.</summary>
    public string Key => $"{Id}:{Port}";
}

public static class TargetGroupAttributes
{
    public const string DeregistrationDelay = "deregistration_delay.timeout_seconds";

    /// <summary>The attributes AWS reports for an ip target group of an application load balancer, with their defaults.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        [DeregistrationDelay] = "300",
        ["stickiness.enabled"] = "false",
        ["stickiness.type"] = "lb_cookie",
        ["stickiness.lb_cookie.duration_seconds"] = "86400",
        ["load_balancing.algorithm.type"] = "round_robin",
        ["slow_start.duration_seconds"] = "0",
    };

    public static TimeSpan DeregistrationDelayOf(TargetGroup tg) =>
        TimeSpan.FromSeconds(int.TryParse(tg.Attributes.GetValueOrDefault(DeregistrationDelay, Defaults[DeregistrationDelay]), out var s) ? s : 300);
}

/// <summary>A listener: a port on the host, a protocol and the default actions; rules hang off it.</summary>
public sealed record Listener
{
    public required string ListenerArn { get; set; }
    public required string LoadBalancerArn { get; set; }
    public int Port { get; set; }
    public string Protocol { get; set; } = "HTTP";
    public List<ElbAction> DefaultActions { get; set; } = [];

    /// <summary>ModifyListenerAttributes' values; keys missing here have <see cref="ListenerAttributes"/>' defaults.</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];
}

/// <summary>A listener rule; priority 1–50000, evaluated lowest first, before the listener's default actions.</summary>
public sealed record ListenerRule
{
    public required string RuleArn { get; set; }
    public required string ListenerArn { get; set; }
    public int Priority { get; set; }
    public List<RuleCondition> Conditions { get; set; } = [];
    public List<ElbAction> Actions { get; set; } = [];
}

/// <summary>An ELBv2 <c>Action</c>: forward (one or weighted target groups), fixed-response or redirect.</summary>
public sealed record ElbAction
{
    public required string Type { get; set; }
    public string? TargetGroupArn { get; set; }
    public int? Order { get; set; }
    public ForwardActionConfig? ForwardConfig { get; set; }
    public FixedResponseActionConfig? FixedResponseConfig { get; set; }
    public RedirectActionConfig? RedirectConfig { get; set; }
}

public sealed record ForwardActionConfig
{
    public List<TargetGroupTuple> TargetGroups { get; set; } = [];
    public TargetGroupStickinessConfig? TargetGroupStickinessConfig { get; set; }
}

public sealed record TargetGroupTuple
{
    public string? TargetGroupArn { get; set; }
    public int? Weight { get; set; }
}

public sealed record TargetGroupStickinessConfig
{
    public bool? Enabled { get; set; }
    public int? DurationSeconds { get; set; }
}

public sealed record FixedResponseActionConfig
{
    public string? MessageBody { get; set; }
    public string? StatusCode { get; set; }
    public string? ContentType { get; set; }
}

public sealed record RedirectActionConfig
{
    public string? Protocol { get; set; }
    public string? Port { get; set; }
    public string? Host { get; set; }
    public string? Path { get; set; }
    public string? Query { get; set; }
    /// <summary>HTTP_301 | HTTP_302</summary>
    public string? StatusCode { get; set; }
}

/// <summary>A rule condition, normalised: <see cref="Values"/> always holds the patterns to match.</summary>
public sealed record RuleCondition
{
    /// <summary>path-pattern | host-header | http-header | query-string | http-request-method | source-ip</summary>
    public required string Field { get; set; }
    public List<string> Values { get; set; } = [];
    /// <summary>For http-header: the header's name.</summary>
    public string? HttpHeaderName { get; set; }
    /// <summary>For query-string: key/value pairs (a null key matches any key).</summary>
    public List<QueryStringKeyValue> QueryStrings { get; set; } = [];
}

public sealed record QueryStringKeyValue
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

/// <summary>The ELBv2 <c>TargetHealth</c> shape.</summary>
public sealed record TargetHealth(string State, string? Reason, string? Description);

/// <summary>A target and its health, as DescribeTargetHealth answers.</summary>
public sealed record TargetHealthDescription(string Id, int Port, string? AvailabilityZone, string HealthCheckPort, TargetHealth Health);
