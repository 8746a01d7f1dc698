using Berth.Kernel;
using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

/// <summary>
/// The account-wide reads: the limits Berth enforces (by ELB's names, only those it checks) and the TLS policies, of
/// which there are none: Berth's listeners speak HTTP only, so a named policy is not found.
/// </summary>
internal static class AccountOperations
{
    static readonly List<LimitShape> Limits =
    [
        new("application-load-balancers", LoadBalancerService.MaxLoadBalancers),
        new("listeners-per-application-load-balancer", ListenerService.MaxListenersPerLoadBalancer),
        new("rules-per-listener", RuleService.MaxRulesPerListener),
        new("target-groups", TargetGroupService.MaxTargetGroups),
        new("target-groups-per-action-on-application-load-balancer", ActionValidator.MaxTargetGroupsPerForward),
        new("condition-values-per-alb-rule", RuleConditions.MaxValuesPerRule),
        new("condition-wildcards-per-alb-rule", RuleConditions.MaxWildcardsPerRule),
        new("subnets-per-application-load-balancer", LoadBalancerNetwork.MaxSubnets),
        new("tags-per-resource", ElbTags.MaxTags),
    ];

    public static void Register(ServiceOperations ops)
    {
        var j = ElbWireJson.Default;
        ops.Add("DescribeAccountLimits", j.PagedInput, j.AccountLimitsOutput, (r, _) =>
        {
            var (page, next) = ElbPaging.Page(Limits, r.Marker, r.PageSize, "DescribeAccountLimits");
            return Task.FromResult(new AccountLimitsOutput(page, next));
        });
        ops.Add("DescribeSSLPolicies", j.SslPoliciesInput, j.SslPoliciesOutput, (r, _) =>
        {
            if (r.Names is { Count: > 0 } names)
                throw new AwsException("SSLPolicyNotFound", $"SSL policy '{names[0]}' not found: Berth's listeners speak HTTP only, so it has no TLS policies.");
            if (r.LoadBalancerType is not (null or "application" or "network"))
                throw ElbErrors.Validation($"Load balancer type '{r.LoadBalancerType}' is not valid: application, network or gateway.");
            ElbPaging.Page(new List<LimitShape>(), r.Marker, r.PageSize, "DescribeSSLPolicies");
            return Task.FromResult(new SslPoliciesOutput([]));
        });
    }
}

/// <summary>A limit; ELB writes its maximum as a string.</summary>
internal sealed record LimitShape(string Name, string Max)
{
    public LimitShape(string name, int max)
        : this(name, max.ToString(System.Globalization.CultureInfo.InvariantCulture))
    {
    }
}

internal sealed record PagedInput
{
    public string? Marker { get; set; }
    public int? PageSize { get; set; }
}

internal sealed record AccountLimitsOutput(List<LimitShape> Limits, string? NextMarker = null);

internal sealed record SslPoliciesInput
{
    public List<string>? Names { get; set; }
    public string? Marker { get; set; }
    public int? PageSize { get; set; }
    public string? LoadBalancerType { get; set; }
}

internal sealed record SslPoliciesOutput(List<string> SslPolicies, string? NextMarker = null);
