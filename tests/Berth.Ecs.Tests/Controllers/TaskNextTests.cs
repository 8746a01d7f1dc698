using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Tests.Support;
using Berth.Kernel.Controllers;
using static Berth.Ecs.Tests.Controllers.Tasks;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>The task worker's decisions up to the images being pulled, and how failing passes end.</summary>
public sealed class TaskNextTests
{
    static T Single<T>(TaskStep step)
        where T : TaskAction => Assert.Single(step.Actions.OfType<T>());

    [Fact]
    public void Next_TaskGone_Done()
    {
        Assert.Equal(TaskStep.Done, TaskNext.Next(null, new TaskObserved(), Now));
        Assert.Equal(TaskLook.Nothing, TaskNext.Needs(null, null, Now));
    }

    [Fact]
    public void Next_TaskStopped_Done()
    {
        var r = New().With("STOPPED", "STOPPED");

        Assert.Equal(TaskStep.Done, TaskNext.Next(r, new TaskObserved(), Now));
    }

    [Theory]
    [InlineData("PROVISIONING", false, "RUNNING", "LogGroups")]
    [InlineData("PENDING", false, "RUNNING", "Nothing")]
    [InlineData("PENDING", true, "RUNNING", "Containers")]
    [InlineData("RUNNING", true, "RUNNING", "Containers")]
    [InlineData("PROVISIONING", false, "STOPPED", "Containers")]
    [InlineData("STOPPED", true, "STOPPED", "Nothing")]
    public void Needs_EachPhase_LooksAtWhatItDecidesOn(string lastStatus, bool pulled, string desired, string expected)
    {
        var r = (pulled ? Pulled() : New()).With(lastStatus, desired);

        Assert.Equal(Enum.Parse<TaskLook>(expected), TaskNext.Needs(r, null, Now));
    }

    [Fact]
    public void Next_ProvisioningWithoutLogs_EnsuresTheSandboxAndLooksAgainAtOnce()
    {
        var step = TaskNext.Next(New(), new TaskObserved(), Now);

        var sandbox = Assert.IsType<EnsureSandbox>(Assert.Single(step.Actions));
        Assert.Equal((TaskArn, TaskId, "c", 256, 512), (sandbox.Spec.TaskArn, sandbox.Spec.TaskId, sandbox.Spec.ClusterName, sandbox.Spec.CpuUnits, sandbox.Spec.MemoryMiB));
        Assert.Equal(NextPass.Now, step.Then);
    }

    [Fact]
    public void Next_ProvisioningLogGroupMissingAndCreatable_CreatesItOnceThenTheSandbox()
    {
        var r = New(Defs.Container("a").Logs("/g", create: true), Defs.Container("b").Logs("/g", create: true));

        var step = TaskNext.Next(r, new TaskObserved(), Now);

        Assert.Collection(step.Actions,
            a => Assert.Equal(new CreateLogGroup("/g"), a),
            a => Assert.IsType<EnsureSandbox>(a));
    }

    [Fact]
    public void Next_ProvisioningLogGroupExists_CreatesNothing()
    {
        var r = New(Defs.Container("a").Logs("/g", create: true));

        var step = TaskNext.Next(r, new TaskObserved { LogGroups = new HashSet<string> { "/g" } }, Now);

        Assert.IsType<EnsureSandbox>(Assert.Single(step.Actions));
    }

    [Fact]
    public void Next_ProvisioningLogGroupMissingNotCreatable_FailsToStartNamingTheGroup()
    {
        var r = New(Defs.Container("a").Logs("/missing"));

        var step = TaskNext.Next(r, new TaskObserved(), Now);

        var stop = Assert.IsType<RequestStop>(Assert.Single(step.Actions));
        Assert.Equal(StopCodes.TaskFailedToStart, stop.StopCode);
        Assert.StartsWith("ResourceInitializationError: ", stop.Reason, StringComparison.Ordinal);
        Assert.Contains("log group '/missing'", stop.Reason, StringComparison.Ordinal);
        Assert.Equal(NextPass.Now, step.Then);
    }

    [Fact]
    public void Provisioned_Apply_AttachesTheInterfaceWithTheSandboxAddressAndMovesToPending()
    {
        var r = New();

        new Provisioned(new Sandbox("sb", "10.0.0.7", "02:42:0a:00:00:07", "10.0.0.0/24", "10.0.0.1")).Apply(r, Now);

        Assert.Equal(("sb", "10.0.0.0/24", "10.0.0.1"), (r.SandboxId, r.SubnetCidr, r.Gateway));
        Assert.Equal(("PENDING", "CONNECTED", Now), (r.Task.LastStatus, r.Task.Connectivity, r.Task.ConnectivityAt));
        var eni = r.Task.Attachments![0];
        Assert.Equal("ATTACHED", eni.Status);
        Assert.Contains(eni.Details!, d => d.Name == "privateIPv4Address" && d.Value == "10.0.0.7");
        Assert.Contains(eni.Details!, d => d.Name == "networkInterfaceId" && d.Value == "eni-" + TaskId[..17]);
        Assert.Equal("10.0.0.7", r.Task.Containers![0].NetworkInterfaces![0].PrivateIpv4Address);
    }

