using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Tests.Support;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>A new task controller over the same store and engine (a restarted berthd) carries on: nothing lost, nothing doubled.</summary>
public sealed class TaskControllerRestartTests : IAsyncLifetime
{
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    readonly TaskControllerHarness _h = new();

    public Task InitializeAsync() => _h.StartAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    int Count(string entry) => _h.Runtime.Journal.Count(e => e == entry);

    [Fact]
    public async Task Restart_TasksRunning_AdoptedAsTheyAreAndStillManaged()
    {
        var arns = new[] { await _h.RunAsync(Defs.Container("app"), Defs.Container("side")), await _h.RunAsync(Defs.Container("app")) };
        foreach (var arn in arns)
            await _h.WaitForStatusAsync(arn, "RUNNING");
        var before = _h.Runtime.Journal.Count;
        var ids = arns.ToDictionary(a => a, a => _h.Runtime.Containers(a).Select(c => c.RuntimeId).Order().ToList());

        await _h.RestartAsync();
        await _h.LetTimePassAsync(TimeSpan.FromSeconds(15), Tick);

        Assert.Equal(before, _h.Runtime.Journal.Count);
        foreach (var arn in arns)
        {
            var r = await _h.TaskAsync(arn);
            Assert.Equal(("RUNNING", "RUNNING"), (r.Task.LastStatus, r.Task.DesiredStatus));
            Assert.Equal(ids[arn], _h.Runtime.Containers(arn).Select(c => c.RuntimeId).Order().ToList());
            Assert.All(_h.Runtime.Containers(arn), c => Assert.Equal(ContainerState.Running, c.State));
        }

        await _h.StopAsync(arns[0]);
        var stopped = await _h.WaitForStatusAsync(arns[0], "STOPPED");
        Assert.Equal(StopCodes.UserInitiated, stopped.Task.StopCode);
        Assert.Equal("RUNNING", (await _h.TaskAsync(arns[1])).Task.LastStatus);
    }

    [Fact]
    public async Task Restart_WhileADependentWaits_ItIsStartedOnceWhenItsDependencyIsHealthy()
    {
        var db = Defs.Container("db");
        db.HealthCheck = Defs.Health();
        var arn = await _h.RunAsync(db, Defs.Container("web").DependsOn("db", "HEALTHY"));
        await _h.WaitForJournalAsync("start db");

        await _h.RestartAsync();
        await _h.LetTimePassAsync(TimeSpan.FromSeconds(3), Tick);
        _h.Runtime.SetHealth(arn, "db", "HEALTHY");

        await _h.WaitForStatusAsync(arn, "RUNNING", Tick);
        Assert.Equal((1, 1, 1, 1), (Count("create db"), Count("create web"), Count("start db"), Count("start web")));
        Assert.Equal(2, _h.Runtime.Containers(arn).Count);
    }

    [Fact]
    public async Task Restart_WhileStopping_TheStopIsFinishedOnce()
    {
        _h.Runtime.IgnoreSigterm.Add("app");
        var arn = await _h.RunAsync(Defs.Container("app"));
        await _h.WaitForStatusAsync(arn, "RUNNING");
        await _h.StopAsync(arn);
        await _h.WaitForJournalAsync("sigterm app");

        await _h.RestartAsync();

        var r = await _h.WaitForStatusAsync(arn, "STOPPED", Tick);
        Assert.Equal(137, r.Task.Containers![0].ExitCode);
        Assert.Equal(1, Count($"release {Tasks.TaskIdOf(arn)}"));
    }

    [Fact]
    public async Task Restart_ContainersVanishedWhileDown_TaskStopsSayingSo()
    {
        var arn = await _h.RunAsync(Defs.Container("app"));
        await _h.WaitForStatusAsync(arn, "RUNNING");
        await _h.StopControllerAsync();

        _h.Runtime.RemoveBehindTheBack(arn);
        await _h.StartAsync();

        var r = await _h.WaitForStatusAsync(arn, "STOPPED", Tick);
        Assert.Equal(StopCodes.EssentialContainerExited, r.Task.StopCode);
        Assert.Contains("removed from the container engine: app", r.Task.StoppedReason, StringComparison.Ordinal);
        Assert.Empty(_h.Runtime.Containers(arn));
    }

    [Fact]
    public async Task Start_ContainersOfAnUnknownTask_AreRemovedAndKnownOnesKept()
    {
        var known = await _h.RunAsync(Defs.Container("app"));
        await _h.WaitForStatusAsync(known, "RUNNING");
        await _h.StopControllerAsync();
        const string unknown = "arn:aws:ecs:us-east-1:123456789012:task/c/deadbeefdeadbeefdeadbeefdeadbeef";
        _h.Runtime.AddForeign(unknown, "leftover");

        await _h.StartAsync();

        await _h.WaitForJournalAsync("remove deadbeefdeadbeefdeadbeefdeadbeef");
        Assert.Empty(_h.Runtime.Containers(unknown));
        Assert.Equal(ContainerState.Running, _h.Runtime.Container(known, "app").State);
        Assert.DoesNotContain($"remove {Tasks.TaskIdOf(known)}", _h.Runtime.Journal);
    }
}
