using System.Net;
using Berth.Ecs.Runtime;
using Berth.Kernel.Networking;
using Berth.Runtime.Docker;
using Berth.Runtime.Docker.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Dns.Tests;

/// <summary>
/// A real task on the Docker engine, on a bridge of its own, resolving through 169.254.169.253 as on Fargate: the
/// address is DNAT-ed inside the task's namespace to the resolver, listening here on the bridge's gateway.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class TaskDnsDockerTests : IAsyncLifetime
{
    static readonly string[] Applets = ["sh", "cat", "nslookup", "grep", "sleep"];

    readonly DockerEngine _engine = new();
    readonly string _image = $"berth-test-dns:{Guid.NewGuid():N}"[..28];
    readonly string _network = $"berth-test-dns-{Guid.NewGuid():N}"[..27];
    readonly string _subnet = $"10.231.{Random.Shared.Next(1, 250)}.0/24";
    readonly string _files = Path.Combine(Path.GetTempPath(), $"berth-dns-{Guid.NewGuid():N}");
    readonly List<string> _tasks = [];
    readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    ResolverHarness? _dns;
    DockerRuntime? _runtime;

    CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        var busybox = new[] { "/bin/busybox", "/usr/bin/busybox" }.First(File.Exists);
        var context = new ImageContext()
            .AddFile("Dockerfile", "FROM scratch\nENV PATH=/bin\nCOPY rootfs/ /\n")
            .AddDirectory("rootfs/bin")
            .AddFile("rootfs/bin/busybox", await File.ReadAllBytesAsync(busybox), (UnixFileMode)0b111_101_101)
            .AddDirectory("rootfs/etc")
            .AddDirectory("rootfs/tmp", (UnixFileMode)0b1_111_111_111);
        foreach (var applet in Applets)
            context.AddSymlink($"rootfs/bin/{applet}", "busybox");
        using var tar = context.ToStream();
        await _engine.Images.BuildAsync(tar, _image, Ct);
    }

    public async Task DisposeAsync()
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        if (_runtime is not null)
        {
            foreach (var arn in _tasks)
            {
                await _runtime.ReleaseSandboxAsync(arn, cleanup.Token);
                await _runtime.RemoveTaskAsync(arn, cleanup.Token);
            }
        }
        await _engine.Networks.RemoveAsync(_network, cleanup.Token);
        await _engine.Images.RemoveAsync(_image, force: true, cleanup.Token);
        _dns?.Dispose();
        if (Directory.Exists(_files))
            Directory.Delete(_files, recursive: true);
        _engine.Dispose();
        _timeout.Dispose();
    }

    [RootDockerFact]
    public async Task Task_ResolvesANamespaceNameThroughTheVpcResolverAddress_AndOneWithDnsServersGetsThem()
    {
        var records = new InMemoryServiceRecords().Zone("internal.test")
            .Add(new DnsRecord(DnsRecordType.A, "api.internal.test", 15, Address: "10.89.0.7"));
        var runtime = await RuntimeAsync(records);
        var task = Task("t1");
        var sandbox = await runtime.EnsureSandboxAsync(task, Ct);

        var resolving = await RunAsync(runtime, task, sandbox, Container("app", "cat /etc/resolv.conf; grep ' /etc/resolv.conf ' /proc/mounts; nslookup api.internal.test; nslookup outside.example"));
        var own = await RunAsync(runtime, task, sandbox, Container("own", "cat /etc/resolv.conf") with { DnsServers = ["192.0.2.53", "fd00::53"], DnsSearchDomains = ["corp.example"] });

        Assert.Contains("nameserver 169.254.169.253", resolving, StringComparison.Ordinal);
        Assert.Contains("search ec2.internal", resolving, StringComparison.Ordinal);
        Assert.Matches(@"/etc/resolv.conf \S+ ro[, ]", resolving); // our file, mounted read-only over the engine's
        Assert.Contains("Address: 10.89.0.7", resolving, StringComparison.Ordinal);
        Assert.Contains($"Address: {ResolverHarness.UpstreamAddress}", resolving, StringComparison.Ordinal); // forwarded
        Assert.Contains("nameserver 192.0.2.53\nnameserver fd00::53", own, StringComparison.Ordinal);
        Assert.Contains("search corp.example", own, StringComparison.Ordinal);
        Assert.DoesNotContain("169.254.169.253", own, StringComparison.Ordinal);

        await runtime.ReleaseSandboxAsync(task.TaskArn, Ct);
        await runtime.RemoveTaskAsync(task.TaskArn, Ct);
        Assert.False(Directory.Exists(Path.Combine(_files, task.TaskId))); // the task's resolv.conf files go with it
    }

    async Task<DockerRuntime> RuntimeAsync(IServiceRecords records)
    {
        var options = new DockerRuntimeOptions
        {
            NetworkName = _network,
            Subnet = _subnet,
            InstanceId = _network,
            TaskFilesDirectory = _files,
        };
        _runtime = new DockerRuntime(_engine, options, NullLogger<DockerRuntime>.Instance);
        await _runtime.InitializeAsync(Ct);
        var gatewayBytes = IPNetwork.Parse(_subnet).BaseAddress.GetAddressBytes();
        gatewayBytes[^1]++;
        _dns = ResolverHarness.Start(records, listen: new IPAddress(gatewayBytes));
        var endpoint = _dns.Endpoint;
        options.Resolver = _ => System.Threading.Tasks.Task.FromResult<IPEndPoint?>(endpoint);
        return _runtime;
    }

    SandboxSpec Task(string name)
    {
        var id = Guid.NewGuid().ToString("N");
        var spec = new SandboxSpec($"arn:aws:ecs:us-east-1:000000000000:task/dns-test/{id}", id, "dns-test", name, 1, 256, 512);
        _tasks.Add(spec.TaskArn);
        return spec;
    }

    ContainerSpec Container(string name, string script) => new(
        name, _image, null, ["sh", "-c", script], [], null, null, null, 0, null, null, null, false, [], false, [], [],
        new Dictionary<string, string>(), [], false, false, 10);

    async Task<string> RunAsync(DockerRuntime runtime, SandboxSpec task, Sandbox sandbox, ContainerSpec container)
    {
        var id = await runtime.EnsureContainerAsync(task, sandbox, container, Ct);
        await runtime.StartContainerAsync(id, Ct);
        await _engine.Containers.WaitAsync(id, Ct);
        var text = new System.Text.StringBuilder();
        await foreach (var line in _engine.Containers.LogsAsync(id, null, follow: false, Ct))
            text.Append(line.Text).Append('\n');
        return text.ToString();
    }
}
