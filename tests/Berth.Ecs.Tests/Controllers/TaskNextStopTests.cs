using Berth.Ecs.Controllers;
using Berth.Ecs.Tests.Support;
using Berth.Kernel.Controllers;
using static Berth.Ecs.Tests.Controllers.Tasks;
using TaskStatus = Berth.Ecs.Model.TaskStatus;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>The task worker's decisions once a task is asked to stop.</summary>
public sealed class TaskNextStopTests
{
    [Fact]
    public void Next_StopRequestedWhileRunning_DeactivatesAndStopsDependentsFirst()
    {
        var web = Defs.Container("web").DependsOn("db", "START");
        web.StopTimeout = 5;
        var r = Pulled(Defs.Container("db"), web).With("RUNNING", "STOPPED");

        var step = TaskNext.Next(r, Seen(Running("db"), Running("web")), Now);

        Assert.IsType<Deactivating>(step.Actions[0]);
        Assert.Equal(new AdvanceTo(TaskStatus.STOPPING), step.Actions[1]);
        var stop = Assert.IsType<StopContainers>(step.Actions[2]);
        Assert.Equal([new ContainerStop("web", "id-web", TimeSpan.FromSeconds(5))], stop.Containers);
        Assert.Equal(NextPass.Now, step.Then);
    }

    [Fact]
    public void Next_StoppingDependentsGone_StopsTheRestWithTheDefaultTimeout()
    {
        var r = Pulled(Defs.Container("db"), Defs.Container("web").DependsOn("db", "START")).With("STOPPING", "STOPPED");

        var step = TaskNext.Next(r, Seen(Running("db"), Exited("web", 143)), Now);

        var stop = Assert.IsType<StopContainers>(Assert.Single(step.Actions));
        Assert.Equal([new ContainerStop("db", "id-db", TimeSpan.FromSeconds(30))], stop.Containers);
    }

    [Fact]
    public void Next_StoppingNothingRunning_DrainsOutputRecordsReleasesTheSandboxAndIsDone()
    {
        var r = Pulled(Defs.Container("app")).With("STOPPING", "STOPPED");

        var step = TaskNext.Next(r, Seen(Exited("app", 0)), Now);

        Assert.Collection(step.Actions,
            a => Assert.Equal(["id-app"], Assert.IsType<DrainLogs>(a).RuntimeIds),
            a => Assert.IsType<ExecutionStopped>(a),
            a => Assert.Equal(new ReleaseSandbox(TaskArn), a),
            a => Assert.IsType<Deprovisioned>(a));
        Assert.True(step.Then.IsDone);
    }

    [Fact]
    public void Next_StopRequestedBeforeProvisioning_GoesStraightToStopped()
    {
        var r = New().With("PROVISIONING", "STOPPED");

        var step = TaskNext.Next(r, Seen(), Now);
        foreach (var change in step.Actions.OfType<TaskChange>())
            change.Apply(r, Now);

        Assert.Equal("STOPPED", r.Task.LastStatus);
        Assert.Equal((Now, Now, Now), (r.Task.StoppingAt, r.Task.ExecutionStoppedAt, r.Task.StoppedAt));
        Assert.True(r.Deprovisioned);
        Assert.Equal("DELETED", r.Task.Attachments![0].Status);
        Assert.True(step.Then.IsDone);
    }

    [Fact]
    public void ExecutionStopped_Apply_RecordsExitCodesAndStopsEveryContainer()
    {
        var r = Pulled(Defs.Container("app"), Defs.Container("never", essential: false)).With("STOPPING", "STOPPED");

        new ExecutionStopped(Seen(Exited("app", 137)).Containers).Apply(r, Now);

        Assert.Equal("DEPROVISIONING", r.Task.LastStatus);
        Assert.Equal(137, r.Task.Containers![0].ExitCode);
        Assert.All(r.Task.Containers, c => Assert.Equal("STOPPED", c.LastStatus));
    }

    [Fact]
    public void AdvanceTo_Backwards_IsIgnored()
    {
        var r = Pulled().With("DEPROVISIONING", "STOPPED");

        Assert.False(new AdvanceTo(TaskStatus.STOPPING).Apply(r, Now));
        Assert.False(new Deactivating().Apply(r, Now));

        Assert.Equal("DEPROVISIONING", r.Task.LastStatus);
    }
}
