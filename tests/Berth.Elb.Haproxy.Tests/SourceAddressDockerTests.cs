using System.Diagnostics;
using System.Text.RegularExpressions;
using Berth.Elb.Haproxy.Host;
using Berth.Elb.Haproxy.Tests.Support;
using Berth.Kernel.Storage;
using Xunit.Abstractions;
using Lb = Berth.Elb.LoadBalancer;

namespace Berth.Elb.Haproxy.Tests;

/// <summary>
/// A real container behind a real HAProxy: requests through the listener and the health checks reach the target from
/// the load balancer's own address (so a security group can admit the load balancer's group), put on the host by the
/// data plane, kept across a berthd restart and removed with the load balancer.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class SourceAddressDockerTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string _id = Guid.NewGuid().ToString("N")[..10];
    string _network = "";
    string _image = "";
    string _container = "";
    string _prefix = "";

    public async Task InitializeAsync()
    {
        _image = $"berth-elbsg-test:{_id}";
        var context = Directory.CreateTempSubdirectory("berth-elbsg-image");
        try
        {
            File.Copy(BusyboxPath(), Path.Combine(context.FullName, "busybox"));
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n");
            await DockerAsync("build", "-q", "-t", _image, context.FullName);
        }
        finally
        {
            context.Delete(recursive: true);
        }
        // A network of its own (not the 10.89.0.0/16 "berth" network others use); another /24 if this one is taken.
        for (var attempt = 0; ; attempt++)
        {
            _prefix = $"172.30.{Random.Shared.Next(100, 250)}";
            _network = $"berth-elbsg-{_id}";
            var (code, text) = await RunAsync("docker", "network", "create", "--subnet", $"{_prefix}.0/24", _network);
            if (code == 0)
                break;
            if (attempt >= 5)
                throw new InvalidOperationException(text);
        }
        _container = $"berth-elbsg-{_id}";
        await DockerAsync("run", "-d", "--name", _container, "--network", _network, "--ip", $"{_prefix}.10", _image,
            "/bin/busybox", "sh", "-c", "/bin/busybox mkdir /www && /bin/busybox echo ok > /www/index.html && exec /bin/busybox httpd -f -vv -p 80 -h /www");
    }

    public async Task DisposeAsync()
    {
        await RunAsync("docker", "rm", "-f", _container);
        await RunAsync("docker", "network", "rm", _network);
        await RunAsync("docker", "rmi", "-f", _image);
        // Should the test fail before the load balancer is deleted, its address must not outlive it.
        await RunAsync("ip", "addr", "del", $"{_prefix}.200/32", "dev", "lo");
    }

    [Fact]
    public async Task Request_ThroughTheListener_ArrivesFromTheLoadBalancersAddress_AcrossARestart_AddressGoesWithTheLoadBalancer()
    {
        await using var h = new LbHarness(output);
        var address = $"{_prefix}.200";
        var lb = new Lb
        {
            LoadBalancerArn = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/src/{_id}",
            LoadBalancerName = "src",
            PrivateIpAddress = address,
        };
        await h.Store.CommitAsync(StoreWrite.Insert(ElbKinds.LoadBalancers, lb), default);
        var tg = await h.AddTargetGroupAsync("src-tg", g => g.HealthCheckPath = "/");
        await h.Registry.RegisterAsync(tg.TargetGroupArn, [new TargetRef($"{_prefix}.10", 80)], default);
        var port = Ports.Free();
        var listener = await h.AddListenerAsync(lb, port, LbHarness.Forward(tg));
        h.Start();

        await h.WaitHealthAsync(tg, "healthy", 1);
        var path = $"/through-lb-{_id}";
        Assert.StartsWith("404 ", await h.GetAsync(port, path), StringComparison.Ordinal);

        var log = await LogsAsync();
        Assert.Equal([address], Sources(log, path));
        Assert.NotEmpty(Sources(log, "/"));
        Assert.All(Sources(log, "/"), s => Assert.Equal(address, s)); // the health checks too
        var label = SourceAddressPlan.Label(h.Options.HaproxyDirectory);
        Assert.Contains(address, await OwnedAsync(label));

        // berthd killed and started again: HAProxy went on serving, and the address stayed.
        await h.ReplaceControllerAsync();
        var again = $"/after-restart-{_id}";
        Assert.StartsWith("404 ", await h.GetAsync(port, again), StringComparison.Ordinal);
        Assert.Equal([address], Sources(await LogsAsync(), again));

        await h.Store.CommitAsync([StoreWrite.Delete(ElbKinds.Listeners, listener.ListenerArn, (await h.Store.GetAsync(ElbKinds.Listeners, listener.ListenerArn, default))!.Version),
            StoreWrite.Delete(ElbKinds.LoadBalancers, lb.LoadBalancerArn, (await h.Store.GetAsync(ElbKinds.LoadBalancers, lb.LoadBalancerArn, default))!.Version)], default);
        h.Controller.Notify();
        await Eventually.Async(async () => !(await OwnedAsync(label)).Contains(address), TimeSpan.FromSeconds(20), $"{address} removed from lo");
    }

    /// <summary>The client addresses busybox httpd logged for requests of <paramref name="path"/>.</summary>
    static List<string> Sources(string log, string path) =>
        Regex.Matches(log, @"^\[(?:::ffff:)?([0-9.]+)\]:\d+: url:(\S+)$", RegexOptions.Multiline)
            .Where(m => m.Groups[2].Value == path).Select(m => m.Groups[1].Value).Distinct().ToList();

    async Task<string> LogsAsync()
    {
        var (_, text) = await RunAsync("docker", "logs", _container);
        output.WriteLine(text);
        return text;
    }

    static async Task<IReadOnlySet<string>> OwnedAsync(string label)
    {
        var (_, text) = await RunAsync("ip", "-4", "-o", "addr", "show", "dev", "lo");
        return SourceAddressPlan.Parse(text, label).Owned;
    }

    static string BusyboxPath() =>
        new[] { "/bin/busybox", "/usr/bin/busybox", "/usr/local/bin/busybox" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("No static busybox binary on this machine (apt-get install busybox-static).");

    static async Task DockerAsync(params string[] args)
    {
        var (code, text) = await RunAsync("docker", args);
        if (code != 0)
            throw new InvalidOperationException($"docker {string.Join(' ', args)}: {text}");
    }

    static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
