using System.Globalization;
using Berth.Kernel.Protocol;
using Berth.Kernel.Tagging;

namespace Berth.CloudWatch.Api;

/// <summary>Reads CloudWatch requests off Query parameters (<c>MetricData.member.1.Dimensions.member.2.Name</c>).</summary>
internal static class CloudWatchQueryInput
{
    public static double? Double(QueryInput q, string name) => q.String(name) is { } s
        ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw CloudWatchErrors.InvalidParameterValue($"The value {Shorten(s)} for parameter {name} is not a number.")
        : null;

    public static DateTimeOffset? Time(QueryInput q, string name) => q.String(name) is { } s
        ? DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch) && double.IsFinite(epoch) && Math.Abs(epoch) < 1e11
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(epoch * 1000))
                : throw CloudWatchErrors.InvalidParameterValue($"The value {Shorten(s)} for parameter {name} is not a timestamp (ISO 8601).")
        : null;

    public static List<double>? Doubles(QueryInput q, string name) =>
        q.Strings(name)?.Select((s, i) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw CloudWatchErrors.InvalidParameterValue($"The value {Shorten(s)} for parameter {name}.member.{i + 1} is not a number.")).ToList();

    public static List<DimensionInput>? Dimensions(QueryInput q, string name = "Dimensions") =>
        q.Members(name)?.Select(m => new DimensionInput { Name = m.String("Name"), Value = m.String("Value") }).ToList();

    public static PutMetricDataRequest PutMetricData(QueryInput q) => new()
    {
        Namespace = q.String("Namespace"),
        HasEntityMetricData = q.Members("EntityMetricData") is { Count: > 0 },
        MetricData = q.Members("MetricData")?.Select(m => new MetricDatumInput
        {
            MetricName = m.String("MetricName"),
            Dimensions = Dimensions(m),
            Timestamp = Time(m, "Timestamp"),
            Value = Double(m, "Value"),
            StatisticValues = m.Struct("StatisticValues") is { } s
                ? new StatisticSetInput { SampleCount = Double(s, "SampleCount"), Sum = Double(s, "Sum"), Minimum = Double(s, "Minimum"), Maximum = Double(s, "Maximum") }
                : null,
            Values = Doubles(m, "Values"),
            Counts = Doubles(m, "Counts"),
            Unit = m.String("Unit"),
            StorageResolution = m.Int("StorageResolution"),
        }).ToList(),
    };

    public static GetMetricStatisticsRequest GetMetricStatistics(QueryInput q) => new()
    {
        Namespace = q.String("Namespace"),
        MetricName = q.String("MetricName"),
        Dimensions = Dimensions(q),
        StartTime = Time(q, "StartTime"),
        EndTime = Time(q, "EndTime"),
        Period = q.Int("Period"),
        Statistics = q.Strings("Statistics"),
        ExtendedStatistics = q.Strings("ExtendedStatistics"),
        Unit = q.String("Unit"),
    };

    public static GetMetricDataRequest GetMetricData(QueryInput q) => new()
    {
        StartTime = Time(q, "StartTime"),
        EndTime = Time(q, "EndTime"),
        NextToken = q.String("NextToken"),
        ScanBy = q.String("ScanBy"),
        MaxDatapoints = q.Int("MaxDatapoints"),
        MetricDataQueries = q.Members("MetricDataQueries")?.Select(m => new MetricDataQueryInput
        {
            Id = m.String("Id"),
            Expression = m.String("Expression"),
            Label = m.String("Label"),
            ReturnData = m.Bool("ReturnData"),
            Period = m.Int("Period"),
            AccountId = m.String("AccountId"),
            MetricStat = m.Struct("MetricStat") is { } s
                ? new MetricStatInput
                {
                    Metric = s.Struct("Metric") is { } metric
                        ? new MetricInput { Namespace = metric.String("Namespace"), MetricName = metric.String("MetricName"), Dimensions = Dimensions(metric) }
                        : null,
                    Period = s.Int("Period"),
                    Stat = s.String("Stat"),
                    Unit = s.String("Unit"),
                }
                : null,
        }).ToList(),
    };

    public static ListMetricsRequest ListMetrics(QueryInput q) => new()
    {
        Namespace = q.String("Namespace"),
        MetricName = q.String("MetricName"),
        Dimensions = Dimensions(q),
        NextToken = q.String("NextToken"),
        RecentlyActive = q.String("RecentlyActive"),
        IncludeLinkedAccounts = q.Bool("IncludeLinkedAccounts"),
        OwningAccount = q.String("OwningAccount"),
    };

    public static PutMetricAlarmRequest PutMetricAlarm(QueryInput q) => new()
    {
        AlarmName = q.String("AlarmName"),
        AlarmDescription = q.String("AlarmDescription"),
        ActionsEnabled = q.Bool("ActionsEnabled"),
        OKActions = q.Strings("OKActions"),
        AlarmActions = q.Strings("AlarmActions"),
        InsufficientDataActions = q.Strings("InsufficientDataActions"),
        MetricName = q.String("MetricName"),
        Namespace = q.String("Namespace"),
        Statistic = q.String("Statistic"),
        ExtendedStatistic = q.String("ExtendedStatistic"),
        Dimensions = Dimensions(q),
        Period = q.Int("Period"),
        Unit = q.String("Unit"),
        EvaluationPeriods = q.Int("EvaluationPeriods"),
        DatapointsToAlarm = q.Int("DatapointsToAlarm"),
        Threshold = Double(q, "Threshold"),
        ComparisonOperator = q.String("ComparisonOperator"),
        TreatMissingData = q.String("TreatMissingData"),
        EvaluateLowSampleCountPercentile = q.String("EvaluateLowSampleCountPercentile"),
        Metrics = q.Members("Metrics")?.Select(m => new MetricDataQueryInput { Id = m.String("Id") }).ToList(),
        ThresholdMetricId = q.String("ThresholdMetricId"),
        Tags = q.Members("Tags")?.Select(t => new Tag { Key = t.String("Key"), Value = t.String("Value") }).ToList(),
    };

    public static DescribeAlarmsRequest DescribeAlarms(QueryInput q) => new()
    {
        AlarmNames = q.Strings("AlarmNames"),
        AlarmNamePrefix = q.String("AlarmNamePrefix"),
        AlarmTypes = q.Strings("AlarmTypes"),
        ChildrenOfAlarmName = q.String("ChildrenOfAlarmName"),
        ParentsOfAlarmName = q.String("ParentsOfAlarmName"),
        StateValue = q.String("StateValue"),
        ActionPrefix = q.String("ActionPrefix"),
        MaxRecords = q.Int("MaxRecords"),
        NextToken = q.String("NextToken"),
    };

    public static DescribeAlarmsForMetricRequest DescribeAlarmsForMetric(QueryInput q) => new()
    {
        MetricName = q.String("MetricName"),
        Namespace = q.String("Namespace"),
        Statistic = q.String("Statistic"),
        ExtendedStatistic = q.String("ExtendedStatistic"),
        Dimensions = Dimensions(q),
        Period = q.Int("Period"),
        Unit = q.String("Unit"),
    };

    public static SetAlarmStateRequest SetAlarmState(QueryInput q) => new()
    {
        AlarmName = q.String("AlarmName"),
        StateValue = q.String("StateValue"),
        StateReason = q.String("StateReason"),
        StateReasonData = q.String("StateReasonData"),
    };

    public static DescribeAlarmHistoryRequest DescribeAlarmHistory(QueryInput q) => new()
    {
        AlarmName = q.String("AlarmName"),
        AlarmTypes = q.Strings("AlarmTypes"),
        HistoryItemType = q.String("HistoryItemType"),
        StartDate = Time(q, "StartDate"),
        EndDate = Time(q, "EndDate"),
        MaxRecords = q.Int("MaxRecords"),
        NextToken = q.String("NextToken"),
        ScanBy = q.String("ScanBy"),
    };

    static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "...";
}
