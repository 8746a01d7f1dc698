using System.Net;
using System.Net.Sockets;
using Berth.Ecs.Runtime;
using Berth.Kernel.Networking;
using Berth.Runtime.Docker;
using Berth.Runtime.Docker.Engine;
using Berth.Runtime.Docker.Tests;
using Berth.Store;
using Berth.TestSupport;
using Berth.TestSupport.Networking;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Network.Nftables.Tests;

/// <summary>
/// Security groups enforced on real sandboxes with real TCP: busybox tasks on the engine, the filter applied by the
/// controller through nft, and probes (<c>wget</c> run inside a task's network namespace, or a socket from the host).
/// Each test has its own networks, table and instance, and removes them.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class FirewallDockerTests : IClassFixture<DockerFixture>, IAsyncLifetime
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    readonly DockerFixture _fixture;
    readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    readonly TempDatabase _db = new();
    readonly CancellationTokenSource _stop = new();
    readonly List<string> _tasks = [];
    readonly InMemoryNetworkDirectory _network;
    readonly DockerRuntime _runtime;
    readonly FirewallOptions _options;
    FirewallController _controller = null!;
    Task? _loop;
    TcpListener? _api;

    public FirewallDockerTests(DockerFixture fixture)
    {
        _fixture = fixture;
        var octet = 100 + Random.Shared.Next(100);
        _network = new InMemoryNetworkDirectory($"10.{octet}.0.0/16");
        Vpc2 = _network.AddVpc($"10.{octet + 1}.0.0/16");
        _network.AddSubnet(Vpc2.VpcId, $"10.{octet + 1}.0.0/20", "us-east-1a", "subnet-vpc2");
        _runtime = new DockerRuntime(Engine, new DockerRuntimeOptions
        {
            NetworkName = $"berth-fwtest-{_suffix}",
            Subnet = _network.DefaultVpc.CidrBlock,
            InstanceId = $"fwtest-{_suffix}",
        }, NullLogger<DockerRuntime>.Instance);
        _options = new FirewallOptions { Table = $"berth_fwtest_{_suffix}", ApiPort = FreePort(), PollInterval = TimeSpan.FromMilliseconds(500) };
    }

    VpcNetwork Vpc2 { get; }

    DockerEngine Engine => _fixture.Engine ?? throw new InvalidOperationException(_fixture.SkipReason);

    static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        if (!_fixture.Available)
            return;
        await _runtime.InitializeAsync(Ct);
        StartController();
    }

    void StartController()
    {
        _controller = new FirewallController(_network, _runtime, new SqliteStateStore(_db.Db), _options, TimeProvider.System, NullLogger<FirewallController>.Instance);
        _loop = Task.Run(() => _controller.RunAsync(_stop.Token));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
            await _loop;
        _api?.Stop();
        if (_fixture.Available)
        {
            foreach (var t in _tasks)
                await _runtime.RemoveTaskAsync(t, Ct);
            await _runtime.RemoveVpcNetworksAsync(Ct);
            await Engine.Networks.RemoveAsync($"berth-fwtest-{_suffix}", Ct);
        }
        await Nft.DeleteTableAsync(_options.Table, Ct);
        _db.Dispose();
    }

    [DockerFact]
    public async Task Ingress_FromAnotherGroupAddedAndRevokedWhileRunning_ReachesThenNewConnectionsCut()
    {
        var g1 = _network.AddGroup(_network.DefaultVpc.VpcId);
        var g2 = _network.AddGroup(_network.DefaultVpc.VpcId);
        var a = await RunTaskAsync("subnet-defaulta", g1);
        var b = await RunTaskAsync("subnet-defaultb", g2, serve: true);
        await WaitAppliedAsync();

        Assert.False(await ProbeAsync(a, b.Address, 8080), "B's group allows nothing yet");

        var rule = new FirewallRule("tcp", 8080, 8080, null, g1);
        _network.Authorize(g2, rule);
        Assert.True(await EventuallyAsync(() => ProbeAsync(a, b.Address, 8080), true), "A never reached B after B's group allowed A's");

        _network.Revoke(g2, rule);
        Assert.True(await EventuallyAsync(() => ProbeAsync(a, b.Address, 8080), false), "A still reached B after the rule was revoked");
    }

    [DockerFact]
    public async Task FromATask_HostServerOnAnotherPort_UnreachableWhileTheApiPortIsNot()
    {
        var g = _network.AddGroup(_network.DefaultVpc.VpcId);
        var a = await RunTaskAsync("subnet-defaulta", g);
        _api = Serve(_options.ApiPort);
        var debugPort = FreePort();
        using var debug = new TcpListener(IPAddress.Any, debugPort);
        debug.Start();
        _ = AnswerAsync(debug);
        await WaitAppliedAsync();

        var gateway = _network.DefaultVpc.CidrBlock.Replace(".0.0/16", ".0.1", StringComparison.Ordinal);
        Assert.True(await ProbeAsync(a, gateway, _options.ApiPort), "the API port must stay reachable from tasks");
        Assert.False(await ProbeAsync(a, gateway, debugPort), "a server on the host's 0.0.0.0 was reachable from a task");
    }

    [DockerFact]
    public async Task TwoVpcs_TasksCannotReachEachOtherEvenWithEverythingOpen()
    {
        var open1 = _network.AddGroup(_network.DefaultVpc.VpcId);
        var open2 = _network.AddGroup(Vpc2.VpcId);
        _network.Authorize(open1, new FirewallRule("-1", null, null, "0.0.0.0/0", null));
        _network.Authorize(open2, new FirewallRule("-1", null, null, "0.0.0.0/0", null));
        var a = await RunTaskAsync("subnet-defaulta", open1, serve: true);
        var c = await RunTaskAsync("subnet-vpc2", open2, serve: true);
        await WaitAppliedAsync();

        Assert.True(await ConnectsFromHostAsync(c.Address, 8080), "C is reachable from the host, so its server is up");
        Assert.False(await ProbeAsync(a, c.Address, 8080), "a task reached a task of another VPC");
        Assert.False(await ProbeAsync(c, a.Address, 8080), "a task reached a task of another VPC");
    }

    [DockerFact]
    public async Task FromTheHost_ATaskIsUnreachableUntilItsGroupOpensThePortToACidr()
    {
        var g = _network.AddGroup(_network.DefaultVpc.VpcId);
        var b = await RunTaskAsync("subnet-defaulta", g, serve: true);
        await WaitAppliedAsync();

        Assert.False(await ConnectsFromHostAsync(b.Address, 8080), "the host reached a task whose group allows nothing");

        _network.Authorize(g, new FirewallRule("tcp", 8080, 8080, "0.0.0.0/0", null));
        _controller.Notify();

        Assert.True(await EventuallyAsync(() => ConnectsFromHostAsync(b.Address, 8080), true), "the host never reached the task after port 8080 was opened");
    }

    [DockerFact]
    public async Task Start_TableAlreadyThereWithOtherRules_RebuiltFromTheState()
    {
        var g = _network.AddGroup(_network.DefaultVpc.VpcId);
        await RunTaskAsync("subnet-defaulta", g);
        await WaitAppliedAsync();
        await _stop.CancelAsync();
        await _loop!;
        await Nft.ApplyAsync($"table inet {_options.Table} {{\n  chain left_behind {{\n  }}\n}}\n", Ct);
        Assert.Contains("left_behind", await Nft.ListTableAsync(_options.Table, Ct), StringComparison.Ordinal);

        var restarted = new FirewallController(_network, _runtime, new SqliteStateStore(_db.Db), _options, TimeProvider.System, NullLogger<FirewallController>.Instance);
        await restarted.PassAsync(Ct);

        var listed = await Nft.ListTableAsync(_options.Table, Ct);
        Assert.DoesNotContain("left_behind", listed, StringComparison.Ordinal);
        Assert.Contains("chain from_task", listed, StringComparison.Ordinal);
        Assert.Equal(1, restarted.Applies);
    }

    [DockerFact]
    public async Task AppliedAsync_WithoutPolls_ReturnsOnlyOnceTheFilterHoldsTheInterfaceAttachedBeforeIt()
    {
        await _stop.CancelAsync();
        await _loop!;
        // A controller that never polls on its own: only the wait can bring the new interface in.
        var controller = new FirewallController(_network, _runtime, new SqliteStateStore(_db.Db), _options with { PollInterval = TimeSpan.FromHours(1) },
            TimeProvider.System, NullLogger<FirewallController>.Instance);
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() => controller.RunAsync(stop.Token));
        try
        {
            await controller.AppliedAsync(Ct).WaitAsync(Patience);
            var g = _network.AddGroup(_network.DefaultVpc.VpcId);
            var eni = await _network.AttachAsync(new InterfaceRequest($"arn:aws:ecs:us-east-1:123456789012:task/fwtest/{_suffix}", "subnet-defaulta", [g], "test", "amazon-ecs", []), Ct);
            Assert.DoesNotContain(eni.PrivateIpAddress + " ", controller.Applied, StringComparison.Ordinal);

            await controller.AppliedAsync(Ct).WaitAsync(Patience);

            Assert.Contains(eni.PrivateIpAddress + " : jump", controller.Applied, StringComparison.Ordinal);
            Assert.Contains(eni.PrivateIpAddress + " : jump", await Nft.ListTableAsync(_options.Table, Ct), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }
    }

    sealed record RunningTask(string Arn, string SandboxId, string Address);

    /// <summary>A task as the controller makes one: its interface from the directory, its sandbox with it, a container inside.</summary>
    async Task<RunningTask> RunTaskAsync(string subnet, string group, bool serve = false)
    {
        var id = Guid.NewGuid().ToString("N");
        var arn = $"arn:aws:ecs:us-east-1:123456789012:task/fwtest/{id}";
        _tasks.Add(arn);
        var eni = await _network.AttachAsync(new InterfaceRequest(arn, subnet, [group], "test", "amazon-ecs", []), Ct);
        var vpc = await _network.VpcOfAsync(IPAddress.Parse(eni.PrivateIpAddress), Ct);
        var spec = new SandboxSpec(arn, id, "fwtest", "fw", 1, 256, 512,
            Network: new SandboxNetwork(eni.VpcId, eni.VpcCidr, vpc!.IsDefault, eni.PrivateIpAddress, eni.MacAddress));
        var sandbox = await _runtime.EnsureSandboxAsync(spec, Ct);
        Assert.Equal(eni.PrivateIpAddress, sandbox.IpAddress);
        Assert.Equal(eni.MacAddress, sandbox.MacAddress);
        if (serve)
        {
            var app = await _runtime.EnsureContainerAsync(spec, sandbox, Container("web", "echo hi > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"), Ct);
            await _runtime.StartContainerAsync(app, Ct);
        }
        _controller.Notify();
        return new RunningTask(arn, sandbox.Id, eni.PrivateIpAddress);
    }

    ContainerSpec Container(string name, string script) => new(
        name, _fixture.Image, null, ["sh", "-c", script], [], null, null, null, 0, null, null, null, false, [], false, [], [],
        new Dictionary<string, string>(), [], false, false, 1);

    /// <summary>Whether <c>wget</c> inside <paramref name="from"/>'s namespace gets an answer from address:port within two seconds.</summary>
    async Task<bool> ProbeAsync(RunningTask from, string address, int port)
    {
        var name = $"fwtest-probe-{Guid.NewGuid():N}"[..40];
        var id = await Engine.Containers.CreateAsync(name, new ContainerCreateRequest
        {
            Image = _fixture.Image,
            // busybox's own wget -T crashes (Debian's 1.35), so its timeout applet bounds the wait instead; it execs wget
            // in its own process, so an init runs as PID 1 (PID 1 would ignore the signal that ends the wait).
            Cmd = ["/bin/busybox", "timeout", "2", "/bin/busybox", "wget", "-q", "-O", "-", $"http://{address}:{port}/"],
            Labels = new() { [DockerFixture.TestLabel] = "true" },
            HostConfig = new HostConfig { NetworkMode = $"container:{from.SandboxId}", Init = true },
        }, Ct);
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Engine.Containers.StartAsync(id, bound.Token);
            return await Engine.Containers.WaitAsync(id, bound.Token) == 0;
        }
        finally
        {
            await Engine.Containers.RemoveAsync(id, force: true, removeVolumes: true, Ct);
        }
    }

    static async Task<bool> ConnectsFromHostAsync(string address, int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Parse(address), port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Probes until the answer is <paramref name="expected"/>, for at most <see cref="Patience"/>.</summary>
    static async Task<bool> EventuallyAsync(Func<Task<bool>> probe, bool expected)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (await probe() == expected)
                return true;
        }
        return false;
    }

    /// <summary>Until the filter applied holds every task's interface (the controller was told of them).</summary>
    async Task WaitAppliedAsync()
    {
        var until = DateTime.UtcNow + Patience;
        var addresses = _network.Interfaces.Select(i => i.PrivateIpAddress).ToList();
        while (_controller.Applied is not { } text || addresses.Any(a => !text.Contains(a, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < until, "the filter was never applied with every task");
            await Task.Delay(20);
        }
    }

    /// <summary>A plain HTTP answer on the port, as berthd's API would give one.</summary>
    static TcpListener Serve(int port)
    {
        var listener = new TcpListener(IPAddress.Any, port);
        listener.Start();
        _ = AnswerAsync(listener);
        return listener;
    }

    static async Task AnswerAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[1024]); // the request line; what it asks does not matter
                await stream.WriteAsync("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"u8.ToArray());
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // Stopped.
        }
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
