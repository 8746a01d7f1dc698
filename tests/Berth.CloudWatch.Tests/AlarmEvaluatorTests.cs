using System.Text.Json;
using Berth.Kernel.Storage;
using Berth.TestSupport;
using static Berth.TestSupport.MetricsHarness;

namespace Berth.CloudWatch.Tests;

public sealed class AlarmEvaluatorTests : IDisposable
{
    readonly MetricsHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task Alarm(int n = 3, int? m = null, string? missing = null, string op = "GreaterThanThreshold", string name = "cpu-high") =>
        _h.Alarms.PutMetricAlarmAsync(new PutMetricAlarmRequest
        {
            AlarmName = name,
            Namespace = "Test/App",
            MetricName = "CPU",
            Dimensions = Dims(),
            Statistic = "Average",
            Period = 60,
            EvaluationPeriods = n,
            DatapointsToAlarm = m,
            Threshold = 50,
            ComparisonOperator = op,
            TreatMissingData = missing,
        }, Ct);

    /// <summary>Puts one value per minute from 05:01 on (null = no point that minute), then evaluates at 05:04:05.</summary>
    async Task<MetricAlarm> Evaluate(params double?[] perMinute)
    {
        for (var i = 0; i < perMinute.Length; i++)
        {
            if (perMinute[i] is { } v)
                await _h.PutAsync(T0.AddMinutes(i + 1).AddSeconds(10), v);
        }
        _h.Clock.Advance(TimeSpan.FromMinutes(4).Add(TimeSpan.FromSeconds(5)) - (_h.Clock.GetUtcNow() - T0));
        await _h.Evaluator.EvaluateAsync(Ct);
        return (await _h.Store.GetAsync(CloudWatchKinds.Alarms, "cpu-high", Ct))?.Value!;
    }

    [Fact]
    public async Task AllBreaching_Alarm_WithCloudWatchReason()
    {
        await Alarm();

        var a = await Evaluate(72.5, 70, 60);

        Assert.Equal("ALARM", a.StateValue);
        Assert.Equal("Threshold Crossed: 3 datapoints [60.0 (22/11/26 05:03:00), 70.0 (22/11/26 05:02:00), 72.5 (22/11/26 05:01:00)] were greater than the threshold (50.0).", a.StateReason);
        using var data = JsonDocument.Parse(a.StateReasonData!);
        Assert.Equal("Average", data.RootElement.GetProperty("statistic").GetString());
        Assert.Equal(3, data.RootElement.GetProperty("evaluatedDatapoints").GetArrayLength());
        Assert.Equal("2026-11-22T05:01:00.000+0000", data.RootElement.GetProperty("startDate").GetString());
        Assert.Equal(T0.AddMinutes(4).AddSeconds(5), a.StateTransitionedTimestamp);
    }

