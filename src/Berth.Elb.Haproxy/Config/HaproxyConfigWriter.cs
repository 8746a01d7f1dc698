using System.Globalization;

namespace Berth.Elb.Haproxy.Config;

/// <summary>
/// Writes haproxy.cfg from a <see cref="ProxyModel"/>: a pure function. One frontend per listener, one backend per target
/// group in use. Server lines are written only for the targets <see cref="ConfigInputs.StaticServer"/> admits — those
/// HAProxy already runs, whose state the server-state file carries over a reload; a new target is added through the
/// runtime API instead, where it can start DOWN (a server written into the config starts UP in 2.6).
/// </summary>
internal static class HaproxyConfigWriter
{
    public static GeneratedConfig Write(ProxyModel model, ProxyPaths paths, ConfigInputs inputs)
    {
        var cfg = new ConfigBuilder();
        Global(cfg, paths);

        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var served = new List<ServedListener>();
        var lbs = model.LoadBalancers.ToDictionary(l => l.LoadBalancerArn, StringComparer.Ordinal);
        var ports = new HashSet<int>();
        var listeners = new List<(LoadBalancer Lb, Listener L)>();
        foreach (var l in model.Listeners.OrderBy(l => l.Port).ThenBy(l => l.ListenerArn, StringComparer.Ordinal))
        {
            if (!lbs.TryGetValue(l.LoadBalancerArn, out var lb))
                continue;
            if (inputs.BlockedListeners.TryGetValue(l.ListenerArn, out var reason) || !ports.Add(l.Port))
            {
                failed.TryAdd(lb.LoadBalancerArn, reason ?? $"Port {l.Port} is used by another listener");
                continue;
            }
            listeners.Add((lb, l));
        }

        // Only target groups some served listener or rule forwards to get a backend (and health checks), as on ALB.
        var rulesByListener = model.Rules.ToLookup(r => r.ListenerArn, StringComparer.Ordinal);
        var inUse = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, l) in listeners)
        {
            inUse.UnionWith(ElbActions.TargetGroupsOf(l.DefaultActions));
            foreach (var r in rulesByListener[l.ListenerArn])
                inUse.UnionWith(ElbActions.TargetGroupsOf(r.Actions));
        }
        var groups = model.TargetGroups.Where(g => inUse.Contains(g.TargetGroupArn)).OrderBy(g => g.TargetGroupArn, StringComparer.Ordinal).ToList();
        var sourceOf = SourceOf(listeners, rulesByListener, inputs.SourceAddresses ?? new Dictionary<string, string>());
        var backendNames = groups.ToDictionary(g => g.TargetGroupArn, ProxyNames.Backend, StringComparer.Ordinal);

        foreach (var (lb, l) in listeners)
        {
            Frontend(cfg, paths, lb, l, rulesByListener[l.ListenerArn], backendNames);
            served.Add(new ServedListener(lb.LoadBalancerArn, l.ListenerArn, l.Port));
        }

        var backends = new Dictionary<string, BackendSpec>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            var spec = BackendSpec.Of(g);
            Backend(cfg, spec, inputs, sourceOf.GetValueOrDefault(g.TargetGroupArn));
            backends[spec.Name] = spec;
        }
        var text = cfg.ToString();
        return new GeneratedConfig(text, StructureOf(text), backends, served, failed);
    }

    static void Global(ConfigBuilder cfg, ProxyPaths paths)
    {
        cfg.Section("# Written by berthd from the load balancers in its store; edits are overwritten.")
            .Section("global")
            .Line("master-worker")
            // expose-fd listeners: a reloaded worker takes the listening sockets over, so no connection is refused.
            .Line($"stats socket {ConfigText.Quote(paths.AdminSocket)} mode 600 level admin expose-fd listeners")
            .Line("stats timeout 30s")
            .Line($"server-state-file {ConfigText.Quote(paths.StateFile)}")
            // No global maxconn: HAProxy derives it from the file-descriptor limit it is given.
            // An old worker finishes its requests after a reload, but not forever.
            .Line("hard-stop-after 5m");
        cfg.Section("defaults")
            .Line("mode http")
            .Line("load-server-state-from-file global")
            .Line("option forwardfor")
            .Line("http-reuse safe")
            // A request whose target went away is sent to another one instead of failing.
            .Line("retries 3")
            .Line("option redispatch 1")
            .Line("retry-on conn-failure empty-response")
            .Line("timeout connect 5s")
            .Line("timeout client 60s")
            .Line("timeout server 60s")
            .Line("timeout http-request 10s")
            .Line("timeout http-keep-alive 60s")
            .Line("timeout queue 30s")
            .Line("timeout check 5s");
    }

    static void Frontend(ConfigBuilder cfg, ProxyPaths paths, LoadBalancer lb, Listener l,
        IEnumerable<ListenerRule> rules, IReadOnlyDictionary<string, string> backends)
    {
        var port = l.Port.ToString(CultureInfo.InvariantCulture);
        cfg.Section($"frontend {ProxyNames.Frontend(lb, l)}")
            .Line($"# {lb.LoadBalancerName} {l.ListenerArn}")
            .Line($"bind {BindAddress(paths.ListenAddress)}:{port}")
            .Line("maxconn 10000")
            .Line("option forwardfor")
            .Line("http-request set-header X-Forwarded-Proto http")
            .Line($"http-request set-header X-Forwarded-Port {port}")
            .Line("http-request set-var(txn.rnd) rand(1048576)");
        foreach (var (key, header) in ListenerAttributes.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (l.Attributes.GetValueOrDefault(key) is { Length: > 0 } value)
                cfg.Line($"http-response set-header {header} {ConfigText.Quote(ConfigText.LogFormatLiteral(value))}");
        }
        if (l.Attributes.GetValueOrDefault(ListenerAttributes.ServerEnabled) == "false")
            cfg.Line("http-response del-header Server");
        var i = 0;
        foreach (var r in rules.OrderBy(r => r.Priority))
        {
            var prefix = $"r{r.Priority}_{i++}";
            cfg.Line($"# rule {r.Priority} {r.RuleArn}");
            var condition = RuleConditions.Write(cfg, prefix, r.Conditions);
            RuleActions.Write(cfg, condition, r.Actions, l.Port, backends);
        }
        cfg.Line("# default actions");
        RuleActions.Write(cfg, "", l.DefaultActions, l.Port, backends);
        cfg.Line($"{RuleActions.ServiceUnavailable} if {RuleActions.Unrouted}");
        cfg.Line("use_backend %[var(txn.be)]");
    }

    static string BindAddress(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    /// <summary>
    /// The address each target group's connections (requests and health checks) leave from: its load balancer's, so a
    /// target's security group can admit "the load balancer's group". ELB lets a target group serve one load balancer
    /// only (TargetGroupAssociationLimit); should a store hold more, the oldest load balancer's address is used.
    /// </summary>
    static Dictionary<string, string> SourceOf(List<(LoadBalancer Lb, Listener L)> listeners, ILookup<string, ListenerRule> rules,
        IReadOnlyDictionary<string, string> addresses)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (lb, l) in listeners.OrderBy(x => x.Lb.CreatedTime).ThenBy(x => x.Lb.LoadBalancerArn, StringComparer.Ordinal))
        {
            if (!addresses.TryGetValue(lb.LoadBalancerArn, out var address))
                continue;
            foreach (var tg in ElbActions.TargetGroupsOf(l.DefaultActions.Concat(rules[l.ListenerArn].SelectMany(r => r.Actions))))
                result.TryAdd(tg, address);
        }
        return result;
    }

    static void Backend(ConfigBuilder cfg, BackendSpec spec, ConfigInputs inputs, string? source)
    {
        var g = spec.TargetGroup;
        cfg.Section($"backend {spec.Name}")
            .Line($"# {g.TargetGroupName} {g.TargetGroupArn}")
            .Line(g.Attributes.GetValueOrDefault("load_balancing.algorithm.type") == "least_outstanding_requests" ? "balance leastconn" : "balance roundrobin");
        // Backend-wide, so servers added through the runtime API (which take no default-server) leave from it too.
        if (source is not null)
            cfg.Line($"source {source}");
        if (g.HealthCheckEnabled)
        {
            cfg.Line("option httpchk")
                .Line($"http-check send meth GET uri {ConfigText.Quote(string.IsNullOrEmpty(g.HealthCheckPath) ? "/" : g.HealthCheckPath)} hdr User-Agent ELB-HealthChecker/2.0")
                .Line($"http-check expect rstatus {ConfigText.Quote(StatusMatcher.ToRegex(g.MatcherHttpCode))}")
                .Line(string.Create(CultureInfo.InvariantCulture, $"timeout check {Math.Max(1, g.HealthCheckTimeoutSeconds)}s"));
        }
        foreach (var s in spec.Servers)
        {
            if (inputs.StaticServer(spec.Name, s.Name))
                cfg.Line($"server {s.Name} {s.Address} {s.Arguments}");
        }
    }

    /// <summary>The config without its server lines: what a reload is needed for. Servers change through the runtime API.</summary>
    public static string StructureOf(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("    server ", StringComparison.Ordinal)));
}

/// <summary>
/// What the writer needs beyond the model: listeners it must leave out, which servers to write, and the addresses on
/// the host that load balancers' traffic to targets leaves from (by load balancer ARN).
/// </summary>
internal sealed record ConfigInputs(IReadOnlyDictionary<string, string> BlockedListeners, Func<string, string, bool> StaticServer,
    IReadOnlyDictionary<string, string>? SourceAddresses = null)
{
    public static readonly ConfigInputs None = new(new Dictionary<string, string>(), (_, _) => false);
}

/// <summary>The config text and what it means: backends by name, listeners served, load balancers that could not be.</summary>
internal sealed record GeneratedConfig(
    string Text,
    string Structure,
    IReadOnlyDictionary<string, BackendSpec> Backends,
    IReadOnlyList<ServedListener> Served,
    IReadOnlyDictionary<string, string> FailedLoadBalancers);

internal sealed record ServedListener(string LoadBalancerArn, string ListenerArn, int Port);
