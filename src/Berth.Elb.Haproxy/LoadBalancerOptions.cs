namespace Berth.Elb.Haproxy;

/// <summary>Where HAProxy's files live (<c>DataDirectory/haproxy</c>), which binary runs, what listeners bind.</summary>
public sealed record LoadBalancerOptions
{
    public required string DataDirectory { get; init; }
    public string HaproxyBinary { get; init; } = "haproxy";
    /// <summary>iproute2's <c>ip</c>, which puts each load balancer's address on the loopback interface.</summary>
    public string IpBinary { get; init; } = "ip";
    public LoadBalancerSettings Settings { get; init; } = new();
    /// <summary>How often the controller resyncs without being notified.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    public string HaproxyDirectory => Path.Combine(DataDirectory, "haproxy");
}
