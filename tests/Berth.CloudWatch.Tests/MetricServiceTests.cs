using Berth.TestSupport;
using static Berth.TestSupport.AwsAssert;
using static Berth.TestSupport.MetricsHarness;

namespace Berth.CloudWatch.Tests;

public sealed class MetricServiceTests : IDisposable
{
    readonly MetricsHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task<GetMetricStatisticsResult> Stats(int period, List<string>? stats = null, List<string>? extended = null, DateTimeOffset? start = null, DateTimeOffset? end = null, string? unit = null) =>
        _h.Metrics.GetMetricStatisticsAsync(new GetMetricStatisticsRequest
        {
            Namespace = "Test/App",
            MetricName = "CPU",
            Dimensions = Dims(),
            StartTime = start ?? T0.AddHours(-1),
            EndTime = end ?? T0.AddHours(1),
            Period = period,
            Statistics = stats,
            ExtendedStatistics = extended,
            Unit = unit,
        }, Ct);

    [Fact]
    public async Task GetMetricStatistics_EveryStatisticPerAlignedPeriod()
    {
        await _h.PutAsync(T0.AddSeconds(5), 10, 20);
        await _h.PutAsync(T0.AddSeconds(59), 30);
        await _h.PutAsync(T0.AddSeconds(61), 100);

        var r = await Stats(60, ["SampleCount", "Average", "Sum", "Minimum", "Maximum"], start: T0.AddSeconds(30));

        Assert.Equal("CPU", r.Label);
        Assert.Equal(2, r.Datapoints.Count);
        var first = r.Datapoints[0];
        Assert.Equal(T0, first.Timestamp); // start 05:00:30 is aligned down to 05:00:00
        Assert.Equal((3.0, 20.0, 60.0, 10.0, 30.0), (first.SampleCount, first.Average, first.Sum, first.Minimum, first.Maximum));
        Assert.Equal("Percent", first.Unit);
        Assert.Equal(T0.AddMinutes(1), r.Datapoints[1].Timestamp);
    }

    [Fact]
    public async Task GetMetricStatistics_OnlyAskedStatisticsAndNoEmptyPeriods()
    {
        await _h.PutAsync(T0, 1);
        await _h.PutAsync(T0.AddMinutes(10), 3);

        var r = await Stats(300, ["Maximum"]);

        Assert.Equal([T0, T0.AddMinutes(10)], r.Datapoints.Select(d => d.Timestamp));
        Assert.All(r.Datapoints, d => Assert.Null(d.Average));
        Assert.Equal([1.0, 3.0], r.Datapoints.Select(d => d.Maximum!.Value));
    }

