using Berth.Elb.Haproxy.Config;
using Berth.Elb.Haproxy.Host;
using Berth.Elb.Haproxy.Process;
using Berth.Elb.Haproxy.Runtime;
using Berth.Kernel.Controllers;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Elb.Haproxy;

/// <summary>
/// The load balancers' data plane on HAProxy, level-triggered: every second and on <see cref="Notify"/> it reads the
/// store, applies structural changes through config + reload, targets through the runtime API, reads the stats back
/// as observations, completes deregistrations and reports each load balancer's state. It adopts a running HAProxy of
/// its data directory and restarts one that died; any error is logged and the next pass tries again.
/// </summary>
public sealed class LoadBalancerController : ILoadBalancerDataPlane, IController
{
    readonly IStateStore _store;
    readonly LoadBalancerOptions _options;
    readonly TimeProvider _clock;
    readonly ILogger _logger;
    readonly HaproxyProcess _process;
    readonly HaproxyRuntime _runtime;
    readonly ConfigApplier _applier;
    readonly TargetReconciler _targets;
    readonly SourceAddresses _sources;
    readonly ControllerLoop _loop;
    readonly SemaphoreSlim _pass = new(1, 1);
    bool _started;
    bool _reportedMissing;
    bool _wasRunning;
    volatile Observed _observed = Observed.Empty;

    public LoadBalancerController(IStateStore store, LoadBalancerOptions options, TimeProvider clock, ILogger<LoadBalancerController> logger)
    {
        _store = store;
        _options = options;
        _clock = clock;
        _logger = logger;
        var paths = new ProxyPaths(options.HaproxyDirectory, options.Settings.ListenAddress);
        _process = new HaproxyProcess(paths, options.HaproxyBinary);
        _runtime = new HaproxyRuntime(paths);
        _applier = new ConfigApplier(_process, _runtime, clock, logger);
        _targets = new TargetReconciler(_runtime, clock, logger);
        _sources = new SourceAddresses(new LoopbackAddresses(SourceAddressPlan.Label(options.HaproxyDirectory), options.IpBinary), logger);
        _loop = new ControllerLoop("load-balancer", clock, logger);
    }

    public void Notify() => _loop.Notify();

    public IReadOnlyDictionary<string, TargetObservation> Observe(string targetGroupArn) =>
        _observed.Health.GetValueOrDefault(targetGroupArn) ?? new Dictionary<string, TargetObservation>();

    /// <summary>Request counters per target (<c>ip:port</c>) of a target group, as of the last pass.</summary>
    public IReadOnlyDictionary<string, TargetTraffic> Traffic(string targetGroupArn) =>
        _observed.Traffic.GetValueOrDefault(targetGroupArn) ?? new Dictionary<string, TargetTraffic>();

    public bool CanListen(int port) => PortProbe.IsFree(_options.Settings.ListenAddress, port);

    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(_options.ResyncInterval, ReconcileAsync, ct);

