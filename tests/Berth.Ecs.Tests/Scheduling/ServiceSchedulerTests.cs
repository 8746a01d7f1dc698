using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Scheduling;
using Berth.Elb;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.TestSupport;

namespace Berth.Ecs.Tests.Scheduling;

public sealed class ServiceSchedulerTests : IDisposable
{
    readonly ServiceHarness _h = new();

    public void Dispose() => _h.Dispose();

    static readonly DeploymentConfiguration Breaker = new() { DeploymentCircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true } };

    [Fact]
    public async Task CreateService_StartsDesiredTasks_TaggedWithDeploymentAndGroup_ThenSteady()
    {
        var td = await _h.SetUpAsync();
        var created = await _h.CreateAsync(td, 2);
        Assert.Equal("ACTIVE", created.Status);
        var deployment = Assert.Single(created.Deployments);
        Assert.Matches("^ecs-svc/[0-9]{19}$", deployment.Id);
        Assert.Equal(("PRIMARY", "IN_PROGRESS"), (deployment.Status, deployment.RolloutState));

        await _h.SettleAsync(5);
        var live = await _h.LiveAsync();
        Assert.Equal(2, live.Count);
        Assert.All(live, t => Assert.Equal((deployment.Id, "service:svc", "RUNNING"), (t.Task.StartedBy, t.Task.Group, t.Task.LastStatus)));
        var s = await _h.ServiceAsync();
        Assert.Equal((2, 0), (s.RunningCount, s.PendingCount));
        Assert.Equal("COMPLETED", Assert.Single(s.Deployments).RolloutState);
        var messages = s.Events.Select(e => e.Message).ToList();
        Assert.Equal("(service svc) has reached a steady state.", messages[0]);
        Assert.Contains($"(service svc) (deployment {deployment.Id}) deployment completed.", messages);
        Assert.Contains(messages, m => m!.StartsWith("(service svc) has started 2 tasks: (task ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateService_RollsToNewDefinition_KeepingMinimumHealthyAndMaximum()
    {
        var td1 = await _h.SetUpAsync();
        await _h.CreateAsync(td1, 3);
        await _h.SettleAsync(5);
        var td2 = await _h.RegisterAsync("web:2");
        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", TaskDefinition = td2 }, ServiceHarness.Ct);
        var s = await _h.ServiceAsync();
        Assert.Equal(["PRIMARY", "ACTIVE"], s.Deployments.Select(d => d.Status));
        for (var i = 0; i < 20; i++)
        {
            await _h.PassAsync();
            await _h.Progress();
            _h.Clock.Advance(TimeSpan.FromSeconds(1));
            var running = (await _h.LiveAsync()).Where(t => t.Task.LastStatus == "RUNNING" && t.Task.DesiredStatus == "RUNNING").ToList();
            var live = await _h.LiveAsync();
            Assert.True(running.Count >= 3, $"round {i}: only {running.Count} running tasks");
            Assert.True(live.Count <= 6, $"round {i}: {live.Count} tasks exceed 200%");
        }
        s = await _h.ServiceAsync();
        var primary = Assert.Single(s.Deployments);
        Assert.Equal((td2, "COMPLETED", 3), (primary.TaskDefinition, primary.RolloutState, primary.RunningCount));
        Assert.All(await _h.LiveAsync(), t => Assert.Equal(td2, t.Task.TaskDefinitionArn));
        Assert.Equal(td2, s.TaskDefinition);
    }

    [Fact]
    public async Task TaskThatStops_IsReplaced_AndDesiredCountChangesScale()
    {
        var td = await _h.SetUpAsync();
        await _h.CreateAsync(td, 2);
        await _h.SettleAsync(3);
        var victim = (await _h.LiveAsync())[0];
        await _h.Store.MutateAsync(Arns.TaskId(victim.Task.TaskArn!), r =>
        {
            r.Task.LastStatus = "STOPPED";
            r.Task.DesiredStatus = "STOPPED";
            r.Task.StopCode = StopCodes.EssentialContainerExited;
            return true;
        }, ServiceHarness.Ct);
        await _h.SettleAsync(3);
        Assert.Equal(2, (await _h.LiveAsync()).Count);
        Assert.DoesNotContain(await _h.LiveAsync(), t => t.Task.TaskArn == victim.Task.TaskArn);

        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", DesiredCount = 4 }, ServiceHarness.Ct);
        await _h.SettleAsync(3);
        Assert.Equal(4, (await _h.ServiceAsync()).RunningCount);
        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", DesiredCount = 1 }, ServiceHarness.Ct);
        await _h.SettleAsync(3);
        Assert.Single(await _h.LiveAsync());
        Assert.Single((await _h.ServiceAsync()).Deployments); // scaling is not a new deployment
    }

    [Fact]
    public async Task BrokenImage_TripsCircuitBreaker_AndRollsBack()
    {
        var td1 = await _h.SetUpAsync();
        await _h.CreateAsync(td1, 2, Breaker);
        await _h.SettleAsync(5);
        var good = (await _h.ServiceAsync()).Deployments[0].Id;
        var td2 = await _h.RegisterAsync("broken:1");
        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", TaskDefinition = td2 }, ServiceHarness.Ct);
        await _h.SettleAsync(60, "broken:1");

        var s = await _h.ServiceAsync();
        var primary = Assert.Single(s.Deployments);
        Assert.Equal((td1, "COMPLETED"), (primary.TaskDefinition, primary.RolloutState));
        var messages = s.Events.Select(e => e.Message!).ToList();
        Assert.Contains(messages, m => m.EndsWith("deployment failed: tasks failed to start.", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.EndsWith($"deployment failed: rolling back to deployment {good}.", StringComparison.Ordinal));
        Assert.Equal(2, (await _h.LiveAsync()).Count(t => t.Task.LastStatus == "RUNNING"));
        var failed = (await _h.TasksAsync()).Count(t => t.Task.StopCode == StopCodes.TaskFailedToStart);
        Assert.InRange(failed, 3, 4); // the threshold for 2 desired tasks is 3, launched two at a time: none after the breaker tripped
    }

    [Fact]
    public async Task FailingTasks_BackOff_BeforeTheNextLaunch()
    {
        var td = await _h.SetUpAsync("broken:1");
        await _h.CreateAsync(td, 1);
        await _h.PassAsync();
        await _h.Progress("broken:1"); // first failure: back-off 1 s
        await _h.PassAsync();
        await _h.PassAsync();
        Assert.Single(await _h.TasksAsync()); // no relaunch before the back-off ends
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await _h.PassAsync();
        Assert.Equal(2, (await _h.TasksAsync()).Count);
        await _h.Progress("broken:1");
        await _h.PassAsync(); // second failure: 2 s
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await _h.PassAsync();
        Assert.Equal(2, (await _h.TasksAsync()).Count);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await _h.PassAsync();
        Assert.Equal(3, (await _h.TasksAsync()).Count);
        await _h.Progress("broken:1");
        await _h.PassAsync();
        Assert.Contains((await _h.ServiceAsync()).Events, e => e.Message == "(service svc) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
    }

    [Fact]
    public async Task RestartAtEveryStepOfADeployment_ConvergesToExactlyDesiredCount()
    {
        var td1 = await _h.SetUpAsync();
        await _h.CreateAsync(td1, 3);
        await _h.SettleAsync(4);
        var td2 = await _h.RegisterAsync("web:2");
        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", TaskDefinition = td2 }, ServiceHarness.Ct);
        for (var i = 0; i < 10; i++)
        {
            _h.Restart();
            await _h.PassAsync();
            _h.Restart();
            await _h.Progress();
            _h.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        await _h.SettleAsync(5);
        var live = await _h.LiveAsync();
        Assert.Equal(3, live.Count);
        Assert.All(live, t => Assert.Equal(td2, t.Task.TaskDefinitionArn));
        Assert.Equal(3, (await _h.ServiceAsync()).RunningCount);
    }

    [Fact]
    public async Task DeleteService_NeedsScaleToZeroOrForce_ThenDrainsToInactive()
    {
        var td = await _h.SetUpAsync();
        await _h.CreateAsync(td, 2);
        await _h.SettleAsync(3);
        var e = await Assert.ThrowsAsync<AwsException>(() => _h.Services.DeleteAsync("c", "svc", false, ServiceHarness.Ct));
        Assert.Equal("InvalidParameterException", e.Code);
        var deleted = await _h.Services.DeleteAsync("c", "svc", true, ServiceHarness.Ct);
        Assert.Equal(("DRAINING", 0), (deleted.Status, deleted.DesiredCount));
        await _h.SettleAsync(3);
        Assert.Empty(await _h.LiveAsync());
        Assert.Equal("INACTIVE", (await _h.ServiceAsync()).Status);
        var (arns, _) = await _h.Services.ListAsync("c", null, null, null, null, ServiceHarness.Ct);
        Assert.Empty(arns);
        // The name can be used again once the service is INACTIVE.
        Assert.Equal("ACTIVE", (await _h.CreateAsync(td, 1)).Status);
    }

    [Fact]
    public async Task ServiceBehindTargetGroup_RegistersTasks_AndStopsThemOnlyAfterDraining()
    {
        var td1 = await _h.SetUpAsync();
        var tg = await SeedTargetGroupAsync();
        await _h.CreateAsync(td1, 1, lbs: [new ServiceLoadBalancer { TargetGroupArn = tg, ContainerName = "app", ContainerPort = 8080 }]);
        await _h.SettleAsync(3);
        var group = (await _h.Store.GetAsync(ElbKinds.TargetGroups, tg, ServiceHarness.Ct))!.Value;
        var ip = ServiceTasks.IpAddress((await _h.LiveAsync())[0].Task);
        Assert.Equal([$"{ip}:8080"], group.Targets.Select(t => t.Key));

        var td2 = await _h.RegisterAsync("web:2");
        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", TaskDefinition = td2, DeploymentConfiguration = new DeploymentConfiguration { MinimumHealthyPercent = 0 } }, ServiceHarness.Ct);
        await _h.SettleAsync(3);
        group = (await _h.Store.GetAsync(ElbKinds.TargetGroups, tg, ServiceHarness.Ct))!.Value;
        var old = group.Targets.Single(t => t.Id == ip);
        Assert.NotNull(old.DrainingSince);
        Assert.Contains(await _h.LiveAsync(), t => ServiceTasks.IpAddress(t.Task) == ip); // still serving in-flight requests

        // The data plane completes the deregistration: the old task stops.
        await _h.Store.MutateAsync(ElbKinds.TargetGroups, tg, (g, _) => g with { Targets = g.Targets.Where(t => t.Id != ip).ToList() }, ServiceHarness.Ct);
        await _h.SettleAsync(3);
        Assert.DoesNotContain(await _h.LiveAsync(), t => ServiceTasks.IpAddress(t.Task) == ip);
        var events = (await _h.ServiceAsync()).Events.Select(e => e.Message!).ToList();
        Assert.Contains(events, m => m.Contains("has begun draining connections on 1 tasks.", StringComparison.Ordinal));
        Assert.Contains(events, m => m.Contains($"registered 1 targets in (target-group {tg})", StringComparison.Ordinal));

        // A task killed outside Berth leaves the target group, and its replacement joins it.
        var victim = (await _h.LiveAsync()).Single();
        var victimIp = ServiceTasks.IpAddress(victim.Task);
        await _h.Store.MutateAsync(Arns.TaskId(victim.Task.TaskArn!), r =>
        {
            (r.Task.LastStatus, r.Task.DesiredStatus, r.Task.StopCode) = ("STOPPED", "STOPPED", StopCodes.EssentialContainerExited);
            return true;
        }, ServiceHarness.Ct);
        await _h.SettleAsync(2);
        group = (await _h.Store.GetAsync(ElbKinds.TargetGroups, tg, ServiceHarness.Ct))!.Value;
        Assert.NotNull(group.Targets.Single(t => t.Id == victimIp).DrainingSince);
        var replacementIp = ServiceTasks.IpAddress((await _h.LiveAsync()).Single().Task);
        Assert.Null(group.Targets.Single(t => t.Id == replacementIp).DrainingSince);
    }

    async Task<string> SeedTargetGroupAsync()
    {
        var lbArn = _h.Arns.LoadBalancer("lb", "0123456789abcdef");
        var tgArn = _h.Arns.TargetGroup("tg", "fedcba9876543210");
        await _h.Store.CommitAsync(
        [
            StoreWrite.Insert(ElbKinds.LoadBalancers, new LoadBalancer { LoadBalancerArn = lbArn, LoadBalancerName = "lb" }),
            StoreWrite.Insert(ElbKinds.TargetGroups, new TargetGroup { TargetGroupArn = tgArn, TargetGroupName = "tg", Port = 8080 }),
            StoreWrite.Insert(ElbKinds.Listeners, new Listener
            {
                ListenerArn = Arns.Listener(lbArn, "1111111111111111"), LoadBalancerArn = lbArn, Port = 18080,
                DefaultActions = [new ElbAction { Type = "forward", TargetGroupArn = tgArn }],
            }),
        ], ServiceHarness.Ct);
        return tgArn;
    }
}
