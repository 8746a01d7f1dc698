using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Tests.Support;
using TaskStatus = Berth.Ecs.Model.TaskStatus;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>The task controller end to end over the in-memory engine: a task's life from RunTask to STOPPED.</summary>
public sealed class TaskControllerTests : IAsyncLifetime
{
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    readonly TaskControllerHarness _h = new();

    public Task InitializeAsync() => _h.StartAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    static ContainerDefinition Container(string name, bool essential = true) => Defs.Container(name, essential ? null : false);

    [Fact]
    public async Task RunTask_EngineWorks_TaskReachesRunningWithItsAddressAndStatusesNeverGoBack()
    {
        var arn = await _h.RunAsync(Container("app"), Container("side"));

        var seen = new List<TaskStatus>();
        var r = await _h.WaitForAsync(arn, t =>
        {
            seen.Add(TaskStatuses.Parse(t.Task.LastStatus));
            return t.Task.LastStatus == "RUNNING";
        }, "RUNNING");

        Assert.Equal(seen.Order(), seen);
        Assert.True(_h.Runtime.HasSandbox(arn));
        Assert.Equal("CONNECTED", r.Task.Connectivity);
        Assert.Equal("ATTACHED", r.Task.Attachments![0].Status);
        var eni = await _h.Network.FindAsync(arn, CancellationToken.None);
        Assert.NotNull(eni);
        Assert.All(r.Task.Containers!, c => Assert.Equal(("RUNNING", eni.PrivateIpAddress), (c.LastStatus, c.NetworkInterfaces![0].PrivateIpv4Address)));
        Assert.All(r.Task.Containers!, c => Assert.StartsWith("sha256:", c.ImageDigest, StringComparison.Ordinal));
        Assert.NotNull(r.Task.PullStartedAt);
        Assert.NotNull(r.Task.PullStoppedAt);
        Assert.NotNull(r.Task.StartedAt);
        Assert.Single(_h.Runtime.Journal, e => e == "pull nginx:latest");
    }

    [Fact]
    public async Task RunTask_ImageCannotBePulled_StopsWithCannotPullContainerError()
    {
        var app = Container("app");
        app.Image = "registry.invalid/missing:1";
        _h.Runtime.Unpullable.Add(app.Image);

        var arn = await _h.RunAsync(app);

        var r = await _h.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal(StopCodes.TaskFailedToStart, r.Task.StopCode);
        Assert.StartsWith("CannotPullContainerError: pull access denied", r.Task.StoppedReason, StringComparison.Ordinal);
        Assert.Equal(r.Task.StoppedReason, r.Task.Containers![0].Reason);
        Assert.Empty(_h.Runtime.Containers(arn));
        Assert.False(_h.Runtime.HasSandbox(arn));
    }

    [Fact]
    public async Task EssentialContainer_Exits_TaskStopsWithEssentialContainerExited_NonEssentialDoesNot()
    {
        var arn = await _h.RunAsync(Container("app"), Container("once", essential: false));
        await _h.WaitForStatusAsync(arn, "RUNNING");

        _h.Runtime.Exit(arn, "once", 0);
        var r = await _h.WaitForAsync(arn, t => t.Task.Containers!.Single(c => c.Name == "once").LastStatus == "STOPPED", "with 'once' stopped");
        Assert.Equal(("RUNNING", "RUNNING"), (r.Task.LastStatus, r.Task.DesiredStatus));

        _h.Runtime.Exit(arn, "app", 2);
        r = await _h.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal((StopCodes.EssentialContainerExited, "Essential container in task exited"), (r.Task.StopCode, r.Task.StoppedReason));
        Assert.Equal([2, 0], r.Task.Containers!.Select(c => c.ExitCode));
    }

    [Fact]
    public async Task DependsOn_StartCompleteSuccess_DependentStartsAfterItsDependencies()
    {
        _h.Runtime.ExitOnStart["init"] = 0;
        _h.Runtime.ExitOnStart["migrate"] = 3;
        var web = Container("web").DependsOn("db", "START").DependsOn("init", "SUCCESS").DependsOn("migrate", "COMPLETE");

        var arn = await _h.RunAsync(web, Container("db"), Container("init", essential: false), Container("migrate", essential: false));

        await _h.WaitForStatusAsync(arn, "RUNNING", Tick);
        var journal = _h.Runtime.Journal.ToList();
        var webStarted = journal.IndexOf("start web");
        Assert.All(new[] { "start db", "start init", "start migrate" }, e => Assert.InRange(journal.IndexOf(e), 0, webStarted - 1));
        Assert.Single(journal, e => e == "start web");
    }

    [Fact]
    public async Task DependsOn_Healthy_DependentWaitsUntilTheDependencyIsHealthy()
    {
        var db = Container("db");
        db.HealthCheck = Defs.Health();
        var arn = await _h.RunAsync(db, Container("web").DependsOn("db", "HEALTHY"));
        await _h.WaitForJournalAsync("start db");

        await _h.LetTimePassAsync(TimeSpan.FromSeconds(5), Tick);
        Assert.DoesNotContain("start web", _h.Runtime.Journal);
        Assert.Equal("PENDING", (await _h.TaskAsync(arn)).Task.LastStatus);

        _h.Runtime.SetHealth(arn, "db", "HEALTHY");

        var r = await _h.WaitForStatusAsync(arn, "RUNNING", Tick);
        Assert.Equal("HEALTHY", r.Task.HealthStatus);
    }

