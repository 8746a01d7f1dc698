using Berth.Elb.Haproxy.Tests.Support;
using Xunit.Abstractions;

namespace Berth.Elb.Haproxy.Tests;

/// <summary>Targets through the runtime API: entering only once healthy, unhealthy ones left out, draining.</summary>
public sealed class TargetLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NewTarget_GetsTrafficOnlyAfterItIsHealthy_WithoutReload()
    {
        await using var h = new LbHarness(output);
        await using var a = await TestBackend.StartAsync("A");
        await using var b = await TestBackend.StartAsync("B");
        var tg = await h.AddTargetGroupAsync("tg", g => g.HealthyThresholdCount = 3);
        await h.RegisterAsync(tg, a);
        var lb = await h.AddLoadBalancerAsync("enter");
        var port = Ports.Free();
        await h.AddListenerAsync(lb, port, LbHarness.Forward(tg));
        h.Start();
        await h.WaitHealthAsync(tg, "healthy", 1);
        var pid = h.MasterPid();

        await h.RegisterAsync(tg, b);
        var registered = DateTime.UtcNow;
        var sawInitial = false;
        var deadline = registered + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var health = (await h.HealthAsync(tg)).Single(d => d.Port == b.Port).Health;
            if (health.State == "healthy")
                break;
            sawInitial |= health.State == "initial";
            var answer = await h.GetAsync(port, "/");
            // rise=3 checks 1 s apart: a server that started UP (as a server written into the config does) would
            // answer at once; one added DOWN through the runtime API cannot before the second check.
            if (DateTime.UtcNow - registered < TimeSpan.FromSeconds(1.5))
            {
                Assert.Equal("200 A", answer);
                Assert.Equal(0, b.Requests);
            }
        }
        Assert.True(sawInitial);
        var seen = new HashSet<string>();
        for (var i = 0; i < 10; i++)
            seen.Add(await h.GetAsync(port, "/"));
        Assert.Equal(["200 A", "200 B"], seen.Order().ToArray());
        Assert.Equal(pid, h.MasterPid());
    }

    [Fact]
    public async Task UnhealthyTarget_ResponseCodeMismatch_AndNoTraffic()
    {
        await using var h = new LbHarness(output);
        await using var good = await TestBackend.StartAsync("good");
        await using var bad = await TestBackend.StartAsync("bad");
        bad.Healthy = false;
        var tg = await h.AddTargetGroupAsync("tg");
        await h.RegisterAsync(tg, good, bad);
        var lb = await h.AddLoadBalancerAsync("unhealthy");
        var port = Ports.Free();
        await h.AddListenerAsync(lb, port, LbHarness.Forward(tg));
        h.Start();
        await h.WaitHealthAsync(tg, "healthy", 1);
        await h.WaitHealthAsync(tg, "unhealthy", 1);

        var health = (await h.HealthAsync(tg)).Single(d => d.Port == bad.Port).Health;
        Assert.Equal("Target.ResponseCodeMismatch", health.Reason);
        Assert.Contains("[500]", health.Description);
        for (var i = 0; i < 20; i++)
            Assert.Equal("200 good", await h.GetAsync(port, "/"));
        Assert.Equal(0, bad.Requests);

        bad.Healthy = true;
        await h.WaitHealthAsync(tg, "healthy", 2);
    }

    [Fact]
    public async Task Deregistered_UnhealthyTargetWithNothingInFlight_LeavesAtOnce_NotAfterTheDelay()
    {
        await using var h = new LbHarness(output);
        await using var good = await TestBackend.StartAsync("good");
        await using var bad = await TestBackend.StartAsync("bad");
        bad.Healthy = false;
        var tg = await h.AddTargetGroupAsync("tg");
        await h.RegisterAsync(tg, good, bad);
        var lb = await h.AddLoadBalancerAsync("downdrain");
        await h.AddListenerAsync(lb, Ports.Free(), LbHarness.Forward(tg));
        h.Start();
        await h.WaitHealthAsync(tg, "unhealthy", 1);

        await h.DeregisterAsync(tg, bad);

        // The deregistration delay is 300 s; an unhealthy target with nothing in flight has nothing to drain.
        await Eventually.Async(async () => (await h.TargetGroupAsync(tg)).Targets.All(t => t.Port != bad.Port), TimeSpan.FromSeconds(15), "the unhealthy target removed");
        Assert.Contains(good.Port, (await h.TargetGroupAsync(tg)).Targets.Select(t => t.Port));
    }

    [Fact]
    public async Task Draining_InFlightRequestCompletes_NoNewRequests_TargetLeavesTheGroup()
    {
        await using var h = new LbHarness(output);
        await using var slow = await TestBackend.StartAsync("slow");
        await using var fast = await TestBackend.StartAsync("fast");
        var tg = await h.AddTargetGroupAsync("tg");
        await h.RegisterAsync(tg, slow);
        var lb = await h.AddLoadBalancerAsync("drain");
        var port = Ports.Free();
        await h.AddListenerAsync(lb, port, LbHarness.Forward(tg));
        h.Start();
        await h.WaitHealthAsync(tg, "healthy", 1);
        await h.RegisterAsync(tg, fast);
        await h.WaitHealthAsync(tg, "healthy", 2);

        // Only the slow target is in service while the slow request starts.
        slow.SlowFor = TimeSpan.FromSeconds(4);
        await h.DeregisterAsync(tg, fast);
        await Eventually.Async(async () => (await h.TargetGroupAsync(tg)).Targets.Count == 1, TimeSpan.FromSeconds(10), "fast deregistered (idle)");
        await h.RegisterAsync(tg, fast);
        var inFlight = h.GetAsync(port, "/slow");
        await Eventually.Async(() => Task.FromResult(slow.Requests == 1), TimeSpan.FromSeconds(5), "slow request started");
        await h.WaitHealthAsync(tg, "healthy", 2);

        await h.DeregisterAsync(tg, slow);
        await h.WaitHealthAsync(tg, "draining", 1);
        await Task.Delay(600);
        var before = slow.Requests;
        for (var i = 0; i < 20; i++)
            Assert.Equal("200 fast", await h.GetAsync(port, "/"));
        Assert.Equal(before, slow.Requests);
        Assert.Contains(slow.Port, (await h.TargetGroupAsync(tg)).Targets.Select(t => t.Port));

        Assert.Equal("200 slow", await inFlight);
        // The delay is 300 s; the target leaves early because nothing is in flight any more.
        await Eventually.Async(async () => (await h.TargetGroupAsync(tg)).Targets.All(t => t.Port != slow.Port), TimeSpan.FromSeconds(10), "slow target removed");
        Assert.Equal("unused", (await h.Registry.DescribeHealthAsync(tg.TargetGroupArn, [new("127.0.0.1", slow.Port)], default))[0].Health.State);
    }
}
