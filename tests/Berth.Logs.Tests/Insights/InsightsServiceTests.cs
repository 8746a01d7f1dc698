using Berth.Kernel;
using Berth.Logs.Insights;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Logs.Tests.Insights;

public sealed class InsightsServiceTests : IDisposable
{
    const string Group = "/ecs/web";
    const long T0 = 1_700_000_000_000;
    static readonly CancellationToken Ct = CancellationToken.None;

    readonly TempDatabase _temp = new();
    readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 3_600_000));
    readonly SqliteLogStore _store;
    readonly LogService _logs;
    readonly Arns _arns = new("123456789012", "us-east-1");
    readonly GatedStore _gated;

    public InsightsServiceTests()
    {
        _store = new SqliteLogStore(_temp.Db, _clock);
        _logs = new LogService(_store, _arns);
        _gated = new GatedStore(_store);
    }

    public void Dispose() => _temp.Dispose();

    InsightsService Service(InsightsOptions? options = null, ILogStore? store = null) =>
        new(store ?? _store, _arns, _clock, options ?? new InsightsOptions(), NullLogger<InsightsService>.Instance);

    async Task SeedAsync(string group = Group, int count = 30)
    {
        await _logs.CreateGroupAsync(group, Ct);
        await _logs.CreateStreamAsync(group, "app/1", Ct);
        await _logs.PutEventsAsync(group, "app/1",
            Enumerable.Range(0, count).Select(i => new InputLogEvent(T0 + (i * 1000L), $$"""{"n": {{i}}, "level": "{{(i % 3 == 0 ? "ERROR" : "INFO")}}"}""")).ToList(), Ct);
    }

    static StartQueryInput Input(string query, string? group = Group, long start = T0 / 1000, long end = (T0 / 1000) + 3600, int? limit = null,
        List<string>? names = null, List<string>? ids = null, string? language = null) =>
        new(language, names is null && ids is null ? group : null, names, ids, start, end, query, limit);

    static async Task<QueryRun> RunAsync(InsightsService insights, StartQueryInput input)
    {
        var id = await insights.StartQueryAsync(input, Ct);
        await insights.CompletionOf(id);
        return insights.GetQuery(id);
    }

    [Fact]
    public async Task Query_Completes_WithResultsAndStatistics()
    {
        await SeedAsync();
        using var insights = Service();
        var run = await RunAsync(insights, Input("fields n, level | filter level = \"ERROR\" | sort n desc | limit 3"));
        Assert.Equal(QueryStatus.Complete, run.Status);
        Assert.Equal(["27", "24", "21"], run.Results.Select(r => r.Single(f => f.Key == "n").Value));
        Assert.All(run.Results, r => Assert.Equal("@ptr", r[^1].Key));
        Assert.Equal(30, run.RecordsScanned);
        Assert.Equal(10, run.RecordsMatched);
        Assert.True(run.BytesScanned > 30 * 20);
    }

    [Fact]
    public async Task TimeRange_IsInclusiveSeconds()
    {
        await SeedAsync();
        using var insights = Service();
        var run = await RunAsync(insights, Input("stats count(*) as n", start: (T0 / 1000) + 5, end: (T0 / 1000) + 9));
        Assert.Equal("5", run.Results.Single().Single().Value);
    }

    [Fact]
    public async Task SeveralGroups_MergeNewestFirst()
    {
        await SeedAsync(Group, 3);
        await SeedAsync("/ecs/api", 3);
        using var insights = Service();
        var run = await RunAsync(insights, Input("fields @log, n", names: [Group, "/ecs/api"]));
        Assert.Equal(6, run.Results.Count);
        Assert.Equal(["2", "2", "1", "1", "0", "0"], run.Results.Select(r => r.Single(f => f.Key == "n").Value));
        var byId = await RunAsync(insights, Input("stats count(*) by @log | sort @log", ids: ["/ecs/api", $"arn:aws:logs:us-east-1:123456789012:log-group:{Group}"]));
        Assert.Equal(["123456789012:/ecs/api", "123456789012:/ecs/web"], byId.Results.Select(r => r[0].Value));
    }

    [Fact]
    public async Task Limit_DefaultsTo10000_AndTheRequestLimitCaps()
    {
        await SeedAsync();
        using var insights = Service();
        Assert.Equal(7, (await RunAsync(insights, Input("fields n", limit: 7))).Results.Count);
        Assert.Equal(30, (await RunAsync(insights, Input("fields n"))).Results.Count);
    }

    [Fact]
    public async Task Results_Page_WithMaxItemsAndNextToken()
    {
        await SeedAsync();
        using var insights = Service();
        var run = await RunAsync(insights, Input("fields n | sort n asc"));
        var (_, first, token) = insights.GetResults(run.Id, 20, null);
        Assert.Equal(20, first.Count);
        Assert.NotNull(token);
        var (_, rest, end) = insights.GetResults(run.Id, 20, token);
        Assert.Equal(["20", "21", "22", "23", "24", "25", "26", "27", "28", "29"], rest.Select(r => r[0].Value));
        Assert.Null(end);
        AwsAssert.Refused(() => _ = insights.GetResults(run.Id, 20, "bogus"), "InvalidParameterException");
    }

    [Fact]
    public async Task GetLogRecord_ReadsTheEventAPointerNames()
    {
        await SeedAsync();
        using var insights = Service();
        var run = await RunAsync(insights, Input("fields n | filter n = 7"));
        var ptr = run.Results.Single().Single(f => f.Key == "@ptr").Value;
        var record = await insights.GetLogRecordAsync(ptr, Ct);
        Assert.Equal("7", record["n"]);
        Assert.Equal("INFO", record["level"]);
        Assert.Equal((T0 + 7000).ToString(System.Globalization.CultureInfo.InvariantCulture), record["@timestamp"]);
        Assert.Equal("app/1", record["@logStream"]);
        Assert.Equal("123456789012:/ecs/web", record["@log"]);
        await AwsAssert.RefusedAsync(() => insights.GetLogRecordAsync("garbage", Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.GetLogRecordAsync(new LogPointer(Group, T0 + 7000, 999_999).Encode(), Ct), "ResourceNotFoundException");
    }

    [Fact]
    public async Task StartQuery_RefusesBadInput_AsAws()
    {
        await SeedAsync();
        using var insights = Service();
        var malformed = await Assert.ThrowsAsync<MalformedQuery>(() => insights.StartQueryAsync(Input("fields @message | bogus"), Ct));
        Assert.Equal("MalformedQueryException", malformed.Code);
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", group: "/nope"), Ct), "ResourceNotFoundException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", ids: ["arn:aws:logs:us-east-1:999999999999:log-group:/ecs/web"]), Ct), "ResourceNotFoundException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", ids: ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*"]), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", group: null), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message") with { LogGroupNames = [Group] }, Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", start: 100, end: 99), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", start: -1), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", end: long.MaxValue), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", limit: 0), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", limit: 100_001), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", language: "SQL"), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message", names: Enumerable.Range(0, 51).Select(i => $"/g{i}").ToList()), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input(new string('x', 10_001)), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields @message") with { QueryString = null }, Ct), "InvalidParameterException");
        Assert.Empty(insights.Describe(null, null, null, null).Queries);
    }

    [Fact]
    public void UnknownQuery_IsNotFound()
    {
        using var insights = Service();
        AwsAssert.Refused(() => _ = insights.GetResults("00000000-0000-0000-0000-000000000000", null, null), "ResourceNotFoundException");
        AwsAssert.Refused(() => _ = insights.GetResults("", null, null), "InvalidParameterException");
        AwsAssert.Refused(() => insights.Stop("nope"), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Stop_CancelsARunningQuery_AndAFinishedOneIsRefused()
    {
        await SeedAsync();
        using var insights = Service(store: _gated);
        var id = await insights.StartQueryAsync(Input("fields n"), Ct);
        await _gated.Entered.Task;
        Assert.Equal(QueryStatus.Running, insights.GetQuery(id).Status);
        insights.Stop(id);
        await insights.CompletionOf(id);
        Assert.Equal(QueryStatus.Cancelled, insights.GetQuery(id).Status);
        AwsAssert.Refused(() => insights.Stop(id), "InvalidParameterException");
    }

    [Fact]
    public async Task TooManyActiveQueries_IsLimitExceeded_AndExtraWaitScheduled()
    {
        await SeedAsync();
        using var insights = Service(new InsightsOptions { MaxActiveQueries = 2, Parallelism = 1 }, _gated);
        var first = await insights.StartQueryAsync(Input("fields n"), Ct);
        await _gated.Entered.Task;
        var second = await insights.StartQueryAsync(Input("fields n"), Ct);
        Assert.Equal(QueryStatus.Scheduled, insights.GetQuery(second).Status);
        await AwsAssert.RefusedAsync(() => insights.StartQueryAsync(Input("fields n"), Ct), "LimitExceededException");
        Assert.Equal([second], insights.Describe(Group, QueryStatus.Scheduled, null, null).Queries.Select(q => q.Id));

        insights.Stop(second);
        await insights.CompletionOf(second);
        Assert.Equal(QueryStatus.Cancelled, insights.GetQuery(second).Status);
        _gated.Open.SetResult();
        await insights.CompletionOf(first);
        Assert.Equal(QueryStatus.Complete, insights.GetQuery(first).Status);
        Assert.Equal(30, insights.GetQuery(first).Results.Count);
    }

    [Fact]
    public async Task ARunPastTheTimeout_EndsAsTimeout()
    {
        await SeedAsync();
        using var insights = Service(new InsightsOptions { Timeout = TimeSpan.FromMinutes(5) }, _gated);
        var id = await insights.StartQueryAsync(Input("fields n"), Ct);
        await _gated.Entered.Task;
        _clock.Advance(TimeSpan.FromMinutes(6));
        await insights.CompletionOf(id);
        Assert.Equal(QueryStatus.Timeout, insights.GetQuery(id).Status);
    }

    [Fact]
    public async Task Describe_FiltersByGroupAndStatus_AndPages()
    {
        await SeedAsync();
        await SeedAsync("/ecs/api", 2);
        using var insights = Service();
        var a = await RunAsync(insights, Input("fields n"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var b = await RunAsync(insights, Input("fields n", group: "/ecs/api"));
        Assert.Equal([b.Id, a.Id], insights.Describe(null, null, null, null).Queries.Select(q => q.Id));
        Assert.Equal([a.Id], insights.Describe(Group, null, null, null).Queries.Select(q => q.Id));
        Assert.Empty(insights.Describe(null, QueryStatus.Running, null, null).Queries);
        var (page, token) = insights.Describe(null, QueryStatus.Complete, 1, null);
        Assert.Equal([b.Id], page.Select(q => q.Id));
        Assert.Equal([a.Id], insights.Describe(null, QueryStatus.Complete, 1, token).Queries.Select(q => q.Id));
        AwsAssert.Refused(() => _ = insights.Describe(null, "Done", null, null), "InvalidParameterException");
        AwsAssert.Refused(() => _ = insights.Describe(null, null, 1001, null), "InvalidParameterException");
    }

    [Fact]
    public async Task FinishedQueries_AreForgotten_AfterTheirRetention()
    {
        await SeedAsync();
        using var insights = Service(new InsightsOptions { ResultRetention = TimeSpan.FromHours(1) });
        var run = await RunAsync(insights, Input("fields n"));
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(QueryStatus.Complete, insights.GetQuery(run.Id).Status);
        _clock.Advance(TimeSpan.FromMinutes(2));
        AwsAssert.Refused(() => _ = insights.GetQuery(run.Id), "ResourceNotFoundException");
    }

    [Fact]
    public void Retention_KeepsActiveQueries_AndOnlyTheNewestFinished()
    {
        var spec = new QuerySpec("", QueryParser.Parse(""), [Group], 0, 0, 1);
        var runs = Enumerable.Range(0, 5).Select(i => new QueryRun($"q{i}", spec, i * 1000L)).ToList();
        foreach (var r in runs.Take(4))
            r.End(QueryStatus.Complete, r.CreatedMs + 10);
        var expired = QueryRetention.Expired(runs, 10_000, new InsightsOptions { MaxFinishedQueries = 2, ResultRetention = TimeSpan.FromSeconds(9.5) });
        // q4 is active; q3 and q2 are the two newest finished; q1 is beyond the count, q0 beyond the count and the age.
        Assert.Equal(["q1", "q0"], expired);
    }

    /// <summary>A log store whose reads wait until <see cref="Open"/> (or cancellation): a query held Running.</summary>
    sealed class GatedStore(ILogStore inner) : ILogStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<LogEvent>> ReadAsync(EventQuery query, CancellationToken ct)
        {
            Entered.TrySetResult();
            await Open.Task.WaitAsync(ct);
            return await inner.ReadAsync(query, ct);
        }

        public Task<bool> CreateGroupAsync(string group, CancellationToken ct) => inner.CreateGroupAsync(group, ct);
        public Task<bool> DeleteGroupAsync(string group, CancellationToken ct) => inner.DeleteGroupAsync(group, ct);
        public Task<LogGroup?> GetGroupAsync(string group, CancellationToken ct) => inner.GetGroupAsync(group, ct);
        public Task<IReadOnlyList<LogGroup>> ListGroupsAsync(string? prefix, string? afterName, int limit, CancellationToken ct) => inner.ListGroupsAsync(prefix, afterName, limit, ct);
        public Task<bool> CreateStreamAsync(string group, string stream, CancellationToken ct) => inner.CreateStreamAsync(group, stream, ct);
        public Task<IReadOnlyList<LogStream>> ListStreamsAsync(string group, string? prefix, bool byLastEventTime, bool descending, int offset, int limit, CancellationToken ct) =>
            inner.ListStreamsAsync(group, prefix, byLastEventTime, descending, offset, limit, ct);
        public Task AppendAsync(string group, string stream, IReadOnlyList<InputLogEvent> events, CancellationToken ct) => inner.AppendAsync(group, stream, events, ct);
    }
}
