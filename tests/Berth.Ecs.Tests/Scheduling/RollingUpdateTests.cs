using Berth.Ecs.Scheduling;

namespace Berth.Ecs.Tests.Scheduling;

public sealed class RollingUpdateTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    static ServiceTaskView Task(string id, string deployment, ServiceTaskState state, int age = 0) =>
        new(id, deployment, state, T0.AddSeconds(-age));

    static List<ServiceTaskView> Many(string prefix, string deployment, ServiceTaskState state, int n) =>
        Enumerable.Range(0, n).Select(i => Task($"{prefix}{i}", deployment, state, n - i)).ToList();

    [Theory]
    [InlineData(2, 100, 2)]
    [InlineData(3, 50, 2)]
    [InlineData(1, 50, 1)]
    [InlineData(4, 75, 3)]
    [InlineData(5, 0, 0)]
    [InlineData(0, 100, 0)]
    [InlineData(7, 33, 3)]
    public void MinHealthy_RoundsUp(int desired, int percent, int expected) =>
        Assert.Equal(expected, RollingUpdate.MinHealthy(desired, percent));

    [Theory]
    [InlineData(2, 200, 4)]
    [InlineData(3, 150, 4)]
    [InlineData(1, 150, 1)]
    [InlineData(5, 120, 6)]
    [InlineData(0, 200, 0)]
    public void MaxInService_RoundsDown(int desired, int percent, int expected) =>
        Assert.Equal(expected, RollingUpdate.MaxInService(desired, percent));

    [Fact]
    public void Plan_NewService_StartsDesiredCount()
    {
        var plan = RollingUpdate.Plan(2, 100, 200, "d2", [], 0);
        Assert.Equal(2, plan.Start);
        Assert.Empty(plan.Remove);
    }

    [Fact]
    public void Plan_DefaultRollout_StartsAllNewThenStopsOldOnlyWhenNewAreHealthy()
    {
        var old = Many("o", "d1", ServiceTaskState.Healthy, 2);
        var step1 = RollingUpdate.Plan(2, 100, 200, "d2", old, 0);
        Assert.Equal(2, step1.Start);
        Assert.Empty(step1.Remove);

        var starting = old.Concat(Many("n", "d2", ServiceTaskState.Running, 2)).ToList();
        var step2 = RollingUpdate.Plan(2, 100, 200, "d2", starting, 0);
        Assert.Equal(0, step2.Start);
        Assert.Empty(step2.Remove); // the new tasks are not healthy yet: nothing old may go

        var oneHealthy = old.Concat([Task("n0", "d2", ServiceTaskState.Healthy), Task("n1", "d2", ServiceTaskState.Running)]).ToList();
        var step3 = RollingUpdate.Plan(2, 100, 200, "d2", oneHealthy, 0);
        Assert.Equal(["o0"], step3.Remove.Select(r => r.TaskId));

        var allHealthy = old.Concat(Many("n", "d2", ServiceTaskState.Healthy, 2)).ToList();
        var step4 = RollingUpdate.Plan(2, 100, 200, "d2", allHealthy, 0);
        Assert.Equal(["o0", "o1"], step4.Remove.Select(r => r.TaskId));
    }

    [Fact]
    public void Plan_MaxPercent_LimitsTasksInServiceIncludingDraining()
    {
        var old = Many("o", "d1", ServiceTaskState.Healthy, 4);
        var plan = RollingUpdate.Plan(4, 50, 125, "d2", old, 0);
        Assert.Equal(1, plan.Start); // floor(4 * 1.25) = 5 in service at most
        Assert.Equal(["o0", "o1"], plan.Remove.Select(r => r.TaskId)); // ceil(4 * 0.5) = 2 must stay healthy

        var whileDraining = RollingUpdate.Plan(4, 50, 125, "d2", old.Skip(2).ToList(), 2);
        Assert.Equal(1, whileDraining.Start);
    }

    [Fact]
    public void Plan_MinHealthyZeroMaxHundred_StopsBeforeStarting()
    {
        var old = Many("o", "d1", ServiceTaskState.Healthy, 1);
        var plan = RollingUpdate.Plan(1, 0, 100, "d2", old, 0);
        Assert.Equal(0, plan.Start);
        Assert.Equal(["o0"], plan.Remove.Select(r => r.TaskId));
        Assert.Equal(1, RollingUpdate.Plan(1, 0, 100, "d2", [], 0).Start);
    }

    [Fact]
    public void Plan_UnhealthyOldTasksGoRegardlessOfMinimum()
    {
        var tasks = new List<ServiceTaskView> { Task("o0", "d1", ServiceTaskState.Starting), Task("o1", "d1", ServiceTaskState.Healthy) };
        var plan = RollingUpdate.Plan(2, 100, 200, "d2", tasks, 0);
        Assert.Equal(["o0"], plan.Remove.Select(r => r.TaskId));
        Assert.Equal(2, plan.Start);
    }

    [Fact]
    public void Plan_ScaleIn_RemovesStartingTasksFirstThenNewest()
    {
        var tasks = new List<ServiceTaskView>
        {
            Task("h-old", "d1", ServiceTaskState.Healthy, age: 30),
            Task("h-new", "d1", ServiceTaskState.Healthy, age: 10),
            Task("s", "d1", ServiceTaskState.Starting, age: 1),
        };
        var plan = RollingUpdate.Plan(1, 100, 200, "d1", tasks, 0);
        Assert.Equal(0, plan.Start);
        Assert.Equal(["s", "h-new"], plan.Remove.Select(r => r.TaskId));
        Assert.All(plan.Remove, r => Assert.Equal("scale-in", r.Reason));
    }

    [Fact]
    public void Plan_ScaleToZero_RemovesEverything()
    {
        var tasks = Many("a", "d1", ServiceTaskState.Healthy, 3).Concat(Many("b", "d0", ServiceTaskState.Healthy, 1)).ToList();
        var plan = RollingUpdate.Plan(0, 100, 200, "d1", tasks, 0);
        Assert.Equal(0, plan.Start);
        Assert.Equal(4, plan.Remove.Count);
    }

    [Fact]
    public void Plan_FailingTaskIsReplaced()
    {
        var tasks = new List<ServiceTaskView> { Task("f", "d1", ServiceTaskState.Failing), Task("ok", "d1", ServiceTaskState.Healthy) };
        var plan = RollingUpdate.Plan(2, 100, 200, "d1", tasks, 0);
        Assert.Equal(["f"], plan.Remove.Select(r => r.TaskId));
        Assert.Equal(1, plan.Start);
    }

    [Fact]
    public void Plan_SteadyService_DoesNothing()
    {
        var plan = RollingUpdate.Plan(3, 100, 200, "d1", Many("a", "d1", ServiceTaskState.Healthy, 3), 0);
        Assert.Equal(0, plan.Start);
        Assert.Empty(plan.Remove);
    }

    [Theory]
    [InlineData(1, 100, 200)]
    [InlineData(2, 100, 200)]
    [InlineData(3, 50, 200)]
    [InlineData(4, 50, 100)]
    [InlineData(5, 0, 100)]
    [InlineData(6, 100, 150)]
    [InlineData(10, 90, 110)]
    public void Plan_RolloutSimulation_NeverBreaksBoundsAndFinishes(int desired, int min, int max)
    {
        // Tasks become healthy one step after they start; removed tasks vanish.
        var tasks = Many("o", "d1", ServiceTaskState.Healthy, desired);
        var next = 0;
        for (var step = 0; step < 100; step++)
        {
            var plan = RollingUpdate.Plan(desired, min, max, "d2", tasks, 0);
            var removed = plan.Remove.Select(r => r.TaskId).ToHashSet();
            tasks = tasks.Where(t => !removed.Contains(t.TaskId))
                .Select(t => t.State == ServiceTaskState.Starting ? t with { State = ServiceTaskState.Healthy } : t).ToList();
            Assert.True(tasks.Count(t => t.State == ServiceTaskState.Healthy) >= RollingUpdate.MinHealthy(desired, min),
                $"step {step}: fewer healthy than the minimum");
            tasks.AddRange(Enumerable.Range(0, plan.Start).Select(_ => Task($"n{next++}", "d2", ServiceTaskState.Starting)));
            Assert.True(tasks.Count <= Math.Max(desired, RollingUpdate.MaxInService(desired, max)), $"step {step}: more than the maximum in service");
            if (tasks.All(t => t.DeploymentId == "d2" && t.State == ServiceTaskState.Healthy) && tasks.Count == desired)
                return;
        }
        Assert.Fail("the rollout did not finish in 100 steps");
    }
}
