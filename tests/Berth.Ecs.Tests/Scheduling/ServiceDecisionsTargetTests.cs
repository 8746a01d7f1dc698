using Berth.Ecs.Model;
using Berth.Ecs.Scheduling;
using Berth.Elb;
using static Berth.Ecs.Tests.Scheduling.ServiceWorld;

namespace Berth.Ecs.Tests.Scheduling;

/// <summary>The pure decisions about load balancing: target registration, draining, ELB health.</summary>
public sealed class ServiceDecisionsTargetTests
{
    const string ScaleIn = "Scaling activity initiated by (deployment d1)";

    static Dictionary<string, TargetObservation> HealthyAt(params string[] ips) => ips.ToDictionary(ip => $"{ip}:8080", _ => Healthy);

    /// <summary>A service of one task (a) behind the target group, whose second task (b) has been draining since <paramref name="since"/>.</summary>
    static ServiceRecord DrainingB(DateTimeOffset since)
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED")).WithBalancer();
        rec.Draining["b"] = new DrainingTask { Since = since, Reason = ScaleIn };
        return rec;
    }

    static readonly TaskRecord[] AandB = [Task("a", "d1", ip: "10.0.0.2", age: 300), Task("b", "d1", ip: "10.0.0.3", age: 100)];

    [Fact]
    public void Compute_RunningTasks_AreRegisteredInTheTargetGroup()
    {
        var rec = Record(3, Deployment("d1", Td1)).WithBalancer();
        var plan = Compute(rec, Seen(rec, [Task("a", "d1", ip: "10.0.0.2"), Task("b", "d1", ip: "10.0.0.3"), Task("c", "d1", "PENDING")], Group()));
        var r = Assert.Single(plan.Register);
        Assert.Equal(Tg, r.TargetGroupArn);
        Assert.Equal([new TargetRef("10.0.0.2", 8080), new TargetRef("10.0.0.3", 8080)], r.Targets);
        Assert.Equal([$"registered 2 targets in (target-group {Tg})"], plan.Messages());
        Assert.Null(plan.Launch);
    }

    [Fact]
    public void Compute_TargetNotYetHealthy_HoldsCompletion_UntilTheLoadBalancerSaysHealthy()
    {
        var rec = Record(1, Deployment("d1", Td1)).WithBalancer();
        var tasks = new[] { Task("a", "d1", ip: "10.0.0.2") };
        var group = Group(Target("10.0.0.2"));
        var initial = Compute(rec, Seen(rec, tasks, group));
        Assert.Equal("IN_PROGRESS", initial.Record.Service.Deployments[0].RolloutState);
        Assert.Empty(initial.Register);
        Assert.Empty(initial.Events);

        var healthy = Compute(rec, Seen(rec, tasks, group, HealthyAt("10.0.0.2")));
        Assert.Equal("COMPLETED", healthy.Record.Service.Deployments[0].RolloutState);
        Assert.Equal(["(deployment d1) deployment completed.", "has reached a steady state."], healthy.Messages());
    }

    [Fact]
    public void Compute_DrainingTargetOfATaskInService_IsRegisteredAgain()
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED")).WithBalancer();
        var plan = Compute(rec, Seen(rec, [Task("a", "d1", ip: "10.0.0.2")], Group(Target("10.0.0.2", Now.AddSeconds(-5)))));
        Assert.Equal([new TargetRef("10.0.0.2", 8080)], Assert.Single(plan.Register).Targets);
    }

    [Fact]
    public void Compute_TargetOfAStoppedTask_IsDeregistered_UnlessItsAddressServesALiveTask()
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED")).WithBalancer();
        TaskRecord Stopped(string id, string ip) => Task(id, "d1", "STOPPED", ip: ip, desired: "STOPPED", stopCode: StopCodes.ServiceSchedulerInitiated);
        var plan = Compute(rec, Seen(rec,
            [Task("a", "d1", ip: "10.0.0.3"), Stopped("x", "10.0.0.2"), Stopped("y", "10.0.0.3"), Stopped("z", "10.0.0.4")],
            Group(Target("10.0.0.2"), Target("10.0.0.3"), Target("10.0.0.4", Now.AddSeconds(-5))), HealthyAt("10.0.0.3")));
        Assert.Equal([new TargetDeregistration(Tg, "10.0.0.2", 8080, DeregistrationCause.TaskStopped)], plan.Deregister);
        Assert.Contains($"deregistered 1 targets in (target-group {Tg})", plan.Messages());
    }

    [Fact]
    public void Compute_TaskLeavingTheService_DrainsBeforeItStops()
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED")).WithBalancer();
        var plan = Compute(rec, Seen(rec, AandB, Group(Target("10.0.0.2"), Target("10.0.0.3")), HealthyAt("10.0.0.2", "10.0.0.3")));
        Assert.Empty(plan.Stop);
        Assert.Equal(["b"], plan.Drain);
        Assert.Equal([new TargetDeregistration(Tg, "10.0.0.3", 8080, DeregistrationCause.Draining)], plan.Deregister);
        Assert.Equal(new DrainingTask { Since = Now, Reason = ScaleIn }, plan.Record.Draining["b"]);
        Assert.Equal([$"deregistered 1 targets in (target-group {Tg})", "has begun draining connections on 1 tasks."], plan.Messages());
        Assert.False(plan.Record.Steady);
    }

    [Fact]
    public void Compute_TaskLeavingTheServiceWithoutATarget_StopsAtOnce()
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED")).WithBalancer();
        var plan = Compute(rec, Seen(rec, [AandB[0], Task("s", "d1", "PENDING", age: 5)], Group(Target("10.0.0.2")), HealthyAt("10.0.0.2")));
        Assert.Equal([new TaskStop("s", StopCodes.ServiceSchedulerInitiated, ScaleIn)], plan.Stop);
        Assert.Empty(plan.Drain);
        Assert.Empty(plan.Record.Draining);
    }

    [Fact]
    public void Compute_DrainingTask_StopsOnceTheDeregistrationDelayAndSlackHavePassed()
    {
        var rec = DrainingB(Now);
        var group = Group(Target("10.0.0.2"), Target("10.0.0.3", Now));
        group.Attributes[TargetGroupAttributes.DeregistrationDelay] = "30";
        var seen = Seen(rec, AandB, group, HealthyAt("10.0.0.2"));
        var waiting = Compute(rec, seen, Now.AddSeconds(39));
        Assert.Empty(waiting.Stop);
        Assert.Empty(waiting.Register); // a draining task is not registered again
        Assert.Empty(waiting.Deregister);

        var due = Compute(rec, seen, Now.AddSeconds(30) + ServiceDecisions.DrainSlack);
        Assert.Equal([new TaskStop("b", StopCodes.ServiceSchedulerInitiated, ScaleIn)], due.Stop);
        Assert.Equal(["has stopped 1 running tasks: (task b)."], due.Messages());
        Assert.True(due.Record.Draining.ContainsKey("b")); // until it is STOPPED
    }

    [Fact]
    public void Compute_DrainingTaskLetGoByTheDataPlane_StopsAtOnce()
    {
        var rec = DrainingB(Now);
        var plan = Compute(rec, Seen(rec, AandB, Group(Target("10.0.0.2")), HealthyAt("10.0.0.2")), Now.AddSeconds(1));
        Assert.Equal(["b"], plan.Stopped());
    }

    [Fact]
    public void Compute_DrainingTaskRegisteredAgain_IsDeregisteredAgain()
    {
        var rec = DrainingB(Now.AddSeconds(-5));
        var plan = Compute(rec, Seen(rec, AandB, Group(Target("10.0.0.2"), Target("10.0.0.3")), HealthyAt("10.0.0.2", "10.0.0.3")));
        Assert.Equal([new TargetDeregistration(Tg, "10.0.0.3", 8080, DeregistrationCause.Reregistered)], plan.Deregister);
        Assert.Empty(plan.Stop);
    }

    [Fact]
    public void Compute_DrainingTaskThatStopped_LeavesTheDrainingList()
    {
        var rec = DrainingB(Now.AddSeconds(-60));
        var tasks = new[] { AandB[0], Task("b", "d1", "STOPPED", ip: "10.0.0.3", desired: "STOPPED", stopCode: StopCodes.ServiceSchedulerInitiated) };
        var plan = Compute(rec, Seen(rec, tasks, Group(Target("10.0.0.2")), HealthyAt("10.0.0.2")));
        Assert.Empty(plan.Record.Draining);
        Assert.Equal(["has reached a steady state."], plan.Messages());
    }

    [Fact]
    public void Compute_TaskFailingElbHealthChecksAfterTheGracePeriod_DrainsWithTheEcsReason()
    {
        var rec = Record(1, Deployment("d1", Td1, rollout: "COMPLETED")).WithBalancer(gracePeriodSeconds: 30);
        var why = $"Task failed ELB health checks in (target-group {Tg})";
        var group = Group(Target("10.0.0.2"));
        var sick = new Dictionary<string, TargetObservation> { ["10.0.0.2:8080"] = Unhealthy };
        var plan = Compute(rec, Seen(rec, [Task("a", "d1", ip: "10.0.0.2", age: 60)], group, sick));
        Assert.Equal(["a"], plan.Drain);
        Assert.Equal(why, plan.Record.Draining["a"].Reason);
        Assert.Equal(
        [
            $"(task a) (port 8080) is unhealthy in (target-group {Tg}) due to (reason Health checks failed).",
            $"deregistered 1 targets in (target-group {Tg})",
            "has begun draining connections on 1 tasks.",
        ], plan.Messages());
        Assert.Equal((1, 1), (plan.Record.Service.Deployments[0].FailedTasks, plan.Record.ConsecutiveFailures));
        Assert.Null(plan.Launch); // its replacement waits for the back-off

        var inGrace = Compute(rec, Seen(rec, [Task("a", "d1", ip: "10.0.0.2", age: 10)], group, sick));
        Assert.Empty(inGrace.Drain);
        Assert.Empty(inGrace.Events);
    }
}
