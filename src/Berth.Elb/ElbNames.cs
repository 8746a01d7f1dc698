using System.Text.RegularExpressions;
using Berth.Kernel;

namespace Berth.Elb;

/// <summary>Names and ARNs of ELBv2 resources, checked as ELB checks them.</summary>
public static partial class ElbNames
{
    /// <summary>Load balancer and target group names: 1–32 letters, digits and hyphens, no hyphen at either end.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 32 } && NamePattern().IsMatch(name) && !name.StartsWith('-') && !name.EndsWith('-');

    public static string RequireLoadBalancerName(string? name)
    {
        if (string.IsNullOrEmpty(name))
            throw ElbRefusals.Missing("name");
        if (!IsValid(name))
            throw ElbErrors.Validation($"The load balancer name '{name}' is not valid: use 1 to 32 letters, digits and hyphens, not beginning or ending with a hyphen.");
        if (name.StartsWith("internal-", StringComparison.OrdinalIgnoreCase))
            throw ElbErrors.Validation($"The load balancer name '{name}' cannot begin with 'internal-'.");
        return name;
    }

    public static string RequireTargetGroupName(string? name)
    {
        if (string.IsNullOrEmpty(name))
            throw ElbRefusals.Missing("name");
        if (!IsValid(name))
            throw ElbErrors.Validation($"The target group name '{name}' is not valid: use 1 to 32 letters, digits and hyphens, not beginning or ending with a hyphen.");
        return name;
    }

    /// <summary>Checks an ARN names an ELB resource of the given kind (<c>loadbalancer/app/</c>, <c>targetgroup/</c>, ...).</summary>
    public static string RequireArn(string? arn, string member, string resourcePrefix, string what)
    {
        if (string.IsNullOrEmpty(arn))
            throw ElbRefusals.Missing(member);
        var parsed = Arns.Parse(arn);
        if (parsed is null || parsed.Service != "elasticloadbalancing" || !parsed.Resource.StartsWith(resourcePrefix, StringComparison.Ordinal))
            throw ElbErrors.Validation($"'{arn}' is not a valid {what} ARN");
        return arn;
    }

    public static string LoadBalancerArn(string? arn, string member = "loadBalancerArn") => RequireArn(arn, member, "loadbalancer/", "load balancer");
    public static string TargetGroupArn(string? arn, string member = "targetGroupArn") => RequireArn(arn, member, "targetgroup/", "target group");
    public static string ListenerArn(string? arn, string member = "listenerArn") => RequireArn(arn, member, "listener/", "listener");
    public static string RuleArn(string? arn, string member = "ruleArn") => RequireArn(arn, member, "listener-rule/", "listener rule");

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex NamePattern();
}
