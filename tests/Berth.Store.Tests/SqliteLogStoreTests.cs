using Berth.Logs;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Store.Tests;

public sealed class SqliteLogStoreTests : IDisposable
{
    static readonly CancellationToken Ct = CancellationToken.None;

    readonly TempDatabase _temp = new();
    readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    SqliteLogStore _store;

    public SqliteLogStoreTests()
    {
        _store = new SqliteLogStore(_temp.Db, _clock);
    }

    public void Dispose() => _temp.Dispose();

    static EventQuery Query(string group = "/g", IReadOnlyCollection<string>? streams = null, string? prefix = null, long? start = null, long? end = null,
        bool backward = false, EventCursor? after = null, int limit = 100) =>
        new(group, streams, prefix, start, end, backward, after, limit);

    static List<InputLogEvent> Events(string stream, params long[] timestamps) =>
        timestamps.Select(t => new InputLogEvent(t, $"{stream}@{t}")).ToList();

    async Task<List<string>> Messages(EventQuery q) => (await _store.ReadAsync(q, Ct)).Select(e => e.Message).ToList();

    [Fact]
    public async Task CreateGroup_New_IsTrueAndListed()
    {
        Assert.True(await _store.CreateGroupAsync("/ecs/web", Ct));

        var g = await _store.GetGroupAsync("/ecs/web", Ct);
        Assert.NotNull(g);
        Assert.Equal("/ecs/web", g.LogGroupName);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), g.CreationTime);
        Assert.Equal(0, g.StoredBytes);
        Assert.Null(g.RetentionInDays);
        Assert.Equal("STANDARD", g.LogGroupClass);
    }

    [Fact]
    public async Task CreateGroup_Duplicate_IsFalseAndKeepsOriginal()
    {
        Assert.True(await _store.CreateGroupAsync("/g", Ct));
        var created = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await _store.CreateGroupAsync("/g", Ct));
        Assert.Equal(created, (await _store.GetGroupAsync("/g", Ct))!.CreationTime);
        Assert.Single(await _store.ListGroupsAsync(null, null, 100, Ct));
    }

    [Fact]
    public async Task GetGroup_Unknown_IsNull()
    {
        await _store.CreateGroupAsync("/g", Ct);
        Assert.Null(await _store.GetGroupAsync("/other", Ct));
        Assert.Null(await _store.GetGroupAsync("/", Ct));
    }

    [Fact]
    public async Task ListGroups_PrefixAfterAndLimit()
    {
        foreach (var g in new[] { "/ecs/b", "/ecs/a", "/lambda/x", "/ecs/c", "other" })
            await _store.CreateGroupAsync(g, Ct);

        static List<string> Names(IReadOnlyList<LogGroup> gs) => gs.Select(g => g.LogGroupName!).ToList();
        Assert.Equal(["/ecs/a", "/ecs/b", "/ecs/c", "/lambda/x", "other"], Names(await _store.ListGroupsAsync(null, null, 100, Ct)));
        Assert.Equal(["/ecs/a", "/ecs/b", "/ecs/c"], Names(await _store.ListGroupsAsync("/ecs/", null, 100, Ct)));
        Assert.Equal(["/ecs/a", "/ecs/b"], Names(await _store.ListGroupsAsync("/ecs/", null, 2, Ct)));
        Assert.Equal(["/ecs/c"], Names(await _store.ListGroupsAsync("/ecs/", "/ecs/b", 2, Ct)));
        Assert.Empty(await _store.ListGroupsAsync("/ECS/", null, 100, Ct));
    }

    [Fact]
    public async Task DeleteGroup_RemovesGroupStreamsAndEvents()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.CreateGroupAsync("/keep", Ct);
        await _store.AppendAsync("/g", "s1", Events("s1", 1, 2, 3), Ct);
        await _store.AppendAsync("/keep", "s1", Events("s1", 1), Ct);

        Assert.True(await _store.DeleteGroupAsync("/g", Ct));

        Assert.Null(await _store.GetGroupAsync("/g", Ct));
        Assert.Equal(0, _temp.Scalar("SELECT COUNT(*) FROM log_streams WHERE grp = '/g'"));
        Assert.Equal(0, _temp.Scalar("SELECT COUNT(*) FROM log_events WHERE grp = '/g'"));
        Assert.Equal(1, _temp.Scalar("SELECT COUNT(*) FROM log_events WHERE grp = '/keep'"));

        // A group made again under the same name starts empty.
        Assert.True(await _store.CreateGroupAsync("/g", Ct));
        Assert.Empty(await _store.ListStreamsAsync("/g", null, false, false, 0, 100, Ct));
        Assert.Empty(await _store.ReadAsync(Query(), Ct));
    }

    [Fact]
    public async Task DeleteGroup_Unknown_IsFalse()
    {
        Assert.False(await _store.DeleteGroupAsync("/nope", Ct));
    }

    [Fact]
    public async Task CreateStream_NeedsGroupAndRefusesDuplicate()
    {
        Assert.False(await _store.CreateStreamAsync("/missing", "s", Ct));
        await _store.CreateGroupAsync("/g", Ct);
        Assert.True(await _store.CreateStreamAsync("/g", "s", Ct));
        Assert.False(await _store.CreateStreamAsync("/g", "s", Ct));

        var s = Assert.Single(await _store.ListStreamsAsync("/g", null, false, false, 0, 100, Ct));
        Assert.Equal("s", s.LogStreamName);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), s.CreationTime);
        Assert.Null(s.FirstEventTimestamp);
        Assert.Null(s.LastEventTimestamp);
        Assert.Null(s.LastIngestionTime);
        Assert.Equal(0, s.StoredBytes);
    }

    [Fact]
    public async Task ListStreams_ByNameOrLastEvent_WithPrefixOffsetLimit()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.AppendAsync("/g", "ecs/app/1", Events("a", 300), Ct);
        await _store.AppendAsync("/g", "ecs/app/2", Events("a", 100), Ct);
        await _store.AppendAsync("/g", "ecs/db/1", Events("a", 200), Ct);
        await _store.CreateStreamAsync("/g", "empty", Ct);

        async Task<List<string>> Names(string? prefix, bool byLast, bool desc, int offset = 0, int limit = 100) =>
            (await _store.ListStreamsAsync("/g", prefix, byLast, desc, offset, limit, Ct)).Select(s => s.LogStreamName!).ToList();

        Assert.Equal(["ecs/app/1", "ecs/app/2", "ecs/db/1", "empty"], await Names(null, false, false));
        Assert.Equal(["empty", "ecs/db/1", "ecs/app/2", "ecs/app/1"], await Names(null, false, true));
        Assert.Equal(["ecs/app/1", "ecs/app/2"], await Names("ecs/app/", false, false));
        Assert.Equal(["empty", "ecs/app/2", "ecs/db/1", "ecs/app/1"], await Names(null, true, false));
        Assert.Equal(["ecs/app/1", "ecs/db/1", "ecs/app/2", "empty"], await Names(null, true, true));
        Assert.Equal(["ecs/app/2", "ecs/db/1"], await Names(null, false, false, offset: 1, limit: 2));
        Assert.Empty(await _store.ListStreamsAsync("/other", null, false, false, 0, 100, Ct));
    }

    [Fact]
    public async Task Append_UnknownGroup_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.AppendAsync("/missing", "s", Events("s", 1), Ct));
        Assert.Equal(0, _temp.Scalar("SELECT COUNT(*) FROM log_events"));
    }

    [Fact]
    public async Task Append_Empty_IsNoOp()
    {
        await _store.AppendAsync("/missing", "s", [], Ct);
        await _store.CreateGroupAsync("/g", Ct);
        await _store.AppendAsync("/g", "s", [], Ct);
        Assert.Empty(await _store.ListStreamsAsync("/g", null, false, false, 0, 100, Ct));
    }

    [Fact]
    public async Task Append_TracksBytesAndFirstLastEvent()
    {
        await _store.CreateGroupAsync("/g", Ct);
        var firstIngest = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await _store.AppendAsync("/g", "s", [new InputLogEvent(500, "hello"), new InputLogEvent(200, "héllo")], Ct);

        var s = Assert.Single(await _store.ListStreamsAsync("/g", null, false, false, 0, 10, Ct));
        Assert.Equal(200, s.FirstEventTimestamp);
        Assert.Equal(500, s.LastEventTimestamp);
        Assert.Equal(firstIngest, s.LastIngestionTime);
        Assert.Equal(5 + 6, s.StoredBytes);

        _clock.Advance(TimeSpan.FromSeconds(10));
        await _store.AppendAsync("/g", "s", [new InputLogEvent(100, "x"), new InputLogEvent(300, "yz")], Ct);
        s = Assert.Single(await _store.ListStreamsAsync("/g", null, false, false, 0, 10, Ct));
        Assert.Equal(100, s.FirstEventTimestamp);
        Assert.Equal(500, s.LastEventTimestamp);
        Assert.Equal(firstIngest + 10_000, s.LastIngestionTime);
        Assert.Equal(14, s.StoredBytes);

        await _store.AppendAsync("/g", "other", [new InputLogEvent(900, "1234567")], Ct);
        Assert.Equal(21, (await _store.GetGroupAsync("/g", Ct))!.StoredBytes);
    }

    [Fact]
    public async Task Read_ForwardAndBackward_OrdersByTimestampThenId()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.AppendAsync("/g", "s", [new InputLogEvent(30, "c"), new InputLogEvent(10, "a1"), new InputLogEvent(10, "a2"), new InputLogEvent(20, "b")], Ct);

        Assert.Equal(["a1", "a2", "b", "c"], await Messages(Query()));
        Assert.Equal(["c", "b", "a2", "a1"], await Messages(Query(backward: true)));
        Assert.Equal(["a1", "a2"], await Messages(Query(limit: 2)));
        Assert.Equal(["c", "b"], await Messages(Query(backward: true, limit: 2)));

        var all = await _store.ReadAsync(Query(), Ct);
        Assert.All(all, e => Assert.Equal("s", e.Stream));
        Assert.All(all, e => Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), e.IngestionTime));
        // Same timestamp: insertion (id) order breaks the tie; ids follow insertion, not timestamp.
        Assert.True(all[0].Id < all[1].Id);
        Assert.True(all[3].Id < all[0].Id);
    }

    [Fact]
    public async Task Read_Cursor_ReturnsStrictlyPastIt()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.AppendAsync("/g", "s", [new InputLogEvent(10, "a1"), new InputLogEvent(10, "a2"), new InputLogEvent(20, "b"), new InputLogEvent(30, "c")], Ct);
        var all = await _store.ReadAsync(Query(), Ct);
        var a1 = all[0];
        var b = all[2];

        // Past a1 in forward order: a2 has the same timestamp but a higher id.
        Assert.Equal(["a2", "b", "c"], await Messages(Query(after: new EventCursor(a1.Timestamp, a1.Id))));
        Assert.Equal(["c"], await Messages(Query(after: new EventCursor(b.Timestamp, b.Id))));
        Assert.Equal(["a2", "a1"], await Messages(Query(backward: true, after: new EventCursor(b.Timestamp, b.Id))));
        Assert.Empty(await Messages(Query(after: new EventCursor(all[^1].Timestamp, all[^1].Id))));
        Assert.Empty(await Messages(Query(backward: true, after: new EventCursor(a1.Timestamp, a1.Id))));
        Assert.Equal(["a1", "a2", "b", "c"], await Messages(Query(after: new EventCursor(long.MinValue, long.MinValue))));
        Assert.Equal(["c", "b", "a2", "a1"], await Messages(Query(backward: true, after: new EventCursor(long.MaxValue, long.MaxValue))));
    }

    [Fact]
    public async Task Read_TimeRange_IsInclusive()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.AppendAsync("/g", "s", Events("s", 10, 20, 30, 40, 50), Ct);

        Assert.Equal(["s@20", "s@30", "s@40"], await Messages(Query(start: 20, end: 40)));
        Assert.Equal(["s@40", "s@50"], await Messages(Query(start: 40)));
        Assert.Equal(["s@10", "s@20"], await Messages(Query(end: 20)));
        Assert.Equal(["s@30", "s@20"], await Messages(Query(start: 11, end: 39, backward: true)));
        Assert.Empty(await Messages(Query(start: 41, end: 49)));
    }

    [Fact]
    public async Task Read_StreamFilterAndPrefix_SelectStreams()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.CreateGroupAsync("/h", Ct);
        await _store.AppendAsync("/g", "ecs/app/1", Events("app1", 1, 4), Ct);
        await _store.AppendAsync("/g", "ecs/app/2", Events("app2", 2), Ct);
        await _store.AppendAsync("/g", "ecs/db/1", Events("db1", 3), Ct);
        await _store.AppendAsync("/h", "ecs/app/1", Events("other", 0), Ct);

        Assert.Equal(["app1@1", "app2@2", "db1@3", "app1@4"], await Messages(Query()));
        Assert.Equal(["app1@1", "app1@4"], await Messages(Query(streams: ["ecs/app/1"])));
        Assert.Equal(["app1@1", "db1@3", "app1@4"], await Messages(Query(streams: ["ecs/db/1", "ecs/app/1", "missing"])));
        Assert.Equal(["app1@1", "app2@2", "app1@4"], await Messages(Query(prefix: "ecs/app/")));
        Assert.Empty(await Messages(Query(prefix: "app")));
        Assert.Equal(["other@0"], await Messages(Query(group: "/h")));
        Assert.Empty(await Messages(Query(group: "/none")));

        var ev = (await _store.ReadAsync(Query(streams: ["ecs/db/1"]), Ct)).Single();
        Assert.Equal(("ecs/db/1", 3L, "db1@3"), (ev.Stream, ev.Timestamp, ev.Message));
    }

    [Fact]
    public async Task Logs_SurviveReopeningTheFile()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.AppendAsync("/g", "s", Events("s", 1, 2), Ct);

        _store = new SqliteLogStore(_temp.Reopen(), _clock);

        Assert.NotNull(await _store.GetGroupAsync("/g", Ct));
        Assert.Equal(["s@1", "s@2"], await Messages(Query()));
        await _store.AppendAsync("/g", "s", Events("s", 3), Ct);
        var s = Assert.Single(await _store.ListStreamsAsync("/g", null, false, false, 0, 10, Ct));
        Assert.Equal((1L, 3L), (s.FirstEventTimestamp!.Value, s.LastEventTimestamp!.Value));
    }
}
