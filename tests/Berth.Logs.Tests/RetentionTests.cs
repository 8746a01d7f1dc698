using Berth.Logs.Retention;
using Berth.TestSupport;
using static Berth.Logs.Tests.LogsHarness;

namespace Berth.Logs.Tests;

public sealed class RetentionTests : IDisposable
{
    readonly LogsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(400)]
    [InlineData(3653)]
    public void Validate_AllowedValue_IsAccepted(int days)
    {
        Assert.Equal(days, RetentionDays.Validate(days));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-7)]
    [InlineData(366)]
    [InlineData(3654)]
    public void Validate_OtherValue_IsInvalidParameter(int days)
    {
        AwsAssert.Refused(() => RetentionDays.Validate(days), "InvalidParameterException", "retentionInDays", "enum value set");
    }

    [Fact]
    public void Validate_Missing_IsInvalidParameter()
    {
        AwsAssert.Refused(() => RetentionDays.Validate(null), "InvalidParameterException", "retentionInDays is required");
    }

    [Fact]
    public void Expiries_GroupsWithRetention_DeleteBeforeNowMinusDays()
    {
        var now = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        var groups = new[]
        {
            new LogGroup { LogGroupName = "/a", RetentionInDays = 7 },
            new LogGroup { LogGroupName = "/b" },
            new LogGroup { LogGroupName = "/c", RetentionInDays = 1 },
        };

        var expiries = RetentionDecisions.Expiries(groups, now);

        Assert.Equal(
            new[]
            {
                new RetentionDecisions.Expiry("/a", new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()),
                new RetentionDecisions.Expiry("/c", new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()),
            },
            expiries);
    }

    [Fact]
    public async Task PutRetention_ShowsInDescribeAndDeleteClearsIt()
    {
        await _h.GroupAsync("/app");

        await _h.Groups.PutRetentionAsync("/app", 7, Ct);
        Assert.Equal(7, (await _h.Groups.DescribeAsync("/app", null, null, Ct)).Groups.Single().RetentionInDays);

        await _h.Groups.DeleteRetentionAsync("/app", Ct);
        Assert.Null((await _h.Groups.DescribeAsync("/app", null, null, Ct)).Groups.Single().RetentionInDays);
    }

    [Fact]
    public async Task PutRetention_BadValueOrMissingGroup_IsRefusedAndChangesNothing()
    {
        await _h.GroupAsync("/app");
        await _h.Groups.PutRetentionAsync("/app", 30, Ct);

        await AwsAssert.RefusedAsync(() => _h.Groups.PutRetentionAsync("/app", 8, Ct), "InvalidParameterException", "enum value set");
        await AwsAssert.RefusedAsync(() => _h.Groups.PutRetentionAsync("/nope", 7, Ct), "ResourceNotFoundException");
        await AwsAssert.RefusedAsync(() => _h.Groups.DeleteRetentionAsync("/nope", Ct), "ResourceNotFoundException");
        await AwsAssert.RefusedAsync(() => _h.Groups.PutRetentionAsync("bad name", 7, Ct), "InvalidParameterException");

        Assert.Equal(30, (await _h.Groups.DescribeAsync("/app", null, null, Ct)).Groups.Single().RetentionInDays);
    }

    [Fact]
    public async Task Pass_DeletesEventsOlderThanRetention_AndUpdatesStoredBytes()
    {
        await _h.GroupAsync("/app", "s1");
        await _h.Logs.CreateStreamAsync("/app", "s2", Ct);
        var day = TimeSpan.FromDays(1).Ticks / TimeSpan.TicksPerMillisecond;
        var now = _h.NowMs;
        await _h.PutAsync("/app", "s1", (now - (10 * day), "old-1"), (now - (8 * day), "old-22"), (now - (2 * day), "new-1"));
        await _h.PutAsync("/app", "s2", (now - (9 * day), "old-333"));
        await _h.GroupAsync("/keep", "s");
        await _h.PutAsync("/keep", "s", (now - (100 * day), "ancient"));
        await _h.Groups.PutRetentionAsync("/app", 7, Ct);

        var deleted = await _h.Retention.PassAsync(Ct);

        Assert.Equal(3, deleted);
        var left = await _h.Events.ReadAsync(new EventQuery("/app", null, null, null, null, false, null, 100), Ct);
        Assert.Equal(["new-1"], left.Select(e => e.Message));
        var group = (await _h.Groups.DescribeAsync("/app", null, null, Ct)).Groups.Single();
        Assert.Equal("new-1".Length, group.StoredBytes);
        var streams = (await _h.Logs.DescribeStreamsAsync("/app", null, null, false, null, null, Ct)).Streams;
        Assert.Equal(now - (2 * day), streams.Single(s => s.LogStreamName == "s1").FirstEventTimestamp);
        Assert.Null(streams.Single(s => s.LogStreamName == "s2").FirstEventTimestamp);
        Assert.Equal(0, streams.Single(s => s.LogStreamName == "s2").StoredBytes);
        Assert.Single(await _h.Events.ReadAsync(new EventQuery("/keep", null, null, null, null, false, null, 100), Ct));
    }

    [Fact]
    public async Task Pass_AsTimeMovesOn_ExpiresWhatHasAged()
    {
        await _h.GroupAsync("/app", "s");
        await _h.PutAsync("/app", "s", (_h.NowMs, "today"));
        await _h.Groups.PutRetentionAsync("/app", 1, Ct);

        Assert.Equal(0, await _h.Retention.PassAsync(Ct));
        _h.Clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(1, await _h.Retention.PassAsync(Ct));
        Assert.Equal(0, await _h.Retention.PassAsync(Ct));
    }
}
