using Berth.Kernel.Tagging;

namespace Berth.CloudWatch;

// CloudWatch alarm requests as clients send them (names as in the botocore model).

public sealed record PutMetricAlarmRequest
{
    public string? AlarmName { get; set; }
    public string? AlarmDescription { get; set; }
    public bool? ActionsEnabled { get; set; }
    public List<string>? OKActions { get; set; }
    public List<string>? AlarmActions { get; set; }
    public List<string>? InsufficientDataActions { get; set; }
    public string? MetricName { get; set; }
    public string? Namespace { get; set; }
    public string? Statistic { get; set; }
    public string? ExtendedStatistic { get; set; }
    public List<DimensionInput>? Dimensions { get; set; }
    public int? Period { get; set; }
    public string? Unit { get; set; }
    public int? EvaluationPeriods { get; set; }
    public int? DatapointsToAlarm { get; set; }
    public double? Threshold { get; set; }
    public string? ComparisonOperator { get; set; }
    public string? TreatMissingData { get; set; }
    public string? EvaluateLowSampleCountPercentile { get; set; }
    public List<MetricDataQueryInput>? Metrics { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? ThresholdMetricId { get; set; }
}

public sealed record DescribeAlarmsRequest
{
    public List<string>? AlarmNames { get; set; }
    public string? AlarmNamePrefix { get; set; }
    public List<string>? AlarmTypes { get; set; }
    public string? ChildrenOfAlarmName { get; set; }
    public string? ParentsOfAlarmName { get; set; }
    public string? StateValue { get; set; }
    public string? ActionPrefix { get; set; }
    public int? MaxRecords { get; set; }
    public string? NextToken { get; set; }
}

public sealed record DescribeAlarmsForMetricRequest
{
    public string? MetricName { get; set; }
    public string? Namespace { get; set; }
    public string? Statistic { get; set; }
    public string? ExtendedStatistic { get; set; }
    public List<DimensionInput>? Dimensions { get; set; }
    public int? Period { get; set; }
    public string? Unit { get; set; }
}

public sealed record AlarmNamesRequest
{
    public List<string>? AlarmNames { get; set; }
}

public sealed record SetAlarmStateRequest
{
    public string? AlarmName { get; set; }
    public string? StateValue { get; set; }
    public string? StateReason { get; set; }
    public string? StateReasonData { get; set; }
}

public sealed record DescribeAlarmHistoryRequest
{
    public string? AlarmName { get; set; }
    public List<string>? AlarmTypes { get; set; }
    public string? HistoryItemType { get; set; }
    public DateTimeOffset? StartDate { get; set; }
    public DateTimeOffset? EndDate { get; set; }
    public int? MaxRecords { get; set; }
    public string? NextToken { get; set; }
    public string? ScanBy { get; set; }
}

/// <summary>DescribeAlarms' answer: metric alarms; composite alarms only ever empty (Berth has none).</summary>
public sealed record DescribeAlarmsResult(List<MetricAlarm> MetricAlarms, bool IncludeComposite, string? NextToken);

public sealed record DescribeAlarmHistoryResult(List<AlarmHistoryItem> AlarmHistoryItems, string? NextToken);
