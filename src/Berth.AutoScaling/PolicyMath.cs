namespace Berth.AutoScaling;

/// <summary>The arithmetic of scaling policies: pure functions of capacities and metric values, no I/O.</summary>
internal static class PolicyMath
{
    /// <summary>
    /// Target tracking: the capacity that brings the metric to the target, <c>ceil(capacity × metric / target)</c>.
    /// Rounding up means a scale-in never goes below the count that would push the metric back over the target.
    /// From zero tasks a metric above the target asks for one.
    /// </summary>
    public static int TargetTracking(int capacity, double metric, double target)
    {
        if (target <= 0 || double.IsNaN(metric) || metric < 0)
            return capacity;
        if (capacity == 0)
            return metric > target ? 1 : 0;
        var wanted = Math.Ceiling(Math.Round(capacity * metric / target, 9));
        return wanted >= int.MaxValue ? int.MaxValue : (int)wanted;
    }

    /// <summary>The step for a breach (metric − threshold): lower bound inclusive and upper exclusive above the threshold, the reverse below it.</summary>
    public static StepAdjustment? PickStep(IReadOnlyList<StepAdjustment> steps, double breach)
    {
        foreach (var s in steps)
        {
            var lo = s.MetricIntervalLowerBound ?? double.NegativeInfinity;
            var hi = s.MetricIntervalUpperBound ?? double.PositiveInfinity;
            var inside = breach >= 0 ? lo <= breach && breach < hi : lo < breach && breach <= hi;
            if (inside)
                return s;
        }
        return null;
    }

    /// <summary>
    /// Step scaling: the new capacity for one step. PercentChangeInCapacity rounds as AWS documents — a change
    /// between −1 and 1 becomes ±1, larger ones are truncated toward zero — and is raised to MinAdjustmentMagnitude.
    /// </summary>
    public static int Step(int capacity, string adjustmentType, int adjustment, int? minAdjustmentMagnitude)
    {
        switch (adjustmentType)
        {
            case "ExactCapacity":
                return Math.Max(0, adjustment);
            case "ChangeInCapacity":
                return Math.Max(0, capacity + adjustment);
            case "PercentChangeInCapacity":
                var exact = capacity * adjustment / 100.0;
                var change = exact switch
                {
                    > 0 and < 1 => 1,
                    < 0 and > -1 => -1,
                    _ => (int)Math.Truncate(exact),
                };
                if (minAdjustmentMagnitude is { } m && change != 0 && Math.Abs(change) < m)
                    change = Math.Sign(change) * m;
                return Math.Max(0, capacity + change);
            default:
                throw new ArgumentException($"Unknown adjustment type {adjustmentType}.", nameof(adjustmentType));
        }
    }

    public static int Clamp(int capacity, int min, int max) => Math.Min(max, Math.Max(min, capacity));

    /// <summary>
    /// Checks step adjustments the way AWS does: each has an adjustment, at least one bound, no two ranges overlap
    /// and none leaves a gap. Returns the problem, or null when they are valid.
    /// </summary>
    public static string? CheckSteps(IReadOnlyList<StepAdjustment> steps)
    {
        if (steps.Count == 0)
            return "StepAdjustments must contain at least one step adjustment.";
        foreach (var s in steps)
        {
            if (s?.ScalingAdjustment is null)
                return "Every step adjustment needs a ScalingAdjustment.";
            if (s.MetricIntervalLowerBound is { } lo && s.MetricIntervalUpperBound is { } hi && lo >= hi)
                return "A step adjustment's MetricIntervalLowerBound must be less than its MetricIntervalUpperBound.";
        }
        if (steps.Count(s => s.MetricIntervalLowerBound is null) > 1 || steps.Count(s => s.MetricIntervalUpperBound is null) > 1)
            return "At most one step adjustment can have a null lower bound, and at most one a null upper bound.";
        var ordered = steps.OrderBy(s => s.MetricIntervalLowerBound ?? double.NegativeInfinity).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var prevHi = ordered[i - 1].MetricIntervalUpperBound ?? double.PositiveInfinity;
            var lo = ordered[i].MetricIntervalLowerBound ?? double.NegativeInfinity;
            if (prevHi > lo)
                return "The step adjustments' intervals overlap.";
            if (prevHi < lo)
                return "The step adjustments' intervals leave a gap.";
        }
        return null;
    }
}
