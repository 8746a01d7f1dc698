using Berth.Ecs.Model;
using Berth.Ecs.Scheduling;
using static Berth.Ecs.Tests.Scheduling.ServiceWorld;

namespace Berth.Ecs.Tests.Scheduling;

/// <summary>The pure decisions of one reconcile step: launching, rolling updates, scaling, replacement, completion, deletion.</summary>
public sealed class ServiceDecisionsTests
{
    [Fact]
    public void Compute_NewService_LaunchesDesiredCountCountedAsPending()
    {
        var rec = Record(2, Deployment("d1", Td1));
        var plan = Compute(rec, Seen(rec, []));
        Assert.Equal(new TaskLaunch("d1", Td1, null, 2), plan.Launch);
        Assert.Empty(plan.Stop);
        Assert.Empty(plan.Events);
        var s = plan.Record.Service;
        Assert.Equal((0, 2), (s.RunningCount, s.PendingCount));
        Assert.Equal((0, 2, Now), (s.Deployments[0].RunningCount, s.Deployments[0].PendingCount, s.Deployments[0].UpdatedAt));
        Assert.False(plan.Record.Steady);
    }

    [Fact]
    public void Compute_ManyTasksMissing_LaunchesAtMostTenPerStep()
    {
        var rec = Record(25, Deployment("d1", Td1));
        var plan = Compute(rec, Seen(rec, []));
        Assert.Equal(ServiceDecisions.MaxLaunchPerStep, plan.Launch!.Count);
        Assert.Equal(10, plan.Record.Service.PendingCount);
    }

    [Fact]
    public void Compute_SteadyService_ChangesNothing()
    {
        var rec = Record(2, Deployment("d1", Td1, rollout: "COMPLETED"));
        (rec.Service.RunningCount, rec.Service.Deployments[0].RunningCount, rec.Steady) = (2, 2, true);
        var plan = Compute(rec, Seen(rec, [Task("a", "d1"), Task("b", "d1")]));
        Assert.Null(plan.Launch);
        Assert.Empty(plan.Stop);
        Assert.Empty(plan.Register);
        Assert.Empty(plan.Deregister);
        Assert.Empty(plan.Events);
        Assert.Equal(Json(rec), Json(plan.Record)); // nothing to commit
    }

    [Fact]
    public void Compute_PrimaryTasksAllRunning_CompletesTheDeploymentAndReportsSteadyStateOnce()
    {
        var rec = Record(2, Deployment("d1", Td1));
        var tasks = new[] { Task("a", "d1"), Task("b", "d1") };
        var plan = Compute(rec, Seen(rec, tasks));
        var d = plan.Record.Service.Deployments.Single();
        Assert.Equal(("COMPLETED", "ECS deployment d1 completed."), (d.RolloutState, d.RolloutStateReason));
        Assert.Equal((Td1, "d1"), (plan.Record.LastCompletedTaskDefinition, plan.Record.LastCompletedDeploymentId));
        Assert.Equal(["(deployment d1) deployment completed.", "has reached a steady state."], plan.Messages());
        Assert.Equal(Prefix + "has reached a steady state.", plan.Record.Service.Events[0].Message);
        Assert.True(plan.Record.Steady);

        var next = Compute(plan.Record, Seen(plan.Record, tasks), Now.AddSeconds(1));
        Assert.Empty(next.Events);
    }

    [Fact]
    public void Compute_NewDeploymentWithDefaults_StartsAllNewTasksBesideTheOld()
    {
        var rec = Record(3, Deployment("d2", Td2), Deployment("d1", Td1, "ACTIVE", "COMPLETED"));
        var plan = Compute(rec, Seen(rec, [Task("o0", "d1", age: 300), Task("o1", "d1", age: 200), Task("o2", "d1", age: 100)]));
        Assert.Equal(new TaskLaunch("d2", Td2, null, 3), plan.Launch);
        Assert.Empty(plan.Stop);
        var (d2, d1) = (plan.Record.Service.Deployments[0], plan.Record.Service.Deployments[1]);
        Assert.Equal((0, 3), (d2.RunningCount, d2.PendingCount));
        Assert.Equal((3, 3), (d1.RunningCount, d1.DesiredCount));
        Assert.Equal((3, 3), (plan.Record.Service.RunningCount, plan.Record.Service.PendingCount));
    }

