using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel.Json;

using Berth.Kernel.Tagging;
namespace Berth.CloudWatch.Api;

// Wire shapes of CloudWatch requests and answers that differ from the domain records (names and member order as in the
// botocore model): one set for both protocols, the Query codec reads and writes them as the JSON codec does.

/// <summary>The model's MetricAlarm: the stored alarm without Berth's own members (owner, tags).</summary>
public sealed record AlarmShape
{
    public required string AlarmName { get; init; }
    public required string AlarmArn { get; init; }
    public string? AlarmDescription { get; init; }
    public DateTimeOffset AlarmConfigurationUpdatedTimestamp { get; init; }
    public bool ActionsEnabled { get; init; }
    public List<string> OKActions { get; init; } = [];
    public List<string> AlarmActions { get; init; } = [];
    public List<string> InsufficientDataActions { get; init; } = [];
    public required string StateValue { get; init; }
    public string? StateReason { get; init; }
    public string? StateReasonData { get; init; }
    public DateTimeOffset StateUpdatedTimestamp { get; init; }
    public string? MetricName { get; init; }
    public string? Namespace { get; init; }
    public string? Statistic { get; init; }
    public string? ExtendedStatistic { get; init; }
    public List<MetricDimension> Dimensions { get; init; } = [];
    public int? Period { get; init; }
    public string? Unit { get; init; }
    public int? EvaluationPeriods { get; init; }
    public int? DatapointsToAlarm { get; init; }
    public double? Threshold { get; init; }
    public string? ComparisonOperator { get; init; }
    public string? TreatMissingData { get; init; }
    public DateTimeOffset StateTransitionedTimestamp { get; init; }

    public static AlarmShape From(MetricAlarm a) => new()
    {
        AlarmName = a.AlarmName,
        AlarmArn = a.AlarmArn,
        AlarmDescription = a.AlarmDescription,
        AlarmConfigurationUpdatedTimestamp = a.AlarmConfigurationUpdatedTimestamp,
        ActionsEnabled = a.ActionsEnabled,
        OKActions = a.OkActions,
        AlarmActions = a.AlarmActions,
        InsufficientDataActions = a.InsufficientDataActions,
        StateValue = a.StateValue,
        StateReason = a.StateReason,
        StateReasonData = a.StateReasonData,
        StateUpdatedTimestamp = a.StateUpdatedTimestamp,
        MetricName = a.MetricName,
        Namespace = a.Namespace,
        Statistic = a.Statistic,
        ExtendedStatistic = a.ExtendedStatistic,
        Dimensions = a.Dimensions,
        Period = a.Period,
        Unit = a.Unit,
        EvaluationPeriods = a.EvaluationPeriods,
        DatapointsToAlarm = a.DatapointsToAlarm,
        Threshold = a.Threshold,
        ComparisonOperator = a.ComparisonOperator,
        TreatMissingData = a.TreatMissingData,
        StateTransitionedTimestamp = a.StateTransitionedTimestamp,
    };
}

public sealed record HistoryItemShape(string AlarmName, string AlarmType, DateTimeOffset Timestamp, string HistoryItemType, string HistorySummary, string? HistoryData)
{
    public static HistoryItemShape From(AlarmHistoryItem h) => new(h.AlarmName, h.AlarmType, h.Timestamp, h.HistoryItemType, h.HistorySummary, h.HistoryData);
}

/// <summary>PutMetricData as sent: EntityMetricData is read only to refuse it.</summary>
public sealed record PutMetricDataInput
{
    public string? Namespace { get; set; }
    public List<MetricDatumInput>? MetricData { get; set; }
    public List<JsonElement>? EntityMetricData { get; set; }
    public bool? StrictEntityValidation { get; set; }

    public PutMetricDataRequest ToRequest() => new()
    {
        Namespace = Namespace,
        MetricData = MetricData,
        HasEntityMetricData = EntityMetricData is { Count: > 0 },
    };
}

/// <summary>Composite alarms are always empty: Berth has none.</summary>
public sealed record DescribeAlarmsResponse(List<CloudWatchEmpty> CompositeAlarms, List<AlarmShape> MetricAlarms, string? NextToken);

public sealed record DescribeAlarmsForMetricResponse(List<AlarmShape> MetricAlarms);

public sealed record DescribeAlarmHistoryResponse(List<HistoryItemShape> AlarmHistoryItems, string? NextToken);

public sealed record CloudWatchEmpty;

public sealed record TagResourceInput
{
    public string? ResourceARN { get; set; }
    public List<Tag>? Tags { get; set; }
}

public sealed record UntagResourceInput
{
    public string? ResourceARN { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed record ListTagsForResourceInput
{
    public string? ResourceARN { get; set; }
}

public sealed record ListTagsForResourceOutput(List<Tag> Tags);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(PutMetricDataInput))]
[JsonSerializable(typeof(GetMetricStatisticsRequest))]
[JsonSerializable(typeof(GetMetricStatisticsResult))]
[JsonSerializable(typeof(GetMetricDataRequest))]
[JsonSerializable(typeof(GetMetricDataResult))]
[JsonSerializable(typeof(ListMetricsRequest))]
[JsonSerializable(typeof(ListMetricsResult))]
[JsonSerializable(typeof(PutMetricAlarmRequest))]
[JsonSerializable(typeof(DescribeAlarmsRequest))]
[JsonSerializable(typeof(DescribeAlarmsResponse))]
[JsonSerializable(typeof(DescribeAlarmsForMetricRequest))]
[JsonSerializable(typeof(DescribeAlarmsForMetricResponse))]
[JsonSerializable(typeof(AlarmNamesRequest))]
[JsonSerializable(typeof(SetAlarmStateRequest))]
[JsonSerializable(typeof(DescribeAlarmHistoryRequest))]
[JsonSerializable(typeof(DescribeAlarmHistoryResponse))]
[JsonSerializable(typeof(CloudWatchEmpty))]
[JsonSerializable(typeof(TagResourceInput))]
[JsonSerializable(typeof(UntagResourceInput))]
[JsonSerializable(typeof(ListTagsForResourceInput))]
[JsonSerializable(typeof(ListTagsForResourceOutput))]
internal sealed partial class CloudWatchJson : JsonSerializerContext;
