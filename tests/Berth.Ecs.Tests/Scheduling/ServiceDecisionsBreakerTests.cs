using Berth.Ecs.Model;
using Berth.Ecs.Scheduling;
using Berth.Ecs.Tests.Support;
using static Berth.Ecs.Tests.Scheduling.ServiceWorld;

namespace Berth.Ecs.Tests.Scheduling;

/// <summary>The pure decisions about failing tasks: the circuit breaker, its rollback, the launch back-off.</summary>
public sealed class ServiceDecisionsBreakerTests
{
    const string Unable = "is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

    /// <summary>d2 rolling out over a completed d1 with two failures counted; one more failed task of d2 is new.</summary>
    static (ServiceRecord Rec, TaskRecord[] Tasks) ThirdFailure(bool breaker = true, bool rollback = true, bool completedBefore = true)
    {
        var failing = Deployment("d2", Td2);
        failing.FailedTasks = 2;
        var rec = Record(2, failing, Deployment("d1", Td1, "ACTIVE", "COMPLETED")).WithConfig(breaker: breaker, rollback: rollback);
        if (completedBefore)
            (rec.LastCompletedTaskDefinition, rec.LastCompletedDeploymentId) = (Td1, "d1");
        (rec.ConsecutiveFailures, rec.LastFailureAt, rec.NextLaunchAt) = (2, Now.AddSeconds(-2), Now);
        rec.Accounted = ["f0", "f1"];
        TaskRecord Failed(string id) => Task(id, "d2", "STOPPED", desired: "STOPPED", stopCode: StopCodes.TaskFailedToStart);
        return (rec, [Task("o0", "d1", age: 300), Task("o1", "d1", age: 200), Failed("f0"), Failed("f1"), Failed("f2")]);
    }

    [Fact]
    public void Compute_FailuresReachTheThreshold_FailTheDeploymentAndRollBackToTheLastCompleted()
    {
        var (rec, tasks) = ThirdFailure();
        var plan = Compute(rec, Seen(rec, tasks));
        var s = plan.Record.Service;
        Assert.Equal(2, s.Deployments.Count); // the failed d2 has no tasks left: it leaves the list
        var (back, old) = (s.Deployments[0], s.Deployments[1]);
        Assert.Equal(("PRIMARY", "IN_PROGRESS", Td1), (back.Status, back.RolloutState, back.TaskDefinition));
        Assert.Equal("ECS deployment circuit breaker: rolling back to deploymentId d1.", back.RolloutStateReason);
        Assert.Equal("d1", old.Id);
        Assert.Equal(Td1, s.TaskDefinition);
        Assert.Equal(
        [
            Unable,
            "has stopped 1 running tasks: (task f2).",
            "(deployment d2) deployment failed: tasks failed to start.",
            "(deployment d2) deployment failed: rolling back to deployment d1.",
        ], plan.Messages());
        Assert.Equal((0, null), (plan.Record.ConsecutiveFailures, plan.Record.NextLaunchAt));
        Assert.Equal(new TaskLaunch(back.Id!, Td1, null, 2), plan.Launch); // the rollback starts at once
    }

    [Fact]
    public void Compute_BreakerWithoutRollback_FailsTheDeploymentAndLaunchesNoMore()
    {
        var (rec, tasks) = ThirdFailure(rollback: false);
        var plan = Compute(rec, Seen(rec, tasks), Now.AddMinutes(5));
        var primary = plan.Record.Service.Deployments[0];
        Assert.Equal(("d2", "PRIMARY", "FAILED", 3), (primary.Id, primary.Status, primary.RolloutState, primary.FailedTasks));
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", primary.RolloutStateReason);
        Assert.Contains("(deployment d2) deployment failed: tasks failed to start.", plan.Messages());
        Assert.DoesNotContain(plan.Messages(), m => m.Contains("rolling back", StringComparison.Ordinal));
        Assert.Null(plan.Launch);

        var later = Compute(plan.Record, Seen(plan.Record, tasks), Now.AddMinutes(10));
        Assert.Null(later.Launch);
        Assert.Empty(later.Events);
    }

