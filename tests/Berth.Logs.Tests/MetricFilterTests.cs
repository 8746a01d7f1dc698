using Berth.CloudWatch;
using Berth.Logs.MetricFilters;
using Berth.TestSupport;
using static Berth.Logs.Tests.LogsHarness;

namespace Berth.Logs.Tests;

public sealed class MetricFilterTests : IDisposable
{
    readonly LogsHarness _h = new();

    public void Dispose() => _h.Dispose();

    static MetricFilterDefinition Def(string name = "errors", string pattern = "ERROR", string value = "1", string group = "/app",
        double? defaultValue = null, Dictionary<string, string>? dims = null, string? unit = null, string metric = "Errors", string ns = "App") => new()
        {
            LogGroupName = group,
            FilterName = name,
            FilterPattern = pattern,
            MetricTransformations = [new() { MetricName = metric, MetricNamespace = ns, MetricValue = value, DefaultValue = defaultValue, Dimensions = dims, Unit = unit }],
        };

    async Task<List<MetricPoint>> PointsAsync(string metric = "Errors", string ns = "App", params MetricDimension[] dims) =>
        (await _h.Points.ReadAsync(new MetricKey(ns, metric, dims), DateTimeOffset.UnixEpoch, _h.Clock.GetUtcNow().AddDays(1), Ct)).ToList();

    [Fact]
    public async Task Put_ThenDescribe_ShowsTheFilter_AndGroupCountsIt()
    {
        await _h.GroupAsync("/app");
        await _h.Filters.PutAsync(Def(unit: "Count"), Ct);

        var (filters, next) = await _h.Filters.DescribeAsync("/app", null, null, null, null, null, Ct);

        var f = Assert.Single(filters);
        Assert.Null(next);
        Assert.Equal("errors", f.FilterName);
        Assert.Equal("ERROR", f.FilterPattern);
        Assert.Equal("/app", f.LogGroupName);
        Assert.Equal(_h.NowMs, f.CreationTime);
        Assert.Equal("Count", f.MetricTransformations![0].Unit);
        Assert.Equal(1, (await _h.Groups.DescribeAsync("/app", null, null, Ct)).Groups.Single().MetricFilterCount);
    }

    [Fact]
    public async Task Put_SameName_ReplacesKeepingCreationTime()
    {
        await _h.GroupAsync("/app");
        await _h.Filters.PutAsync(Def(), Ct);
        var created = _h.NowMs;
        _h.Clock.Advance(TimeSpan.FromMinutes(5));

        await _h.Filters.PutAsync(Def(pattern: "WARN"), Ct);

        var f = Assert.Single((await _h.Filters.DescribeAsync("/app", null, null, null, null, null, Ct)).Filters);
        Assert.Equal("WARN", f.FilterPattern);
        Assert.Equal(created, f.CreationTime);
    }

    [Fact]
    public async Task Describe_ByPrefixMetricAndPages()
    {
        await _h.GroupAsync("/app");
        await _h.GroupAsync("/other");
        for (var i = 0; i < 5; i++)
            await _h.Filters.PutAsync(Def(name: $"f{i}", metric: i % 2 == 0 ? "Even" : "Odd"), Ct);
        await _h.Filters.PutAsync(Def(name: "g0", metric: "Even"), Ct);
        await _h.Filters.PutAsync(Def(name: "f9", group: "/other", metric: "Even"), Ct);

        Assert.Equal(["f0", "f1", "f2", "f3", "f4"], (await _h.Filters.DescribeAsync("/app", "f", null, null, null, null, Ct)).Filters.Select(f => f.FilterName));
        Assert.Equal(["/app:g0"], (await _h.Filters.DescribeAsync(null, "g", null, null, null, null, Ct)).Filters.Select(f => $"{f.LogGroupName}:{f.FilterName}"));
        Assert.Equal(["/app:f0", "/app:f2", "/app:f4", "/app:g0", "/other:f9"],
            (await _h.Filters.DescribeAsync(null, null, "Even", "App", null, null, Ct)).Filters.Select(f => $"{f.LogGroupName}:{f.FilterName}"));

        var seen = new List<string>();
        string? token = null;
        do
        {
            var (page, next) = await _h.Filters.DescribeAsync("/app", null, null, null, token, 2, Ct);
            Assert.True(page.Count <= 2);
            seen.AddRange(page.Select(f => f.FilterName!));
            token = next;
        }
        while (token is not null);
        Assert.Equal(["f0", "f1", "f2", "f3", "f4", "g0"], seen);
    }