    /// <summary>One pass; safe to run at any time (the loop runs it, tests may too).</summary>
    public async Task ReconcileAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            await PassAsync(ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    async Task PassAsync(CancellationToken ct)
    {
        var model = await ReadModelAsync(ct);
        if (_process.ResolveBinary() is null)
        {
            if (!_reportedMissing)
                Log.NotInstalled(_logger, _options.HaproxyBinary);
            _reportedMissing = true;
            await LoadBalancerStates.WriteAsync(_store, model, _ => ("failed", "HAProxy is not installed"), ct);
            return;
        }
        Directory.CreateDirectory(_options.HaproxyDirectory);

        var pid = _process.RunningPid();
        var running = pid is not null && await _process.MasterAnswersAsync(ct);
        if (!_started)
        {
            _started = true;
            if (running)
            {
                Log.Adopted(_logger, pid!.Value, _options.HaproxyDirectory);
                _applier.Adopt();
            }
            else
            {
                // A cold start: no stale health from a previous life; every target starts DOWN and proves itself.
                File.Delete(_process.Paths.StateFile);
            }
        }
        else if (!running && _wasRunning)
        {
            Log.Restarting(_logger);
        }
        _wasRunning = running;

        var wanted = SourceAddressPlan.Wanted(model.LoadBalancers);
        if (!running && model.Listeners.Count == 0)
        {
            // Nothing to serve: no HAProxy process until the first listener (hosts without load balancers run none).
            await _sources.RemoveStaleAsync(wanted, ct);
            _observed = Observed.Empty;
            await LoadBalancerStates.WriteAsync(_store, model, _ => ("active", null), ct);
            return;
        }

        _applier.ForgetInvalid(model);
        var live = running ? await _runtime.ShowStatAsync(ct) : StatSnapshot.Empty;
        // A load balancer's address is on the host before a config leaves from it, and off only once none does.
        var sources = await _sources.EnsureAsync(wanted, ct);
        var outcome = await _applier.ApplyAsync(model, live, running, sources, ct);
        if (outcome.Running && outcome.Failure is null)
            await _sources.RemoveStaleAsync(wanted, ct);
        if (outcome.Running)
        {
            if (outcome.Reloaded)
                live = await _runtime.ShowStatAsync(ct);
            var done = await _targets.ReconcileAsync(model, outcome.Config, live, ct);
            await CompleteDeregistrationsAsync(done, ct);
            live = await _runtime.ShowStatAsync(ct);
        }
        _observed = Observed.From(outcome.Config, outcome.Running ? live : StatSnapshot.Empty);
        await LoadBalancerStates.WriteAsync(_store, model, lb => StateOf(lb, model, outcome), ct);
    }

    (string Code, string? Reason) StateOf(LoadBalancer lb, ProxyModel model, ApplyOutcome outcome)
    {
        if (outcome.Config.FailedLoadBalancers.TryGetValue(lb.LoadBalancerArn, out var reason))
            return ("failed", reason);
        var ports = model.Listeners.Where(l => l.LoadBalancerArn == lb.LoadBalancerArn).Select(l => l.Port).ToList();
        if (outcome.Running && ports.All(_applier.Serves))
            return ("active", null);
        if (outcome.Failure is not null)
            return ("failed", outcome.Failure);
        return ("provisioning", null);
    }

    async Task CompleteDeregistrationsAsync(List<(string TargetGroupArn, string Key)> done, CancellationToken ct)
    {
        foreach (var group in done.GroupBy(d => d.TargetGroupArn))
        {
            var keys = group.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
            await _store.MutateAsync(ElbKinds.TargetGroups, group.Key, (tg, _) =>
            {
                // Only targets still draining: one registered again in the meantime stays.
                var kept = tg.Targets.Where(t => t.DrainingSince is null || !keys.Contains(t.Key)).ToList();
                return kept.Count == tg.Targets.Count ? null : tg with { Targets = kept };
            }, ct);
            foreach (var key in keys)
                Log.Deregistered(_logger, key, group.Key);
        }
    }

    async Task<ProxyModel> ReadModelAsync(CancellationToken ct)
    {
        var all = new StoreQuery();
        return new ProxyModel(
            (await _store.ListAsync(ElbKinds.LoadBalancers, all, ct)).Select(s => s.Value).ToList(),
            (await _store.ListAsync(ElbKinds.Listeners, all, ct)).Select(s => s.Value).ToList(),
            (await _store.ListAsync(ElbKinds.ListenerRules, all, ct)).Select(s => s.Value).ToList(),
            (await _store.ListAsync(ElbKinds.TargetGroups, all, ct)).Select(s => s.Value).ToList());
    }

    /// <summary>Stops HAProxy (graceful berthd shutdown): listeners close, requests in flight finish.</summary>
    public async Task StopProxyAsync(CancellationToken ct)
    {
        if (await _process.StopAsync(TimeSpan.FromSeconds(10), ct))
            Log.Stopped(_logger);
    }

    /// <summary>The last observations, swapped whole so readers never see half a pass.</summary>
    sealed record Observed(
        IReadOnlyDictionary<string, Dictionary<string, TargetObservation>> Health,
        IReadOnlyDictionary<string, Dictionary<string, TargetTraffic>> Traffic)
    {
        public static readonly Observed Empty = new(new Dictionary<string, Dictionary<string, TargetObservation>>(), new Dictionary<string, Dictionary<string, TargetTraffic>>());

        public static Observed From(GeneratedConfig config, StatSnapshot live)
        {
            var health = new Dictionary<string, Dictionary<string, TargetObservation>>(StringComparer.Ordinal);
            var traffic = new Dictionary<string, Dictionary<string, TargetTraffic>>(StringComparer.Ordinal);
            foreach (var s in live.Servers)
            {
                if (!config.Backends.TryGetValue(s.Backend, out var spec) || ProxyNames.KeyOf(s.Server) is not { } key)
                    continue;
                var arn = spec.TargetGroup.TargetGroupArn;
                if (!health.TryGetValue(arn, out var h))
                    health[arn] = h = new(StringComparer.Ordinal);
                if (!traffic.TryGetValue(arn, out var t))
                    traffic[arn] = t = new(StringComparer.Ordinal);
                h[key] = TargetObservations.From(s);
                t[key] = new TargetTraffic(s.TotalSessions, s.Responses5xx, s.AverageResponseMs, s.CurrentSessions);
            }
            return new Observed(health, traffic);
        }
    }
}
