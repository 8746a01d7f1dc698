using Berth.Kernel.Controllers;
using Microsoft.Extensions.Logging;

namespace Berth.Logs.Retention;

/// <summary>
/// Makes retention act: each pass reads the groups (observe), computes each one's expiry with
/// <see cref="RetentionDecisions"/> (pure) and deletes the events older than it (apply, idempotent). Runs every
/// <see cref="Interval"/> and when a retention policy changes (<see cref="Notify"/>).
/// </summary>
public sealed class RetentionController(ILogStore store, TimeProvider clock, ILogger<RetentionController> log) : IController
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    const int Page = 500;

    readonly ControllerLoop _loop = new("log-retention", clock, log);

    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(Interval, c => PassAsync(c), ct);

    public void Notify() => _loop.Notify();

    /// <summary>One pass; returns how many events it deleted.</summary>
    public async Task<long> PassAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        long deleted = 0;
        string? after = null;
        while (true)
        {
            var groups = await store.ListGroupsAsync(null, after, Page, ct);
            foreach (var expiry in RetentionDecisions.Expiries(groups, now))
                deleted += await store.DeleteEventsBeforeAsync(expiry.Group, expiry.DeleteBefore, ct);
            if (groups.Count < Page)
                return deleted;
            after = groups[^1].LogGroupName;
        }
    }
}
