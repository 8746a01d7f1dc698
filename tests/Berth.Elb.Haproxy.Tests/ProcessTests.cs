using System.Net;
using System.Net.Sockets;
using Berth.Elb.Haproxy.Tests.Support;
using Xunit.Abstractions;

namespace Berth.Elb.Haproxy.Tests;

/// <summary>HAProxy as a supervised process: hitless reloads, crash restart, adoption, port clashes, no HAProxy at all.</summary>
public sealed class ProcessTests(ITestOutputHelper output)
{
    async Task<(LbHarness H, TestBackend A, Berth.Elb.TargetGroup Tg, Berth.Elb.Listener L, int Port)> ServingAsync()
    {
        var h = new LbHarness(output);
        var a = await TestBackend.StartAsync("A");
        var tg = await h.AddTargetGroupAsync("tg");
        await h.RegisterAsync(tg, a);
        var lb = await h.AddLoadBalancerAsync("proc");
        var port = Ports.Free();
        var l = await h.AddListenerAsync(lb, port, LbHarness.Forward(tg));
        h.Start();
        await h.WaitHealthAsync(tg, "healthy", 1);
        return (h, a, tg, l, port);
    }

    [Fact]
    public async Task Reload_UnderContinuousRequests_LosesNone()
    {
        var (h, a, tg, l, port) = await ServingAsync();
        await using var _ = h;
        await using var __ = a;
        using var stop = new CancellationTokenSource();
        var ok = 0;
        var failures = new List<string>();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var r = await h.GetAsync(port, "/");
                    if (r == "200 A")
                        ok++;
                    else
                        failures.Add(r);
                }
                catch (HttpRequestException e)
                {
                    failures.Add(e.Message);
                }
            }
        });

        for (var i = 1; i <= 4; i++)
        {
            await h.AddRuleAsync(l, i, [new() { Field = "path-pattern", Values = [$"/r{i}"] }], LbHarness.Forward(tg));
            var pattern = $"/r{i}";
            await Eventually.Async(async () => (await h.GetAsync(port, pattern)) == "200 A" && File.ReadAllText(Path.Combine(h.Options.HaproxyDirectory, "haproxy.cfg")).Contains(pattern), TimeSpan.FromSeconds(10), "rule applied");
            await Task.Delay(300);
        }
        await stop.CancelAsync();
        await load;

        output.WriteLine($"ok={ok} failures={failures.Count}");
        Assert.Empty(failures);
        Assert.True(ok > 50);
    }

    [Fact]
    public async Task KilledMaster_IsRestartedWithTheSameConfig()
    {
        var (h, a, _, _, port) = await ServingAsync();
        await using var _ = h;
        await using var __ = a;
        var pid = h.MasterPid();
        var config = File.ReadAllText(Path.Combine(h.Options.HaproxyDirectory, "haproxy.cfg"));

        System.Diagnostics.Process.GetProcessById(pid).Kill();

        await Eventually.Async(async () => File.Exists(h.PidFile) && h.MasterPid() != pid && await h.GetAsync(port, "/") == "200 A", TimeSpan.FromSeconds(15), "restarted and serving");
        Assert.Equal(config, File.ReadAllText(Path.Combine(h.Options.HaproxyDirectory, "haproxy.cfg")));
    }

    [Fact]
    public async Task NewController_AdoptsTheRunningHaproxy_TrafficNeverStops()
    {
        var (h, a, tg, _, port) = await ServingAsync();
        await using var _ = h;
        await using var __ = a;
        await using var b = await TestBackend.StartAsync("B");
        var pid = h.MasterPid();

        await h.ReplaceControllerAsync();
        for (var i = 0; i < 10; i++)
            Assert.Equal("200 A", await h.GetAsync(port, "/"));
        await h.RegisterAsync(tg, b);
        await h.WaitHealthAsync(tg, "healthy", 2);

        Assert.Equal(pid, h.MasterPid());
        var seen = new HashSet<string>();
        for (var i = 0; i < 10; i++)
            seen.Add(await h.GetAsync(port, "/"));
        Assert.Equal(["200 A", "200 B"], seen.Order().ToArray());
    }

    [Fact]
    public async Task ListenerPortInUse_FailsThatLoadBalancer_OthersKeepServing()
    {
        var (h, a, tg, _, port) = await ServingAsync();
        await using var _ = h;
        await using var __ = a;
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var clash = await h.AddLoadBalancerAsync("clash");
        await h.AddListenerAsync(clash, taken, LbHarness.Forward(tg));
        var other = await h.AddLoadBalancerAsync("other");
        var otherPort = Ports.Free();
        await h.AddListenerAsync(other, otherPort, LbHarness.Forward(tg));

        await Eventually.Async(async () => (await h.LoadBalancerAsync(other)).State.Code == "active", TimeSpan.FromSeconds(10), "other active");
        var state = (await h.LoadBalancerAsync(clash)).State;
        Assert.Equal("failed", state.Code);
        Assert.Contains($"Port {taken}", state.Reason);
        Assert.Equal("200 A", await h.GetAsync(port, "/"));
        Assert.Equal("200 A", await h.GetAsync(otherPort, "/"));
    }

    [Fact]
    public async Task HaproxyNotInstalled_LoadBalancersFailWithAClearReason()
    {
        await using var h = new LbHarness(output, binary: "/nonexistent/haproxy");
        var lb = await h.AddLoadBalancerAsync("nohaproxy");
        h.Start();

        await Eventually.Async(async () => (await h.LoadBalancerAsync(lb)).State.Code == "failed", TimeSpan.FromSeconds(5), "failed");
        Assert.Equal("HAProxy is not installed", (await h.LoadBalancerAsync(lb)).State.Reason);
    }
}
