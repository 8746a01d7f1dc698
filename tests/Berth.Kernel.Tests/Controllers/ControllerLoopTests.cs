using System.Diagnostics.Metrics;
using Berth.Kernel.Controllers;
using Berth.Kernel.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Kernel.Tests.Controllers;

/// <summary>
/// The loop over a fake clock. A pass the clock starts (at start, or when <see cref="FakeTimeProvider.Advance"/> fires
/// the loop's timer) runs before the call returns; one a notify starts runs on the thread pool and is awaited.
/// </summary>
public sealed class ControllerLoopTests : IDisposable
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    readonly FakeTimeProvider _clock = new();
    readonly ListLogger _log = new();
    readonly CancellationTokenSource _stop = new();
    readonly ControllerLoop _loop;
    readonly string _name = $"test-{Guid.NewGuid():N}";
    readonly SemaphoreSlim _passed = new(0);
    int _passes;

    public ControllerLoopTests() => _loop = new ControllerLoop(_name, _clock, _log);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    Task Counting(CancellationToken ct)
    {
        Interlocked.Increment(ref _passes);
        _passed.Release();
        return Task.CompletedTask;
    }

    Task RunCounting() => _loop.RunAsync(Interval, Counting, _stop.Token);

    async Task WaitForPassesAsync(int count)
    {
        while (Volatile.Read(ref _passes) < count)
            Assert.True(await _passed.WaitAsync(Patience), $"pass {count} did not come (passes: {_passes})");
    }

    [Fact]
    public void RunAsync_Started_RunsAPassAtOnce()
    {
        _ = RunCounting();

        Assert.Equal(1, _passes);
    }

    [Fact]
    public async Task RunAsync_IntervalPasses_RunsAgainThenAndNotBefore()
    {
        _ = RunCounting();

        _clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _passes);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForPassesAsync(2);
        _clock.Advance(Interval);
        await WaitForPassesAsync(3);
    }

    [Fact]
    public async Task Notify_DuringTheWait_RunsAPassWithoutTimeMoving()
    {
        _ = RunCounting();

        _loop.Notify();

        await WaitForPassesAsync(2);
        Assert.Equal(_clock.Start, _clock.GetUtcNow());
    }

    [Fact]
    public async Task Notify_BeforeTheLoopRuns_IsCoveredByTheFirstPass()
    {
        _loop.Notify();
        _loop.Notify();

        var run = RunCounting();
        await _stop.CancelAsync();
        await run;

        Assert.Equal(1, _passes);
    }

    [Fact]
    public async Task Notify_ManyTimesDuringAPass_MakeExactlyOneMorePass()
    {
        var entered = new SemaphoreSlim(0);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = _loop.RunAsync(Interval, async ct =>
        {
            if (Interlocked.Increment(ref _passes) == 2)
            {
                entered.Release();
                await gate.Task;
            }
            _passed.Release();
        }, _stop.Token);

        _loop.Notify();
        Assert.True(await entered.WaitAsync(Patience), "the notified pass did not start");
        for (var i = 0; i < 5; i++)
            _loop.Notify();
        gate.SetResult();
        await WaitForPassesAsync(3);
        await _stop.CancelAsync();
        await run;

        Assert.Equal(3, _passes);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWaiting_EndsQuietly()
    {
        var run = RunCounting();

        await _stop.CancelAsync();

        await run.WaitAsync(Patience);
        Assert.True(run.IsCompletedSuccessfully);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringAPass_EndsQuietly()
    {
        var entered = new SemaphoreSlim(0);
        var run = _loop.RunAsync(Interval, async ct =>
        {
            entered.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, _clock, ct);
        }, _stop.Token);
        Assert.True(await entered.WaitAsync(Patience));

        await _stop.CancelAsync();

        await run.WaitAsync(Patience);
        Assert.True(run.IsCompletedSuccessfully);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task RunAsync_PassThrows_LogsCountsAndRunsAgainAfterTheInterval()
    {
        var errors = 0L;
        using var meter = new MeterListener();
        meter.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == ControllerMetrics.MeterName && i.Name == "berth.controller.errors")
                l.EnableMeasurementEvents(i);
        };
        meter.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "controller" && (string?)tag.Value == _name)
                    Interlocked.Add(ref errors, value);
            }
        });
        meter.Start();

        _ = _loop.RunAsync(Interval, ct =>
        {
            if (Interlocked.Increment(ref _passes) == 1)
                throw new InvalidOperationException("broken");
            _passed.Release();
            return Task.CompletedTask;
        }, _stop.Token);
        _clock.Advance(Interval);
        await WaitForPassesAsync(2);

        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<InvalidOperationException>(entry.Error);
        Assert.Contains(_name, entry.Message, StringComparison.Ordinal);
        Assert.Equal(1, Interlocked.Read(ref errors));
    }

    [Fact]
    public async Task RunAsync_PassCancelledByAnotherToken_IsAFailureNotTheEnd()
    {
        _ = _loop.RunAsync(Interval, ct =>
        {
            if (Interlocked.Increment(ref _passes) == 1)
                throw new OperationCanceledException("a request timed out");
            _passed.Release();
            return Task.CompletedTask;
        }, _stop.Token);

        _clock.Advance(Interval);

        await WaitForPassesAsync(2);
        Assert.IsType<OperationCanceledException>(Assert.Single(_log.Entries).Error);
    }

    [Fact]
    public async Task RunAsync_PassAsksForItsOwnWait_RunsAgainThen()
    {
        var wait = TimeSpan.FromMilliseconds(250);
        _ = _loop.RunAsync(ct =>
        {
            Interlocked.Increment(ref _passes);
            _passed.Release();
            return Task.FromResult(NextPass.In(wait));
        }, _ => NextPass.Done, _stop.Token);

        _clock.Advance(wait - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _passes);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForPassesAsync(2);
    }

    [Fact]
    public async Task RunAsync_PassSaysDone_Ends()
    {
        var run = _loop.RunAsync(ct => Task.FromResult(Interlocked.Increment(ref _passes) < 3 ? NextPass.Now : NextPass.Done), _ => NextPass.Done, _stop.Token);

        await run.WaitAsync(Patience);

        Assert.Equal(3, _passes);
    }

    [Fact]
    public async Task RunAsync_PassFails_WaitsWhatOnErrorSays()
    {
        var retry = TimeSpan.FromSeconds(1);
        _ = _loop.RunAsync(ct =>
        {
            Interlocked.Increment(ref _passes);
            _passed.Release();
            throw new InvalidOperationException("still broken");
        }, _ => NextPass.In(retry), _stop.Token);

        _clock.Advance(retry);
        await WaitForPassesAsync(2);
        _clock.Advance(retry);
        await WaitForPassesAsync(3);
    }

    [Fact]
    public void NextPass_Default_IsDone()
    {
        Assert.True(default(NextPass).IsDone);
        Assert.Equal(TimeSpan.Zero, NextPass.In(TimeSpan.FromSeconds(-1)).Wait);
        Assert.Equal(TimeSpan.Zero, NextPass.Now.Wait);
    }
}
