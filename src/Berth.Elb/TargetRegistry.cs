using System.Net;
using System.Net.Sockets;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.Elb;

/// <summary>
/// RegisterTargets, DeregisterTargets and DescribeTargetHealth: used by the ELBv2 API and by the ECS service
/// controller alike. Registration is stored on the target group; the data plane serves and drains what is stored.
/// With the account's networks (<paramref name="network"/>, always in berthd) an ip target must be private or in its
/// group's VPC, as on AWS; without them (data-plane tests serving host processes on loopback) any IPv4 address is taken.
/// </summary>
public sealed class TargetRegistry(IStateStore store, ILoadBalancerDataPlane dataPlane, TimeProvider clock, LoadBalancerNetwork? network = null)
{
    public async Task RegisterAsync(string targetGroupArn, IReadOnlyList<TargetRef> targets, CancellationToken ct)
    {
        var tg = await RequireAsync(targetGroupArn, ct);
        var wanted = Resolve(tg, targets);
        var zones = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var ip in wanted.Select(w => w.Id).Distinct(StringComparer.Ordinal))
        {
            if (network is not null && !TargetAddresses.IsPrivate(IPAddress.Parse(ip)) && (await network.VpcOfAsync(IPAddress.Parse(ip), ct))?.VpcId != tg.VpcId)
                throw new AwsException("InvalidTarget", $"The IP address '{ip}' is not a valid target: an ip target must be in the target group's VPC ({tg.VpcId}), in an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or in 100.64.0.0/10; publicly routable addresses cannot be registered.");
            var given = targets.FirstOrDefault(t => t.Id == ip && t.AvailabilityZone is not null)?.AvailabilityZone;
            var subnet = network is null ? null : await network.SubnetOfAsync(IPAddress.Parse(ip), ct);
            zones[ip] = TargetZones.Of(ip, given, subnet?.VpcId == tg.VpcId ? subnet : null);
        }
        var now = clock.GetUtcNow();
        await store.MutateAsync(ElbKinds.TargetGroups, targetGroupArn, (g, _) =>
        {
            var changed = false;
            var list = g.Targets.ToList();
            foreach (var (id, port) in wanted)
            {
                var i = list.FindIndex(t => t.Id == id && t.Port == port);
                if (i < 0)
                {
                    list.Add(new RegisteredTarget { Id = id, Port = port, AvailabilityZone = zones[id], RegisteredAt = now });
                    changed = true;
                }
                else if (list[i].DrainingSince is not null)
                {
                    // Registering a draining target again puts it back in service, as ELB does.
                    list[i] = list[i] with { DrainingSince = null, RegisteredAt = now };
                    changed = true;
                }
            }
            return changed ? g with { Targets = list } : null;
        }, ct);
        dataPlane.Notify();
    }

    public async Task DeregisterAsync(string targetGroupArn, IReadOnlyList<TargetRef> targets, CancellationToken ct)
    {
        var tg = await RequireAsync(targetGroupArn, ct);
        var wanted = Resolve(tg, targets);
        var missing = wanted.Where(w => !tg.Targets.Any(t => t.Id == w.Id && t.Port == w.Port)).ToList();
        if (missing.Count > 0)
            throw new AwsException("InvalidTarget", $"The following targets are not registered in target group '{targetGroupArn}': {string.Join(", ", missing.Select(m => $"'{m.Id}:{m.Port}'"))}");
        var now = clock.GetUtcNow();
        await store.MutateAsync(ElbKinds.TargetGroups, targetGroupArn, (g, _) =>
        {
            var changed = false;
            var list = g.Targets.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].DrainingSince is null && wanted.Contains((list[i].Id, list[i].Port)))
                {
                    list[i] = list[i] with { DrainingSince = now };
                    changed = true;
                }
            }
            return changed ? g with { Targets = list } : null;
        }, ct);
        dataPlane.Notify();
    }

    /// <summary>The health of the named targets, or of every registered target when none are named.</summary>
    public async Task<List<TargetHealthDescription>> DescribeHealthAsync(string targetGroupArn, IReadOnlyList<TargetRef>? targets, CancellationToken ct)
    {
        var tg = await RequireAsync(targetGroupArn, ct);
        var inUse = await InUseAsync(targetGroupArn, ct);
        var observed = dataPlane.Observe(targetGroupArn);
        var healthPort = tg.HealthCheckPort;
        if (targets is not { Count: > 0 })
        {
            return tg.Targets.Select(t => new TargetHealthDescription(t.Id, t.Port, t.AvailabilityZone, HealthPort(tg, t.Port),
                TargetHealthRules.Evaluate(tg, t, observed.GetValueOrDefault(t.Key), inUse))).ToList();
        }
        return Resolve(tg, targets).Select(w =>
        {
            var t = tg.Targets.FirstOrDefault(r => r.Id == w.Id && r.Port == w.Port);
            return t is null
                ? new TargetHealthDescription(w.Id, w.Port, null, HealthPort(tg, w.Port), TargetHealthRules.NotRegistered)
                : new TargetHealthDescription(t.Id, t.Port, t.AvailabilityZone, HealthPort(tg, t.Port),
                    TargetHealthRules.Evaluate(tg, t, observed.GetValueOrDefault(t.Key), inUse));
        }).ToList();
    }

    /// <summary>One registered target's health as DescribeTargetHealth would report it (the group assumed in use).</summary>
    public TargetHealth Evaluate(TargetGroup tg, RegisteredTarget t) =>
        TargetHealthRules.Evaluate(tg, t, dataPlane.Observe(tg.TargetGroupArn).GetValueOrDefault(t.Key), inUse: true);

    static string HealthPort(TargetGroup tg, int port) =>
        tg.HealthCheckPort == "traffic-port" ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : tg.HealthCheckPort;

    /// <summary>A target group receives traffic when a listener or rule of some load balancer forwards to it.</summary>
    public async Task<bool> InUseAsync(string targetGroupArn, CancellationToken ct)
    {
        foreach (var l in await store.ListAsync(ElbKinds.Listeners, new StoreQuery(), ct))
        {
            if (ElbActions.TargetGroupsOf(l.Value.DefaultActions).Contains(targetGroupArn))
                return true;
        }
        foreach (var r in await store.ListAsync(ElbKinds.ListenerRules, new StoreQuery(), ct))
        {
            if (ElbActions.TargetGroupsOf(r.Value.Actions).Contains(targetGroupArn))
                return true;
        }
        return false;
    }

    async Task<TargetGroup> RequireAsync(string? arn, CancellationToken ct) =>
        (string.IsNullOrEmpty(arn) ? null : await store.GetAsync(ElbKinds.TargetGroups, arn, ct))?.Value
        ?? throw ElbErrors.TargetGroupNotFound(arn);

    /// <summary>Checks each target's address and port; the port defaults to the target group's.</summary>
    static HashSet<(string Id, int Port)> Resolve(TargetGroup tg, IReadOnlyList<TargetRef> targets)
    {
        if (targets.Count == 0)
            throw new AwsException("ValidationError", "Targets must contain at least one target.");
        var result = new HashSet<(string, int)>();
        foreach (var t in targets)
        {
            if (string.IsNullOrEmpty(t.Id))
                throw new AwsException("ValidationError", "A target must have an Id.");
            if (!IPAddress.TryParse(t.Id, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || t.Id.Count(c => c == '.') != 3)
                throw new AwsException("InvalidTarget", $"The IP address '{t.Id}' is not a valid IPv4 address");
            var port = t.Port ?? tg.Port;
            if (port is < 1 or > 65535)
                throw new AwsException("ValidationError", $"Port '{port}' of target '{t.Id}' must be between 1 and 65535.");
            result.Add((t.Id, port));
        }
        return result;
    }
}

