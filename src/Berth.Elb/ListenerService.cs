using Berth.Kernel;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Elb;

/// <summary>
/// CreateListener, DescribeListeners, ModifyListener and DeleteListener. A listener is an HTTP port on the Berth host,
/// so a port serves one load balancer only and must not be held by another program.
/// </summary>
public sealed class ListenerService(IStateStore store, ActionValidator actions, LoadBalancerSettings settings, ILoadBalancerDataPlane dataPlane,
    INetworkChangeNotifier? filter = null)
{
    public const int MaxListenersPerLoadBalancer = 50;

    public async Task<Listener> CreateAsync(CreateListenerRequest r, CancellationToken ct)
    {
        var lbArn = ElbNames.LoadBalancerArn(r.LoadBalancerArn);
        var protocol = CheckProtocol(r.Protocol ?? "HTTP", r.SslPolicy, r.CertificateCount);
        if (r.Port is null)
            throw ElbErrors.Validation("A port must be specified for an application load balancer listener.");
        var port = ElbRefusals.Range(r.Port, "port", 1, 65535);
        var tagList = ElbTags.Validate(r.Tags);
        if (await store.GetAsync(ElbKinds.LoadBalancers, lbArn, ct) is null)
            throw ElbErrors.LoadBalancerNotFound(lbArn);
        var defaultActions = await actions.ValidateAsync(r.DefaultActions, "defaultActions", lbArn, ct);

        var all = (await store.ListAsync(ElbKinds.Listeners, new StoreQuery(), ct)).Select(l => l.Value).ToList();
        if (all.FirstOrDefault(l => l.Port == port) is { } taken)
        {
            if (taken.LoadBalancerArn != lbArn)
                throw DuplicateElsewhere(port, taken);
            // The same request again answers with the listener it made, as on AWS.
            return taken.Protocol == protocol && SameActions(taken.DefaultActions, defaultActions)
                ? taken
                : throw new AwsException("DuplicateListener", "A listener already exists on this port for this load balancer");
        }
        if (all.Count(l => l.LoadBalancerArn == lbArn) >= MaxListenersPerLoadBalancer)
            throw new AwsException("TooManyListeners", $"A load balancer can have at most {MaxListenersPerLoadBalancer} listeners.");
        RequireFreeHostPort(port);

        var listener = new Listener { ListenerArn = Arns.Listener(lbArn, Arns.NewElbId()), LoadBalancerArn = lbArn, Port = port, Protocol = protocol, DefaultActions = defaultActions };
        var writes = new List<StoreWrite> { StoreWrite.Insert(ElbKinds.Listeners, listener) };
        if (TagService.Initial(listener.ListenerArn, tagList) is { } tagWrite)
            writes.Add(tagWrite);
        await store.CommitAsync(writes, ct);
        Changed();
        return listener;
    }

    public async Task<Listener> RequireAsync(string? arn, CancellationToken ct, string member = "listenerArn") =>
        (await store.GetAsync(ElbKinds.Listeners, ElbNames.ListenerArn(arn, member), ct))?.Value ?? throw ElbErrors.ListenerNotFound(arn);

    public async Task<(List<Listener> Listeners, string? NextMarker)> DescribeAsync(
        string? loadBalancerArn, IReadOnlyList<string>? listenerArns, string? marker, int? pageSize, CancellationToken ct)
    {
        List<Listener> found = [];
        if (listenerArns is { Count: > 0 })
        {
            if (loadBalancerArn is not null)
                throw ElbErrors.Validation("Listener ARNs and a load balancer ARN cannot be specified at the same time");
            foreach (var arn in listenerArns.Distinct(StringComparer.Ordinal))
                found.Add(await RequireAsync(arn, ct, "listenerArns.member"));
        }
        else if (loadBalancerArn is not null)
        {
            if (await store.GetAsync(ElbKinds.LoadBalancers, ElbNames.LoadBalancerArn(loadBalancerArn), ct) is null)
                throw ElbErrors.LoadBalancerNotFound(loadBalancerArn);
            found = (await store.ListAsync(ElbKinds.Listeners, new StoreQuery { Scope = loadBalancerArn }, ct)).Select(l => l.Value).OrderBy(l => l.Port).ToList();
        }
        else
        {
            throw ElbErrors.Validation("You must specify either listener ARNs or a load balancer ARN");
        }
        return ElbPaging.Page(found, marker, pageSize, $"listeners|{loadBalancerArn}|{string.Join(',', listenerArns ?? [])}");
    }

    public async Task<Listener> ModifyAsync(ModifyListenerRequest r, CancellationToken ct)
    {
        var listener = await RequireAsync(r.ListenerArn, ct);
        var protocol = CheckProtocol(r.Protocol ?? listener.Protocol, r.SslPolicy, r.CertificateCount);
        var port = r.Port is null ? listener.Port : ElbRefusals.Range(r.Port, "port", 1, 65535);
        var defaultActions = r.DefaultActions is null ? listener.DefaultActions
            : await actions.ValidateAsync(r.DefaultActions, "defaultActions", listener.LoadBalancerArn, ct);
        if (port != listener.Port)
        {
            var taken = (await store.ListAsync(ElbKinds.Listeners, new StoreQuery(), ct)).Select(l => l.Value).FirstOrDefault(l => l.Port == port);
            if (taken is not null)
                throw taken.LoadBalancerArn == listener.LoadBalancerArn
                    ? new AwsException("DuplicateListener", "A listener already exists on this port for this load balancer")
                    : DuplicateElsewhere(port, taken);
            RequireFreeHostPort(port);
        }
        var updated = await store.MutateAsync(ElbKinds.Listeners, listener.ListenerArn,
            (l, _) => l with { Port = port, Protocol = protocol, DefaultActions = defaultActions }, ct) ?? throw ElbErrors.ListenerNotFound(r.ListenerArn);
        Changed();
        return updated;
    }

    public async Task<Dictionary<string, string>> DescribeAttributesAsync(string? arn, CancellationToken ct) =>
        AttributeSet.Merge(ListenerAttributes.Rules, (await RequireAsync(arn, ct)).Attributes);

    public async Task<Dictionary<string, string>> ModifyAttributesAsync(string? arn, IReadOnlyList<ElbAttribute>? attributes, CancellationToken ct)
    {
        var listener = await RequireAsync(arn, ct);
        AttributeSet.Apply(ListenerAttributes.Rules, listener.Attributes, attributes);
        var updated = await store.MutateAsync(ElbKinds.Listeners, listener.ListenerArn,
            (l, _) => l with { Attributes = AttributeSet.Apply(ListenerAttributes.Rules, l.Attributes, attributes) }, ct) ?? throw ElbErrors.ListenerNotFound(arn);
        Changed();
        return AttributeSet.Merge(ListenerAttributes.Rules, updated.Attributes);
    }

    /// <summary>Deletes a listener with its rules.</summary>
    public async Task DeleteAsync(string? arn, CancellationToken ct)
    {
        var stored = await store.GetAsync(ElbKinds.Listeners, ElbNames.ListenerArn(arn), ct) ?? throw ElbErrors.ListenerNotFound(arn);
        var writes = new List<StoreWrite> { StoreWrite.Delete(ElbKinds.Listeners, arn!, stored.Version) };
        var owned = new List<string> { arn! };
        foreach (var rule in await store.ListAsync(ElbKinds.ListenerRules, new StoreQuery { Scope = arn }, ct))
        {
            writes.Add(StoreWrite.Delete(ElbKinds.ListenerRules, rule.Value.RuleArn, rule.Version));
            owned.Add(rule.Value.RuleArn);
        }
        writes.AddRange(await LoadBalancerService.TagDeletesAsync(store, owned, ct));
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw ElbRefusals.InUse($"Listener '{arn}' changed while it was being deleted; try again.");
        }
        Changed();
    }

    static string CheckProtocol(string protocol, string? sslPolicy, int certificates)
    {
        if (protocol != "HTTP")
            throw ElbRefusals.UnsupportedProtocol($"Listener protocol '{protocol}' is not supported: Berth listeners serve HTTP.");
        if (sslPolicy is not null || certificates > 0)
            throw ElbErrors.Validation("An HTTP listener cannot have an SSL policy or certificates.");
        return protocol;
    }

    static bool SameActions(List<ElbAction> a, List<ElbAction> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Type == p.Second.Type && p.First.TargetGroupArn == p.Second.TargetGroupArn
            && p.First.FixedResponseConfig == p.Second.FixedResponseConfig && p.First.RedirectConfig == p.Second.RedirectConfig
            && ElbActions.TargetGroupsOf([p.First]).SetEquals(ElbActions.TargetGroupsOf([p.Second])));

    static AwsException DuplicateElsewhere(int port, Listener taken) =>
        new("DuplicateListener", $"Port {port} is already used by a listener of load balancer '{taken.LoadBalancerArn}': listeners are ports on the Berth host, so each port serves one load balancer.");

    void RequireFreeHostPort(int port)
    {
        if (!dataPlane.CanListen(port))
            throw ElbRefusals.InvalidConfiguration($"Port {port} is already in use on this host ({settings.ListenAddress}) by another program; choose another port for the listener.");
    }

    /// <summary>A listener's port is what HAProxy binds and what the packet filter guards: both are told at once.</summary>
    void Changed()
    {
        dataPlane.Notify();
        filter?.Notify();
    }
}
