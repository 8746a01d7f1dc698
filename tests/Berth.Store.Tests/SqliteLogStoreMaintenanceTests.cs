using Berth.Logs;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Store.Tests;

/// <summary>Stream deletion, retention, expiry and the ingestion-ordered read metric filters use.</summary>
public sealed class SqliteLogStoreMaintenanceTests : IDisposable
{
    static readonly CancellationToken Ct = CancellationToken.None;
    readonly TempDatabase _temp = new();
    readonly SqliteLogStore _store;

    public SqliteLogStoreMaintenanceTests()
    {
        _store = new SqliteLogStore(_temp.Db, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
    }

    public void Dispose() => _temp.Dispose();

    static List<InputLogEvent> Events(params (long Ts, string Message)[] e) => e.Select(x => new InputLogEvent(x.Ts, x.Message)).ToList();

    [Fact]
    public async Task DeleteStream_RemovesItsEventsOnly_SecondTimeIsFalse()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.AppendAsync("/g", "a", Events((1, "a1")), Ct);
        await _store.AppendAsync("/g", "b", Events((2, "b1")), Ct);

        Assert.True(await _store.DeleteStreamAsync("/g", "a", Ct));
        Assert.False(await _store.DeleteStreamAsync("/g", "a", Ct));

        var left = await _store.ReadAsync(new EventQuery("/g", null, null, null, null, false, null, 10), Ct);
        Assert.Equal(["b1"], left.Select(e => e.Message));
    }

    [Fact]
    public async Task SetRetention_SetsAndClears_UnknownGroupIsFalse()
    {
        await _store.CreateGroupAsync("/g", Ct);
        Assert.True(await _store.SetRetentionAsync("/g", 14, Ct));
        Assert.Equal(14, (await _store.GetGroupAsync("/g", Ct))!.RetentionInDays);
        Assert.True(await _store.SetRetentionAsync("/g", null, Ct));
        Assert.Null((await _store.GetGroupAsync("/g", Ct))!.RetentionInDays);
        Assert.False(await _store.SetRetentionAsync("/none", 1, Ct));
    }

    [Fact]
    public async Task DeleteEventsBefore_CountsBytesInUtf8_AndMovesFirstEvent()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.AppendAsync("/g", "s", Events((10, "é-old"), (20, "mid"), (30, "new")), Ct);

        Assert.Equal(2, await _store.DeleteEventsBeforeAsync("/g", 25, Ct));
        Assert.Equal(0, await _store.DeleteEventsBeforeAsync("/g", 25, Ct));

        var stream = (await _store.ListStreamsAsync("/g", null, false, false, 0, 10, Ct)).Single();
        Assert.Equal(3, stream.StoredBytes);
        Assert.Equal(30, stream.FirstEventTimestamp);
        Assert.Equal(30, stream.LastEventTimestamp);
    }

    [Fact]
    public async Task ReadIngested_IsInIdOrder_WhateverTheTimestamps()
    {
        await _store.CreateGroupAsync("/g", Ct);
        await _store.CreateGroupAsync("/h", Ct);
        var before = await _store.LastEventIdAsync(Ct);
        await _store.AppendAsync("/g", "s", Events((500, "late")), Ct);
        await _store.AppendAsync("/h", "s", Events((1, "other group")), Ct);
        await _store.AppendAsync("/g", "s", Events((100, "early but ingested after")), Ct);

        var read = await _store.ReadIngestedAsync("/g", before, 10, Ct);

        Assert.Equal(["late", "early but ingested after"], read.Select(e => e.Message));
        Assert.Equal(["early but ingested after"], (await _store.ReadIngestedAsync("/g", read[0].Id, 10, Ct)).Select(e => e.Message));
        Assert.True(await _store.LastEventIdAsync(Ct) >= read[^1].Id);
    }
}
