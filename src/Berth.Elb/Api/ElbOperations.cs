using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

/// <summary>
/// The ELBv2 (Application Load Balancer) API on the Query protocol, Version 2015-12-01. Its actions read their parameters
/// and write their XML by hand (they are older than the Query codec); new Query services define operations instead.
/// </summary>
public static class ElbOperations
{
    public static readonly AwsService Service = new()
    {
        SigningName = "elasticloadbalancing",
        Query = new QueryService("2015-12-01", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "elasticloadbalancing"),
    };

    public static void Register(ServiceOperations ops, LoadBalancerService loadBalancers, TargetGroupService targetGroups, TargetRegistry targets,
        ListenerService listeners, RuleService rules, ElbTags tags)
    {
        LoadBalancerOperations.Register(ops, loadBalancers);
        TargetGroupOperations.Register(ops, targetGroups, targets);
        ListenerOperations.Register(ops, listeners);
        RuleOperations.Register(ops, rules);
        TagOperations.Register(ops, tags);
    }

    internal static Action<QueryXmlWriter>? Empty => null;
}
