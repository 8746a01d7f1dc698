using System.Diagnostics;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>lastStatus only ever moves forward through the ECS lifecycle.</summary>
[Trait("Requires", "Docker")]
public sealed class LifecycleTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    [BerthFact]
    public async Task RunAndStopTask_ObservedLastStatuses_NeverGoBackwards()
    {
        if (Skipped())
            return;

        var td = await RegisterAsync("lifecycle", Container("app", Sleeper), Container("side", Sleeper));
        var arn = await RunOneAsync(td);

        var seen = new List<string>();
        var containerSeen = new Dictionary<string, List<string>>();
        var stopRequested = false;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var task = await DescribeAsync(arn);
            var status = task.LastStatus ?? "(none)";
            if (seen.Count == 0 || seen[^1] != status)
                seen.Add(status);
            foreach (var c in task.Containers)
            {
                var list = containerSeen.TryGetValue(c.Name!, out var l) ? l : containerSeen[c.Name!] = [];
                if (list.Count == 0 || list[^1] != c.LastStatus)
                    list.Add(c.LastStatus ?? "(none)");
            }
            if (task.IsStopped)
                break;
            if (status == "RUNNING" && !stopRequested)
            {
                await Ecs.StopTaskAsync(Cluster, arn, ct: Ct);
                stopRequested = true;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"the task did not run and stop within 120 s; statuses seen: {string.Join(" → ", seen)}");
            await Task.Delay(100, Ct);
        }

        var observed = string.Join(" → ", seen);
        Output.WriteLine($"task: {observed}");
        Assert.All(seen, s => Assert.True(TaskView.Rank(s) >= 0, $"unknown lastStatus {s} in {observed}"));
        for (var i = 1; i < seen.Count; i++)
            Assert.True(TaskView.Rank(seen[i]) > TaskView.Rank(seen[i - 1]), $"lastStatus went backwards: {observed}");
        Assert.Contains("RUNNING", seen);
        Assert.Equal("STOPPED", seen[^1]);

        string[] containerOrder = ["PENDING", "RUNNING", "STOPPED"];
        foreach (var (name, statuses) in containerSeen)
        {
            var text = string.Join(" → ", statuses);
            Output.WriteLine($"{name}: {text}");
            for (var i = 1; i < statuses.Count; i++)
                Assert.True(Array.IndexOf(containerOrder, statuses[i]) > Array.IndexOf(containerOrder, statuses[i - 1]), $"{name} lastStatus went backwards: {text}");
            Assert.Equal("STOPPED", statuses[^1]);
        }
    }
}
