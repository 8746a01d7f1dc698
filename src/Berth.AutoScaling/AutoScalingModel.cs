using Berth.CloudWatch;

namespace Berth.AutoScaling;

// Application Auto Scaling shapes, named as in the botocore model (PascalCase on the wire and in the store).

public sealed record SuspendedState
{
    public bool? DynamicScalingInSuspended { get; set; }
    public bool? DynamicScalingOutSuspended { get; set; }
    public bool? ScheduledScalingSuspended { get; set; }
}

public sealed record ScalableTarget
{
    public required string ServiceNamespace { get; set; }
    public required string ResourceId { get; set; }
    public required string ScalableDimension { get; set; }
    public int MinCapacity { get; set; }
    public int MaxCapacity { get; set; }
    public string? RoleARN { get; set; }
    public DateTimeOffset CreationTime { get; set; }
    public SuspendedState? SuspendedState { get; set; }
    public string? ScalableTargetARN { get; set; }
}

/// <summary>A scalable target as stored: the API shape, its tags, and the scaler's memory of what it last did.</summary>
public sealed record ScalableTargetRecord
{
    public required ScalableTarget Target { get; set; }
    public Dictionary<string, string> Tags { get; set; } = [];
    public ScalerState State { get; set; } = new();
}

/// <summary>What the scaler must remember across passes and restarts (cooldowns, the range it last enforced, a change in flight).</summary>
public sealed record ScalerState
{
    public DateTimeOffset? LastScaleOutAt { get; set; }
    public int ScaleOutCooldown { get; set; }

    /// <summary>The capacity before the last scale-out: during its cooldown, further scale-out is computed from it.</summary>
    public int? ScaleOutFrom { get; set; }
    public DateTimeOffset? LastScaleInAt { get; set; }
    public int ScaleInCooldown { get; set; }

    /// <summary><c>min-max</c> the desired count was last clamped into; a different range clamps again.</summary>
    public string? EnforcedRange { get; set; }

    /// <summary>A desired count being set: written before the service is changed, cleared after, so a crash in between is finished on restart.</summary>
    public string? PendingActivityId { get; set; }
    public int? PendingCapacity { get; set; }

    /// <summary>The last not-scaled reason or failure recorded, so a steady condition is recorded once, not every pass.</summary>
    public string? LastNotice { get; set; }
    public DateTimeOffset? LastNoticeAt { get; set; }
}

public sealed record PredefinedMetricSpecification
{
    public string? PredefinedMetricType { get; set; }
    public string? ResourceLabel { get; set; }
}

public sealed record CustomizedMetricSpecification
{
    public string? MetricName { get; set; }
    public string? Namespace { get; set; }
    public List<MetricDimension>? Dimensions { get; set; }
    public string? Statistic { get; set; }
    public string? Unit { get; set; }
    public List<System.Text.Json.JsonElement>? Metrics { get; set; }
}

public sealed record TargetTrackingScalingPolicyConfiguration
{
    public double? TargetValue { get; set; }
    public PredefinedMetricSpecification? PredefinedMetricSpecification { get; set; }
    public CustomizedMetricSpecification? CustomizedMetricSpecification { get; set; }
    public int? ScaleOutCooldown { get; set; }
    public int? ScaleInCooldown { get; set; }
    public bool? DisableScaleIn { get; set; }
}

public sealed record StepAdjustment
{
    public double? MetricIntervalLowerBound { get; set; }
    public double? MetricIntervalUpperBound { get; set; }
    public int? ScalingAdjustment { get; set; }
}

public sealed record StepScalingPolicyConfiguration
{
    public string? AdjustmentType { get; set; }
    public List<StepAdjustment>? StepAdjustments { get; set; }
    public int? MinAdjustmentMagnitude { get; set; }
    public int? Cooldown { get; set; }
    public string? MetricAggregationType { get; set; }
}

public sealed record Alarm(string AlarmName, string AlarmARN);

public sealed record ScalingPolicy
{
    public required string PolicyARN { get; set; }
    public required string PolicyName { get; set; }
    public required string ServiceNamespace { get; set; }
    public required string ResourceId { get; set; }
    public required string ScalableDimension { get; set; }
    public required string PolicyType { get; set; }
    public StepScalingPolicyConfiguration? StepScalingPolicyConfiguration { get; set; }
    public TargetTrackingScalingPolicyConfiguration? TargetTrackingScalingPolicyConfiguration { get; set; }
    public List<Alarm> Alarms { get; set; } = [];
    public DateTimeOffset CreationTime { get; set; }
}

public sealed record ScalableTargetAction
{
    public int? MinCapacity { get; set; }
    public int? MaxCapacity { get; set; }
}

public sealed record ScheduledAction
{
    public required string ScheduledActionName { get; set; }
    public required string ScheduledActionARN { get; set; }
    public required string ServiceNamespace { get; set; }
    public required string Schedule { get; set; }
    public string? Timezone { get; set; }
    public required string ResourceId { get; set; }
    public required string ScalableDimension { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public ScalableTargetAction? ScalableTargetAction { get; set; }
    public DateTimeOffset CreationTime { get; set; }
}

/// <summary>A scheduled action as stored, with the occurrence it last ran for (so a restart neither repeats nor skips one).</summary>
public sealed record ScheduledActionRecord
{
    public required ScheduledAction Action { get; set; }
    public DateTimeOffset? LastFiredAt { get; set; }
}

public sealed record NotScaledReason
{
    public required string Code { get; set; }
    public int? MaxCapacity { get; set; }
    public int? MinCapacity { get; set; }
    public int? CurrentCapacity { get; set; }
}

public sealed record ScalingActivity
{
    public required string ActivityId { get; set; }
    public required string ServiceNamespace { get; set; }
    public required string ResourceId { get; set; }
    public required string ScalableDimension { get; set; }
    public required string Description { get; set; }
    public required string Cause { get; set; }
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public required string StatusCode { get; set; }
    public string? StatusMessage { get; set; }
    public string? Details { get; set; }
    public List<NotScaledReason>? NotScaledReasons { get; set; }
}
