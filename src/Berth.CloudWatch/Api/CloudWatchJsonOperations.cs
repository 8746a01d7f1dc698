using Berth.Kernel.Protocol;

namespace Berth.CloudWatch.Api;

/// <summary>CloudWatch on AWS JSON 1.0 (<c>X-Amz-Target: GraniteServiceVersion20100801.*</c>), as the JS SDK v3 and botocore speak it.</summary>
public static class CloudWatchJsonOperations
{
    public const string Prefix = "GraniteServiceVersion20100801";

    public static void Register(OperationTable ops, CloudWatchServices cw)
    {
        var j = CloudWatchJson.Default;
        ops.AddQueryCompatible(Prefix, CloudWatchServices.ErrorShapes);
        ops.Add(Prefix, "PutMetricData", j.PutMetricDataJson, j.CloudWatchEmpty, async (r, ct) =>
        {
            await cw.Metrics.PutMetricDataAsync(r.ToRequest(), ct);
            return new CloudWatchEmpty();
        });
        ops.Add(Prefix, "GetMetricStatistics", j.GetMetricStatisticsRequest, j.GetMetricStatisticsResult, cw.Metrics.GetMetricStatisticsAsync);
        ops.Add(Prefix, "GetMetricData", j.GetMetricDataRequest, j.GetMetricDataResult, cw.Data.GetMetricDataAsync);
        ops.Add(Prefix, "ListMetrics", j.ListMetricsRequest, j.ListMetricsResult, cw.Metrics.ListMetricsAsync);
        ops.Add(Prefix, "PutMetricAlarm", j.PutMetricAlarmRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await cw.Alarms.PutMetricAlarmAsync(r, ct);
            return new CloudWatchEmpty();
        });
        ops.Add(Prefix, "DescribeAlarms", j.DescribeAlarmsRequest, j.DescribeAlarmsJsonResponse, async (r, ct) =>
        {
            var result = await cw.Alarms.DescribeAlarmsAsync(r, ct);
            return new DescribeAlarmsJsonResponse([], result.MetricAlarms.Select(AlarmShape.From).ToList(), result.NextToken);
        });
        ops.Add(Prefix, "DescribeAlarmsForMetric", j.DescribeAlarmsForMetricRequest, j.DescribeAlarmsForMetricJsonResponse, async (r, ct) =>
            new DescribeAlarmsForMetricJsonResponse((await cw.Alarms.DescribeAlarmsForMetricAsync(r, ct)).Select(AlarmShape.From).ToList()));
        ops.Add(Prefix, "DeleteAlarms", j.AlarmNamesRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await cw.Alarms.DeleteAlarmsAsync(r.AlarmNames, ct);
            return new CloudWatchEmpty();
        });
        ops.Add(Prefix, "SetAlarmState", j.SetAlarmStateRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await cw.Alarms.SetAlarmStateAsync(r, ct);
            return new CloudWatchEmpty();
        });
        ops.Add(Prefix, "EnableAlarmActions", j.AlarmNamesRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await cw.Alarms.SetActionsEnabledAsync(r.AlarmNames, true, ct);
            return new CloudWatchEmpty();
        });
        ops.Add(Prefix, "DisableAlarmActions", j.AlarmNamesRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await cw.Alarms.SetActionsEnabledAsync(r.AlarmNames, false, ct);
            return new CloudWatchEmpty();
        });
        ops.Add(Prefix, "DescribeAlarmHistory", j.DescribeAlarmHistoryRequest, j.DescribeAlarmHistoryJsonResponse, async (r, ct) =>
        {
            var result = await cw.Alarms.DescribeAlarmHistoryAsync(r, ct);
            return new DescribeAlarmHistoryJsonResponse(result.AlarmHistoryItems.Select(HistoryItemShape.From).ToList(), result.NextToken);
        });
    }
}
