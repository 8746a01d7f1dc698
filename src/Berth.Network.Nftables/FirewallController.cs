using Berth.Ecs.Runtime;
using Berth.Elb;
using Berth.Kernel.Controllers;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Network.Nftables;

/// <summary>
/// Keeps the host's packet filter what the account's security groups, interfaces and listeners say: each pass reads
/// them, renders the ruleset (<see cref="FirewallRenderer"/>, pure) and applies it when the text changed. Passes run
/// every <see cref="FirewallOptions.PollInterval"/> and at once when a writer calls <see cref="Notify"/>, so a rule
/// change reaches running tasks well within a second. The first pass applies whatever it renders, so a restart
/// rebuilds the filter from the state, replacing what a previous run left.
/// </summary>
public sealed partial class FirewallController(
    INetworkDirectory network, IContainerRuntime runtime, IStateStore store, FirewallOptions options, TimeProvider clock,
    ILogger<FirewallController> log, ITaskEnvironment? environment = null, NetworkChangeHub? changes = null)
    : IController, INetworkChangeNotifier
{
    static readonly TimeSpan MetadataWait = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan RetryAfterError = TimeSpan.FromSeconds(2);

    readonly ControllerLoop _loop = new("packet-filter", clock, log);
    string? _applied;
    IReadOnlyList<TaskBridge> _bridges = [];
    DateTimeOffset _bridgesAt = DateTimeOffset.MinValue;
    int? _metadataPort;
    bool _metadataKnown;
    long _applies;
    readonly Lock _gate = new();
    List<TaskCompletionSource> _waiting = [];

    /// <summary>How many times a changed ruleset was applied (tests and benchmarks watch it).</summary>
    public long Applies => Interlocked.Read(ref _applies);

    /// <summary>The ruleset last applied; null before the first.</summary>
    public string? Applied => Volatile.Read(ref _applied);

    public void Notify() => _loop.Notify();

    public Task AppliedAsync(CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _waiting.Add(done);
        Notify();
        return done.Task.WaitAsync(ct);
    }

    public Task RunAsync(CancellationToken ct)
    {
        changes?.Subscribe(this);
        if (!BridgeNetfilter.Enabled())
            LogBridgeNetfilterOff(log, BridgeNetfilter.Setting);
        return _loop.RunAsync(async c =>
        {
            await PassAsync(c);
            return NextPass.In(options.PollInterval);
        }, _ => NextPass.In(RetryAfterError), ct);
    }

    /// <summary>One observe → render → apply-if-changed step; whoever waited for it is released when it succeeds.</summary>
    public async Task PassAsync(CancellationToken ct)
    {
        List<TaskCompletionSource> waiting;
        lock (_gate)
            (waiting, _waiting) = (_waiting, []);
        try
        {
            await RenderAndApplyAsync(ct);
        }
        catch
        {
            lock (_gate)
                _waiting.AddRange(waiting); // the retry releases them
            throw;
        }
        foreach (var w in waiting)
            w.TrySetResult();
    }

    async Task RenderAndApplyAsync(CancellationToken ct)
    {
        var state = await network.ReadFirewallStateAsync(ct);
        var host = new FirewallHost(options.Table, options.ApiPort, await MetadataPortAsync(ct), await BridgesAsync(ct), await ListenersAsync(ct), options.DnsPort);
        var text = FirewallRenderer.Render(state, host);
        if (text == _applied)
            return;
        await Nft.ApplyAsync(text, ct);
        var first = _applied is null;
        Volatile.Write(ref _applied, text);
        Interlocked.Increment(ref _applies);
        if (first)
            LogApplied(log, options.Table, state.Interfaces.Count, state.Groups.Count);
    }

    async Task<IReadOnlyList<TaskBridge>> BridgesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _bridgesAt >= options.BridgeRefresh)
        {
            _bridges = await runtime.ListBridgesAsync(ct);
            _bridgesAt = now;
        }
        return _bridges;
    }

    async Task<IReadOnlyList<ListenerPort>> ListenersAsync(CancellationToken ct) =>
        (await store.ListAsync(ElbKinds.Listeners, new StoreQuery(), ct)).Select(l => new ListenerPort(l.Value.LoadBalancerArn, l.Value.Port)).ToList();

    /// <summary>The metadata endpoint's port once it listens; until then (or with it off) tasks get no exception for it.</summary>
    async Task<int?> MetadataPortAsync(CancellationToken ct)
    {
        if (_metadataKnown || environment is null)
            return _metadataPort;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(MetadataWait);
        try
        {
            var uri = await environment.EndpointAsync(wait.Token);
            (_metadataPort, _metadataKnown) = (uri?.Port, true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Not listening yet: asked again next pass.
        }
        catch (InvalidOperationException)
        {
            // Not listening yet: asked again next pass.
        }
        return _metadataPort;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Setting} is not 1: packets between tasks on one bridge bypass the packet filter, so security groups do not separate tasks of one VPC. Load br_netfilter and set net.bridge.bridge-nf-call-iptables=1")]
    static partial void LogBridgeNetfilterOff(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Packet filter applied (nftables table inet {Table}): {Interfaces} interfaces, {Groups} security groups")]
    static partial void LogApplied(ILogger logger, string table, int interfaces, int groups);
}
