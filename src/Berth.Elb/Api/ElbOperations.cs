using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

/// <summary>
/// The ELBv2 (Application Load Balancer) API, Version 2015-12-01, defined once per operation and served by the Query
/// codec (ELBv2 speaks Query only): requests are read into the shapes of <see cref="ElbWireJson"/>, answers written from them.
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
        AccountOperations.Register(ops);
    }

    internal static readonly ElbEmpty None = new();
}
