using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>StopTask sends SIGTERM, waits up to the container's stopTimeout, then SIGKILL; timestamps follow the stop.</summary>
[Trait("Requires", "Docker")]
public sealed class StopTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    /// <summary>Ignores SIGTERM (sh is PID 1; the ignored disposition survives the exec of sleep).</summary>
    const string IgnoresTerm = "trap '' TERM; sleep 300";

    static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [BerthFact]
    public async Task StopTask_ContainerTrappingSigtermExitsZero_ContainerIgnoringItIsKilledAfterStopTimeout()
    {
        if (Skipped())
            return;

        // The trapping container keeps the default 30 s stopTimeout: exit code 0 shows it stopped on SIGTERM, not SIGKILL.
        var trapperTd = await RegisterAsync("trapper", Container("app", Sleeper, stopTimeout: null));
        var ignorerTd = await RegisterAsync("ignorer", Container("app", IgnoresTerm, stopTimeout: 2));
        var trapper = await RunOneAsync(trapperTd);
        var ignorer = await RunOneAsync(ignorerTd);
        await Task.WhenAll(WaitForStatusAsync(trapper, "RUNNING"), WaitForStatusAsync(ignorer, "RUNNING"));

        var requested = await Task.WhenAll(
            Ecs.StopTaskAsync(Cluster, trapper, "stopped by the trapper test", Ct),
            Ecs.StopTaskAsync(Cluster, ignorer, "stopped by the ignorer test", Ct));
        Assert.All(requested, t => Assert.Equal("STOPPED", t.DesiredStatus));
        var stopped = await Task.WhenAll(WaitForStoppedAsync(trapper), WaitForStoppedAsync(ignorer));
        var (t1, t2) = (stopped[0], stopped[1]);

        Assert.Equal(0, t1.Container("app").ExitCode);
        Assert.Equal(137, t2.Container("app").ExitCode);
        Assert.Equal("stopped by the trapper test", t1.StoppedReason);
        Assert.Equal("stopped by the ignorer test", t2.StoppedReason);

        foreach (var t in stopped)
        {
            Assert.Equal("UserInitiated", t.StopCode);
            Assert.Equal("STOPPED", t.DesiredStatus);
            Assert.Equal("STOPPED", t.Container("app").LastStatus);
            Assert.Equal("DELETED", t.EniStatus);
            Assert.NotNull(t.StoppingAt);
            Assert.NotNull(t.ExecutionStoppedAt);
            Assert.NotNull(t.StoppedAt);
            Assert.True(t.StartedAt <= t.StoppingAt, $"startedAt > stoppingAt: {t}");
            Assert.True(t.StoppingAt <= t.ExecutionStoppedAt, $"stoppingAt > executionStoppedAt: {t}");
            Assert.True(t.ExecutionStoppedAt <= t.StoppedAt, $"executionStoppedAt > stoppedAt: {t}");
            Assert.True(t.StoppedAt - t.StoppingAt < Generous, $"the stop took {t.StoppedAt - t.StoppingAt}");
        }

        // SIGKILL came only after the 2 s stop timeout (the engine's clock is this host's, as is berthd's).
        var killed = await InspectAsync(t2, "app");
        var sinceStopping = killed.State!.FinishedAt!.Value - t2.StoppingAt!.Value;
        Assert.True(sinceStopping >= TimeSpan.FromSeconds(1.5), $"killed {sinceStopping} after stoppingAt, before the 2 s stopTimeout");
        Assert.True(sinceStopping < Generous, $"killed only {sinceStopping} after stoppingAt");
    }
}
