using Berth.Kernel.Tagging;

namespace Berth.Elb.Api;

// The load balancer operations' wire shapes: member names and order as in the botocore model (elbv2 2015-12-01).
// Requests carry only the members Berth reads; the Query codec refuses a malformed value of those alone.

internal sealed record CreateLoadBalancerInput
{
    public string? Name { get; set; }
    public List<string>? Subnets { get; set; }
    public List<SubnetMapping>? SubnetMappings { get; set; }
    public List<string>? SecurityGroups { get; set; }
    public string? Scheme { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? Type { get; set; }
    public string? IpAddressType { get; set; }

    public CreateLoadBalancerRequest ToRequest() => new()
    {
        Name = Name,
        Subnets = Subnets,
        SubnetMappings = SubnetMapping.SubnetIds(SubnetMappings),
        SecurityGroups = SecurityGroups,
        Scheme = Scheme,
        Type = Type,
        IpAddressType = IpAddressType,
        Tags = Tags,
    };
}

/// <summary>A subnet to place the load balancer in; the other members are for Network Load Balancers and refused.</summary>
internal sealed record SubnetMapping
{
    public string? SubnetId { get; set; }
    public string? AllocationId { get; set; }
    public string? PrivateIPv4Address { get; set; }
    public string? IPv6Address { get; set; }
    public string? SourceNatIpv6Prefix { get; set; }

    public static List<string>? SubnetIds(List<SubnetMapping>? mappings)
    {
        foreach (var m in mappings ?? [])
        {
            var nlbOnly = m.AllocationId is not null ? "AllocationId" : m.PrivateIPv4Address is not null ? "PrivateIPv4Address"
                : m.IPv6Address is not null ? "IPv6Address" : m.SourceNatIpv6Prefix is not null ? "SourceNatIpv6Prefix" : null;
            if (nlbOnly is not null)
                throw ElbRefusals.InvalidConfiguration($"SubnetMappings {nlbOnly} applies to Network Load Balancers only; an application load balancer takes SubnetId alone.");
            if (string.IsNullOrEmpty(m.SubnetId))
                throw ElbRefusals.Missing("subnetMappings.member.subnetId");
        }
        return mappings?.Select(m => m.SubnetId!).ToList();
    }
}

internal sealed record SetSecurityGroupsInput
{
    public string? LoadBalancerArn { get; set; }
    public List<string>? SecurityGroups { get; set; }
    public string? EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic { get; set; }
}

internal sealed record SetSecurityGroupsOutput(List<string> SecurityGroupIds);

internal sealed record SetSubnetsInput
{
    public string? LoadBalancerArn { get; set; }
    public List<string>? Subnets { get; set; }
    public List<SubnetMapping>? SubnetMappings { get; set; }
    public string? IpAddressType { get; set; }
    public string? EnablePrefixForIpv6SourceNat { get; set; }
}

internal sealed record SetSubnetsOutput(List<AvailabilityZoneShape> AvailabilityZones, string IpAddressType);

internal sealed record DescribeLoadBalancersInput
{
    public List<string>? LoadBalancerArns { get; set; }
    public List<string>? Names { get; set; }
    public string? Marker { get; set; }
    public int? PageSize { get; set; }
}

/// <summary>DeleteLoadBalancer and DescribeLoadBalancerAttributes.</summary>
internal sealed record LoadBalancerArnInput
{
    public string? LoadBalancerArn { get; set; }
}

internal sealed record ModifyLoadBalancerAttributesInput
{
    public string? LoadBalancerArn { get; set; }
    public List<ElbAttribute>? Attributes { get; set; }
}

internal sealed record ModifyListenerAttributesInput
{
    public string? ListenerArn { get; set; }
    public List<ElbAttribute>? Attributes { get; set; }
}

/// <summary>Create (one load balancer, no marker) and Describe.</summary>
internal sealed record LoadBalancersOutput(List<LoadBalancerShape> LoadBalancers, string? NextMarker = null);

/// <summary>The load balancer and target group attributes, by key.</summary>
internal sealed record AttributesOutput(List<ElbAttribute> Attributes)
{
    public static AttributesOutput From(Dictionary<string, string> attributes) =>
        new(attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new ElbAttribute(a.Key, a.Value)).ToList());
}

/// <summary>The model's LoadBalancer: the stored one without its attributes.</summary>
internal sealed record LoadBalancerShape
{
    public required string LoadBalancerArn { get; init; }
    public string? DNSName { get; init; }
    public string? CanonicalHostedZoneId { get; init; }
    public DateTimeOffset CreatedTime { get; init; }
    public required string LoadBalancerName { get; init; }
    public required string Scheme { get; init; }
    public string? VpcId { get; init; }
    public required LoadBalancerState State { get; init; }
    public required string Type { get; init; }
    public required List<AvailabilityZoneShape> AvailabilityZones { get; init; }
    public required List<string> SecurityGroups { get; init; }
    public required string IpAddressType { get; init; }

    public static LoadBalancerShape From(LoadBalancer lb) => new()
    {
        LoadBalancerArn = lb.LoadBalancerArn,
        DNSName = lb.DNSName,
        CanonicalHostedZoneId = lb.CanonicalHostedZoneId,
        CreatedTime = lb.CreatedTime,
        LoadBalancerName = lb.LoadBalancerName,
        Scheme = lb.Scheme,
        VpcId = lb.VpcId,
        State = lb.State,
        Type = lb.Type,
        AvailabilityZones = AvailabilityZoneShape.From(lb.AvailabilityZones),
        SecurityGroups = lb.SecurityGroups,
        IpAddressType = lb.IpAddressType,
    };
}

/// <summary>A zone of the load balancer; it has no addresses of its own (an empty LoadBalancerAddresses, as ALB shows).</summary>
internal sealed record AvailabilityZoneShape(string? ZoneName, string? SubnetId, List<ElbEmpty> LoadBalancerAddresses)
{
    public static List<AvailabilityZoneShape> From(IEnumerable<AvailabilityZone> zones) => zones.Select(z => new AvailabilityZoneShape(z.ZoneName, z.SubnetId, [])).ToList();
}
