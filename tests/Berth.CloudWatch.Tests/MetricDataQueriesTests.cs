using Berth.Kernel;
using Berth.TestSupport;
using static Berth.TestSupport.MetricsHarness;

namespace Berth.CloudWatch.Tests;

public sealed class MetricDataQueriesTests : IDisposable
{
    static readonly MetricKey Mem = new("Test/App", "Memory", [new MetricDimension("Service", "web")]);
    readonly MetricsHarness _h = new();

    public MetricDataQueriesTests()
    {
        var writes = new List<MetricWrite>();
        for (var i = 0; i < 5; i++)
        {
            writes.Add(new(Cpu, MetricPoint.Single(T0.AddMinutes(i), 10 * (i + 1))));
            if (i != 2)
                writes.Add(new(Mem, MetricPoint.Single(T0.AddMinutes(i), i)));
        }
        _h.Points.PutAsync(writes, Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _h.Dispose();

    static MetricDataQueryInput Stat(string id, string metric, string stat = "Average", bool? returnData = null) => new()
    {
        Id = id,
        ReturnData = returnData,
        MetricStat = new() { Metric = new() { Namespace = "Test/App", MetricName = metric, Dimensions = Dims() }, Period = 60, Stat = stat },
    };

    static MetricDataQueryInput Expr(string id, string expression, string? label = null) => new() { Id = id, Expression = expression, Label = label };

    Task<GetMetricDataResult> Get(List<MetricDataQueryInput> queries, string? scanBy = null, int? max = null, string? token = null) =>
        _h.Data.GetMetricDataAsync(new GetMetricDataRequest { MetricDataQueries = queries, StartTime = T0, EndTime = T0.AddMinutes(5), ScanBy = scanBy, MaxDatapoints = max, NextToken = token }, Ct);

    [Fact]
    public async Task MetricStat_DescendingByDefault_AscendingOnRequest()
    {
        var desc = Assert.Single((await Get([Stat("cpu", "CPU")])).MetricDataResults);
        Assert.Equal([50.0, 40, 30, 20, 10], desc.Values);
        Assert.Equal("CPU", desc.Label);
        Assert.Equal("Complete", desc.StatusCode);

        var asc = Assert.Single((await Get([Stat("cpu", "CPU")], "TimestampAscending")).MetricDataResults);
        Assert.Equal(T0, asc.Timestamps[0]);
    }

    [Fact]
    public async Task Expressions_ArithmeticConstantsAndFunctions()
    {
        var r = await Get([Stat("c", "CPU", returnData: false), Stat("m", "Memory", returnData: false),
            Expr("e1", "(c + m) * 2 - 1", "twice"), Expr("e2", "c / m"), Expr("e3", "SUM([c, m, 1])"), Expr("e4", "MAX([c, m]) - MIN([c, m])"), Expr("e5", "AVG([e1, 1])"), Expr("e6", "-c")], "TimestampAscending");

        var byId = r.MetricDataResults.ToDictionary(x => x.Id);
        Assert.Equal(["e1", "e2", "e3", "e4", "e5", "e6"], r.MetricDataResults.Select(x => x.Id));
        Assert.Equal([19.0, 41, 85, 107], byId["e1"].Values); // minute 2 has no Memory point: left out
        Assert.Equal("twice", byId["e1"].Label);
        Assert.Equal([20.0, 40.0 / 3, 12.5], byId["e2"].Values); // c / 0 at minute 0 is left out
        Assert.Equal([11.0, 22, 31, 44, 55], byId["e3"].Values); // a list: each minute's values that exist
        Assert.Equal([10.0, 19, 0, 37, 46], byId["e4"].Values);
        Assert.Equal([10.0, 21, 43, 54], byId["e5"].Values);
        Assert.Equal(-10, byId["e6"].Values[0]);
    }

    [Theory]
    [InlineData("RATE(c)", "RATE is not supported")]
    [InlineData("SEARCH('{Test/App} CPU', 'Average', 60)", "SEARCH is not supported")]
    [InlineData("SELECT AVG(CPU) FROM \"Test/App\"", "'SELECT' is not a query id")]
    [InlineData("c +", "ends too early")]
    [InlineData("nope * 2", "not the Id of a query")]
    [InlineData("42", "at least one metric")]
    [InlineData("SUM(c)", "expected '['")]
    [InlineData("loop + 1", "refers to itself")]
    public async Task Expressions_UnsupportedOrWrong_ValidationError(string expression, string fragment)
    {
        var e = await Assert.ThrowsAsync<AwsException>(() => Get([Stat("c", "CPU"), Expr("loop", expression)]));
        Assert.Equal("ValidationError", e.Code);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_MaxDatapointsAcrossQueries()
    {
        List<MetricDataQueryInput> queries = [Stat("cpu", "CPU"), Stat("mem", "Memory")];

        var first = await Get(queries, max: 3);
        Assert.Equal([3, 0], first.MetricDataResults.Select(x => x.Values.Count));
        Assert.Equal("PartialData", first.MetricDataResults[0].StatusCode);
        var second = await Get(queries, max: 3, token: first.NextToken);
        Assert.Equal([2, 1], second.MetricDataResults.Select(x => x.Values.Count));
        var third = await Get(queries, max: 3, token: second.NextToken);
        Assert.Equal([0, 3], third.MetricDataResults.Select(x => x.Values.Count));
        Assert.Null(third.NextToken);
        Assert.All(third.MetricDataResults, x => Assert.Equal("Complete", x.StatusCode));

        var e = await Assert.ThrowsAsync<AwsException>(() => Get([Stat("cpu", "CPU")], max: 3, token: first.NextToken));
        Assert.Equal("InvalidNextToken", e.Code);
    }

    [Fact]
    public async Task Validation_Errors()
    {
        async Task Refused(List<MetricDataQueryInput> q, string code, string fragment)
        {
            var e = await Assert.ThrowsAsync<AwsException>(() => Get(q));
            Assert.Equal(code, e.Code);
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }

        await Refused([Stat("Cpu", "CPU")], "InvalidParameterValue", "lower-case letter");
        await Refused([Stat("a", "CPU"), Stat("a", "Memory")], "InvalidParameterValue", "more than one query");
        await Refused([new() { Id = "a" }], "InvalidParameterCombination", "Exactly one of");
        await Refused([Stat("a", "CPU", "tm99")], "InvalidParameterValue", "not supported");
        await Refused([Stat("a", "CPU", returnData: false)], "ValidationError", "ReturnData");
        await Refused([], "MissingParameter", "MetricDataQueries");
    }
}
