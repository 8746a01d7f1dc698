using System.Globalization;
using System.Xml.Linq;

namespace Berth.Cli.Deploy;

/// <summary>The ELBv2 calls `berth deploy` makes, on the Query protocol, with answers read by element name.</summary>
sealed class Elb(BerthClient client)
{
    public sealed record TargetHealth(string Id, string Port, string State, string? Reason, string? Description);

    public Task<XElement> CallAsync(string action, IReadOnlyDictionary<string, string> parameters, CancellationToken ct) =>
        client.QueryAsync("elasticloadbalancing", action, "2015-12-01", parameters, ct);

    /// <summary>The load balancer's ARN and DNS name, or null when none has that name.</summary>
    public async Task<(string Arn, string Dns)?> FindLoadBalancerAsync(string name, CancellationToken ct)
    {
        try
        {
            var r = await CallAsync("DescribeLoadBalancers", new Dictionary<string, string> { ["Names.member.1"] = name }, ct);
            return (Value(r, "LoadBalancerArn"), Value(r, "DNSName"));
        }
        catch (CliException e) when (e.Message.StartsWith("LoadBalancerNotFound", StringComparison.Ordinal))
        {
            return null;
        }
    }

    public async Task<(string Arn, string Dns)> CreateLoadBalancerAsync(string name, CancellationToken ct)
    {
        var r = await CallAsync("CreateLoadBalancer", new Dictionary<string, string> { ["Name"] = name, ["Type"] = "application", ["Scheme"] = "internet-facing" }, ct);
        return (Value(r, "LoadBalancerArn"), Value(r, "DNSName"));
    }

    public async Task<string?> FindTargetGroupAsync(string name, CancellationToken ct)
    {
        try
        {
            return Value(await CallAsync("DescribeTargetGroups", new Dictionary<string, string> { ["Names.member.1"] = name }, ct), "TargetGroupArn");
        }
        catch (CliException e) when (e.Message.StartsWith("TargetGroupNotFound", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>The listener on <paramref name="port"/> of the load balancer, or null.</summary>
    public async Task<string?> FindListenerAsync(string loadBalancerArn, int port, CancellationToken ct)
    {
        var r = await CallAsync("DescribeListeners", new Dictionary<string, string> { ["LoadBalancerArn"] = loadBalancerArn }, ct);
        return Elements(r, "member").Where(m => Child(m, "ListenerArn") is not null && Child(m, "Port") == port.ToString(CultureInfo.InvariantCulture))
            .Select(m => Child(m, "ListenerArn")).FirstOrDefault();
    }

    /// <summary>The listener's rules as (ARN, priority, path-pattern values, forward target group ARNs).</summary>
    public async Task<List<(string Arn, string Priority, List<string> Paths, List<string> TargetGroups)>> RulesAsync(string listenerArn, CancellationToken ct)
    {
        var r = await CallAsync("DescribeRules", new Dictionary<string, string> { ["ListenerArn"] = listenerArn }, ct);
        var rules = Elements(r, "Rules").SelectMany(x => x.Elements().Where(e => e.Name.LocalName == "member"));
        return rules.Select(m => (Child(m, "RuleArn")!, Child(m, "Priority")!,
            Elements(m, "Conditions").SelectMany(c => Elements(c, "Values")).SelectMany(v => v.Elements().Select(e => e.Value)).Distinct().ToList(),
            Elements(m, "TargetGroupArn").Select(e => e.Value).Distinct().ToList())).ToList();
    }

    public async Task<List<TargetHealth>> TargetHealthAsync(string targetGroupArn, CancellationToken ct)
    {
        var r = await CallAsync("DescribeTargetHealth", new Dictionary<string, string> { ["TargetGroupArn"] = targetGroupArn }, ct);
        return Elements(r, "TargetHealthDescriptions").SelectMany(x => x.Elements().Where(e => e.Name.LocalName == "member"))
            .Select(m =>
            {
                var target = Elements(m, "Target").First();
                var health = Elements(m, "TargetHealth").First();
                return new TargetHealth(Child(target, "Id") ?? "", Child(target, "Port") ?? "", Child(health, "State") ?? "", Child(health, "Reason"), Child(health, "Description"));
            }).ToList();
    }

    /// <summary>Form parameters for a one-action list (DefaultActions or Actions) forwarding to a target group.</summary>
    public static Dictionary<string, string> Forward(string prefix, string targetGroupArn) => new()
    {
        [$"{prefix}.member.1.Type"] = "forward",
        [$"{prefix}.member.1.TargetGroupArn"] = targetGroupArn,
    };

    /// <summary>A 404 for paths no service claims (the listener's default until a service is deployed at "/").</summary>
    public static Dictionary<string, string> NotFound(string prefix) => new()
    {
        [$"{prefix}.member.1.Type"] = "fixed-response",
        [$"{prefix}.member.1.FixedResponseConfig.StatusCode"] = "404",
        [$"{prefix}.member.1.FixedResponseConfig.ContentType"] = "text/plain",
        [$"{prefix}.member.1.FixedResponseConfig.MessageBody"] = "No service is deployed at this path.",
    };

    public static string Value(XElement root, string name) =>
        root.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? throw new CliException($"The load balancer API answered without {name}.");

    static IEnumerable<XElement> Elements(XElement root, string name) => root.Descendants().Where(e => e.Name.LocalName == name);

    static string? Child(XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value;
}