    [Fact]
    public void Next_PendingNotPulled_MarksThePullStartAndPullsEachImageOnce()
    {
        var a = Defs.Container("a");
        var b = Defs.Container("b");
        var c = Defs.Container("c");
        c.Image = "busybox:1";
        var r = New(a, b, c).With("PENDING");

        var step = TaskNext.Next(r, new TaskObserved(), Now);

        Assert.IsType<PullStarted>(step.Actions[0]);
        Assert.Equal(["nginx:latest", "busybox:1"], Assert.IsType<PullImages>(step.Actions[1]).Images);
        Assert.Equal(NextPass.Now, step.Then);
    }

    [Fact]
    public void Next_PullStartedBefore_PullsWithoutMarkingItAgain()
    {
        var r = New().With("PENDING");
        r.Task.PullStartedAt = Now.AddSeconds(-5);

        var step = TaskNext.Next(r, new TaskObserved(), Now);

        Assert.IsType<PullImages>(Assert.Single(step.Actions));
    }

    [Fact]
    public void PullFailed_ImageCannotBePulled_ItsContainersSayWhyAndTheTaskFailsToStart()
    {
        var other = Defs.Container("other");
        other.Image = "busybox:1";
        var r = New(Defs.Container("app"), other).With("PENDING");

        foreach (var change in TaskNext.PullFailed("nginx:latest", "pull access denied"))
            change.Apply(r, Now);

        Assert.Equal(Now, r.Task.PullStoppedAt);
        Assert.Equal("CannotPullContainerError: pull access denied", r.Task.Containers![0].Reason);
        Assert.Null(r.Task.Containers[1].Reason);
        Assert.Equal(("STOPPED", StopCodes.TaskFailedToStart, "CannotPullContainerError: pull access denied"),
            (r.Task.DesiredStatus, r.Task.StopCode, r.Task.StoppedReason));
    }

    [Fact]
    public void Pulled_Apply_EndsThePullAndGivesEachContainerItsDigest()
    {
        var r = New().With("PENDING");

        new Pulled(new Dictionary<string, string?> { ["nginx:latest"] = "sha256:abc" }).Apply(r, Now);

        Assert.Equal(Now, r.Task.PullStoppedAt);
        Assert.Equal("sha256:abc", r.Task.Containers![0].ImageDigest);
    }

    [Fact]
    public void Next_FailingForThirtySeconds_FailsToStartWithTheErrorWithoutLooking()
    {
        var r = Pulled();
        var failing = new TaskFailing(Now - TaskNext.GiveUpAfter, "engine unreachable");

        Assert.Equal(TaskLook.Nothing, TaskNext.Needs(r, failing, Now));
        var step = TaskNext.Next(r, new TaskObserved { Failing = failing }, Now);

        var stop = Assert.IsType<RequestStop>(Assert.Single(step.Actions));
        Assert.Equal((StopCodes.TaskFailedToStart, "ResourceInitializationError: engine unreachable"), (stop.StopCode, stop.Reason));
        Assert.Equal(NextPass.Now, step.Then);
    }

    [Fact]
    public void Next_FailingForLessThanThirtySeconds_CarriesOn()
    {
        var r = Pulled();
        var failing = new TaskFailing(Now - TaskNext.GiveUpAfter + TimeSpan.FromSeconds(1), "engine unreachable");

        Assert.Equal(TaskLook.Containers, TaskNext.Needs(r, failing, Now));
        var step = TaskNext.Next(r, Seen() with { Failing = failing }, Now);

        Assert.DoesNotContain(step.Actions, a => a is RequestStop);
    }

    [Fact]
    public void Next_FailingLongWhileStopping_KeepsStopping()
    {
        var r = Pulled().With("RUNNING", "STOPPED");
        var failing = new TaskFailing(Now - TimeSpan.FromMinutes(5), "engine unreachable");

        Assert.Equal(TaskLook.Containers, TaskNext.Needs(r, failing, Now));
        var step = TaskNext.Next(r, Seen(Running("app")) with { Failing = failing }, Now);

        Single<StopContainers>(step);
    }

    [Fact]
    public void RequestStop_AlreadyStopping_FirstCauseWins()
    {
        var r = Pulled().With("RUNNING");
        Assert.True(new RequestStop(StopCodes.EssentialContainerExited, "first").Apply(r, Now));

        Assert.False(new RequestStop(StopCodes.UserInitiated, "second").Apply(r, Now.AddSeconds(1)));

        Assert.Equal((StopCodes.EssentialContainerExited, "first", Now), (r.Task.StopCode, r.Task.StoppedReason, r.Task.StoppingAt));
    }
}
