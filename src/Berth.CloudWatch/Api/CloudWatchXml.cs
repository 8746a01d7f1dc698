using System.Globalization;
using Berth.Kernel.Protocol;

namespace Berth.CloudWatch.Api;

/// <summary>Writes CloudWatch's Query-protocol answers, members in the botocore model's order.</summary>
internal static class CloudWatchXml
{
    public static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static void Value(QueryXmlWriter w, string name, double? v) => w.Value(name, v is { } d ? Number(d) : null);

    static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static void Dimensions(QueryXmlWriter w, IEnumerable<MetricDimension> dims) => w.List("Dimensions", dims, d =>
    {
        w.Value("Name", d.Name);
        w.Value("Value", d.Value);
    });

    public static void Statistics(QueryXmlWriter w, GetMetricStatisticsResult r)
    {
        w.Value("Label", r.Label);
        w.List("Datapoints", r.Datapoints, d =>
        {
            w.Value("Timestamp", d.Timestamp);
            Value(w, "SampleCount", d.SampleCount);
            Value(w, "Average", d.Average);
            Value(w, "Sum", d.Sum);
            Value(w, "Minimum", d.Minimum);
            Value(w, "Maximum", d.Maximum);
            w.Value("Unit", d.Unit);
            if (d.ExtendedStatistics is { } ext)
            {
                w.Struct("ExtendedStatistics", () =>
                {
                    foreach (var (k, v) in ext)
                    {
                        w.Struct("entry", () =>
                        {
                            w.Value("key", k);
                            w.Value("value", Number(v));
                        });
                    }
                });
            }
        });
    }

    public static void Data(QueryXmlWriter w, GetMetricDataResult r)
    {
        w.List("MetricDataResults", r.MetricDataResults, m =>
        {
            w.Value("Id", m.Id);
            w.Value("Label", m.Label);
            w.Strings("Timestamps", m.Timestamps.Select(Time));
            w.Strings("Values", m.Values.Select(Number));
            w.Value("StatusCode", m.StatusCode);
            Messages(w, m.Messages);
        });
        w.Value("NextToken", r.NextToken);
        Messages(w, r.Messages);
    }

    static void Messages(QueryXmlWriter w, List<MessageData> messages) => w.List("Messages", messages, m =>
    {
        w.Value("Code", m.Code);
        w.Value("Value", m.Value);
    });

    public static void Metrics(QueryXmlWriter w, ListMetricsResult r)
    {
        w.List("Metrics", r.Metrics, m =>
        {
            w.Value("Namespace", m.Namespace);
            w.Value("MetricName", m.MetricName);
            Dimensions(w, m.Dimensions);
        });
        w.Value("NextToken", r.NextToken);
    }

    public static void Alarms(QueryXmlWriter w, IEnumerable<MetricAlarm> alarms) => w.List("MetricAlarms", alarms.Select(AlarmShape.From), a =>
    {
        w.Value("AlarmName", a.AlarmName);
        w.Value("AlarmArn", a.AlarmArn);
        w.Value("AlarmDescription", a.AlarmDescription);
        w.Value("AlarmConfigurationUpdatedTimestamp", a.AlarmConfigurationUpdatedTimestamp);
        w.Value("ActionsEnabled", a.ActionsEnabled);
        w.Strings("OKActions", a.OKActions);
        w.Strings("AlarmActions", a.AlarmActions);
        w.Strings("InsufficientDataActions", a.InsufficientDataActions);
        w.Value("StateValue", a.StateValue);
        w.Value("StateReason", a.StateReason);
        w.Value("StateReasonData", a.StateReasonData);
        w.Value("StateUpdatedTimestamp", a.StateUpdatedTimestamp);
        w.Value("MetricName", a.MetricName);
        w.Value("Namespace", a.Namespace);
        w.Value("Statistic", a.Statistic);
        w.Value("ExtendedStatistic", a.ExtendedStatistic);
        Dimensions(w, a.Dimensions);
        w.Value("Period", a.Period);
        w.Value("Unit", a.Unit);
        w.Value("EvaluationPeriods", a.EvaluationPeriods);
        w.Value("DatapointsToAlarm", a.DatapointsToAlarm);
        Value(w, "Threshold", a.Threshold);
        w.Value("ComparisonOperator", a.ComparisonOperator);
        w.Value("TreatMissingData", a.TreatMissingData);
        w.Value("StateTransitionedTimestamp", a.StateTransitionedTimestamp);
    });

    public static void History(QueryXmlWriter w, DescribeAlarmHistoryResult r)
    {
        w.List("AlarmHistoryItems", r.AlarmHistoryItems, h =>
        {
            w.Value("AlarmName", h.AlarmName);
            w.Value("AlarmType", h.AlarmType);
            w.Value("Timestamp", h.Timestamp);
            w.Value("HistoryItemType", h.HistoryItemType);
            w.Value("HistorySummary", h.HistorySummary);
            w.Value("HistoryData", h.HistoryData);
        });
        w.Value("NextToken", r.NextToken);
    }
}
