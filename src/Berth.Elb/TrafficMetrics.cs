using Berth.CloudWatch;
using static Berth.CloudWatch.MetricNames;

namespace Berth.Elb;

/// <summary>Requests a target group served over one sampling interval, from the proxy's cumulative counters.</summary>
public sealed record TrafficDelta(long Requests, long Target5xx, double ResponseSecondsTotal)
{
    public static readonly TrafficDelta None = new(0, 0, 0);

    /// <summary>
    /// Differences per target; a target not seen before, or whose counters went down (the proxy restarted),
    /// counts from zero. Response time is the proxy's recent average per target, weighted by its requests.
    /// </summary>
    public static TrafficDelta Between(IReadOnlyDictionary<string, TargetTraffic> before, IReadOnlyDictionary<string, TargetTraffic> after)
    {
        long requests = 0, errors = 0;
        double seconds = 0;
        foreach (var (key, now) in after)
        {
            var then = before.GetValueOrDefault(key);
            var restarted = then is null || now.TotalRequests < then.TotalRequests || now.Responses5xx < then.Responses5xx;
            var r = restarted ? now.TotalRequests : now.TotalRequests - then!.TotalRequests;
            requests += r;
            errors += restarted ? now.Responses5xx : now.Responses5xx - then!.Responses5xx;
            seconds += r * now.AverageResponseMs / 1000.0;
        }
        return new TrafficDelta(requests, errors, seconds);
    }

    public TrafficDelta Plus(TrafficDelta other) =>
        new(Requests + other.Requests, Target5xx + other.Target5xx, ResponseSecondsTotal + other.ResponseSecondsTotal);
}

/// <summary>
/// AWS/ApplicationELB points for one interval. Request counts are written as 0 while nothing is requested (ALB
/// writes nothing then), so a request-count scaling policy sees an idle service and can scale it in.
/// </summary>
public static class TrafficMetrics
{
    public static IEnumerable<MetricWrite> ForTargetGroup(string targetGroupArn, string loadBalancerArn, TrafficDelta delta, int healthy, int unhealthy, DateTimeOffset at)
    {
        MetricDimension[] both = [LoadBalancer(loadBalancerArn), TargetGroup(targetGroupArn)];
        var perTarget = delta.Requests / (double)Math.Max(1, healthy);
        yield return Single(RequestCount, both, at, Count, delta.Requests);
        yield return Single(RequestCountPerTarget, both, at, Count, perTarget);
        yield return Single(RequestCountPerTarget, [TargetGroup(targetGroupArn)], at, Count, perTarget);
        yield return Single(Target5xx, both, at, Count, delta.Target5xx);
        yield return Single(HealthyHostCount, both, at, Count, healthy);
        yield return Single(UnHealthyHostCount, both, at, Count, unhealthy);
        if (ResponseTime(both, delta, at) is { } rt)
            yield return rt;
    }

    public static IEnumerable<MetricWrite> ForLoadBalancer(string loadBalancerArn, TrafficDelta delta, DateTimeOffset at)
    {
        MetricDimension[] lb = [LoadBalancer(loadBalancerArn)];
        yield return Single(RequestCount, lb, at, Count, delta.Requests);
        yield return Single(Target5xx, lb, at, Count, delta.Target5xx);
        if (ResponseTime(lb, delta, at) is { } rt)
            yield return rt;
    }

    /// <summary>One sample per request, so Average over a period is the mean response time of its requests.</summary>
    static MetricWrite? ResponseTime(MetricDimension[] dims, TrafficDelta delta, DateTimeOffset at)
    {
        if (delta.Requests == 0)
            return null;
        var mean = delta.ResponseSecondsTotal / delta.Requests;
        return new MetricWrite(new MetricKey(ApplicationElb, TargetResponseTime, dims), new MetricPoint(at, delta.Requests, delta.ResponseSecondsTotal, mean, mean, Seconds));
    }

    static MetricWrite Single(string name, MetricDimension[] dims, DateTimeOffset at, string unit, double value) =>
        new(new MetricKey(ApplicationElb, name, dims), MetricPoint.Single(at, value, unit));
}
