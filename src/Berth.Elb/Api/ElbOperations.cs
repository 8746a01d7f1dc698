using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

/// <summary>The ELBv2 (Application Load Balancer) API on the Query protocol, Version 2015-12-01.</summary>
public static class ElbOperations
{
    public static readonly QueryService Service = new("2015-12-01", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "elasticloadbalancing");

    public static void Register(QueryOperationTable ops, LoadBalancerService loadBalancers, TargetGroupService targetGroups, TargetRegistry targets,
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