    [Fact]
    public async Task Describe_BadRequests_AreRefused()
    {
        await _h.GroupAsync("/app");
        await AwsAssert.RefusedAsync(() => _h.Filters.DescribeAsync("/app", new string('f', 513), null, null, null, null, Ct), "InvalidParameterException", "at 'filterNamePrefix' failed to satisfy constraint");
        await AwsAssert.RefusedAsync(() => _h.Filters.DescribeAsync(null, null, "Errors", null, null, null, Ct), "InvalidParameterException", "together");
        await AwsAssert.RefusedAsync(() => _h.Filters.DescribeAsync(null, null, null, "App", null, null, Ct), "InvalidParameterException", "together");
        await AwsAssert.RefusedAsync(() => _h.Filters.DescribeAsync("/app", null, null, null, null, 51, Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => _h.Filters.DescribeAsync("/app", null, null, null, "garbage", null, Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => _h.Filters.DescribeAsync("/nope", null, null, null, null, null, Ct), "ResourceNotFoundException");
    }

    public static TheoryData<MetricFilterDefinition, string> BadDefinitions => new()
    {
        { Def(pattern: "{ $.a = }"), "Invalid filter pattern" },
        { Def(name: "a:b"), "Value 'a:b' at 'filterName' failed to satisfy constraint: Must match pattern" },
        { Def(name: ""), "at 'filterName' failed to satisfy constraint: Minimum length of 1. Maximum length of 512." },
        { Def(value: "many"), "Invalid metricValue" },
        { Def(value: ""), "metricValue is required" },
        { Def(value: "$.latency"), "a term pattern has no fields" },
        { Def(pattern: "[ip, bytes]", value: "$size"), "names no field" },
        { Def(pattern: "{ $.a = 1 }", value: "$bytes"), "selectors" },
        { Def(metric: "a:b"), "metricName" },
        { Def(metric: ""), "metricName" },
        { Def(ns: "N$"), "metricNamespace" },
        { Def(unit: "Parsecs"), "Invalid unit" },
        { Def(pattern: "{ $.a = 1 }", defaultValue: 0, dims: new() { ["A"] = "$.a" }), "cannot have a defaultValue" },
        { Def(pattern: "{ $.a = 1 }", dims: new() { ["A"] = "literal" }), "dimension" },
        { Def(pattern: "{ $.a = 1 }", dims: new() { ["A"] = "$.a", ["B"] = "$.b", ["C"] = "$.c", ["D"] = "$.d" }), "at most 3 dimensions" },
        { Def(defaultValue: double.NaN), "defaultValue" },
        { new MetricFilterDefinition { LogGroupName = "/app", FilterName = "x", FilterPattern = "", MetricTransformations = [] }, "exactly one" },
        { new MetricFilterDefinition { LogGroupName = "/app", FilterName = "x", MetricTransformations = Def().MetricTransformations }, "filterPattern is required" },
        { Def() with { ApplyOnTransformedLogs = true }, "transformers" },
        { Def() with { FieldSelectionCriteria = "x" }, "fieldSelectionCriteria" },
        { Def() with { EmitSystemFieldDimensions = ["@aws.account"] }, "emitSystemFieldDimensions" },
    };

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    public async Task Put_BadDefinition_IsInvalidParameter_AndStoresNothing(MetricFilterDefinition def, string fragment)
    {
        await _h.GroupAsync("/app");
        await AwsAssert.RefusedAsync(() => _h.Filters.PutAsync(def, Ct), "InvalidParameterException", fragment);
        Assert.Empty((await _h.Filters.DescribeAsync("/app", null, null, null, null, null, Ct)).Filters);
    }

    [Fact]
    public async Task Put_MissingGroup_IsResourceNotFound()
    {
        await AwsAssert.RefusedAsync(() => _h.Filters.PutAsync(Def(group: "/nope"), Ct), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Put_101stFilter_IsLimitExceeded()
    {
        await _h.GroupAsync("/app");
        for (var i = 0; i < MetricFilterService.MaxPerGroup; i++)
            await _h.Filters.PutAsync(Def(name: $"f{i:000}"), Ct);
        await AwsAssert.RefusedAsync(() => _h.Filters.PutAsync(Def(name: "one-more"), Ct), "LimitExceededException");
        await _h.Filters.PutAsync(Def(name: "f000", pattern: "WARN"), Ct); // replacing one is not a new one
    }

    [Fact]
    public async Task Delete_RemovesIt_MissingIsResourceNotFound()
    {
        await _h.GroupAsync("/app");
        await _h.Filters.PutAsync(Def(), Ct);

        await _h.Filters.DeleteAsync("/app", "errors", Ct);

        Assert.Empty((await _h.Filters.DescribeAsync("/app", null, null, null, null, null, Ct)).Filters);
        await AwsAssert.RefusedAsync(() => _h.Filters.DeleteAsync("/app", "errors", Ct), "ResourceNotFoundException", "metric filter");
        await AwsAssert.RefusedAsync(() => _h.Filters.DeleteAsync("/nope", "errors", Ct), "ResourceNotFoundException", "log group");
    }

    [Fact]
    public async Task DeleteLogGroup_TakesItsFilters()
    {
        await _h.GroupAsync("/app");
        await _h.Filters.PutAsync(Def(), Ct);
        await _h.Groups.DeleteAsync("/app", Ct);
        await _h.GroupAsync("/app");

        Assert.Empty((await _h.Filters.DescribeAsync("/app", null, null, null, null, null, Ct)).Filters);
    }

    [Fact]
    public void Test_ReportsMatchingEventsWithNumbersAndExtractedFields()
    {
        var matches = MetricFilterService.Test("[ip, user, status = 5*, bytes]", ["1.2.3.4 ana 503 10", "1.2.3.4 bo 200 20", "5.6.7.8 cy 500 30"]);

        Assert.Equal([1, 3], matches.Select(m => m.EventNumber));
        Assert.Equal("cy", matches[1].Extracted["$user"]);
        Assert.Equal("503", matches[0].Extracted["$status"]);
    }

    [Fact]
    public void Test_BadInput_IsInvalidParameter()
    {
        AwsAssert.Refused(() => MetricFilterService.Test(null, ["x"]), "InvalidParameterException", "filterPattern");
        AwsAssert.Refused(() => MetricFilterService.Test("x", []), "InvalidParameterException", "between 1 and 50");
        AwsAssert.Refused(() => MetricFilterService.Test("x", Enumerable.Repeat<string?>("m", 51).ToList()), "InvalidParameterException", "between 1 and 50");
        AwsAssert.Refused(() => MetricFilterService.Test("x", [""]), "InvalidParameterException", "at least 1 character");
        AwsAssert.Refused(() => MetricFilterService.Test("{ $.a = ", ["x"]), "InvalidParameterException", "Invalid filter pattern");
    }

    [Fact]
    public async Task Publisher_PublishesMatchesOfEventsIngestedAfterTheFilter()
    {
        await _h.GroupAsync("/app", "s");
        var t0 = _h.NowMs;
        await _h.PutAsync("/app", "s", (t0, "ERROR before the filter"));
        await _h.Filters.PutAsync(Def(unit: "Count"), Ct);
        await _h.PutAsync("/app", "s", (t0 + 1000, "ERROR one"), (t0 + 2000, "INFO fine"), (t0 + 3000, "ERROR two"));

        Assert.Equal(2, await _h.Publisher.PassAsync(Ct));
        Assert.Equal(0, await _h.Publisher.PassAsync(Ct)); // nothing twice

        var points = await PointsAsync();
        Assert.Equal([1.0, 1.0], points.Select(p => p.Sum));
        Assert.Equal([t0 + 1000, t0 + 3000], points.Select(p => p.Timestamp.ToUnixTimeMilliseconds()));
        Assert.All(points, p => Assert.Equal("Count", p.Unit));
    }

    [Fact]
    public async Task Publisher_JsonValueAndDimensions()
    {
        await _h.GroupAsync("/app", "s");
        await _h.Filters.PutAsync(Def(pattern: "{ $.latency > 100 }", value: "$.latency", metric: "Latency", unit: "Milliseconds", dims: new() { ["Route"] = "$.route" }), Ct);
        await _h.PutAsync("/app", "s",
            (_h.NowMs, """{"latency": 250, "route": "/a"}"""),
            (_h.NowMs + 1, """{"latency": 50, "route": "/a"}"""),
            (_h.NowMs + 2, """{"latency": 400, "route": "/b"}"""),
            (_h.NowMs + 3, """{"latency": 900}"""),
            (_h.NowMs + 4, "not json"));

        await _h.Publisher.PassAsync(Ct);

        Assert.Equal([250.0], (await PointsAsync("Latency", "App", new MetricDimension("Route", "/a"))).Select(p => p.Sum));
        Assert.Equal([400.0], (await PointsAsync("Latency", "App", new MetricDimension("Route", "/b"))).Select(p => p.Sum));
        Assert.Empty(await PointsAsync("Latency", "App"));
    }

    [Fact]
    public async Task Publisher_SpaceDelimitedValue_NonNumericPublishesNothing()
    {
        await _h.GroupAsync("/app", "s");
        await _h.Filters.PutAsync(Def(pattern: "[ip, status, bytes]", value: "$bytes", metric: "Bytes"), Ct);
        await _h.PutAsync("/app", "s", (_h.NowMs, "1.1.1.1 200 512"), (_h.NowMs + 1, "1.1.1.1 200 -"));

        await _h.Publisher.PassAsync(Ct);

        Assert.Equal([512.0], (await PointsAsync("Bytes")).Select(p => p.Sum));
    }

    [Fact]
    public async Task Publisher_DefaultValue_OncePerMinuteWithEventsButNoMatch()
    {
        await _h.GroupAsync("/app", "s");
        await _h.Filters.PutAsync(Def(defaultValue: 0), Ct);
        var minute = _h.NowMs - (_h.NowMs % 60_000);
        await _h.PutAsync("/app", "s",
            (minute + 1_000, "INFO a"), (minute + 2_000, "INFO b"),
            (minute + 61_000, "ERROR c"),
            (minute + 121_000, "INFO d"));

        await _h.Publisher.PassAsync(Ct);

        var points = await PointsAsync();
        Assert.Equal([(minute, 0.0), (minute + 61_000, 1.0), (minute + 120_000, 0.0)], points.Select(p => (p.Timestamp.ToUnixTimeMilliseconds(), p.Sum)));
    }

    [Fact]
    public async Task Publisher_AfterRestart_CarriesOnFromItsMark()
    {
        await _h.GroupAsync("/app", "s");
        await _h.Filters.PutAsync(Def(), Ct);
        await _h.PutAsync("/app", "s", (_h.NowMs, "ERROR 1"));
        await _h.Publisher.PassAsync(Ct);

        var again = new MetricFilterPublisher(_h.State, _h.Events, _h.Points, _h.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<MetricFilterPublisher>.Instance);
        await _h.PutAsync("/app", "s", (_h.NowMs + 1, "ERROR 2"));

        Assert.Equal(1, await again.PassAsync(Ct));
        Assert.Equal(2, (await PointsAsync()).Count);
    }
}