    [Fact]
    public async Task Percentiles_NearestRankWeightedByCounts()
    {
        await _h.Metrics.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "Test/App",
            MetricData = [new() { MetricName = "CPU", Dimensions = Dims(), Timestamp = T0, Values = [1, 2, 3, 100], Counts = [50, 25, 24, 1] }],
        }, Ct);

        var r = await Stats(60, extended: ["p50", "p99", "p99.5", "p100"]);

        var ext = Assert.Single(r.Datapoints).ExtendedStatistics!;
        Assert.Equal(1, ext["p50"]);
        Assert.Equal(3, ext["p99"]);
        Assert.Equal(100, ext["p99.5"]);
        Assert.Equal(100, ext["p100"]);
    }

    [Fact]
    public async Task Percentiles_NotFromStatisticSets()
    {
        await _h.Metrics.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "Test/App",
            MetricData = [new() { MetricName = "CPU", Dimensions = Dims(), Timestamp = T0, StatisticValues = new() { SampleCount = 4, Sum = 10, Minimum = 1, Maximum = 4 } }],
        }, Ct);

        Assert.Empty(Assert.Single((await Stats(60, extended: ["p90"])).Datapoints).ExtendedStatistics!);
        var plain = Assert.Single((await Stats(60, ["Average", "SampleCount"])).Datapoints);
        Assert.Equal((2.5, 4.0), (plain.Average, plain.SampleCount));
    }

    [Fact]
    public async Task UnitFilter_OnlyMatchingPoints()
    {
        await _h.Metrics.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "Test/App",
            MetricData =
            [
                new() { MetricName = "CPU", Dimensions = Dims(), Timestamp = T0, Value = 1, Unit = "Seconds" },
                new() { MetricName = "CPU", Dimensions = Dims(), Timestamp = T0, Value = 1000, Unit = "Milliseconds" },
            ],
        }, Ct);

        Assert.Equal(1, Assert.Single((await Stats(60, ["Sum"], unit: "Seconds")).Datapoints).Sum);
    }

    [Theory]
    [InlineData(61, "InvalidParameterValue", "multiple of 60")]
    [InlineData(7, "InvalidParameterValue", "multiple of 60")]
    [InlineData(1, "InvalidParameterCombination", "exceeds the limit of 1,440")]
    public async Task GetMetricStatistics_BadPeriods(int period, string code, string fragment) =>
        await RefusedAsync(() => Stats(period, ["Sum"]), code, fragment);

    [Fact]
    public async Task GetMetricStatistics_ValidationErrors()
    {
        await RefusedAsync(() => Stats(60), "InvalidParameterCombination", "either Statistics or ExtendedStatistics");
        await RefusedAsync(() => Stats(60, ["Sum"], ["p90"]), "InvalidParameterCombination", "not both");
        await RefusedAsync(() => Stats(60, ["Median"]), "InvalidParameterValue", "Statistics.member.1");
        await RefusedAsync(() => Stats(60, extended: ["p101"]), "InvalidParameterValue", "ExtendedStatistics.member.1");
        await RefusedAsync(() => Stats(60, ["Sum"], start: T0, end: T0), "InvalidParameterValue", "StartTime must be less than");
        await RefusedAsync(() => Stats(60, ["Sum"], unit: "Parsecs"), "InvalidParameterValue", "Unit must be a value in the set");
        await RefusedAsync(() => _h.Metrics.GetMetricStatisticsAsync(new GetMetricStatisticsRequest { MetricName = "CPU" }, Ct), "MissingParameter", "Namespace");
    }

    [Fact]
    public async Task PutMetricData_ValidationErrors()
    {
        Task Put(string ns, MetricDatumInput d) => _h.Metrics.PutMetricDataAsync(new PutMetricDataRequest { Namespace = ns, MetricData = [d] }, Ct);

        await RefusedAsync(() => Put("AWS/ECS", new() { MetricName = "CPU", Value = 1 }), "InvalidParameterValue", "reserved");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", Value = 1, Values = [1] }), "InvalidParameterCombination", "mutually exclusive");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU" }), "InvalidParameterCombination", "must be specified");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", Value = double.NaN }), "InvalidParameterValue", "MetricData.member.1.Value");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", Value = 1e200 }), "InvalidParameterValue", "is invalid");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", Values = [1, 2], Counts = [1] }), "InvalidParameterCombination", "same size");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", Value = 1, Timestamp = T0.AddDays(-15) }), "InvalidParameterValue", "two weeks");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", Value = 1, StorageResolution = 5 }), "InvalidParameterValue", "StorageResolution");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", StatisticValues = new() { SampleCount = 1, Sum = 1, Minimum = 2 } }), "MissingParameter", "StatisticValues.Maximum");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", StatisticValues = new() { SampleCount = 1, Sum = 1, Minimum = 2, Maximum = 1 } }), "InvalidParameterValue", "Minimum");
        await RefusedAsync(() => Put("App", new() { MetricName = "CPU", Value = 1, Dimensions = [new() { Name = "A", Value = "1" }, new() { Name = "A", Value = "2" }] }), "InvalidParameterValue", "more than one dimension");
        await RefusedAsync(() => _h.Metrics.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "App" }, Ct), "MissingParameter", "MetricData");
        Assert.Empty(await _h.Points.ListAsync(null, null, null, Ct)); // nothing was written
    }

    [Fact]
    public async Task PutMetricData_DefaultTimestampIsNow()
    {
        await _h.Metrics.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "Test/App", MetricData = [new() { MetricName = "CPU", Dimensions = Dims(), Value = 7 }] }, Ct);

        Assert.Equal(T0, Assert.Single(await _h.Points.ReadAsync(Cpu, T0, T0.AddSeconds(1), Ct)).Timestamp);
    }

    [Fact]
    public async Task ListMetrics_DimensionFiltersRecentlyActiveAndPaging()
    {
        var writes = Enumerable.Range(0, 510).Select(i => new MetricWrite(new MetricKey("Many", "M", [new("Id", $"{i:D4}"), new("Env", i % 2 == 0 ? "prod" : "dev")]), MetricPoint.Single(T0, i))).ToList();
        writes.Add(new MetricWrite(new MetricKey("Many", "Stale", [new("Id", "x")]), MetricPoint.Single(T0.AddHours(-4), 1)));
        await _h.Points.PutAsync(writes, Ct);

        var first = await _h.Metrics.ListMetricsAsync(new ListMetricsRequest { Namespace = "Many" }, Ct);
        Assert.Equal(500, first.Metrics.Count);
        var second = await _h.Metrics.ListMetricsAsync(new ListMetricsRequest { Namespace = "Many", NextToken = first.NextToken }, Ct);
        Assert.Equal(11, second.Metrics.Count);
        Assert.Null(second.NextToken);

        var prod = await _h.Metrics.ListMetricsAsync(new ListMetricsRequest { Namespace = "Many", Dimensions = [new() { Name = "Env", Value = "prod" }] }, Ct);
        Assert.Equal(255, prod.Metrics.Count);
        var named = await _h.Metrics.ListMetricsAsync(new ListMetricsRequest { Dimensions = [new() { Name = "Id" }], MetricName = "Stale" }, Ct);
        Assert.Single(named.Metrics);
        var recent = await _h.Metrics.ListMetricsAsync(new ListMetricsRequest { MetricName = "Stale", RecentlyActive = "PT3H" }, Ct);
        Assert.Empty(recent.Metrics);

        await RefusedAsync(() => _h.Metrics.ListMetricsAsync(new ListMetricsRequest { Namespace = "Other", NextToken = first.NextToken }, Ct), "InvalidParameterValue", "NextToken");
        await RefusedAsync(() => _h.Metrics.ListMetricsAsync(new ListMetricsRequest { RecentlyActive = "PT1H" }, Ct), "InvalidParameterValue", "PT3H");
    }
}