/// <summary>A target as a request names it: an IPv4 address and, optionally, a port and an Availability Zone.</summary>
public sealed record TargetRef(string? Id, int? Port, string? AvailabilityZone = null);

/// <summary>How ELB reports a target's health from its registration, its proxy observation and whether its group is in use.</summary>
public static class TargetHealthRules
{
    public static readonly TargetHealth NotRegistered = new("unused", "Target.NotRegistered", "Target is not registered to the target group");

    public static TargetHealth Evaluate(TargetGroup tg, RegisteredTarget t, TargetObservation? observed, bool inUse)
    {
        if (t.DrainingSince is not null)
            return new("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
        if (!inUse)
            return new("unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer");
        if (!tg.HealthCheckEnabled)
            return new("unavailable", "Target.HealthCheckDisabled", "Health checks disabled");
        if (observed is null)
            return new("initial", "Elb.RegistrationInProgress", "Target registration is in progress");
        if (observed.Healthy)
            return new("healthy", null, null);
        if (!observed.Checked)
            return new("initial", "Elb.InitialHealthChecking", "Initial health checks in progress");
        return new("unhealthy", observed.FailureReason ?? "Target.FailedHealthChecks", observed.FailureDescription ?? "Health checks failed");
    }
}

public static class ElbActions
{
    /// <summary>Every target group an action list forwards to (single or weighted).</summary>
    public static HashSet<string> TargetGroupsOf(IEnumerable<ElbAction> actions)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in actions)
        {
            if (a.TargetGroupArn is { } one)
                set.Add(one);
            foreach (var t in a.ForwardConfig?.TargetGroups ?? [])
            {
                if (t.TargetGroupArn is { } arn)
                    set.Add(arn);
            }
        }
        return set;
    }
}

/// <summary>ELBv2 error codes (the Query protocol's <c>Code</c>), as the botocore model names them.</summary>
public static class ElbErrors
{
    public static AwsException TargetGroupNotFound(string? arn) => new("TargetGroupNotFound", $"Target groups '{arn}' not found");
    public static AwsException LoadBalancerNotFound(string? arn) => new("LoadBalancerNotFound", $"Load balancers '{arn}' not found");
    public static AwsException ListenerNotFound(string? arn) => new("ListenerNotFound", $"Listener '{arn}' not found");
    public static AwsException RuleNotFound(string? arn) => new("RuleNotFound", $"Rule '{arn}' not found");
    public static AwsException Validation(string message) => new("ValidationError", message);
}
