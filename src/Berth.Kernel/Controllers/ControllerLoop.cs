using Berth.Kernel.Observability;
using Microsoft.Extensions.Logging;

namespace Berth.Kernel.Controllers;

/// <summary>
/// The loop every controller runs: a pass at once, then the next one when the wait the pass asked for is over or
/// someone called <see cref="Notify"/>, whichever comes first. Notifies coalesce: any number of them during a pass
/// or a wait make one more pass, which starts after them, so it sees what they announced. Waits go through the
/// injected <see cref="TimeProvider"/> (tests move time with a fake one). Each pass is timed and a failed one is
/// counted (<see cref="ControllerMetrics"/>) and logged; the loop carries on. It ends only when its token is
/// cancelled or a pass says it is done.
/// </summary>
public sealed partial class ControllerLoop(string name, TimeProvider clock, ILogger logger)
{
    TaskCompletionSource _wake = NewSignal();

    /// <summary>The controller's name in metrics and logs.</summary>
    public string Name => name;

    /// <summary>What this loop is about when there are many of one controller (a task id), for the logs.</summary>
    public string? Subject { get; init; }

    /// <summary>Asks for a pass now; cheap, callable from any thread at any time (also before the loop runs).</summary>
    public void Notify() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Runs <paramref name="pass"/> at once and then every <paramref name="interval"/> (sooner when notified).</summary>
    public Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> pass, CancellationToken ct) =>
        RunAsync(async c =>
        {
            await pass(c).ConfigureAwait(false);
            return NextPass.In(interval);
        }, _ => NextPass.In(interval), ct);

    /// <summary>
    /// Runs <paramref name="pass"/> until it says it is done; after a failed pass <paramref name="onError"/> says when to try again.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task<NextPass>> pass, Func<Exception, NextPass> onError, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Rearm();
            NextPass next;
            try
            {
                using (ControllerMetrics.Pass(name))
                    next = await pass(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ControllerMetrics.RecordError(name);
                if (Subject is null)
                    LogPassFailed(logger, e, name);
                else
                    LogPassFailedFor(logger, e, name, Subject);
                next = onError(e);
            }
            if (next.Wait is not { } wait)
                return;
            await WaitAsync(wait, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A notify that came before this pass started is covered by it; one that comes later makes another.</summary>
    void Rearm()
    {
        var current = Volatile.Read(ref _wake);
        if (current.Task.IsCompleted)
            Interlocked.CompareExchange(ref _wake, NewSignal(), current);
    }

    /// <summary>Until the wait is over, a notify, or cancellation; never throws.</summary>
    async Task WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        var woken = Volatile.Read(ref _wake).Task;
        if (wait <= TimeSpan.Zero || woken.IsCompleted)
            return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(woken, Task.Delay(wait, clock, stop.Token)).ConfigureAwait(false);
        stop.Cancel(); // drops the timer when a notify won
    }

    // Continuations run asynchronously so that Notify never runs a pass on its caller's thread.
    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller {Controller} pass failed; it will be retried")]
    static partial void LogPassFailed(ILogger logger, Exception e, string controller);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller {Controller} pass for {Subject} failed; it will be retried")]
    static partial void LogPassFailedFor(ILogger logger, Exception e, string controller, string subject);
}
