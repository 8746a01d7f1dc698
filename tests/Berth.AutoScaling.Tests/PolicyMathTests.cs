namespace Berth.AutoScaling.Tests;

public sealed class PolicyMathTests
{
    [Theory]
    [InlineData(1, 90, 50, 2)] // scale out: ceil(1 × 90 / 50)
    [InlineData(2, 80, 50, 4)]
    [InlineData(4, 50, 50, 4)] // on target: no change
    [InlineData(4, 20, 50, 2)] // scale in: ceil(4 × 20 / 50) = 2 keeps the metric at 40 ≤ 50
    [InlineData(10, 44, 50, 9)] // 8.8 → 9: rounding up never pushes the metric over the target
    [InlineData(3, 0, 50, 0)]
    [InlineData(0, 80, 50, 1)] // from zero, load asks for one
    [InlineData(0, 10, 50, 0)]
    public void TargetTracking_IsProportional_RoundedUp(int capacity, double metric, double target, int expected) =>
        Assert.Equal(expected, PolicyMath.TargetTracking(capacity, metric, target));

    [Theory]
    [InlineData(4, "ChangeInCapacity", 2, null, 6)]
    [InlineData(4, "ChangeInCapacity", -5, null, 0)]
    [InlineData(4, "ExactCapacity", 7, null, 7)]
    [InlineData(10, "PercentChangeInCapacity", 25, null, 12)] // 2.5 → 2 (truncated)
    [InlineData(10, "PercentChangeInCapacity", -25, null, 8)] // -2.5 → -2
    [InlineData(2, "PercentChangeInCapacity", 10, null, 3)] // 0.2 → 1
    [InlineData(2, "PercentChangeInCapacity", -10, null, 1)] // -0.2 → -1
    [InlineData(10, "PercentChangeInCapacity", 10, 3, 13)] // 1 raised to MinAdjustmentMagnitude 3
    [InlineData(10, "PercentChangeInCapacity", -10, 3, 7)]
    [InlineData(10, "PercentChangeInCapacity", 50, 3, 15)] // 5 is already above the minimum
    public void Step_AppliesTheAdjustmentType(int capacity, string type, int adjustment, int? minMagnitude, int expected) =>
        Assert.Equal(expected, PolicyMath.Step(capacity, type, adjustment, minMagnitude));

    static readonly List<StepAdjustment> Steps =
    [
        new() { MetricIntervalUpperBound = -10, ScalingAdjustment = -2 },
        new() { MetricIntervalLowerBound = -10, MetricIntervalUpperBound = 0, ScalingAdjustment = -1 },
        new() { MetricIntervalLowerBound = 0, MetricIntervalUpperBound = 20, ScalingAdjustment = 1 },
        new() { MetricIntervalLowerBound = 20, ScalingAdjustment = 3 },
    ];

    [Theory]
    [InlineData(5, 1)]
    [InlineData(0, 1)] // lower bound inclusive above the threshold
    [InlineData(20, 3)]
    [InlineData(100, 3)]
    [InlineData(-3, -1)]
    [InlineData(-10, -2)] // upper bound inclusive below the threshold
    [InlineData(-11, -2)]
    public void PickStep_ByBreachSize(double breach, int adjustment) =>
        Assert.Equal(adjustment, PolicyMath.PickStep(Steps, breach)!.ScalingAdjustment);

    [Fact]
    public void CheckSteps_RefusesGapsOverlapsAndMissingAdjustments()
    {
        Assert.Null(PolicyMath.CheckSteps(Steps));
        Assert.Contains("gap", PolicyMath.CheckSteps([new() { MetricIntervalLowerBound = 0, MetricIntervalUpperBound = 10, ScalingAdjustment = 1 }, new() { MetricIntervalLowerBound = 20, ScalingAdjustment = 2 }]));
        Assert.Contains("overlap", PolicyMath.CheckSteps([new() { MetricIntervalLowerBound = 0, MetricIntervalUpperBound = 30, ScalingAdjustment = 1 }, new() { MetricIntervalLowerBound = 20, ScalingAdjustment = 2 }]));
        Assert.Contains("ScalingAdjustment", PolicyMath.CheckSteps([new() { MetricIntervalLowerBound = 0 }]));
        Assert.NotNull(PolicyMath.CheckSteps([]));
        Assert.NotNull(PolicyMath.CheckSteps([new() { ScalingAdjustment = 1 }, new() { ScalingAdjustment = 2 }]));
    }

    [Fact]
    public void Clamp_NeverLeavesTheRange()
    {
        Assert.Equal(5, PolicyMath.Clamp(9, 1, 5));
        Assert.Equal(2, PolicyMath.Clamp(0, 2, 5));
        Assert.Equal(3, PolicyMath.Clamp(3, 1, 5));
    }
}
