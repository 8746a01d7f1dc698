using Berth.Kernel;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static Berth.TestSupport.AwsAssert;

namespace Berth.Logs.Tests;

public sealed class LogServiceTests : IDisposable
{
    const string Group = "/ecs/web";
    const string Stream = "ecs/app/0123";
    static readonly CancellationToken Ct = CancellationToken.None;

    readonly TempDatabase _temp = new();
    readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    readonly SqliteLogStore _store;
    readonly LogService _logs;

    public LogServiceTests()
    {
        _store = new SqliteLogStore(_temp.Db, _clock);
        _logs = new LogService(_store, new Arns("123456789012", "us-east-1"));
    }

    public void Dispose() => _temp.Dispose();

    static string Msg(int i) => $"event {i:00}";

    /// <summary>Group and stream with events 1..count at timestamps i*1000 ("event 01" ...).</summary>
    async Task SeedAsync(int count = 25)
    {
        await _logs.CreateGroupAsync(Group, Ct);
        await _logs.CreateStreamAsync(Group, Stream, Ct);
        await _logs.PutEventsAsync(Group, Stream, Enumerable.Range(1, count).Select(i => new InputLogEvent(i * 1000L, Msg(i))).ToList(), Ct);
    }

    static List<string> Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(Msg).ToList();

    static List<string> Messages(List<LogEvent> events) => events.Select(e => e.Message).ToList();

    Task<(List<LogEvent> Events, string Forward, string Backward)> Get(string? token = null, int? limit = null, bool? startFromHead = null, long? start = null, long? end = null) =>
        _logs.GetEventsAsync(Group, Stream, start, end, token, limit, startFromHead, Ct);

    [Fact]
    public async Task GetEvents_Default_IsLastEventsInTimeOrder()
    {
        await SeedAsync();
        var (events, _, _) = await Get(limit: 10);
        Assert.Equal(Range(16, 25), Messages(events));

        var (all, _, _) = await Get();
        Assert.Equal(Range(1, 25), Messages(all));
    }

    [Fact]
    public async Task GetEvents_StartFromHead_IsFirstEvents()
    {
        await SeedAsync();
        var (events, _, _) = await Get(limit: 10, startFromHead: true);
        Assert.Equal(Range(1, 10), Messages(events));
        Assert.All(events, e => Assert.Equal(Stream, e.Stream));
    }

    [Fact]
    public async Task GetEvents_Tokens_NameFirstAndLastEventOfPage()
    {
        await SeedAsync();
        var (events, forward, backward) = await Get(limit: 10, startFromHead: true);
        Assert.Equal($"f/{events[^1].Timestamp}/{events[^1].Id}", forward);
        Assert.Equal($"b/{events[0].Timestamp}/{events[0].Id}", backward);
        Assert.Equal(10_000, events[^1].Timestamp);
        Assert.Equal(1_000, events[0].Timestamp);
    }

    [Fact]
    public async Task GetEvents_ForwardTokens_PageThrough25EventsBy10()
    {
        await SeedAsync();
        var (p1, f1, _) = await Get(limit: 10, startFromHead: true);
        var (p2, f2, _) = await Get(f1, 10);
        var (p3, f3, _) = await Get(f2, 10);
        var (p4, f4, b4) = await Get(f3, 10);

        Assert.Equal(Range(1, 10), Messages(p1));
        Assert.Equal(Range(11, 20), Messages(p2));
        Assert.Equal(Range(21, 25), Messages(p3));
        Assert.Empty(p4);
        // At the end the forward token stays put, so the caller can poll it.
        Assert.Equal(f3, f4);
        Assert.Equal("b" + f3[1..], b4);
    }

    [Fact]
    public async Task GetEvents_BackwardTokens_PageThrough25EventsBy10()
    {
        await SeedAsync();
        var (p1, _, b1) = await Get(limit: 10);
        var (p2, _, b2) = await Get(b1, 10);
        var (p3, _, b3) = await Get(b2, 10);
        var (p4, f4, b4) = await Get(b3, 10);

        Assert.Equal(Range(16, 25), Messages(p1));
        Assert.Equal(Range(6, 15), Messages(p2));
        Assert.Equal(Range(1, 5), Messages(p3));
        Assert.Empty(p4);
        Assert.Equal(b3, b4);
        Assert.Equal("f" + b3[1..], f4);
    }

