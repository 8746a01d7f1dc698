using System.Text.Json.Serialization;
using Berth.Kernel.Json;
using Berth.Kernel.Storage;

namespace Berth.Elb;

/// <summary>The ELBv2 resources, stored by ARN; listeners scoped by load balancer, rules by listener.</summary>
public static class ElbKinds
{
    /// <summary>ELBv2 resources by ARN; listeners scoped by load balancer, rules by listener.</summary>
    public static readonly ResourceKind<LoadBalancer> LoadBalancers = new(
        "load_balancers", l => l.LoadBalancerArn, _ => null, l => l.LoadBalancerName, l => l.State.Code, l => l.CreatedTime.ToUnixTimeMilliseconds(), ElbJson.Default.LoadBalancer);

    public static readonly ResourceKind<TargetGroup> TargetGroups = new(
        "target_groups", g => g.TargetGroupArn, _ => null, g => g.TargetGroupName, _ => null, g => g.CreatedTime.ToUnixTimeMilliseconds(), ElbJson.Default.TargetGroup);

    public static readonly ResourceKind<Listener> Listeners = new(
        "listeners", l => l.ListenerArn, l => l.LoadBalancerArn, _ => null, _ => null, l => l.Port, ElbJson.Default.Listener);

    public static readonly ResourceKind<ListenerRule> ListenerRules = new(
        "listener_rules", r => r.RuleArn, r => r.ListenerArn, _ => null, _ => null, r => r.Priority, ElbJson.Default.ListenerRule);
}

/// <summary>The stored documents (camelCase, epoch-second times); the wire shapes have their own context (<c>Api/ElbWireJson</c>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(LoadBalancer))]
[JsonSerializable(typeof(TargetGroup))]
[JsonSerializable(typeof(Listener))]
[JsonSerializable(typeof(ListenerRule))]
internal sealed partial class ElbJson : JsonSerializerContext;
