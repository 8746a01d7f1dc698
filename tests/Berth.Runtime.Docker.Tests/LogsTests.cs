using System.Diagnostics;
using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Runtime.Docker.Tests;

[Trait("Requires", "Docker")]
public sealed class LogsTests(DockerFixture fixture, ITestOutputHelper output) : DockerTestBase(fixture, output)
{
    [DockerFact]
    public async Task Logs_StdoutAndStderr_AreDemultiplexedWithTimestamps()
    {
        if (Skipped())
        {
            return;
        }

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var id = await RunAsync(Shell("echo out1; echo err1 >&2; echo 'héllo ✓'; echo err2 >&2; echo; echo out3"));
        Assert.Equal(0, await Engine.Containers.WaitAsync(id, Ct));

        var lines = await LogsAsync(id);

        Assert.Equal(["out1", "héllo ✓", "", "out3"], lines.Where(l => l.Stream == LogStream.Stdout).Select(l => l.Text));
        Assert.Equal(["err1", "err2"], lines.Where(l => l.Stream == LogStream.Stderr).Select(l => l.Text));
        Assert.All(lines, l => Assert.InRange(l.Timestamp, before, DateTimeOffset.UtcNow.AddSeconds(5)));
    }

    [DockerFact]
    public async Task Logs_ManyLines_TimestampsIncrease()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("for i in $(seq 1 200); do echo line-$i; done"));
        Assert.Equal(0, await Engine.Containers.WaitAsync(id, Ct));

        var lines = await LogsAsync(id);

        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"line-{i}"), lines.Select(l => l.Text));
        for (var i = 1; i < lines.Count; i++)
        {
            Assert.True(lines[i].Timestamp >= lines[i - 1].Timestamp, $"line {i} goes back in time");
        }

        Assert.True(lines[^1].Timestamp > lines[0].Timestamp);
    }

    [DockerFact]
    public async Task Logs_FollowRunningContainer_YieldsLinesInOrder()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("for i in 1 2 3 4 5; do echo line$i; sleep 0.3; done"));
        var received = new List<(LogLine Line, TimeSpan At)>();
        var clock = Stopwatch.StartNew();

        await foreach (var line in Engine.Containers.LogsAsync(id, since: null, follow: true, Ct))
        {
            received.Add((line, clock.Elapsed));
        }

        var ended = clock.Elapsed;
        Assert.Equal(["line1", "line2", "line3", "line4", "line5"], received.Select(r => r.Line.Text));
        Assert.All(received, r => Assert.Equal(LogStream.Stdout, r.Line.Stream));
        // Lines arrive as they are written, not all at the end.
        Assert.True(ended - received[0].At > TimeSpan.FromSeconds(0.6), $"first line at {received[0].At}, end at {ended}");
        Assert.False((await Engine.Containers.InspectAsync(id, Ct))?.State?.Running);
    }

    [DockerFact]
    public async Task Logs_FollowCancelled_StopsEnumeration()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("echo ready; while :; do sleep 1 & wait $!; done"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in Engine.Containers.LogsAsync(id, null, follow: true, cancel.Token))
            {
                seen.Add(line.Text);
                cancel.CancelAfter(200);
            }
        });

        Assert.Equal(["ready"], seen);
    }

    [DockerFact]
    public async Task Logs_Since_SkipsOlderLines()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("echo a; sleep 1.1; echo b; sleep 1.1; echo c"));
        Assert.Equal(0, await Engine.Containers.WaitAsync(id, Ct));
        var all = await LogsAsync(id);
        Assert.Equal(["a", "b", "c"], all.Select(l => l.Text));

        var fromB = await LogsAsync(id, since: all[1].Timestamp);
        var afterC = await LogsAsync(id, since: all[2].Timestamp.AddSeconds(1));

        Assert.Equal(["b", "c"], fromB.Select(l => l.Text));
        Assert.Empty(afterC);
    }

    [DockerFact]
    public async Task Logs_VeryLongLine_IsReassembledIntoOneLine()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("echo before; dd if=/dev/zero bs=1024 count=100 2>/dev/null | tr '\\000' x; echo; echo after"));
        Assert.Equal(0, await Engine.Containers.WaitAsync(id, Ct));

        var lines = await LogsAsync(id);

        Assert.Equal(3, lines.Count);
        Assert.Equal("before", lines[0].Text);
        Assert.Equal(100 * 1024, lines[1].Text.Length);
        Assert.True(lines[1].Text.All(c => c == 'x'));
        Assert.Equal("after", lines[2].Text);
    }

    [DockerFact]
    public async Task Logs_FinalLineWithoutNewline_IsYielded()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("echo first; printf last"));
        Assert.Equal(0, await Engine.Containers.WaitAsync(id, Ct));

        Assert.Equal(["first", "last"], (await LogsAsync(id)).Select(l => l.Text));
    }

    [DockerFact]
    public async Task Logs_TtyContainer_RawStreamIsSplitIntoLines()
    {
        if (Skipped())
        {
            return;
        }

        var id = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = Shell("echo one; echo two >&2; printf three"),
            Tty = true,
        });
        await Engine.Containers.StartAsync(id, Ct);
        Assert.Equal(0, await Engine.Containers.WaitAsync(id, Ct));

        var detected = await LogsAsync(id);
        var declared = new List<LogLine>();
        await foreach (var line in Engine.Containers.LogsAsync(id, null, follow: false, tty: true, Ct))
        {
            declared.Add(line);
        }

        Assert.Equal(["one", "two", "three"], detected.Select(l => l.Text));
        Assert.All(detected, l => Assert.Equal(LogStream.Stdout, l.Stream));
        Assert.All(detected, l => Assert.True(l.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal(detected, declared);
    }

    [DockerFact]
    public async Task Logs_MissingContainer_ThrowsNotFound()
    {
        if (Skipped())
        {
            return;
        }

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => LogsAsync(UniqueName("missing")));

        Assert.Equal(404, error.StatusCode);
    }
}
