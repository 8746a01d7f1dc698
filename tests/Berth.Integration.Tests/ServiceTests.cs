using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>ECS services on the real engine: the scheduler keeps the desired count through scaling, outside kills and berthd crashes.</summary>
[Trait("Requires", "Docker")]
public sealed class ServiceTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    async Task<JsonElement> DescribeServiceAsync(string name) =>
        (await Ecs.EcsAsync("DescribeServices", new JsonObject { ["cluster"] = Cluster, ["services"] = new JsonArray(name) }, Ct)).GetProperty("services")[0].Clone();

    async Task<List<string>> ServiceTasksAsync(string name)
    {
        var list = await Ecs.EcsAsync("ListTasks", new JsonObject { ["cluster"] = Cluster, ["serviceName"] = name }, Ct);
        var arns = list.GetProperty("taskArns").EnumerateArray().Select(a => a.GetString()!).ToList();
        foreach (var a in arns)
            Fixture.Track(a);
        return arns;
    }

    async Task WaitForCountAsync(string name, int running, TimeSpan? timeout = null) =>
        await EventuallyAsync(async () => (await DescribeServiceAsync(name), await ServiceTasksAsync(name)),
            x => x.Item1.GetProperty("runningCount").GetInt32() == running && x.Item1.GetProperty("deployments").GetArrayLength() == 1 && x.Item2.Count == running,
            $"service {name} to run exactly {running} tasks in one deployment", timeout ?? TimeSpan.FromSeconds(90));

    async Task DeleteAsync(string name)
    {
        await Ecs.EcsAsync("DeleteService", new JsonObject { ["cluster"] = Cluster, ["service"] = name, ["force"] = true }, Ct);
        await EventuallyAsync(() => DescribeServiceAsync(name), s => s.GetProperty("status").GetString() == "INACTIVE", "the service to become INACTIVE");
    }

    [BerthFact]
    public async Task Service_ScalesUpAndDown_AndReplacesATaskKilledOutsideBerth()
    {
        if (Skipped())
            return;
        var td = await RegisterAsync("svc", Container("app", Sleeper));
        await Ecs.EcsAsync("CreateService", new JsonObject { ["cluster"] = Cluster, ["serviceName"] = "web", ["taskDefinition"] = td, ["desiredCount"] = 2 }, Ct);
        await WaitForCountAsync("web", 2);

        await Ecs.EcsAsync("UpdateService", new JsonObject { ["cluster"] = Cluster, ["service"] = "web", ["desiredCount"] = 3 }, Ct);
        await WaitForCountAsync("web", 3);
        await Ecs.EcsAsync("UpdateService", new JsonObject { ["cluster"] = Cluster, ["service"] = "web", ["desiredCount"] = 1 }, Ct);
        await WaitForCountAsync("web", 1);

        var victim = (await ServiceTasksAsync("web")).Single();
        var before = await DescribeAsync(victim);
        await Engine.Containers.KillAsync(EngineName(before.TaskId, "app"), "KILL", Ct);
        var stopped = await WaitForStoppedAsync(victim);
        Assert.Equal("EssentialContainerExited", stopped.StopCode);
        await EventuallyAsync(() => ServiceTasksAsync("web"), t => t.Count == 1 && t[0] != victim, "a replacement task");
        await WaitForCountAsync("web", 1);
        await DeleteAsync("web");
    }

    [BerthFact]
    public async Task KilledBerthdMidDeployment_TenTimes_ConvergesToExactlyTheDesiredCount()
    {
        if (Skipped())
            return;
        var td1 = await RegisterAsync("roll", Container("app", Sleeper));
        await Ecs.EcsAsync("CreateService", new JsonObject { ["cluster"] = Cluster, ["serviceName"] = "roll", ["taskDefinition"] = td1, ["desiredCount"] = 3 }, Ct);
        await WaitForCountAsync("roll", 3);
        var td2 = await RegisterAsync("roll", Container("app", "echo v2; " + Sleeper));
        await Ecs.EcsAsync("UpdateService", new JsonObject { ["cluster"] = Cluster, ["service"] = "roll", ["taskDefinition"] = td2 }, Ct);
        var random = new Random(7);
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(100, 1500)), Ct);
            await Fixture.KillBerthAsync();
            await Fixture.RestartBerthAsync(Ct);
        }
        await WaitForCountAsync("roll", 3, TimeSpan.FromSeconds(120));
        var tasks = await Ecs.DescribeTasksAsync(Cluster, await ServiceTasksAsync("roll"), Ct);
        Assert.All(tasks, t => Assert.Equal(td2, t.Json.GetProperty("taskDefinitionArn").GetString()));
        Assert.Equal(3, tasks.Count(t => t.LastStatus == "RUNNING"));
        // No orphan: every container Berth runs for this cluster belongs to one of those three tasks.
        var containers = await Fixture.RunContainersAsync(Ct);
        var ours = containers.Where(c => c.State == "running" && c.Labels?.GetValueOrDefault("com.amazonaws.ecs.cluster") == Cluster
            && c.Labels.GetValueOrDefault("com.amazonaws.ecs.container-name") == "app").ToList();
        Assert.Equal(3, ours.Count);
        await DeleteAsync("roll");
    }

    [BerthFact]
    public async Task BrokenImage_TripsTheCircuitBreaker_AndRollsBackToTheLastCompletedDeployment()
    {
        if (Skipped())
            return;
        var td1 = await RegisterAsync("cb", Container("app", Sleeper));
        await Ecs.EcsAsync("CreateService", new JsonObject
        {
            ["cluster"] = Cluster,
            ["serviceName"] = "cb",
            ["taskDefinition"] = td1,
            ["desiredCount"] = 2,
            ["deploymentConfiguration"] = new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true } },
        }, Ct);
        await WaitForCountAsync("cb", 2);
        var good = (await DescribeServiceAsync("cb")).GetProperty("deployments")[0].GetProperty("id").GetString();

        var broken = Container("app", Sleeper);
        broken["image"] = "127.0.0.1:1/berth-it/missing:1"; // nothing listens there: the pull fails at once
        var td2 = await RegisterAsync("cb", broken);
        await Ecs.EcsAsync("UpdateService", new JsonObject { ["cluster"] = Cluster, ["service"] = "cb", ["taskDefinition"] = td2 }, Ct);

        var s = await EventuallyAsync(() => DescribeServiceAsync("cb"), x =>
        {
            var d = x.GetProperty("deployments");
            return d.GetArrayLength() == 1 && d[0].GetProperty("taskDefinition").GetString() == td1 && d[0].GetProperty("rolloutState").GetString() == "COMPLETED"
                && x.GetProperty("runningCount").GetInt32() == 2;
        }, "the rollback to the first task definition", TimeSpan.FromSeconds(120));
        var events = s.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Contains(events, m => m.EndsWith("deployment failed: tasks failed to start.", StringComparison.Ordinal));
        Assert.Contains(events, m => m.EndsWith($"deployment failed: rolling back to deployment {good}.", StringComparison.Ordinal));
        var stopped = await Ecs.EcsAsync("ListTasks", new JsonObject { ["cluster"] = Cluster, ["serviceName"] = "cb", ["desiredStatus"] = "STOPPED" }, Ct);
        var failed = await Ecs.DescribeTasksAsync(Cluster, stopped.GetProperty("taskArns").EnumerateArray().Select(a => a.GetString()!), Ct);
        Assert.Contains(failed, t => t.Json.GetProperty("stoppedReason").GetString()!.StartsWith("CannotPullContainerError", StringComparison.Ordinal));
        await DeleteAsync("cb");
    }
}
