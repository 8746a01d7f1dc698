namespace Berth.Elb;

/// <summary>
/// The port the control plane uses to reach the proxy carrying load-balancer traffic (HAProxy in Berth.Elb.Haproxy).
/// The data plane reads listeners, rules and target groups from the store itself (level-triggered);
/// <see cref="Notify"/> only says that something changed, so it acts at once instead of at its next resync.
/// </summary>
public interface ILoadBalancerDataPlane
{
    void Notify();

    /// <summary>
    /// What the proxy observes of a target group's targets, by <c>ip:port</c>; a target it has not seen yet is absent.
    /// </summary>
    IReadOnlyDictionary<string, TargetObservation> Observe(string targetGroupArn);

    /// <summary>
    /// Cumulative traffic counters of a target group's targets, by <c>ip:port</c>. They restart from zero when the
    /// proxy process is replaced, so a reader taking differences must treat a smaller value as a restart.
    /// </summary>
    IReadOnlyDictionary<string, TargetTraffic> Traffic(string targetGroupArn);

    /// <summary>Whether a listener could bind this port on the host: listeners are host ports, and another program may hold one.</summary>
    bool CanListen(int port);
}

/// <summary>
/// One target as the proxy sees it. <paramref name="Checked"/> is false until the first health check has
/// finished; <paramref name="Healthy"/> is the proxy's verdict after the rise/fall thresholds.
/// </summary>
public sealed record TargetObservation(
    bool Checked,
    bool Healthy,
    string? FailureReason,
    string? FailureDescription,
    int ActiveConnections,
    long TotalRequests);

/// <summary>Traffic counters of one target, for metrics: requests served, 5xx answers, average response time (recent requests).</summary>
public sealed record TargetTraffic(long TotalRequests, long Responses5xx, long AverageResponseMs, int ActiveConnections);

/// <summary>Used where no proxy runs (unit tests, a host without HAProxy): nothing is observed.</summary>
public sealed class NoDataPlane : ILoadBalancerDataPlane
{
    public void Notify()
    {
    }

    public IReadOnlyDictionary<string, TargetObservation> Observe(string targetGroupArn) =>
        new Dictionary<string, TargetObservation>();

    public IReadOnlyDictionary<string, TargetTraffic> Traffic(string targetGroupArn) =>
        new Dictionary<string, TargetTraffic>();

    public bool CanListen(int port) => true;
}