    [Fact]
    public void Compute_OneNewTaskHealthy_StopsOneOldTask_KeepingMinimumHealthy()
    {
        var rec = Record(2, Deployment("d2", Td2), Deployment("d1", Td1, "ACTIVE", "COMPLETED"));
        var plan = Compute(rec, Seen(rec,
            [Task("o0", "d1", age: 300), Task("o1", "d1", age: 200), Task("n0", "d2", age: 10), Task("n1", "d2", "PENDING", age: 10)]));
        Assert.Null(plan.Launch); // 4 in service: the 200 % maximum
        var stop = Assert.Single(plan.Stop);
        Assert.Equal(new TaskStop("o0", StopCodes.ServiceSchedulerInitiated, "Scaling activity initiated by (deployment d2)"), stop);
        Assert.Equal(["has stopped 1 running tasks: (task o0)."], plan.Messages());
        var (d2, d1) = (plan.Record.Service.Deployments[0], plan.Record.Service.Deployments[1]);
        Assert.Equal((1, 1), (d2.RunningCount, d2.PendingCount));
        Assert.Equal((2, 2), (d1.RunningCount, d1.DesiredCount)); // o0 counts until it is STOPPED
        Assert.Equal("IN_PROGRESS", d2.RolloutState);
    }

    [Fact]
    public void Compute_MinimumFiftyMaximumOneFifty_StopsOldAndStartsNewInOneStep()
    {
        var rec = Record(4, Deployment("d2", Td2), Deployment("d1", Td1, "ACTIVE", "COMPLETED")).WithConfig(min: 50, max: 150);
        var plan = Compute(rec, Seen(rec,
            [Task("o0", "d1", age: 400), Task("o1", "d1", age: 300), Task("o2", "d1", age: 200), Task("o3", "d1", age: 100)]));
        Assert.Equal(2, plan.Launch!.Count); // floor(4 × 1.5) = 6 in service at most
        Assert.Equal(["o0", "o1"], plan.Stopped()); // ceil(4 × 0.5) = 2 stay healthy
    }

    [Fact]
    public void Compute_OldTasksAllStopped_DropsTheOldDeploymentAndCompletes()
    {
        var rec = Record(2, Deployment("d2", Td2), Deployment("d1", Td1, "ACTIVE", "COMPLETED"));
        var plan = Compute(rec, Seen(rec,
        [
            Task("o0", "d1", "STOPPED", desired: "STOPPED", stopCode: StopCodes.ServiceSchedulerInitiated),
            Task("o1", "d1", "STOPPED", desired: "STOPPED", stopCode: StopCodes.ServiceSchedulerInitiated),
            Task("n0", "d2"), Task("n1", "d2"),
        ]));
        var d = Assert.Single(plan.Record.Service.Deployments);
        Assert.Equal(("d2", "COMPLETED"), (d.Id, d.RolloutState));
        Assert.Equal(["o0", "o1"], plan.Record.Accounted);
        Assert.Equal(["(deployment d2) deployment completed.", "has reached a steady state."], plan.Messages()); // stopped by the scheduler: no failure
    }

