using Berth.Kernel.Storage;

namespace Berth.AutoScaling;

/// <summary>
/// Where Application Auto Scaling keeps its resources. Everything hangs off the target key
/// <c>namespace|resourceId|dimension</c>: policies and scheduled actions are scoped by it, named by their name.
/// </summary>
public static class AutoScalingKinds
{
    public static string TargetKey(string serviceNamespace, string resourceId, string dimension) => $"{serviceNamespace}|{resourceId}|{dimension}";

    public static string TargetKey(ScalableTarget t) => TargetKey(t.ServiceNamespace, t.ResourceId, t.ScalableDimension);

    /// <summary>Targets by key; scope = namespace, name = resource id, sort = creation time.</summary>
    public static readonly ResourceKind<ScalableTargetRecord> Targets = new(
        "scalable_targets", r => TargetKey(r.Target), r => r.Target.ServiceNamespace, r => r.Target.ResourceId, _ => null,
        r => r.Target.CreationTime.ToUnixTimeMilliseconds(), AutoScalingJson.Default.ScalableTargetRecord);

    public static readonly ResourceKind<ScalingPolicy> Policies = new(
        "scaling_policies", p => TargetKey(p.ServiceNamespace, p.ResourceId, p.ScalableDimension) + "|" + p.PolicyName,
        p => TargetKey(p.ServiceNamespace, p.ResourceId, p.ScalableDimension), p => p.PolicyName, p => p.PolicyType,
        p => p.CreationTime.ToUnixTimeMilliseconds(), AutoScalingJson.Default.ScalingPolicy);

    public static readonly ResourceKind<ScheduledActionRecord> ScheduledActions = new(
        "scheduled_actions", r => TargetKey(r.Action.ServiceNamespace, r.Action.ResourceId, r.Action.ScalableDimension) + "|" + r.Action.ScheduledActionName,
        r => TargetKey(r.Action.ServiceNamespace, r.Action.ResourceId, r.Action.ScalableDimension), r => r.Action.ScheduledActionName, _ => null,
        r => r.Action.CreationTime.ToUnixTimeMilliseconds(), AutoScalingJson.Default.ScheduledActionRecord);

    /// <summary>Activities by id; scope = target key, status = StatusCode, sort = start time (list descending for newest first).</summary>
    public static readonly ResourceKind<ScalingActivity> Activities = new(
        "scaling_activities", a => a.ActivityId, a => TargetKey(a.ServiceNamespace, a.ResourceId, a.ScalableDimension), _ => null,
        a => a.StatusCode, a => a.StartTime.ToUnixTimeMilliseconds(), AutoScalingJson.Default.ScalingActivity);
}