    [Fact]
    public async Task DependsOn_SuccessDependencyFails_TaskFailsToStartWithoutTheDependent()
    {
        _h.Runtime.ExitOnStart["init"] = 1;

        var arn = await _h.RunAsync(Container("init", essential: false), Container("web").DependsOn("init", "SUCCESS"));

        var r = await _h.WaitForStatusAsync(arn, "STOPPED", Tick);
        Assert.Equal(StopCodes.TaskFailedToStart, r.Task.StopCode);
        Assert.Contains("'init' exited with code 1", r.Task.StoppedReason, StringComparison.Ordinal);
        Assert.DoesNotContain("start web", _h.Runtime.Journal);
    }

    [Fact]
    public async Task StopTask_SigtermTrappedOrIgnored_TrapperExitsZeroTheOtherIsKilledAfterStopTimeout()
    {
        _h.Runtime.TrapSigterm.Add("trap");
        _h.Runtime.IgnoreSigterm.Add("stubborn");
        var stubborn = Container("stubborn");
        stubborn.StopTimeout = 10;
        var arn = await _h.RunAsync(Container("trap"), stubborn);
        await _h.WaitForStatusAsync(arn, "RUNNING");

        await _h.StopAsync(arn);
        await _h.WaitForJournalAsync("sigterm stubborn");
        _h.Clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(ContainerState.Running, _h.Runtime.Container(arn, "stubborn").State);
        Assert.NotEqual("STOPPED", (await _h.TaskAsync(arn)).Task.LastStatus);
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));

        var r = await _h.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal(StopCodes.UserInitiated, r.Task.StopCode);
        Assert.Equal([0, 137], r.Task.Containers!.Select(c => c.ExitCode));
        Assert.Contains("sigkill stubborn", _h.Runtime.Journal);
        Assert.DoesNotContain("sigkill trap", _h.Runtime.Journal);
        Assert.True(r.Task.StoppedAt - r.Task.StoppingAt >= TimeSpan.FromSeconds(10));
        Assert.False(_h.Runtime.HasSandbox(arn));
    }

    [Fact]
    public async Task StopTask_DependsOn_DependentsStopFirst()
    {
        var arn = await _h.RunAsync(Container("db"), Container("web").DependsOn("db", "START"));
        await _h.WaitForStatusAsync(arn, "RUNNING");

        await _h.StopAsync(arn);

        var r = await _h.WaitForStatusAsync(arn, "STOPPED");
        var journal = _h.Runtime.Journal.ToList();
        Assert.True(journal.IndexOf("sigterm web") < journal.IndexOf("sigterm db"), string.Join(", ", journal));
        Assert.Equal([143, 143], r.Task.Containers!.Select(c => c.ExitCode));
    }

    [Fact]
    public async Task Awslogs_ContainerPrintsAndExits_OutputReachesItsStreamBeforeStopped()
    {
        _h.Runtime.Prints["job"] = ["line-one", "line-two"];
        _h.Runtime.ExitOnStart["job"] = 0;
        var arn = await _h.RunAsync(Container("job").Logs("/berth/job", create: true));

        var r = await _h.WaitForStatusAsync(arn, "STOPPED", Tick);

        Assert.Equal(StopCodes.EssentialContainerExited, r.Task.StopCode);
        var events = await _h.LogEventsAsync("/berth/job", $"ecs/job/{Tasks.TaskIdOf(arn)}");
        Assert.Equal(["line-one", "line-two"], events);
    }

    [Fact]
    public async Task Engine_KeepsFailing_TaskStopsAfterThirtySecondsWithTheError()
    {
        _h.Runtime.SandboxFault = new InvalidOperationException("network berth0 is gone");

        var arn = await _h.RunAsync(Container("app"));

        var r = await _h.WaitForStatusAsync(arn, "STOPPED", Tick);
        Assert.Equal((StopCodes.TaskFailedToStart, "ResourceInitializationError: network berth0 is gone"), (r.Task.StopCode, r.Task.StoppedReason));
        Assert.InRange(r.Task.StoppingAt!.Value - r.Task.CreatedAt!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(32));
    }

    [Fact]
    public async Task Engine_FailsForAWhile_TaskCarriesOnOnceItRecovers()
    {
        _h.Runtime.SandboxFault = new InvalidOperationException("network berth0 is gone");
        var arn = await _h.RunAsync(Container("app"));
        await _h.LetTimePassAsync(TimeSpan.FromSeconds(10), Tick);
        Assert.Equal("PROVISIONING", (await _h.TaskAsync(arn)).Task.LastStatus);

        _h.Runtime.SandboxFault = null;

        var r = await _h.WaitForStatusAsync(arn, "RUNNING", Tick);
        Assert.Null(r.Task.StopCode);
    }

    [Fact]
    public async Task StoppedTask_PastItsRetention_IsForgottenWithItsContainers()
    {
        var arn = await _h.RunAsync(Container("app"));
        await _h.WaitForStatusAsync(arn, "RUNNING");
        await _h.StopAsync(arn);
        await _h.WaitForStatusAsync(arn, "STOPPED");

        _h.Clock.Advance(_h.Options.StoppedRetention);

        await _h.WaitForJournalAsync($"remove {Tasks.TaskIdOf(arn)}", TimeSpan.FromSeconds(1));
        Assert.Null(await _h.Store.GetAsync(EcsKinds.Tasks, Tasks.TaskIdOf(arn), default));
        Assert.Empty(_h.Runtime.Containers(arn));
    }
}