    [Fact]
    public async Task NotEnoughBreaching_Ok()
    {
        await Alarm();

        var a = await Evaluate(72.5, 10, 60);

        Assert.Equal("OK", a.StateValue);
        Assert.StartsWith("Threshold Crossed: 3 datapoints [60.0 (22/11/26 05:03:00), 10.0", a.StateReason, StringComparison.Ordinal);
        Assert.EndsWith("were not greater than the threshold (50.0).", a.StateReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MOfN_AlarmsOnTwoOfThree()
    {
        await Alarm(n: 3, m: 2);

        var a = await Evaluate(72.5, 10, 60);

        Assert.Equal("ALARM", a.StateValue);
        Assert.Equal("Threshold Crossed: 2 out of the last 3 datapoints [60.0 (22/11/26 05:03:00), 72.5 (22/11/26 05:01:00)] were greater than the threshold (50.0) (minimum 2 datapoints for OK -> ALARM transition).", a.StateReason);
    }

    [Fact]
    public async Task NoData_InsufficientDataByDefault()
    {
        await Alarm();

        var a = await Evaluate();

        Assert.Equal("INSUFFICIENT_DATA", a.StateValue);
        Assert.Equal("Unchecked: Initial alarm creation", a.StateReason); // no change of state, nothing written
    }

    [Theory]
    [InlineData("breaching", "ALARM", "treated as [Breaching]")]
    [InlineData("notBreaching", "OK", "treated as [NonBreaching]")]
    [InlineData("missing", "INSUFFICIENT_DATA", "Insufficient Data: 3 datapoints were unknown.")]
    public async Task NoData_TreatMissingData(string treat, string state, string fragment)
    {
        await Alarm(missing: treat);
        await _h.Alarms.SetAlarmStateAsync(new SetAlarmStateRequest { AlarmName = "cpu-high", StateValue = treat == "notBreaching" ? "ALARM" : "OK", StateReason = "test" }, Ct);

        var a = await Evaluate();

        Assert.Equal(state, a.StateValue);
        Assert.Contains(fragment, a.StateReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoData_IgnoreKeepsState()
    {
        await Alarm(missing: "ignore");
        await _h.Alarms.SetAlarmStateAsync(new SetAlarmStateRequest { AlarmName = "cpu-high", StateValue = "ALARM", StateReason = "set by hand" }, Ct);

        var a = await Evaluate();

        Assert.Equal("ALARM", a.StateValue);
        Assert.Equal("set by hand", a.StateReason);
    }

    [Fact]
    public async Task SomeMissing_BreachingFillsTheGap()
    {
        await Alarm(missing: "breaching");

        var a = await Evaluate(72.5, null, 60);

        Assert.Equal("ALARM", a.StateValue);
        Assert.Contains("and 1 missing datapoint was treated as [Breaching]", a.StateReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeMissing_MissingJudgesThePresentOnes()
    {
        await Alarm(n: 3, m: 2);

        var a = await Evaluate(72.5, null, 60);

        Assert.Equal("ALARM", a.StateValue);
    }

    [Fact]
    public async Task LessThan_AndPartialPeriodIgnored()
    {
        await Alarm(op: "LessThanOrEqualToThreshold", n: 1);
        await _h.PutAsync(T0.AddMinutes(4), 99); // in the period still open at 05:04:05: not judged

        var a = await Evaluate(null, null, 50);

        Assert.Equal("ALARM", a.StateValue);
        Assert.Contains("was less than or equal to the threshold (50.0)", a.StateReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transitions_RecordedOnceInHistory_AndRestartSafe()
    {
        await Alarm();
        var a = await Evaluate(72.5, 70, 60);
        Assert.Equal("ALARM", a.StateValue);

        _h.Restart();
        Assert.Equal(0, await _h.Evaluator.EvaluateAsync(Ct)); // same data, same clock: nothing to change
        var history = await _h.Alarms.DescribeAlarmHistoryAsync(new DescribeAlarmHistoryRequest { AlarmName = "cpu-high" }, Ct);

        Assert.Equal(["StateUpdate", "ConfigurationUpdate"], history.AlarmHistoryItems.Select(h => h.HistoryItemType));
        Assert.Equal("Alarm updated from INSUFFICIENT_DATA to ALARM", history.AlarmHistoryItems[0].HistorySummary);
        using var data = JsonDocument.Parse(history.AlarmHistoryItems[0].HistoryData!);
        Assert.Equal("ALARM", data.RootElement.GetProperty("newState").GetProperty("stateValue").GetString());
    }

    [Fact]
    public async Task AlarmsWrittenByOthers_AreEvaluated()
    {
        // As a target tracking policy writes its alarm: straight into the store, owned by the policy.
        var policy = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x:resource/ecs/service/c/web:policyName/p";
        await _h.Store.CommitAsync(StoreWrite.Insert(CloudWatchKinds.Alarms, new MetricAlarm
        {
            AlarmName = "TargetTracking-service/c/web-AlarmHigh-1",
            AlarmArn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:TargetTracking-service/c/web-AlarmHigh-1",
            MetricName = "CPU",
            Namespace = "Test/App",
            Statistic = "Average",
            Dimensions = [new("Service", "web")],
            Period = 60,
            EvaluationPeriods = 3,
            Threshold = 50,
            ComparisonOperator = "GreaterThanThreshold",
            OwnedBy = policy,
            AlarmActions = [policy],
        }), Ct);

        await Evaluate(72.5, 70, 60);

        var stored = (await _h.Store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery { Scope = policy }, Ct)).Single().Value;
        Assert.Equal("ALARM", stored.StateValue);
        Assert.Equal(policy, stored.OwnedBy);
    }
}
