using System.Net;
using System.Net.Sockets;
using Berth.Kernel;
using Berth.Kernel.Tagging;
using Berth.Store;
using Berth.TestSupport;
using Berth.TestSupport.Networking;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Elb.Tests;

/// <summary>Counts Notify calls, so a test sees that a change reached the data plane.</summary>
public sealed class CountingDataPlane : ILoadBalancerDataPlane
{
    public int Notifications { get; private set; }

    public void Notify() => Notifications++;

    public IReadOnlyDictionary<string, TargetObservation> Observe(string targetGroupArn) => new Dictionary<string, TargetObservation>();

    public IReadOnlyDictionary<string, TargetTraffic> Traffic(string targetGroupArn) => new Dictionary<string, TargetTraffic>();

    /// <summary>Binds the port on loopback for a moment, as the HAProxy data plane probes its listen address.</summary>
    public bool CanListen(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>The ELBv2 services over a real SQLite file, listening on loopback.</summary>
public sealed class ElbHarness : IDisposable
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    readonly TempDatabase _temp = new();

    public ElbHarness()
    {
        Store = new SqliteStateStore(_temp.Db);
        var arns = new Arns("123456789012", "us-east-1");
        var settings = new LoadBalancerSettings("127.0.0.1", "elb.test");
        var actions = new ActionValidator(Store);
        var network = new LoadBalancerNetwork(Network);
        Tags = new TagService(Store);
        LoadBalancers = new LoadBalancerService(Store, arns, settings, network, DataPlane, Clock);
        TargetGroups = new TargetGroupService(Store, arns, network, DataPlane, Clock);
        Listeners = new ListenerService(Store, actions, settings, DataPlane);
        Rules = new RuleService(Store, actions, DataPlane);
        ElbTags = new ElbTags(Store, Tags);
        Targets = new TargetRegistry(Store, DataPlane, Clock, network);
    }

    public SqliteStateStore Store { get; }
    public InMemoryNetworkDirectory Network { get; } = InMemoryNetworkDirectory.WithShortNames();
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    public CountingDataPlane DataPlane { get; } = new();
    public TagService Tags { get; }
    public LoadBalancerService LoadBalancers { get; }
    public TargetGroupService TargetGroups { get; }
    public ListenerService Listeners { get; }
    public RuleService Rules { get; }
    public ElbTags ElbTags { get; }
    public TargetRegistry Targets { get; }

    public void Dispose() => _temp.Dispose();

    public async Task<string> LoadBalancerAsync(string name = "web") =>
        (await LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = name }, Ct)).LoadBalancerArn;

    public async Task<string> TargetGroupAsync(string name = "web-tg", int port = 80) =>
        (await TargetGroups.CreateAsync(new CreateTargetGroupRequest { Name = name, Protocol = "HTTP", Port = port, TargetType = "ip" }, Ct)).TargetGroup.TargetGroupArn;

    public async Task<Listener> ListenerAsync(string lbArn, string tgArn, int? port = null) =>
        await Listeners.CreateAsync(new CreateListenerRequest { LoadBalancerArn = lbArn, Protocol = "HTTP", Port = port ?? FreePort(), DefaultActions = [Forward(tgArn)] }, Ct);

    public static ElbAction Forward(string tgArn) => new() { Type = "forward", TargetGroupArn = tgArn };

    public static ElbAction Fixed(string status = "404") => new() { Type = "fixed-response", FixedResponseConfig = new FixedResponseActionConfig { StatusCode = status } };

    public static RuleConditionInput Path(params string[] values) => new() { Field = "path-pattern", Values = [.. values] };

    /// <summary>A port nothing listens on now (the kernel's choice).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Asserts the call is refused with the code (HTTP 400 unless told) and a message containing the fragment.</summary>
    public static Task<AwsException> Refused(Func<Task> act, string code, string? fragment = null, int status = 400) =>
        AwsAssert.RefusedAsync(act, code, fragment, status);
}
