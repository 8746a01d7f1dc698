using Berth.Kernel.Protocol;

namespace Berth.CloudWatch.Api;

/// <summary>
/// CloudWatch's metric and alarm operations, each defined once and served in both of CloudWatch's protocols: AWS JSON 1.0
/// (<c>X-Amz-Target: GraniteServiceVersion20100801.*</c>, as the JS SDK v3 and botocore speak it) and Query, Version
/// 2010-08-01 (the AWS CLI v2), whose XML the Query codec writes from the same responses.
/// </summary>
public static class CloudWatchOperations
{
    public const string Prefix = "GraniteServiceVersion20100801";

    public static readonly AwsService Service = new()
    {
        SigningName = "monitoring",
        IamPrefix = "cloudwatch",
        JsonTargetPrefix = Prefix,
        Query = new QueryService("2010-08-01", "http://monitoring.amazonaws.com/doc/2010-08-01/", "monitoring"),
        QueryErrorShapes = ErrorShapes,
        InvalidValueCode = "InvalidParameterValue",
    };

    /// <summary>The model's error shape for each Query error code (awsQueryCompatible JSON answers name the shape).</summary>
    static IReadOnlyDictionary<string, string> ErrorShapes => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["InvalidParameterValue"] = "InvalidParameterValueException",
        ["MissingParameter"] = "MissingRequiredParameterException",
        ["InvalidParameterCombination"] = "InvalidParameterCombinationException",
        ["InvalidNextToken"] = "InvalidNextToken",
        ["LimitExceeded"] = "LimitExceededFault",
        ["ResourceNotFound"] = "ResourceNotFound",
        ["InvalidFormat"] = "InvalidFormatFault",
        ["InternalServiceError"] = "InternalServiceFault",
        ["ValidationError"] = "ValidationException",
    };

    public static void Register(ServiceOperations ops, MetricService metrics, MetricDataQueries data, AlarmService alarms, CloudWatchAccess a)
    {
        var j = CloudWatchJson.Default;
        var none = new CloudWatchEmpty();
        ops.Add("PutMetricData", j.PutMetricDataInput, j.CloudWatchEmpty, async (r, ct) =>
        {
            await metrics.PutMetricDataAsync(r.ToRequest(), ct);
            return none;
        }, access: r => CloudWatchAccess.PutMetricData(r.Namespace));
        ops.Add("GetMetricStatistics", j.GetMetricStatisticsRequest, j.GetMetricStatisticsResult, metrics.GetMetricStatisticsAsync);
        ops.Add("GetMetricData", j.GetMetricDataRequest, j.GetMetricDataResult, data.GetMetricDataAsync);
        ops.Add("ListMetrics", j.ListMetricsRequest, j.ListMetricsResult, metrics.ListMetricsAsync);
        ops.Add("PutMetricAlarm", j.PutMetricAlarmRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await alarms.PutMetricAlarmAsync(r, ct);
            return none;
        }, access: r => a.Alarms("PutMetricAlarm", [r.AlarmName], r.Tags));
        ops.Add("DescribeAlarms", j.DescribeAlarmsRequest, j.DescribeAlarmsResponse, async (r, ct) =>
        {
            var result = await alarms.DescribeAlarmsAsync(r, ct);
            return new DescribeAlarmsResponse([], result.MetricAlarms.Select(AlarmShape.From).ToList(), result.NextToken);
        }, access: r => a.Alarms("DescribeAlarms", r.AlarmNames));
        ops.Add("DescribeAlarmsForMetric", j.DescribeAlarmsForMetricRequest, j.DescribeAlarmsForMetricResponse, async (r, ct) =>
            new DescribeAlarmsForMetricResponse((await alarms.DescribeAlarmsForMetricAsync(r, ct)).Select(AlarmShape.From).ToList()));
        ops.Add("DeleteAlarms", j.AlarmNamesRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await alarms.DeleteAlarmsAsync(r.AlarmNames, ct);
            return none;
        }, access: r => a.Alarms("DeleteAlarms", r.AlarmNames));
        ops.Add("SetAlarmState", j.SetAlarmStateRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await alarms.SetAlarmStateAsync(r, ct);
            return none;
        }, access: r => a.Alarms("SetAlarmState", [r.AlarmName]));
        ops.Add("EnableAlarmActions", j.AlarmNamesRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await alarms.SetActionsEnabledAsync(r.AlarmNames, true, ct);
            return none;
        }, access: r => a.Alarms("EnableAlarmActions", r.AlarmNames));
        ops.Add("DisableAlarmActions", j.AlarmNamesRequest, j.CloudWatchEmpty, async (r, ct) =>
        {
            await alarms.SetActionsEnabledAsync(r.AlarmNames, false, ct);
            return none;
        }, access: r => a.Alarms("DisableAlarmActions", r.AlarmNames));
        ops.Add("DescribeAlarmHistory", j.DescribeAlarmHistoryRequest, j.DescribeAlarmHistoryResponse, async (r, ct) =>
        {
            var result = await alarms.DescribeAlarmHistoryAsync(r, ct);
            return new DescribeAlarmHistoryResponse(result.AlarmHistoryItems.Select(HistoryItemShape.From).ToList(), result.NextToken);
        }, access: r => a.Alarms("DescribeAlarmHistory", r.AlarmName is null ? null : [r.AlarmName]));
        ops.Add("TagResource", j.TagResourceInput, j.CloudWatchEmpty, async (r, ct) =>
        {
            await alarms.TagAsync(r.ResourceARN, r.Tags, ct);
            return none;
        }, access: r => CloudWatchAccess.Resource("TagResource", r.ResourceARN));
        ops.Add("UntagResource", j.UntagResourceInput, j.CloudWatchEmpty, async (r, ct) =>
        {
            await alarms.UntagAsync(r.ResourceARN, r.TagKeys, ct);
            return none;
        }, access: r => CloudWatchAccess.Resource("UntagResource", r.ResourceARN));
        ops.Add("ListTagsForResource", j.ListTagsForResourceInput, j.ListTagsForResourceOutput, async (r, ct) =>
            new ListTagsForResourceOutput(await alarms.ListTagsAsync(r.ResourceARN, ct)),
            access: r => CloudWatchAccess.Resource("ListTagsForResource", r.ResourceARN));
    }
}
