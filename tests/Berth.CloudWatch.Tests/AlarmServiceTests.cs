using Berth.TestSupport;
using static Berth.TestSupport.AwsAssert;
using static Berth.TestSupport.MetricsHarness;

namespace Berth.CloudWatch.Tests;

public sealed class AlarmServiceTests : IDisposable
{
    readonly MetricsHarness _h = new();

    public void Dispose() => _h.Dispose();

    static PutMetricAlarmRequest Request(string name, string metric = "CPU") => new()
    {
        AlarmName = name,
        Namespace = "Test/App",
        MetricName = metric,
        Dimensions = Dims(),
        Statistic = "Average",
        Period = 60,
        EvaluationPeriods = 2,
        Threshold = 50,
        ComparisonOperator = "GreaterThanThreshold",
        AlarmActions = ["arn:aws:sns:us-east-1:123456789012:ops"],
    };

    [Fact]
    public async Task PutAndDescribe_FiltersAndPaging()
    {
        for (var i = 0; i < 5; i++)
            await _h.Alarms.PutMetricAlarmAsync(Request($"web-{i}"), Ct);
        await _h.Alarms.PutMetricAlarmAsync(Request("db-0", "Connections") with { AlarmActions = [] }, Ct);

        var all = await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest(), Ct);
        Assert.Equal(6, all.MetricAlarms.Count);
        var web0 = all.MetricAlarms.Single(a => a.AlarmName == "web-0");
        Assert.Equal("arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-0", web0.AlarmArn);
        Assert.Equal("INSUFFICIENT_DATA", web0.StateValue);
        Assert.Equal("Unchecked: Initial alarm creation", web0.StateReason);

        Assert.Equal(5, (await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNamePrefix = "web-" }, Ct)).MetricAlarms.Count);
        Assert.Equal(5, (await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { ActionPrefix = "arn:aws:sns" }, Ct)).MetricAlarms.Count);
        Assert.Equal(["db-0", "web-3"], (await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = ["web-3", "db-0", "nope"] }, Ct)).MetricAlarms.Select(a => a.AlarmName));
        Assert.Empty((await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { StateValue = "ALARM" }, Ct)).MetricAlarms);
        Assert.Empty((await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmTypes = ["CompositeAlarm"] }, Ct)).MetricAlarms);

        var page1 = await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { MaxRecords = 4 }, Ct);
        var page2 = await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { MaxRecords = 4, NextToken = page1.NextToken }, Ct);
        Assert.Equal(4, page1.MetricAlarms.Count);
        Assert.Equal(2, page2.MetricAlarms.Count);
        Assert.Null(page2.NextToken);
        await RefusedAsync(() => _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { NextToken = page1.NextToken }, Ct), "InvalidNextToken", "NextToken");

        var forMetric = await _h.Alarms.DescribeAlarmsForMetricAsync(new DescribeAlarmsForMetricRequest { Namespace = "Test/App", MetricName = "Connections", Dimensions = Dims() }, Ct);
        Assert.Equal("db-0", Assert.Single(forMetric).AlarmName);
    }

    [Fact]
    public async Task Update_KeepsStateAndReplacesDefinition()
    {
        await _h.Alarms.PutMetricAlarmAsync(Request("a"), Ct);
        await _h.Alarms.SetAlarmStateAsync(new SetAlarmStateRequest { AlarmName = "a", StateValue = "ALARM", StateReason = "testing", StateReasonData = "{\"x\":1}" }, Ct);

        await _h.Alarms.PutMetricAlarmAsync(Request("a") with { Threshold = 80 }, Ct);

        var a = Assert.Single((await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest(), Ct)).MetricAlarms);
        Assert.Equal((80.0, "ALARM", "testing"), (a.Threshold, a.StateValue, a.StateReason));
    }

    [Fact]
    public async Task Delete_AllOrNothing()
    {
        await _h.Alarms.PutMetricAlarmAsync(Request("a"), Ct);

        await RefusedAsync(() => _h.Alarms.DeleteAlarmsAsync(["a", "b"], Ct), "ResourceNotFound", "b");
        Assert.Single((await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest(), Ct)).MetricAlarms);

        await _h.Alarms.DeleteAlarmsAsync(["a"], Ct);
        Assert.Empty((await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest(), Ct)).MetricAlarms);
    }

    [Fact]
    public async Task EnableDisableActions()
    {
        await _h.Alarms.PutMetricAlarmAsync(Request("a"), Ct);

        await _h.Alarms.SetActionsEnabledAsync(["a", "missing"], false, Ct);

        Assert.False(Assert.Single((await _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest(), Ct)).MetricAlarms).ActionsEnabled);
    }

    [Fact]
    public async Task Validation_Errors()
    {
        await RefusedAsync(() => _h.Alarms.PutMetricAlarmAsync(Request("a") with { Statistic = null }, Ct), "InvalidParameterCombination", "Statistic and ExtendedStatistic");
        await RefusedAsync(() => _h.Alarms.PutMetricAlarmAsync(Request("a") with { ComparisonOperator = "Bigger" }, Ct), "InvalidParameterValue", "ComparisonOperator");
        await RefusedAsync(() => _h.Alarms.PutMetricAlarmAsync(Request("a") with { DatapointsToAlarm = 3 }, Ct), "InvalidParameterValue", "DatapointsToAlarm");
        await RefusedAsync(() => _h.Alarms.PutMetricAlarmAsync(Request("a") with { EvaluationPeriods = null }, Ct), "MissingParameter", "EvaluationPeriods");
        await RefusedAsync(() => _h.Alarms.PutMetricAlarmAsync(Request("a") with { Period = 60, EvaluationPeriods = 1441 }, Ct), "InvalidParameterValue", "one day");
        await RefusedAsync(() => _h.Alarms.PutMetricAlarmAsync(Request("a") with { TreatMissingData = "sometimes" }, Ct), "InvalidParameterValue", "TreatMissingData");
        await RefusedAsync(() => _h.Alarms.PutMetricAlarmAsync(Request("a") with { Metrics = [new() { Id = "m1" }] }, Ct), "ValidationError", "Metric math alarms");
        await RefusedAsync(() => _h.Alarms.SetAlarmStateAsync(new SetAlarmStateRequest { AlarmName = "nope", StateValue = "OK", StateReason = "x" }, Ct), "ResourceNotFound", "nope");
        await _h.Alarms.PutMetricAlarmAsync(Request("a"), Ct);
        await RefusedAsync(() => _h.Alarms.SetAlarmStateAsync(new SetAlarmStateRequest { AlarmName = "a", StateValue = "OK", StateReason = "x", StateReasonData = "{nope" }, Ct), "InvalidFormat", "JSON");
        await RefusedAsync(() => _h.Alarms.SetAlarmStateAsync(new SetAlarmStateRequest { AlarmName = "a", StateValue = "BAD", StateReason = "x" }, Ct), "InvalidParameterValue", "StateValue");
        await RefusedAsync(() => _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = ["a"], AlarmNamePrefix = "a" }, Ct), "InvalidParameterCombination", "mutually exclusive");
        await RefusedAsync(() => _h.Alarms.DescribeAlarmsAsync(new DescribeAlarmsRequest { MaxRecords = 101 }, Ct), "InvalidParameterValue", "MaxRecords");
    }
}