    [Fact]
    public async Task GetEvents_ForwardTokenOfBackwardPage_GoesForwardAgain()
    {
        await SeedAsync();
        var (_, _, b1) = await Get(limit: 10);
        var (p2, f2, _) = await Get(b1, 10);
        Assert.Equal(Range(6, 15), Messages(p2));

        var (p3, _, _) = await Get(f2, 10);
        Assert.Equal(Range(16, 25), Messages(p3));
    }

    [Fact]
    public async Task GetEvents_PollingForwardToken_ReturnsOnlyNewEvents()
    {
        await SeedAsync();
        var (_, forward, _) = await Get(limit: 10);

        var (none, again, _) = await Get(forward);
        Assert.Empty(none);
        Assert.Equal(forward, again);

        _clock.Advance(TimeSpan.FromSeconds(5));
        await _logs.PutEventsAsync(Group, Stream, [new InputLogEvent(26_000, Msg(26)), new InputLogEvent(27_000, Msg(27))], Ct);
        var (fresh, next, _) = await Get(forward);
        Assert.Equal(Range(26, 27), Messages(fresh));
        Assert.All(fresh, e => Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), e.IngestionTime));

        var (after, _, _) = await Get(next);
        Assert.Empty(after);
    }

    [Fact]
    public async Task GetEvents_EmptyStream_TokensFollowLaterEvents()
    {
        await SeedAsync(0 + 1);
        await _logs.CreateStreamAsync(Group, "empty", Ct);

        var (events, forward, backward) = await _logs.GetEventsAsync(Group, "empty", null, null, null, null, null, Ct);
        Assert.Empty(events);

        await _logs.PutEventsAsync(Group, "empty", [new InputLogEvent(5, "first"), new InputLogEvent(6, "second")], Ct);
        var (f, _, _) = await _logs.GetEventsAsync(Group, "empty", null, null, forward, null, null, Ct);
        Assert.Equal(["first", "second"], Messages(f));
        var (b, _, _) = await _logs.GetEventsAsync(Group, "empty", null, null, backward, null, null, Ct);
        Assert.Equal(["first", "second"], Messages(b));
    }

    [Fact]
    public async Task GetEvents_TimeRange_LimitsEvents()
    {
        await SeedAsync();
        // startTime is inclusive, endTime exclusive (as GetLogEvents does).
        var (events, _, _) = await Get(start: 5_000, end: 8_000, startFromHead: true);
        Assert.Equal(Range(5, 7), Messages(events));
        var (tail, _, _) = await Get(start: 5_000, end: 8_000, limit: 2);
        Assert.Equal(Range(6, 7), Messages(tail));
        var (justOne, _, _) = await Get(start: 8_000, end: 8_001);
        Assert.Equal(Range(8, 8), Messages(justOne));
        var (none, _, _) = await Get(start: 8_000, end: 8_000);
        Assert.Empty(none);
    }

    [Fact]
    public async Task GetEvents_OtherStreamsEvents_AreNotIncluded()
    {
        await SeedAsync(3);
        await _logs.CreateStreamAsync(Group, "ecs/other/1", Ct);
        await _logs.PutEventsAsync(Group, "ecs/other/1", [new InputLogEvent(1_500, "other")], Ct);

        var (events, _, _) = await Get(startFromHead: true);
        Assert.Equal(Range(1, 3), Messages(events));
    }

    [Fact]
    public async Task GetEvents_UnknownGroup_IsResourceNotFound()
    {
        await RefusedAsync(() => _logs.GetEventsAsync("/nope", Stream, null, null, null, null, null, Ct), "ResourceNotFoundException", "log group does not exist");
    }

    [Fact]
    public async Task GetEvents_UnknownStream_IsResourceNotFound()
    {
        await SeedAsync(1);
        await RefusedAsync(() => _logs.GetEventsAsync(Group, "ecs/app/missing", null, null, null, null, null, Ct), "ResourceNotFoundException", "log stream does not exist");
        // A prefix of an existing stream's name is not that stream.
        await RefusedAsync(() => _logs.GetEventsAsync(Group, "ecs/app", null, null, null, null, null, Ct), "ResourceNotFoundException", "log stream does not exist");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bad name")]
    [InlineData("bad:name")]
    [InlineData("bad*")]
    public async Task GetEvents_BadGroupName_IsInvalidParameter(string? group)
    {
        await RefusedAsync(() => _logs.GetEventsAsync(group, Stream, null, null, null, null, null, Ct), "InvalidParameterException", "logGroupName");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task GetEvents_NoStreamName_IsInvalidParameter(string? stream)
    {
        await SeedAsync(1);
        await RefusedAsync(() => _logs.GetEventsAsync(Group, stream, null, null, null, null, null, Ct), "InvalidParameterException", "logStreamName is required");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("f/1")]
    [InlineData("f/1/2/3")]
    [InlineData("x/1/2")]
    [InlineData("f/abc/2")]
    [InlineData("b/1/two")]
    [InlineData("")]
    public async Task GetEvents_BadToken_IsInvalidParameter(string token)
    {
        await SeedAsync(1);
        await RefusedAsync(() => Get(token), "InvalidParameterException", "nextToken is invalid");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task GetEvents_LimitOutOfRange_IsInvalidParameter(int limit)
    {
        await SeedAsync(1);
        await RefusedAsync(() => Get(limit: limit), "InvalidParameterException", $"Value '{limit}' at 'limit' failed to satisfy constraint");
    }

    [Theory]
    [InlineData(513, "Member must have length less than or equal to 512")]
    [InlineData(5, "Member must satisfy regular expression pattern")]
    public async Task GroupName_TooLongOrBadCharacters_AwsConstraintMessage(int length, string fragment)
    {
        var name = length == 5 ? "a b:c" : new string('a', length);

        await RefusedAsync(() => _logs.CreateGroupAsync(name, Ct), "InvalidParameterException", $"1 validation error detected: Value '{name}' at 'logGroupName'");
        await RefusedAsync(() => _logs.CreateGroupAsync(name, Ct), "InvalidParameterException", fragment);
    }

    /// <summary>Two streams; every third event of each says ERROR (10 in all).</summary>
    async Task SeedForFilterAsync()
    {
        await _logs.CreateGroupAsync(Group, Ct);
        foreach (var s in new[] { "ecs/a/1", "ecs/b/1" })
        {
            await _logs.CreateStreamAsync(Group, s, Ct);
            var offset = s == "ecs/a/1" ? 0 : 1;
            await _logs.PutEventsAsync(Group, s, Enumerable.Range(1, 15)
                .Select(i => new InputLogEvent((i * 10L) + offset, i % 3 == 0 ? $"ERROR {s} {i}" : $"INFO {s} {i}")).ToList(), Ct);
        }
    }

    [Fact]
    public async Task FilterEvents_Pattern_ReturnsMatchingEventsInTimeOrder()
    {
        await SeedForFilterAsync();
        var (events, streams, next) = await _logs.FilterEventsAsync(Group, null, null, null, null, "ERROR", null, null, Ct);

        Assert.Equal(10, events.Count);
        Assert.All(events, e => Assert.StartsWith("ERROR", e.Message, StringComparison.Ordinal));
        Assert.Equal(events.OrderBy(e => e.Timestamp).Select(e => e.Message), events.Select(e => e.Message));
        Assert.Equal(["ERROR ecs/a/1 3", "ERROR ecs/b/1 3", "ERROR ecs/a/1 6"], events.Take(3).Select(e => e.Message));
        Assert.Equal(["ecs/a/1", "ecs/b/1"], streams);
        Assert.Null(next);
    }

    [Fact]
    public async Task FilterEvents_LimitAndNextToken_PageThroughAllMatches()
    {
        await SeedForFilterAsync();
        var pages = new List<List<LogEvent>>();
        string? token = null;
        do
        {
            var (events, _, next) = await _logs.FilterEventsAsync(Group, null, null, null, null, "ERROR", token, 4, Ct);
            pages.Add(events);
            token = next;
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([4, 4, 2], pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).ToList();
        var (expected, _, _) = await _logs.FilterEventsAsync(Group, null, null, null, null, "ERROR", null, null, Ct);
        Assert.Equal(expected.Select(e => e.Id), all.Select(e => e.Id));
    }

    [Fact]
    public async Task FilterEvents_NoPattern_ReturnsEverythingAndPagesByLimit()
    {
        await SeedForFilterAsync();
        var (first, _, next) = await _logs.FilterEventsAsync(Group, null, null, null, null, null, null, 20, Ct);
        Assert.Equal(20, first.Count);
        Assert.NotNull(next);
        var (rest, _, last) = await _logs.FilterEventsAsync(Group, null, null, null, null, null, next, 20, Ct);
        Assert.Equal(10, rest.Count);
        Assert.Null(last);
        Assert.Empty(first.Select(e => e.Id).Intersect(rest.Select(e => e.Id)));
    }

    [Fact]
    public async Task FilterEvents_StreamsPrefixAndTimeRange_NarrowTheSearch()
    {
        await SeedForFilterAsync();
        var (onlyB, streams, _) = await _logs.FilterEventsAsync(Group, ["ecs/b/1"], null, null, null, "ERROR", null, null, Ct);
        Assert.Equal(5, onlyB.Count);
        Assert.All(onlyB, e => Assert.Equal("ecs/b/1", e.Stream));
        Assert.Equal(["ecs/b/1"], streams);

        var (byPrefix, _, _) = await _logs.FilterEventsAsync(Group, null, "ecs/a/", null, null, "ERROR", null, null, Ct);
        Assert.Equal(["ERROR ecs/a/1 3", "ERROR ecs/a/1 6", "ERROR ecs/a/1 9", "ERROR ecs/a/1 12", "ERROR ecs/a/1 15"], byPrefix.Select(e => e.Message));

        // FilterLogEvents keeps events at endTime itself (a9 is at 90).
        var (inRange, _, _) = await _logs.FilterEventsAsync(Group, null, null, 60, 90, "ERROR", null, null, Ct);
        Assert.Equal(["ERROR ecs/a/1 6", "ERROR ecs/b/1 6", "ERROR ecs/a/1 9"], inRange.Select(e => e.Message));
    }

    [Fact]
    public async Task FilterEvents_ComplexPattern_Applies()
    {
        await SeedForFilterAsync();
        var (events, _, _) = await _logs.FilterEventsAsync(Group, null, null, null, null, "ERROR ?ecs/a/1 ?\"b/1 1\" -15", null, null, Ct);
        Assert.Equal(["ERROR ecs/a/1 3", "ERROR ecs/a/1 6", "ERROR ecs/a/1 9", "ERROR ecs/a/1 12", "ERROR ecs/b/1 12"], events.Select(e => e.Message));
    }

    [Fact]
    public async Task FilterEvents_NothingMatches_IsEmptyWithoutToken()
    {
        await SeedForFilterAsync();
        var (events, streams, next) = await _logs.FilterEventsAsync(Group, null, null, null, null, "FATAL", null, null, Ct);
        Assert.Empty(events);
        Assert.Empty(streams);
        Assert.Null(next);
    }

    [Fact]
    public async Task FilterEvents_JsonAndSpaceDelimitedPatterns_Filter()
    {
        await _logs.CreateGroupAsync(Group, Ct);
        await _logs.CreateStreamAsync(Group, Stream, Ct);
        await _logs.PutEventsAsync(Group, Stream, [
            new(1000, """{"level":"ERROR","ms":900}"""), new(2000, """{"level":"INFO","ms":5}"""), new(3000, "GET /a 500 12"), new(4000, "GET /b 200 7"),
        ], Ct);

        var json = await _logs.FilterEventsAsync(Group, null, null, null, null, "{ $.level = ERROR || $.ms > 100 }", null, null, Ct);
        var delimited = await _logs.FilterEventsAsync(Group, null, null, null, null, "[method, path, status = 5*, bytes]", null, null, Ct);

        Assert.Equal([1000L], json.Events.Select(e => e.Timestamp));
        Assert.Equal([3000L], delimited.Events.Select(e => e.Timestamp));
    }

    [Fact]
    public async Task FilterEvents_ErrorPaths_AreRefused()
    {
        await SeedForFilterAsync();
        await RefusedAsync(() => _logs.FilterEventsAsync("/nope", null, null, null, null, null, null, null, Ct), "ResourceNotFoundException", "log group does not exist");
        await RefusedAsync(() => _logs.FilterEventsAsync("bad group", null, null, null, null, null, null, null, Ct), "InvalidParameterException", "logGroupName");
        await RefusedAsync(() => _logs.FilterEventsAsync(Group, ["ecs/a/1"], "ecs/", null, null, null, null, null, Ct), "InvalidParameterException", "cannot both be specified");
        await RefusedAsync(() => _logs.FilterEventsAsync(Group, Enumerable.Range(0, 101).Select(i => $"s{i}").ToList(), null, null, null, null, null, null, Ct), "InvalidParameterException", "At most 100");
        await RefusedAsync(() => _logs.FilterEventsAsync(Group, null, null, null, null, "{ $.x = }", null, null, Ct), "InvalidParameterException", "Invalid filter pattern");
        await RefusedAsync(() => _logs.FilterEventsAsync(Group, null, null, null, null, "\"open", null, null, Ct), "InvalidParameterException", "not closed");
        await RefusedAsync(() => _logs.FilterEventsAsync(Group, null, null, null, null, null, "not-a-token", null, Ct), "InvalidParameterException", "nextToken is invalid");
        await RefusedAsync(() => _logs.FilterEventsAsync(Group, null, null, null, null, null, null, 0, Ct), "InvalidParameterException", "limit");
    }

    [Fact]
    public async Task CreateGroup_DuplicateAndBadName_AreRefused()
    {
        await _logs.CreateGroupAsync(Group, Ct);
        await RefusedAsync(() => _logs.CreateGroupAsync(Group, Ct), "ResourceAlreadyExistsException", "already exists");
        await RefusedAsync(() => _logs.CreateGroupAsync("has space", Ct), "InvalidParameterException");
        await RefusedAsync(() => _logs.CreateGroupAsync(new string('a', 513), Ct), "InvalidParameterException");
        await _logs.CreateGroupAsync(new string('a', 512), Ct);
    }

    [Fact]
    public async Task DeleteGroup_UnknownIsNotFound_KnownIsGone()
    {
        await SeedAsync(2);
        await RefusedAsync(() => _logs.DeleteGroupAsync("/nope", Ct), "ResourceNotFoundException");
        await _logs.DeleteGroupAsync(Group, Ct);
        await RefusedAsync(() => Get(), "ResourceNotFoundException");
        await _logs.CreateGroupAsync(Group, Ct);
        await _logs.CreateStreamAsync(Group, Stream, Ct);
        Assert.Empty((await Get()).Events);
    }

    [Fact]
    public async Task CreateStream_ErrorPaths_AreRefused()
    {
        await RefusedAsync(() => _logs.CreateStreamAsync(Group, "s", Ct), "ResourceNotFoundException", "log group does not exist");
        await _logs.CreateGroupAsync(Group, Ct);
        await RefusedAsync(() => _logs.CreateStreamAsync(Group, "a:b", Ct), "InvalidParameterException", "logStreamName");
        await RefusedAsync(() => _logs.CreateStreamAsync(Group, "a*", Ct), "InvalidParameterException");
        await RefusedAsync(() => _logs.CreateStreamAsync(Group, "", Ct), "InvalidParameterException");
        await _logs.CreateStreamAsync(Group, "s", Ct);
        await RefusedAsync(() => _logs.CreateStreamAsync(Group, "s", Ct), "ResourceAlreadyExistsException");
    }

    [Fact]
    public async Task PutEvents_ErrorPaths_AreRefused()
    {
        await SeedAsync(1);
        await RefusedAsync(() => _logs.PutEventsAsync(Group, "missing", [new InputLogEvent(1, "x")], Ct), "ResourceNotFoundException", "log stream does not exist");
        await RefusedAsync(() => _logs.PutEventsAsync(Group, "ecs/app", [new InputLogEvent(1, "x")], Ct), "ResourceNotFoundException");
        await RefusedAsync(() => _logs.PutEventsAsync("/nope", Stream, [new InputLogEvent(1, "x")], Ct), "ResourceNotFoundException", "log group does not exist");
        await RefusedAsync(() => _logs.PutEventsAsync(Group, Stream, [], Ct), "InvalidParameterException", "between 1 and 10000");
        await RefusedAsync(() => _logs.PutEventsAsync(Group, Stream, null, Ct), "InvalidParameterException");
    }

    [Fact]
    public async Task PutEvents_OutOfOrderBatch_IsStoredInTimeOrder()
    {
        await SeedAsync(0 + 1);
        await _logs.PutEventsAsync(Group, Stream, [new InputLogEvent(9_000, "late"), new InputLogEvent(5_000, "early")], Ct);
        var (events, _, _) = await Get(startFromHead: true);
        Assert.Equal(["event 01", "early", "late"], Messages(events));
    }

    [Fact]
    public async Task DescribeGroups_PagesWithTokenAndFillsArns()
    {
        foreach (var g in new[] { "/ecs/a", "/ecs/b", "/ecs/c", "/other" })
            await _logs.CreateGroupAsync(g, Ct);

        var (p1, t1) = await _logs.DescribeGroupsAsync("/ecs/", null, 2, Ct);
        Assert.Equal(["/ecs/a", "/ecs/b"], p1.Select(g => g.LogGroupName));
        Assert.NotNull(t1);
        Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:/ecs/a:*", p1[0].Arn);
        Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:/ecs/a", p1[0].LogGroupArn);

        var (p2, t2) = await _logs.DescribeGroupsAsync("/ecs/", t1, 2, Ct);
        Assert.Equal(["/ecs/c"], p2.Select(g => g.LogGroupName));
        Assert.Null(t2);

        await RefusedAsync(() => _logs.DescribeGroupsAsync(null, "bad token", 2, Ct), "InvalidParameterException", "nextToken is invalid");
        await RefusedAsync(() => _logs.DescribeGroupsAsync(null, null, 51, Ct), "InvalidParameterException", "limit");
    }

    [Fact]
    public async Task DescribeStreams_OrdersPagesAndRefusesBadArguments()
    {
        await _logs.CreateGroupAsync(Group, Ct);
        foreach (var (s, ts) in new[] { ("s1", 300L), ("s2", 100L), ("s3", 200L) })
        {
            await _logs.CreateStreamAsync(Group, s, Ct);
            await _logs.PutEventsAsync(Group, s, [new InputLogEvent(ts, "x")], Ct);
        }

        var (byTime, _) = await _logs.DescribeStreamsAsync(Group, null, "LastEventTime", true, null, null, Ct);
        Assert.Equal(["s1", "s3", "s2"], byTime.Select(s => s.LogStreamName));
        Assert.Equal($"arn:aws:logs:us-east-1:123456789012:log-group:{Group}:log-stream:s1", byTime[0].Arn);

        var (p1, t1) = await _logs.DescribeStreamsAsync(Group, "s", null, false, null, 2, Ct);
        Assert.Equal(["s1", "s2"], p1.Select(s => s.LogStreamName));
        var (p2, t2) = await _logs.DescribeStreamsAsync(Group, "s", null, false, t1, 2, Ct);
        Assert.Equal(["s3"], p2.Select(s => s.LogStreamName));
        Assert.Null(t2);

        await RefusedAsync(() => _logs.DescribeStreamsAsync(Group, "x", null, false, t1, 2, Ct), "InvalidParameterException", "nextToken");
        await RefusedAsync(() => _logs.DescribeStreamsAsync(Group, null, "Name", false, null, null, Ct), "InvalidParameterException", "orderBy");
        await RefusedAsync(() => _logs.DescribeStreamsAsync(Group, "s", "LastEventTime", false, null, null, Ct), "InvalidParameterException", "LastEventTime");
        await RefusedAsync(() => _logs.DescribeStreamsAsync("/nope", null, null, false, null, null, Ct), "ResourceNotFoundException");
    }
}
