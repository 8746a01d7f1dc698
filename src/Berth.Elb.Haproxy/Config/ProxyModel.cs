namespace Berth.Elb.Haproxy.Config;

/// <summary>
/// An immutable snapshot of what the store says the proxy should serve: every load balancer with its listeners and
/// rules, and every target group. The config writer turns it into haproxy.cfg; nothing here does I/O.
/// </summary>
internal sealed record ProxyModel(
    IReadOnlyList<LoadBalancer> LoadBalancers,
    IReadOnlyList<Listener> Listeners,
    IReadOnlyList<ListenerRule> Rules,
    IReadOnlyList<TargetGroup> TargetGroups)
{
    public static readonly ProxyModel Empty = new([], [], [], []);
}

/// <summary>Where HAProxy keeps its sockets and files, and the address listeners bind.</summary>
internal sealed record ProxyPaths(string Directory, string ListenAddress)
{
    public string ConfigFile => Path.Combine(Directory, "haproxy.cfg");
    public string CandidateFile => Path.Combine(Directory, "haproxy.cfg.new");
    public string PidFile => Path.Combine(Directory, "haproxy.pid");
    public string MasterSocket => Path.Combine(Directory, "master.sock");
    public string AdminSocket => Path.Combine(Directory, "admin.sock");
    public string StateFile => Path.Combine(Directory, "server-state");
}
