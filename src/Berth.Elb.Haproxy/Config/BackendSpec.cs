using System.Globalization;

namespace Berth.Elb.Haproxy.Config;

/// <summary>A target group as a backend: its name and a server per registered target.</summary>
internal sealed record BackendSpec(string Name, TargetGroup TargetGroup, IReadOnlyList<ServerSpec> Servers)
{
    public static BackendSpec Of(TargetGroup g)
    {
        // A target that is down (a new one, or one that failed) is checked every second, so a newly registered
        // target is in service a few seconds after it answers, as on ALB, rather than after rise × interval.
        var inter = Math.Max(1, g.HealthCheckIntervalSeconds);
        var quick = Math.Min(inter, 1);
        var check = g.HealthCheckEnabled
            ? string.Create(CultureInfo.InvariantCulture,
                $"check inter {inter}s downinter {quick}s fastinter {quick}s rise {Math.Max(1, g.HealthyThresholdCount)} fall {Math.Max(1, g.UnhealthyThresholdCount)}")
              + (int.TryParse(g.HealthCheckPort, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? $" port {p}" : "") + " "
            : "";
        // Dynamic servers in 2.6 ignore default-server, so every argument is spelled out, here and in `add server`.
        // That includes the idle-connection pool: a server from `add server` gets pool-max-conn 0 and pool-purge-delay 0
        // instead of the -1 and 5s a server in the config gets, so it keeps no idle connection — every request then
        // opens a new connection to the target (no keep-alive to it, a third of the throughput in bench/load-balancer).
        var servers = g.Targets
            .GroupBy(t => t.Key).Select(t => t.First())
            .Select(t => new ServerSpec(ProxyNames.Server(t.Key), t.Key, $"{t.Id}:{t.Port}", check + "weight 1 " + IdlePool, t.DrainingSince))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return new BackendSpec(ProxyNames.Backend(g), g, servers);
    }

    /// <summary>The idle-connection defaults of a server in the config (HAProxy 2.6), which `add server` does not apply.</summary>
    public const string IdlePool = "pool-max-conn -1 pool-purge-delay 5s";
}

/// <summary>A server for one target: <see cref="Arguments"/> are the same in the config and in <c>add server</c>.</summary>
internal sealed record ServerSpec(string Name, string Key, string Address, string Arguments, DateTimeOffset? DrainingSince);
