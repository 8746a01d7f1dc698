namespace Berth.AutoScaling;

public sealed record AutoScalingOptions
{
    /// <summary>The period of the alarms target tracking creates (AWS: 60 s; shorter in tests). BERTH_TARGET_TRACKING_PERIOD.</summary>
    public int TargetTrackingPeriodSeconds { get; init; } = 60;

    /// <summary>How often the scaler looks at every target.</summary>
    public TimeSpan PassInterval { get; init; } = TimeSpan.FromSeconds(2);
}
