using Berth.CloudWatch;

namespace Berth.AutoScaling;

/// <summary>A policy whose alarm is in ALARM, with the metric value the alarm is looking at.</summary>
internal sealed record Trigger(ScalingPolicy Policy, MetricAlarm Alarm, double Metric)
{
    public string Cause => $"monitor alarm {Alarm.AlarmName} in state ALARM triggered policy {Policy.PolicyName}";

    public int ScaleOutCooldown => Policy.TargetTrackingScalingPolicyConfiguration?.ScaleOutCooldown ?? Policy.StepScalingPolicyConfiguration?.Cooldown ?? ScalingDecision.DefaultCooldown;

    public int ScaleInCooldown => Policy.TargetTrackingScalingPolicyConfiguration?.ScaleInCooldown ?? Policy.StepScalingPolicyConfiguration?.Cooldown ?? ScalingDecision.DefaultCooldown;
}

/// <summary>What the scaler does for one target this pass: set a capacity, record why it could not, or nothing.</summary>
internal sealed record Decision(int? NewCapacity, bool ScaleOut, Trigger? Cause, NotScaledReason? NotScaled, int Proposed)
{
    public static readonly Decision None = new(null, false, null, null, 0);
}

/// <summary>
/// Dynamic scaling for one target, as a pure function. Scale-out wins over scale-in; a scale-out cooldown does not
/// block a larger scale-out (the capacity it added counts: the next one is computed from the capacity before it),
/// but blocks scale-in; a scale-in cooldown blocks scale-in only. Suspension, DisableScaleIn and Min/Max always hold.
/// </summary>
internal static class ScalingDecision
{
    public const int DefaultCooldown = 300;

    public static Decision Decide(int current, ScalableTarget target, ScalerState state, IReadOnlyList<Trigger> triggers, DateTimeOffset now)
    {
        var inOutCooldown = state.LastScaleOutAt is { } o && o.AddSeconds(state.ScaleOutCooldown) > now;
        var inInCooldown = state.LastScaleInAt is { } i && i.AddSeconds(state.ScaleInCooldown) > now;
        var outBase = inOutCooldown && state.ScaleOutFrom is { } from ? from : current;

        var outs = new List<(Trigger T, int Capacity)>();
        var ins = new List<(Trigger T, int Capacity)>();
        foreach (var t in triggers)
        {
            var (up, down) = Proposals(t, current, outBase);
            if (up is { } u && u > current)
                outs.Add((t, u));
            if (down is { } d && d < current)
                ins.Add((t, d));
        }

        if (outs.Count > 0)
        {
            if (target.SuspendedState?.DynamicScalingOutSuspended == true)
                return Decision.None;
            var best = outs.MaxBy(x => x.Capacity);
            var capacity = PolicyMath.Clamp(best.Capacity, target.MinCapacity, target.MaxCapacity);
            return capacity > current
                ? new Decision(capacity, true, best.T, null, capacity)
                : new Decision(null, true, best.T, new NotScaledReason { Code = "AlreadyAtMaxCapacity", MaxCapacity = target.MaxCapacity, CurrentCapacity = current }, capacity);
        }
        // Any scale-out alarm still firing (even one that asks for nothing more now) holds scale-in back.
        if (ins.Count == 0 || triggers.Any(t => IsScaleOutAlarm(t)) || target.SuspendedState?.DynamicScalingInSuspended == true || inOutCooldown || inInCooldown)
            return Decision.None;
        var gentlest = ins.MaxBy(x => x.Capacity);
        var lower = PolicyMath.Clamp(gentlest.Capacity, target.MinCapacity, target.MaxCapacity);
        return lower < current
            ? new Decision(lower, false, gentlest.T, null, lower)
            : new Decision(null, false, gentlest.T, new NotScaledReason { Code = "AlreadyAtMinCapacity", MinCapacity = target.MinCapacity, CurrentCapacity = current }, lower);
    }

    static bool IsScaleOutAlarm(Trigger t) =>
        t.Policy.PolicyType == "TargetTrackingScaling" && t.Alarm.ComparisonOperator.StartsWith("Greater", StringComparison.Ordinal);

    /// <summary>The capacity a trigger asks for when scaling out (from <paramref name="outBase"/>) and when scaling in (from the current capacity).</summary>
    static (int? Up, int? Down) Proposals(Trigger t, int current, int outBase)
    {
        if (t.Policy.TargetTrackingScalingPolicyConfiguration is { } tt)
        {
            var target = tt.TargetValue ?? 0;
            return IsScaleOutAlarm(t)
                ? (PolicyMath.TargetTracking(outBase, t.Metric, target), null)
                : (null, tt.DisableScaleIn == true ? null : PolicyMath.TargetTracking(current, t.Metric, target));
        }
        if (t.Policy.StepScalingPolicyConfiguration is { AdjustmentType: { } type, StepAdjustments: { } steps } step
            && PolicyMath.PickStep(steps, t.Metric - t.Alarm.Threshold) is { ScalingAdjustment: { } adjustment })
        {
            if (type == "ExactCapacity")
                return (adjustment, adjustment);
            return adjustment > 0
                ? (PolicyMath.Step(outBase, type, adjustment, step.MinAdjustmentMagnitude), null)
                : (null, PolicyMath.Step(current, type, adjustment, step.MinAdjustmentMagnitude));
        }
        return (null, null);
    }
}
