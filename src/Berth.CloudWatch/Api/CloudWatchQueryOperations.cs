using Berth.Kernel.Protocol;

namespace Berth.CloudWatch.Api;

/// <summary>CloudWatch on the Query protocol, Version 2010-08-01 (the AWS CLI v2 speaks it), XML in the monitoring namespace.</summary>
public static class CloudWatchQueryOperations
{
    public static readonly QueryService Service = new("2010-08-01", "http://monitoring.amazonaws.com/doc/2010-08-01/", "monitoring");

    static Action<QueryXmlWriter>? Empty => null;

    public static void Register(QueryOperationTable ops, CloudWatchServices cw)
    {
        var s = Service;
        ops.Add(s, "PutMetricData", async (q, ct) =>
        {
            await cw.Metrics.PutMetricDataAsync(CloudWatchQueryInput.PutMetricData(q), ct);
            return Empty;
        });
        ops.Add(s, "GetMetricStatistics", async (q, ct) =>
        {
            var r = await cw.Metrics.GetMetricStatisticsAsync(CloudWatchQueryInput.GetMetricStatistics(q), ct);
            return w => CloudWatchXml.Statistics(w, r);
        });
        ops.Add(s, "GetMetricData", async (q, ct) =>
        {
            var r = await cw.Data.GetMetricDataAsync(CloudWatchQueryInput.GetMetricData(q), ct);
            return w => CloudWatchXml.Data(w, r);
        });
        ops.Add(s, "ListMetrics", async (q, ct) =>
        {
            var r = await cw.Metrics.ListMetricsAsync(CloudWatchQueryInput.ListMetrics(q), ct);
            return w => CloudWatchXml.Metrics(w, r);
        });
        ops.Add(s, "PutMetricAlarm", async (q, ct) =>
        {
            await cw.Alarms.PutMetricAlarmAsync(CloudWatchQueryInput.PutMetricAlarm(q), ct);
            return Empty;
        });
        ops.Add(s, "DescribeAlarms", async (q, ct) =>
        {
            var r = await cw.Alarms.DescribeAlarmsAsync(CloudWatchQueryInput.DescribeAlarms(q), ct);
            return w =>
            {
                if (r.IncludeComposite)
                    w.List("CompositeAlarms", Array.Empty<string>(), _ => { });
                CloudWatchXml.Alarms(w, r.MetricAlarms);
                w.Value("NextToken", r.NextToken);
            };
        });
        ops.Add(s, "DescribeAlarmsForMetric", async (q, ct) =>
        {
            var r = await cw.Alarms.DescribeAlarmsForMetricAsync(CloudWatchQueryInput.DescribeAlarmsForMetric(q), ct);
            return w => CloudWatchXml.Alarms(w, r);
        });
        ops.Add(s, "DeleteAlarms", async (q, ct) =>
        {
            await cw.Alarms.DeleteAlarmsAsync(q.Strings("AlarmNames"), ct);
            return Empty;
        });
        ops.Add(s, "SetAlarmState", async (q, ct) =>
        {
            await cw.Alarms.SetAlarmStateAsync(CloudWatchQueryInput.SetAlarmState(q), ct);
            return Empty;
        });
        ops.Add(s, "EnableAlarmActions", async (q, ct) =>
        {
            await cw.Alarms.SetActionsEnabledAsync(q.Strings("AlarmNames"), true, ct);
            return Empty;
        });
        ops.Add(s, "DisableAlarmActions", async (q, ct) =>
        {
            await cw.Alarms.SetActionsEnabledAsync(q.Strings("AlarmNames"), false, ct);
            return Empty;
        });
        ops.Add(s, "DescribeAlarmHistory", async (q, ct) =>
        {
            var r = await cw.Alarms.DescribeAlarmHistoryAsync(CloudWatchQueryInput.DescribeAlarmHistory(q), ct);
            return w => CloudWatchXml.History(w, r);
        });
    }
}
