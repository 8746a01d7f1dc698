using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Tests.Support;
using Berth.Kernel.Controllers;
using static Berth.Ecs.Tests.Controllers.Tasks;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>The task worker's decisions once the images are pulled: create, start in dependency order, watch.</summary>
public sealed class TaskNextRunTests
{
    static RequestStop StopRequest(TaskStep step)
    {
        Assert.Equal(NextPass.Now, step.Then);
        return Assert.IsType<RequestStop>(step.Actions[^1]);
    }

    static List<string> Started(TaskStep step) => step.Actions.OfType<StartContainer>().Select(s => s.Name).ToList();

    [Fact]
    public void Next_PulledNothingCreated_CreatesEveryContainerInDependencyOrder()
    {
        var r = Pulled(Defs.Container("web").DependsOn("db", "START"), Defs.Container("db"));

        var step = TaskNext.Next(r, Seen(), Now);

        Assert.Equal(["db", "web"], step.Actions.Cast<CreateContainer>().Select(c => c.Spec.Name));
        Assert.All(step.Actions.Cast<CreateContainer>(), c => Assert.Equal(("sandbox-1", TaskArn), (c.Sandbox.Id, c.Task.TaskArn)));
        Assert.Equal(NextPass.Now, step.Then);
    }

    [Fact]
    public void Next_CreatedWithoutDependencies_StartsThemAndLooksAgainAtOnce()
    {
        var r = Pulled(Defs.Container("a"), Defs.Container("b", essential: false));

        var step = TaskNext.Next(r, Seen(Created("a"), Created("b")), Now);

        Assert.Equal([new StartContainer("a", "id-a"), new StartContainer("b", "id-b")], step.Actions);
        Assert.Equal(NextPass.Now, step.Then);
    }

    [Fact]
    public void Next_DependencyNotYetStarted_DependentWaitsAndTheTaskIsLookedAtSoon()
    {
        var r = Pulled(Defs.Container("db"), Defs.Container("web").DependsOn("db", "START"));

        var step = TaskNext.Next(r, Seen(Created("db"), Created("web")), Now);

        Assert.Equal(["db"], Started(step));
    }

    [Theory]
    [InlineData("START")]
    [InlineData("HEALTHY")]
    public void Next_DependencyRunningAsRequired_StartsTheDependent(string condition)
    {
        var r = Pulled(Defs.Container("db"), Defs.Container("web").DependsOn("db", condition));

        var step = TaskNext.Next(r, Seen(Running("db", health: "HEALTHY"), Created("web")), Now);

        Assert.Equal(["web"], Started(step));
    }

    [Theory]
    [InlineData("COMPLETE", 3)]
    [InlineData("SUCCESS", 0)]
    public void Next_DependencyExitedAsRequired_StartsTheDependent(string condition, int exitCode)
    {
        var r = Pulled(Defs.Container("init", essential: false), Defs.Container("web").DependsOn("init", condition));

        var step = TaskNext.Next(r, Seen(Exited("init", exitCode), Created("web")), Now);

        Assert.Equal(["web"], Started(step));
    }

    [Theory]
    [InlineData("COMPLETE")]
    [InlineData("SUCCESS")]
    [InlineData("HEALTHY")]
    public void Next_DependencyStillRunningWithoutHealth_DependentWaitsAndNothingIsStarted(string condition)
    {
        var r = Pulled(Defs.Container("dep", essential: false), Defs.Container("web").DependsOn("dep", condition));

        var step = TaskNext.Next(r, Seen(Running("dep"), Created("web")), Now);

        Assert.Empty(Started(step));
        Assert.IsType<RecordObserved>(Assert.Single(step.Actions));
        Assert.Equal(NextPass.In(TaskNext.Busy), step.Then);
    }