    [Fact]
    public void Compute_ScaleIn_StopsStartingTasksFirstThenTheNewest()
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED"));
        var plan = Compute(rec, Seen(rec, [Task("old", "d1", age: 300), Task("new", "d1", age: 100), Task("s", "d1", "PENDING", age: 5)]));
        Assert.Equal(["s", "new"], plan.Stopped());
        Assert.All(plan.Stop, s => Assert.Equal("Scaling activity initiated by (deployment d1)", s.Reason));
        Assert.Equal(["has stopped 2 running tasks: (task s) (task new)."], plan.Messages());
        Assert.Equal((2, 0), (plan.Record.Service.RunningCount, plan.Record.Service.PendingCount)); // a task asked to stop is no longer pending
        Assert.Null(plan.Launch);
    }

    [Fact]
    public void Compute_ScaleToZero_StopsEveryTaskAndLaunchesNone()
    {
        var rec = Record(0, Deployment("d1", Td1, rollout: "COMPLETED"));
        var plan = Compute(rec, Seen(rec, [Task("a", "d1", age: 200), Task("b", "d1", age: 100)]));
        Assert.Equal(["a", "b"], plan.Stopped().Order());
        Assert.Null(plan.Launch);
    }

    [Fact]
    public void Compute_DeletedService_StopsItsTasks_ThenBecomesInactiveOnceAllStopped()
    {
        var rec = Record(2, Deployment("d1", Td1, rollout: "COMPLETED"));
        rec.Service.Status = "DRAINING";
        var plan = Compute(rec, Seen(rec, [Task("a", "d1", age: 200), Task("b", "d1", age: 100)]));
        Assert.Equal(["a", "b"], plan.Stopped().Order());
        Assert.Null(plan.Launch);
        Assert.Equal("DRAINING", plan.Record.Service.Status); // until the tasks are STOPPED

        var stopped = new[] { "a", "b" }.Select(id => Task(id, "d1", "STOPPED", desired: "STOPPED", stopCode: StopCodes.ServiceSchedulerInitiated));
        var last = Compute(plan.Record, Seen(plan.Record, stopped), Now.AddSeconds(5));
        Assert.Equal("INACTIVE", last.Record.Service.Status);
        Assert.Equal(["has been deleted."], last.Messages()); // no steady state for a service being deleted
    }

    [Fact]
    public void Compute_TaskOfNoKnownDeployment_IsStoppedAsNotPartOfADeployment()
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED"));
        var plan = Compute(rec, Seen(rec, [Task("a", "d1"), Task("x", "ecs-svc/0000000000000000000")]));
        Assert.Equal([new TaskStop("x", StopCodes.ServiceSchedulerInitiated, "Task is not part of a deployment of this service")], plan.Stop);
        Assert.Null(plan.Launch); // an orphan is no task of the primary deployment: it neither fills nor blocks it
        Assert.Equal(2, plan.Record.Service.RunningCount);
        Assert.Equal(1, plan.Record.Service.Deployments[0].RunningCount);
    }

    [Fact]
    public void Compute_TaskThatStoppedOnItsOwn_IsCountedOnce_AndReplacedAfterTheBackOff()
    {
        var rec = Record(2, Deployment("d1", Td1, rollout: "COMPLETED"));
        rec.Steady = true;
        var tasks = new[] { Task("a", "d1"), Task("b", "d1", "STOPPED", desired: "STOPPED", stopCode: StopCodes.EssentialContainerExited) };
        var first = Compute(rec, Seen(rec, tasks));
        Assert.Null(first.Launch); // the first failure holds launches back for a second
        Assert.Equal(["has stopped 1 running tasks: (task b)."], first.Messages());
        var r = first.Record;
        Assert.Equal((1, 1, Now, Now.AddSeconds(1)), (r.Service.Deployments[0].FailedTasks, r.ConsecutiveFailures, r.LastFailureAt, r.NextLaunchAt));
        Assert.Equal(["b"], r.Accounted);
        Assert.False(r.Steady);

        var second = Compute(r, Seen(r, tasks), Now.AddSeconds(1));
        Assert.Equal(new TaskLaunch("d1", Td1, null, 1), second.Launch);
        Assert.Equal(1, second.Record.Service.Deployments[0].FailedTasks);
        Assert.Empty(second.Events);
    }

    [Fact]
    public void Compute_TaskStoppedByTheScheduler_IsReplacedAtOnceWithoutAFailure()
    {
        var rec = Record(2, Deployment("d1", Td1, rollout: "COMPLETED"));
        var plan = Compute(rec, Seen(rec, [Task("a", "d1"), Task("b", "d1", "STOPPED", desired: "STOPPED", stopCode: StopCodes.UserInitiated)]));
        Assert.Equal(1, plan.Launch!.Count);
        Assert.Equal(0, plan.Record.ConsecutiveFailures);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Compute_AccountedTaskNoLongerListed_IsForgotten()
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED"));
        rec.Accounted = ["gone", "b"];
        var plan = Compute(rec, Seen(rec, [Task("a", "d1"), Task("b", "d1", "STOPPED", desired: "STOPPED", stopCode: StopCodes.EssentialContainerExited)]));
        Assert.Equal(["b"], plan.Record.Accounted);
        Assert.Equal(0, plan.Record.ConsecutiveFailures); // b was counted before
    }

    [Fact]
    public void Compute_Inputs_AreLeftUnchanged()
    {
        var rec = Record(0, Deployment("d1", Td1));
        var before = Json(rec);
        var task = Task("a", "d1");
        Compute(rec, Seen(rec, [task]));
        Assert.Equal(before, Json(rec));
        Assert.Equal("RUNNING", task.Task.DesiredStatus);
    }

    [Fact]
    public void Started_AddsTheEventNamingTheLaunchedTasks_AsTheNewest()
    {
        var rec = Record(2, Deployment("d1", Td1));
        var started = ServiceDecisions.Started(rec, ["t1", "t2"], Now);
        Assert.Equal(Prefix + "has started 2 tasks: (task t1) (task t2).", started.Service.Events[0].Message);
        Assert.Empty(rec.Service.Events);
    }
}
