using Berth.Kernel.Tagging;

namespace Berth.CloudWatch;

/// <summary>
/// A CloudWatch metric alarm as stored: its definition (PutMetricAlarm) and its evaluated state. Target tracking
/// policies create and own theirs (named <c>TargetTracking-…</c>, with the policy ARN in <see cref="AlarmActions"/>);
/// Application Auto Scaling acts on a policy while an alarm naming it is in ALARM.
/// </summary>
public sealed record MetricAlarm
{
    public required string AlarmName { get; set; }
    public required string AlarmArn { get; set; }
    public string? AlarmDescription { get; set; }
    public DateTimeOffset AlarmConfigurationUpdatedTimestamp { get; set; }
    public bool ActionsEnabled { get; set; } = true;
    public List<string> OkActions { get; set; } = [];
    public List<string> AlarmActions { get; set; } = [];
    public List<string> InsufficientDataActions { get; set; } = [];

    /// <summary>OK, ALARM or INSUFFICIENT_DATA.</summary>
    public string StateValue { get; set; } = "INSUFFICIENT_DATA";
    public string StateReason { get; set; } = "Unchecked: Initial alarm creation";
    public string? StateReasonData { get; set; }
    public DateTimeOffset StateUpdatedTimestamp { get; set; }
    public DateTimeOffset StateTransitionedTimestamp { get; set; }

    public required string MetricName { get; set; }
    public required string Namespace { get; set; }
    public string? Statistic { get; set; }
    public string? ExtendedStatistic { get; set; }
    public List<MetricDimension> Dimensions { get; set; } = [];
    public int Period { get; set; }
    public string? Unit { get; set; }
    public int EvaluationPeriods { get; set; }
    public int? DatapointsToAlarm { get; set; }
    public double Threshold { get; set; }

    /// <summary>GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold.</summary>
    public required string ComparisonOperator { get; set; }

    /// <summary>breaching, notBreaching, ignore or missing (the default).</summary>
    public string? TreatMissingData { get; set; }

    /// <summary>The resource that made the alarm (a scaling policy ARN), when one did; null for a user's alarm.</summary>
    public string? OwnedBy { get; set; }

    public List<Tag> Tags { get; set; } = [];
}