    [Fact]
    public void Next_SuccessDependencyExitedNonZero_FailsToStartSayingWhich()
    {
        var r = Pulled(Defs.Container("init", essential: false), Defs.Container("web").DependsOn("init", "SUCCESS"));

        var stop = StopRequest(TaskNext.Next(r, Seen(Exited("init", 2), Created("web")), Now));

        Assert.Equal(StopCodes.TaskFailedToStart, stop.StopCode);
        Assert.Contains("'init' exited with code 2", stop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_HealthyDependencyExited_FailsToStart()
    {
        var r = Pulled(Defs.Container("db", essential: false), Defs.Container("web").DependsOn("db", "HEALTHY"));

        var stop = StopRequest(TaskNext.Next(r, Seen(Exited("db", 0), Created("web")), Now));

        Assert.Equal(StopCodes.TaskFailedToStart, stop.StopCode);
    }

    [Fact]
    public void Next_DependsOnWaitBeyondStartTimeout_FailsToStart()
    {
        var web = Defs.Container("web").DependsOn("db", "HEALTHY");
        web.StartTimeout = 60;
        var r = Pulled(Now.AddSeconds(-61), Defs.Container("db"), web);

        var stop = StopRequest(TaskNext.Next(r, Seen(Running("db", health: "UNHEALTHY"), Created("web")), Now));

        Assert.Equal(StopCodes.TaskFailedToStart, stop.StopCode);
        Assert.Contains("within 60 seconds", stop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_DependsOnWaitWithinDefaultStartTimeout_KeepsWaiting()
    {
        var r = Pulled(Now - TaskNext.DefaultStartTimeout, Defs.Container("db"), Defs.Container("web").DependsOn("db", "HEALTHY"));

        var step = TaskNext.Next(r, Seen(Running("db", health: "UNHEALTHY"), Created("web")), Now);

        Assert.DoesNotContain(step.Actions, a => a is RequestStop);
    }

    [Fact]
    public void Next_AllRunning_CollectsStartedOutputRecordsAndLooksAgainSteadily()
    {
        var r = Pulled(Defs.Container("app").Logs("/g"), Defs.Container("side"));

        var step = TaskNext.Next(r, Seen(Running("app"), Running("side")), Now);

        Assert.Collection(step.Actions,
            a => Assert.Equal(new CollectLogs("id-app", "/g", $"ecs/app/{TaskId}"), a),
            a => Assert.IsType<RecordObserved>(a));
        Assert.Equal(NextPass.In(TaskNext.Steady), step.Then);
    }

    [Fact]
    public void Next_ContainerCreatedNotStarted_ItsOutputIsNotCollectedYet()
    {
        var r = Pulled(Defs.Container("db"), Defs.Container("web").DependsOn("db", "HEALTHY").Logs("/g"));

        var step = TaskNext.Next(r, Seen(Running("db"), Created("web")), Now);

        Assert.DoesNotContain(step.Actions, a => a is CollectLogs);
    }

    [Fact]
    public void Next_EssentialContainerExited_RecordsItThenStopsWithEssentialContainerExited()
    {
        var r = Pulled(Defs.Container("app"), Defs.Container("side")).With("RUNNING");

        var step = TaskNext.Next(r, Seen(Exited("app", 1), Running("side")), Now);

        Assert.IsType<RecordObserved>(step.Actions[0]);
        var stop = StopRequest(step);
        Assert.Equal((StopCodes.EssentialContainerExited, "Essential container in task exited"), (stop.StopCode, stop.Reason));
    }

    [Fact]
    public void Next_NonEssentialContainerExited_TaskKeepsRunning()
    {
        var r = Pulled(Defs.Container("app"), Defs.Container("once", essential: false)).With("RUNNING");

        var step = TaskNext.Next(r, Seen(Running("app"), Exited("once", 0)), Now);

        Assert.DoesNotContain(step.Actions, a => a is RequestStop);
        Assert.Equal(NextPass.In(TaskNext.Steady), step.Then);
    }

    [Fact]
    public void Next_EssentialContainerVanishedAfterStarting_StopsWithEssentialContainerExited()
    {
        var r = Pulled(Defs.Container("app"), Defs.Container("side", essential: false)).With("RUNNING");

        var stop = StopRequest(TaskNext.Next(r, Seen(Running("side")), Now));

        Assert.Equal(StopCodes.EssentialContainerExited, stop.StopCode);
        Assert.Contains("removed from the container engine: app", stop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_NonEssentialContainerVanishedAfterStarting_IsNotCreatedAgain()
    {
        var r = Pulled(Defs.Container("app"), Defs.Container("side", essential: false)).With("RUNNING");

        var step = TaskNext.Next(r, Seen(Running("app")), Now);

        Assert.DoesNotContain(step.Actions, a => a is CreateContainer or RequestStop);
    }

    [Fact]
    public void RecordObserved_EveryContainerStarted_TaskIsRunning()
    {
        var r = Pulled(Defs.Container("app"));

        var step = TaskNext.Next(r, Seen(Running("app")), Now);
        foreach (var change in step.Actions.OfType<TaskChange>())
            change.Apply(r, Now);

        Assert.Equal(("RUNNING", Now), (r.Task.LastStatus, r.Task.StartedAt));
        Assert.Equal(NextPass.In(TaskNext.Steady), step.Then);
    }
}
