using Berth.Kernel.Tagging;

namespace Berth.Elb.Api;

// The target group operations' wire shapes, members as in the botocore model.

internal sealed record CreateTargetGroupInput : IHealthCheckInput
{
    public string? Name { get; set; }
    public string? Protocol { get; set; }
    public string? ProtocolVersion { get; set; }
    public int? Port { get; set; }
    public string? VpcId { get; set; }
    public string? HealthCheckProtocol { get; set; }
    public string? HealthCheckPort { get; set; }
    public bool? HealthCheckEnabled { get; set; }
    public string? HealthCheckPath { get; set; }
    public int? HealthCheckIntervalSeconds { get; set; }
    public int? HealthCheckTimeoutSeconds { get; set; }
    public int? HealthyThresholdCount { get; set; }
    public int? UnhealthyThresholdCount { get; set; }
    public Matcher? Matcher { get; set; }
    public string? TargetType { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? IpAddressType { get; set; }

    public CreateTargetGroupRequest ToRequest() => new()
    {
        Name = Name,
        Protocol = Protocol,
        ProtocolVersion = ProtocolVersion,
        Port = Port,
        VpcId = VpcId,
        TargetType = TargetType,
        IpAddressType = IpAddressType,
        HealthCheck = this.HealthCheck(),
        Tags = Tags,
    };
}

/// <summary>The health check members CreateTargetGroup and ModifyTargetGroup share, under the same names.</summary>
internal interface IHealthCheckInput
{
    string? HealthCheckProtocol { get; }
    string? HealthCheckPort { get; }
    bool? HealthCheckEnabled { get; }
    string? HealthCheckPath { get; }
    int? HealthCheckIntervalSeconds { get; }
    int? HealthCheckTimeoutSeconds { get; }
    int? HealthyThresholdCount { get; }
    int? UnhealthyThresholdCount { get; }
    Matcher? Matcher { get; }
}

internal static class HealthCheckInput
{
    public static HealthCheckSettings HealthCheck(this IHealthCheckInput i) => new()
    {
        Protocol = i.HealthCheckProtocol,
        Port = i.HealthCheckPort,
        Enabled = i.HealthCheckEnabled,
        Path = i.HealthCheckPath,
        IntervalSeconds = i.HealthCheckIntervalSeconds,
        TimeoutSeconds = i.HealthCheckTimeoutSeconds,
        HealthyThresholdCount = i.HealthyThresholdCount,
        UnhealthyThresholdCount = i.UnhealthyThresholdCount,
        MatcherHttpCode = i.Matcher?.HttpCode,
        MatcherGrpcCode = i.Matcher?.GrpcCode,
    };
}

internal sealed record Matcher
{
    public string? HttpCode { get; set; }
    public string? GrpcCode { get; set; }
}

internal sealed record ModifyTargetGroupInput : IHealthCheckInput
{
    public string? TargetGroupArn { get; set; }
    public string? HealthCheckProtocol { get; set; }
    public string? HealthCheckPort { get; set; }
    public string? HealthCheckPath { get; set; }
    public bool? HealthCheckEnabled { get; set; }
    public int? HealthCheckIntervalSeconds { get; set; }
    public int? HealthCheckTimeoutSeconds { get; set; }
    public int? HealthyThresholdCount { get; set; }
    public int? UnhealthyThresholdCount { get; set; }
    public Matcher? Matcher { get; set; }

}

internal sealed record DescribeTargetGroupsInput
{
    public string? LoadBalancerArn { get; set; }
    public List<string>? TargetGroupArns { get; set; }
    public List<string>? Names { get; set; }
    public string? Marker { get; set; }
    public int? PageSize { get; set; }
}

/// <summary>DeleteTargetGroup and DescribeTargetGroupAttributes.</summary>
internal sealed record TargetGroupArnInput
{
    public string? TargetGroupArn { get; set; }
}

internal sealed record ModifyTargetGroupAttributesInput
{
    public string? TargetGroupArn { get; set; }
    public List<ElbAttribute>? Attributes { get; set; }
}

/// <summary>Create (one target group, no marker), Describe and Modify.</summary>
internal sealed record TargetGroupsOutput(List<TargetGroupShape> TargetGroups, string? NextMarker = null);

/// <summary>The model's TargetGroup: the stored one with the load balancers that use it, without its targets and attributes.</summary>
internal sealed record TargetGroupShape
{
    public required string TargetGroupArn { get; init; }
    public required string TargetGroupName { get; init; }
    public required string Protocol { get; init; }
    public int Port { get; init; }
    public string? VpcId { get; init; }
    public required string HealthCheckProtocol { get; init; }
    public required string HealthCheckPort { get; init; }
    public bool HealthCheckEnabled { get; init; }
    public int HealthCheckIntervalSeconds { get; init; }
    public int HealthCheckTimeoutSeconds { get; init; }
    public int HealthyThresholdCount { get; init; }
    public int UnhealthyThresholdCount { get; init; }
    public required string HealthCheckPath { get; init; }
    public required Matcher Matcher { get; init; }
    public required List<string> LoadBalancerArns { get; init; }
    public required string TargetType { get; init; }
    public required string ProtocolVersion { get; init; }
    public required string IpAddressType { get; init; }

    public static TargetGroupShape From(TargetGroupDescription d)
    {
        var g = d.TargetGroup;
        return new()
        {
            TargetGroupArn = g.TargetGroupArn,
            TargetGroupName = g.TargetGroupName,
            Protocol = g.Protocol,
            Port = g.Port,
            VpcId = g.VpcId,
            HealthCheckProtocol = g.HealthCheckProtocol,
            HealthCheckPort = g.HealthCheckPort,
            HealthCheckEnabled = g.HealthCheckEnabled,
            HealthCheckIntervalSeconds = g.HealthCheckIntervalSeconds,
            HealthCheckTimeoutSeconds = g.HealthCheckTimeoutSeconds,
            HealthyThresholdCount = g.HealthyThresholdCount,
            UnhealthyThresholdCount = g.UnhealthyThresholdCount,
            HealthCheckPath = g.HealthCheckPath,
            Matcher = new Matcher { HttpCode = g.MatcherHttpCode },
            LoadBalancerArns = d.LoadBalancerArns,
            TargetType = g.TargetType,
            ProtocolVersion = g.ProtocolVersion,
            IpAddressType = g.IpAddressType,
        };
    }
}