    [Fact]
    public void Compute_NothingCompletedToRollBackTo_OnlyFailsTheDeployment()
    {
        var (rec, tasks) = ThirdFailure(completedBefore: false);
        var plan = Compute(rec, Seen(rec, tasks));
        Assert.Equal(["d2", "d1"], plan.Record.Service.Deployments.Select(d => d.Id));
        Assert.Equal("FAILED", plan.Record.Service.Deployments[0].RolloutState);
        Assert.Null(plan.Launch);
    }

    [Fact]
    public void Compute_BreakerOff_KeepsTheDeploymentInProgress_AndLaunchesAfterTheBackOff()
    {
        var (rec, tasks) = ThirdFailure(breaker: false);
        var plan = Compute(rec, Seen(rec, tasks));
        Assert.Equal(("IN_PROGRESS", 3), (plan.Record.Service.Deployments[0].RolloutState, plan.Record.Service.Deployments[0].FailedTasks));
        Assert.Equal(Now.AddSeconds(4), plan.Record.NextLaunchAt);
        Assert.Null(plan.Launch);
        Assert.Null(Compute(plan.Record, Seen(plan.Record, tasks), Now.AddSeconds(3)).Launch);
        Assert.Equal(2, Compute(plan.Record, Seen(plan.Record, tasks), Now.AddSeconds(4)).Launch!.Count);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Compute_NewFailure_SaysTheServiceIsUnableToStartTasksOnTheThirdInARow(int before, bool warned)
    {
        var rec = Record(1, Deployment("d1", Td1));
        rec.ConsecutiveFailures = before;
        var plan = Compute(rec, Seen(rec, [Task("f", "d1", "STOPPED", desired: "STOPPED", stopCode: StopCodes.TaskFailedToStart)]));
        Assert.Equal(warned, plan.Messages().Contains(Unable));
        Assert.Equal(before + 1, plan.Record.ConsecutiveFailures);
    }

    [Fact]
    public void Compute_LaunchBackOff_HoldsLaunchesUntilNextLaunchAt()
    {
        var rec = Record(1, Deployment("d1", Td1));
        (rec.ConsecutiveFailures, rec.LastFailureAt, rec.NextLaunchAt) = (2, Now, Now.AddSeconds(2));
        Assert.Null(Compute(rec, Seen(rec, []), Now.AddSeconds(1)).Launch);
        Assert.Equal(1, Compute(rec, Seen(rec, []), Now.AddSeconds(2)).Launch!.Count);
    }

    [Fact]
    public void Compute_HealthyTaskStartedAfterTheLastFailure_EndsTheRunOfFailures()
    {
        var rec = Record(2, Deployment("d1", Td1));
        (rec.ConsecutiveFailures, rec.LastFailureAt, rec.NextLaunchAt) = (3, Now.AddSeconds(-30), Now.AddSeconds(30));
        var plan = Compute(rec, Seen(rec, [Task("a", "d1", age: 10)]));
        Assert.Equal((0, null), (plan.Record.ConsecutiveFailures, plan.Record.NextLaunchAt));
        Assert.Equal(1, plan.Launch!.Count);

        var older = Compute(rec, Seen(rec, [Task("a", "d1", age: 60)])); // started before the failure: proves nothing
        Assert.Equal(3, older.Record.ConsecutiveFailures);
        Assert.Null(older.Launch);
    }

    [Fact]
    public void Compute_TaskFailingContainerHealthChecks_IsStoppedAsAFailure()
    {
        var checkedContainer = Defs.Container();
        checkedContainer.HealthCheck = Defs.Health();
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED"));
        var plan = Compute(rec, Seen(rec, [Task("a", "d1", definition: Defs.Task(checkedContainer), health: "UNHEALTHY")]));
        Assert.Equal([new TaskStop("a", StopCodes.ServiceSchedulerInitiated, "Task failed container health checks")], plan.Stop);
        Assert.Equal((1, 1), (plan.Record.Service.Deployments[0].FailedTasks, plan.Record.ConsecutiveFailures));
        Assert.Null(plan.Launch); // its replacement waits for the back-off
    }
}
