using Berth.Logs.Insights;

namespace Berth.Logs.Tests.Insights;

/// <summary>The query language over events in memory: what each command and function answers.</summary>
public sealed class QueryPipelineTests
{
    const long T0 = 1_700_000_000_000; // 2023-11-14 22:13:20 UTC

    static LogEvent Event(int id, long offsetMs, string message, string stream = "app/1") => new(stream, T0 + offsetMs, T0 + offsetMs + 5, id, message);

    /// <summary>Runs the query over the events fed newest first, as the scanner reads them; rows without @ptr.</summary>
    static List<Dictionary<string, string>> Run(string query, IEnumerable<LogEvent> events, int limit = 10_000) =>
        RunWithPointers(query, events, limit).Select(r => r.Where(f => f.Key != "@ptr").ToDictionary()).ToList();

    static List<Dictionary<string, string>> RunWithPointers(string query, IEnumerable<LogEvent> events, int limit = 10_000)
    {
        var pipeline = new QueryPipeline(QueryParser.Parse(query), limit);
        foreach (var e in events.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id))
            if (!pipeline.Push(new QueryRow(e, "/ecs/web", "123456789012")))
                break;
        return pipeline.Finish().Select(r => r.ToDictionary()).ToList();
    }

    static readonly LogEvent[] Access =
    [
        Event(1, 0, """{"status": 200, "path": "/", "ms": 12, "user": {"name": "ann", "tags": ["a", "b"]}}"""),
        Event(2, 60_000, """{"status": 500, "path": "/api", "ms": 250, "user": {"name": "bob"}}"""),
        Event(3, 120_000, """{"status": 200, "path": "/api", "ms": 30}"""),
        Event(4, 360_000, """{"status": 404, "path": "/missing", "ms": 5, "user": {"name": "ann"}}"""),
        Event(5, 420_000, "plain text line: not json", "app/2"),
    ];

    [Fact]
    public void NoCommands_ShowTimestampAndMessage_NewestFirst_WithPointer()
    {
        var rows = RunWithPointers("", Access);
        Assert.Equal(5, rows.Count);
        Assert.Equal("2023-11-14 22:20:20.000", rows[0]["@timestamp"]);
        Assert.Equal("plain text line: not json", rows[0]["@message"]);
        Assert.Equal(["@timestamp", "@message", "@ptr"], rows[0].Keys);
        Assert.Equal(new LogPointer("/ecs/web", T0 + 420_000, 5), LogPointer.Decode(rows[0]["@ptr"]));
    }

    [Fact]
    public void Fields_ShowOnlyThoseNamed_JsonDiscoveredWithDots_MissingOmitted()
    {
        var rows = Run("fields status, user.name, user.tags.1, @logStream", Access);
        Assert.Equal(new Dictionary<string, string> { ["@logStream"] = "app/2" }, rows[0]);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "200", ["user.name"] = "ann", ["user.tags.1"] = "b", ["@logStream"] = "app/1" }, rows[^1]);
    }

    [Fact]
    public void BuiltIns_LogAndIngestionTime()
    {
        var row = Run("fields @log, @ingestionTime | limit 1", Access)[0];
        Assert.Equal("123456789012:/ecs/web", row["@log"]);
        Assert.Equal("2023-11-14 22:20:20.005", row["@ingestionTime"]);
    }

    [Theory]
    [InlineData("filter status = 200", new[] { 3, 1 })]
    [InlineData("filter status = \"200\"", new[] { 3, 1 })]
    [InlineData("filter status != 200", new[] { 4, 2 })]
    [InlineData("filter status >= 404", new[] { 4, 2 })]
    [InlineData("filter status < 404", new[] { 3, 1 })]
    [InlineData("filter ms <= 12", new[] { 4, 1 })]
    [InlineData("filter ms > 12 and path = \"/api\"", new[] { 3, 2 })]
    [InlineData("filter status = 404 or ms > 100", new[] { 4, 2 })]
    [InlineData("filter not status = 200", new[] { 5, 4, 2 })]
    [InlineData("filter path like \"api\"", new[] { 3, 2 })]
    [InlineData("filter path not like \"api\"", new[] { 5, 4, 1 })]
    [InlineData("filter path like /^\\/a/", new[] { 3, 2 })]
    [InlineData("filter @message =~ /plain|missing/", new[] { 5, 4 })]
    [InlineData("filter @message like /(?i)PLAIN/", new[] { 5 })]
    [InlineData("filter status in [404, 500]", new[] { 4, 2 })]
    [InlineData("filter path in [\"/\", \"/missing\"]", new[] { 4, 1 })]
    [InlineData("filter status not in [200]", new[] { 4, 2 })]
    [InlineData("filter ispresent(user.name)", new[] { 4, 2, 1 })]
    [InlineData("filter !ispresent(user.name)", new int[0])]
    [InlineData("filter isempty(user.name)", new[] { 5, 3 })]
    [InlineData("filter @logStream = \"app/2\"", new[] { 5 })]
    [InlineData("filter /json/", new[] { 5 })]
    [InlineData("filter strlen(path) > 3 and tolower(path) = \"/missing\"", new[] { 4 })]
    public void Filter_KeepsMatchingEvents(string query, int[] ids)
    {
        if (query.Contains('!', StringComparison.Ordinal) && !query.Contains("!=", StringComparison.Ordinal))
        {
            Assert.Throws<MalformedQuery>(() => QueryParser.Parse(query));
            return;
        }
        var rows = RunWithPointers(query, Access);
        Assert.Equal(ids.Select(i => (long)i), rows.Select(r => LogPointer.Decode(r["@ptr"])!.Id));
    }

    [Fact]
    public void Fields_Expressions_FunctionsAndAliases()
    {
        var row = Run("""
            filter path = "/api" and status = 500
            | fields ms * 2 + 1 as a, ms / 1000 as secs, abs(-3) as b, ceil(2.1) as c, floor(2.9) as d,
                     toupper(path) as up, concat(path, "?", status) as url, substr(path, 1, 2) as sub,
                     trim("  x ") as t, coalesce(nothing, user.name) as who, isblank(" ") as blank,
                     strlen(@message) > 10 as longish, datefloor(@timestamp, 1h) as hour,
                     toMillis(@timestamp) as millis, fromMillis(0) as epoch, replace(path, "api", "v2") as r,
                     strcontains(path, "pi") as has, greatest(1, ms, 3) as g, least(ms, 7) as l, ms % 7 as mod, 2 ^ 10 as p
            """, Access).Single();
        Assert.Equal("501", row["a"]);
        Assert.Equal("0.25", row["secs"]);
        Assert.Equal("3", row["b"]);
        Assert.Equal("3", row["c"]);
        Assert.Equal("2", row["d"]);
        Assert.Equal("/API", row["up"]);
        Assert.Equal("/api?500", row["url"]);
        Assert.Equal("ap", row["sub"]);
        Assert.Equal("x", row["t"]);
        Assert.Equal("bob", row["who"]);
        Assert.Equal("1", row["blank"]);
        Assert.Equal("1", row["longish"]);
        Assert.Equal("2023-11-14 22:00:00.000", row["hour"]);
        Assert.Equal((T0 + 60_000).ToString(System.Globalization.CultureInfo.InvariantCulture), row["millis"]);
        Assert.Equal("1970-01-01 00:00:00.000", row["epoch"]);
        Assert.Equal("/v2", row["r"]);
        Assert.Equal("1", row["has"]);
        Assert.Equal("250", row["g"]);
        Assert.Equal("7", row["l"]);
        Assert.Equal("5", row["mod"]);
        Assert.Equal("1024", row["p"]);
    }

    [Fact]
    public void Sort_ByField_AscendingByDefault_MissingLast_ThenLimit()
    {
        Assert.Equal(["5", "12", "30", "250"], Run("fields ms | sort ms", Access).Where(r => r.Count > 0).Select(r => r["ms"]));
        Assert.Equal(["250", "30"], Run("fields ms | sort ms desc | limit 2", Access).Select(r => r["ms"]));
        var all = Run("fields ms | sort ms desc", Access);
        Assert.Empty(all[^1]);
        Assert.Equal(["/", "/api", "/api", "/missing"], Run("fields path, ms | filter ispresent(path) | sort path asc, ms desc", Access).Select(r => r["path"]));
        Assert.Equal(["250", "30"], Run("fields path, ms | filter path = \"/api\" | sort path asc, ms desc", Access).Select(r => r["ms"]));
    }

    [Fact]
    public void Sort_KeepsOnlyTheTopRows_AcrossManyEvents()
    {
        var events = Enumerable.Range(1, 5000).Select(i => Event(i, i, $"{{\"n\": {(i * 7919) % 5000}}}"));
        var rows = Run("fields n | sort n desc | limit 3", events);
        Assert.Equal(["4999", "4998", "4997"], rows.Select(r => r["n"]));
    }

    [Fact]
    public void Limit_StopsReading_WithoutSort()
    {
        var pipeline = new QueryPipeline(QueryParser.Parse("filter n > 0 | limit 2"), 10_000);
        var pushed = 0;
        foreach (var i in Enumerable.Range(1, 100))
        {
            pushed++;
            if (!pipeline.Push(new QueryRow(Event(i, -i, $"{{\"n\": {i}}}"), "/g", "1")))
                break;
        }
        Assert.Equal(2, pushed);
        Assert.Equal(2, pipeline.Finish().Count);
        Assert.Equal(2, pipeline.Matched);
    }

    [Fact]
    public void ResultLimit_CapsRows()
    {
        Assert.Equal(2, Run("fields @message", Access, limit: 2).Count);
        Assert.Equal(2, Run("fields ms | sort ms asc", Access, limit: 2).Count);
    }

    [Fact]
    public void Stats_CountSumAvgMinMax_ByField()
    {
        var rows = Run("filter ispresent(path) | stats count(*) as n, sum(ms), avg(ms) as mean, min(ms), max(ms), count(user.name) as named by path | sort path", Access);
        Assert.Equal(3, rows.Count);
        Assert.Equal(new Dictionary<string, string> { ["path"] = "/", ["n"] = "1", ["sum(ms)"] = "12", ["mean"] = "12", ["min(ms)"] = "12", ["max(ms)"] = "12", ["named"] = "1" }, rows[0]);
        Assert.Equal(new Dictionary<string, string> { ["path"] = "/api", ["n"] = "2", ["sum(ms)"] = "280", ["mean"] = "140", ["min(ms)"] = "30", ["max(ms)"] = "250", ["named"] = "1" }, rows[1]);
    }

    [Fact]
    public void Stats_WithoutBy_IsOneRow_AndHasNoPointer()
    {
        var rows = RunWithPointers("stats count() as events, count_distinct(user.name) as users, earliest(path) as first, latest(path) as last", Access);
        Assert.Equal(new Dictionary<string, string> { ["events"] = "5", ["users"] = "2", ["first"] = "/", ["last"] = "/missing" }, Assert.Single(rows));
    }

    [Fact]
    public void Stats_ByBin_BucketsOnTheEpochGrid()
    {
        var rows = Run("stats count(*) by bin(5m) | sort bin(5m) asc", Access);
        Assert.Equal(
        [
            new() { ["bin(5m)"] = "2023-11-14 22:10:00.000", ["count(*)"] = "2" },
            new() { ["bin(5m)"] = "2023-11-14 22:15:00.000", ["count(*)"] = "2" },
            new() { ["bin(5m)"] = "2023-11-14 22:20:00.000", ["count(*)"] = "1" },
        ], rows);
    }

    [Fact]
    public void AfterStats_AnAggregateCallNamesItsColumn()
    {
        var rows = Run("stats count(*) by path | sort count(*) desc, path asc | limit 2", Access);
        Assert.Equal(["/api:2", "/:1"], rows.Select(r => $"{r["path"]}:{r["count(*)"]}"));
    }

    [Fact]
    public void Stats_Percentile_IsNearestRank()
    {
        var events = Enumerable.Range(1, 100).Select(i => Event(i, i, $"{{\"latency\": {i}}}"));
        var row = Run("stats pct(latency, 50) as p50, pct(latency, 99) as p99, pct(latency, 100) as p100, pct(latency, 0) as p0", events).Single();
        Assert.Equal(new Dictionary<string, string> { ["p50"] = "50", ["p99"] = "99", ["p100"] = "100", ["p0"] = "1" }, row);
    }

    [Fact]
    public void Stats_ArithmeticOverAggregates_AndFilterAfterStats()
    {
        var rows = Run("filter ispresent(ms) | stats sum(ms) / count(*) as mean, count(*) as n by status | filter n > 1", Access);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "200", ["mean"] = "21", ["n"] = "2" }, Assert.Single(rows));
    }

    [Fact]
    public void Parse_Glob_ExtractsFields_AndNonMatchingRowsKeepTheirOtherFields()
    {
        var events = new[]
        {
            Event(1, 0, "[ERROR] disk full on /dev/sda1"),
            Event(2, 1, "[INFO] started"),
            Event(3, 2, "no brackets here"),
        };
        var rows = Run("parse @message \"[*] *\" as level, text | sort @timestamp asc", events);
        Assert.Equal(new Dictionary<string, string> { ["@timestamp"] = "2023-11-14 22:13:20.000", ["@message"] = "[ERROR] disk full on /dev/sda1", ["level"] = "ERROR", ["text"] = "disk full on /dev/sda1" }, rows[0]);
        Assert.Equal("started", rows[1]["text"]);
        Assert.False(rows[2].ContainsKey("level"));
        Assert.Equal(["ERROR"], Run("parse @message \"[*] *\" as level, text | filter level = \"ERROR\" | display level", events).Select(r => r["level"]));
    }

    [Fact]
    public void Parse_Regex_NamedGroups_FeedStats()
    {
        var events = new[]
        {
            Event(1, 0, "GET /a took 10ms"),
            Event(2, 1, "GET /b took 30ms"),
            Event(3, 2, "POST /a took 50ms"),
        };
        var rows = Run("parse @message /(?<method>[A-Z]+) \\S+ took (?<took>\\d+)ms/ | stats avg(took) as avg by method | sort method", events);
        Assert.Equal([new() { ["method"] = "GET", ["avg"] = "20" }, new() { ["method"] = "POST", ["avg"] = "50" }], rows);
    }

    [Fact]
    public void Dedup_KeepsFirstRowPerValue_InSortOrder()
    {
        var rows = Run("fields path, ms | filter ispresent(path) | sort ms desc | dedup path", Access);
        Assert.Equal(["/api:250", "/:12", "/missing:5"], rows.Select(r => $"{r["path"]}:{r["ms"]}"));
    }

    [Fact]
    public void Display_ChoosesColumns_AfterFieldsComputeThem()
    {
        var rows = Run("fields ms * 1000 as micros | filter ms > 100 | display path, micros", Access);
        Assert.Equal(new Dictionary<string, string> { ["path"] = "/api", ["micros"] = "250000" }, Assert.Single(rows));
    }

    [Fact]
    public void Matched_CountsRowsPastTheFilters_NotTheLimit()
    {
        var pipeline = new QueryPipeline(QueryParser.Parse("filter ispresent(ms) | sort ms | limit 1"), 10_000);
        foreach (var e in Access.Reverse())
            pipeline.Push(new QueryRow(e, "/g", "1"));
        Assert.Single(pipeline.Finish());
        Assert.Equal(4, pipeline.Matched);
    }

    [Fact]
    public void MemoryBound_FailsTheQuery_InsteadOfGrowing()
    {
        var pipeline = new QueryPipeline(QueryParser.Parse("sort @message | filter ispresent(x)"), 10_000, maxHeldBytes: 10_000);
        Assert.Throws<QueryTooLargeException>(() =>
        {
            foreach (var i in Enumerable.Range(1, 1000))
                pipeline.Push(new QueryRow(Event(i, i, new string('x', 100)), "/g", "1"));
        });
    }
}
