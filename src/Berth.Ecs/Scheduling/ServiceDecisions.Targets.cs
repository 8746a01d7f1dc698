using Berth.Ecs.Model;
using Berth.Elb;

namespace Berth.Ecs.Scheduling;

/// <summary>Target registrations, and taking tasks out of service: drain first where a load balancer serves them, then stop.</summary>
internal static partial class ServiceDecisions
{
    /// <summary>Every running task that stays in service is a target of each of the service's target groups.</summary>
    static void RegisterTargets(Draft d, List<ServiceTaskView> views, Dictionary<string, TaskRecord> byId, IReadOnlyDictionary<string, TargetGroup> groups)
    {
        foreach (var lb in d.Service.LoadBalancers)
        {
            if (!groups.TryGetValue(lb.TargetGroupArn!, out var tg))
                continue;
            var missing = views.Where(v => v.State is ServiceTaskState.Running or ServiceTaskState.Healthy)
                .Select(v => ServiceTasks.IpAddress(byId[v.TaskId].Task))
                .Where(ip => ip is not null && !tg.Targets.Any(x => x.Id == ip && x.Port == lb.ContainerPort && x.DrainingSince is null))
                .Select(ip => new TargetRef(ip, lb.ContainerPort)).ToList();
            if (missing.Count == 0)
                continue;
            d.Register(tg.TargetGroupArn, missing);
            d.Event($"registered {missing.Count} targets in (target-group {tg.TargetGroupArn})");
        }
    }

    /// <summary>A task that stopped on its own (killed, crashed) leaves its target groups too, unless its address now serves another task.</summary>
    static void DeregisterStopped(Draft d, ServiceObservation seen, Dictionary<string, TaskRecord> live)
    {
        var liveIps = live.Values.Select(t => ServiceTasks.IpAddress(t.Task)).OfType<string>().ToHashSet();
        var stoppedIps = seen.Tasks.Where(t => !ServiceObservation.IsLive(t))
            .Select(t => ServiceTasks.IpAddress(t.Task)).OfType<string>().Where(ip => !liveIps.Contains(ip)).ToHashSet();
        foreach (var lb in d.Service.LoadBalancers)
        {
            if (!seen.TargetGroups.TryGetValue(lb.TargetGroupArn!, out var tg))
                continue;
            var stale = tg.Targets.Where(t => t.DrainingSince is null && t.Port == lb.ContainerPort && stoppedIps.Contains(t.Id)).ToList();
            if (stale.Count == 0)
                continue;
            foreach (var t in stale)
                d.Deregister(tg.TargetGroupArn, t.Id, t.Port, DeregistrationCause.TaskStopped);
            d.Event($"deregistered {stale.Count} targets in (target-group {tg.TargetGroupArn})");
        }
    }

    /// <summary>A task leaving the service first leaves its target groups and drains; without a load balancer it stops at once.</summary>
    static void Remove(Draft d, List<(string TaskId, string Reason)> removals, Dictionary<string, TaskRecord> byId, IReadOnlyDictionary<string, TargetGroup> groups)
    {
        var stopped = new List<string>();
        var drained = 0;
        foreach (var (id, reason) in removals)
        {
            var ip = ServiceTasks.IpAddress(byId[id].Task);
            var registered = d.Service.LoadBalancers
                .Where(lb => ip is not null && groups.TryGetValue(lb.TargetGroupArn!, out var tg) && tg.Targets.Any(x => x.Id == ip && x.Port == lb.ContainerPort))
                .ToList();
            if (registered.Count == 0)
            {
                d.Stop(id, reason);
                stopped.Add(id);
                continue;
            }
            d.Drain(id, reason);
            drained++;
            foreach (var lb in registered)
            {
                d.Deregister(lb.TargetGroupArn!, ip!, lb.ContainerPort, DeregistrationCause.Draining);
                d.Event($"deregistered 1 targets in (target-group {lb.TargetGroupArn})");
            }
        }
        if (drained > 0)
            d.Event($"has begun draining connections on {drained} tasks.");
        if (stopped.Count > 0)
            d.Event($"has stopped {stopped.Count} running tasks: {string.Join(" ", stopped.Select(i => $"(task {i})"))}.");
    }

    /// <summary>
    /// A draining task stops once the data plane has let go of it in every target group, or once the longest
    /// deregistration delay and some slack have passed. A target registered again meanwhile is taken out again.
    /// </summary>
    static void FinishDraining(Draft d, Dictionary<string, TaskRecord> byId, IReadOnlyDictionary<string, TargetGroup> groups)
    {
        var stopped = new List<string>();
        foreach (var (id, drain) in d.Record.Draining.ToList())
        {
            if (!byId.TryGetValue(id, out var t))
                continue; // Already stopping: it leaves the map when it is STOPPED.
            var ip = ServiceTasks.IpAddress(t.Task);
            var pending = d.Service.LoadBalancers.Where(lb => groups.TryGetValue(lb.TargetGroupArn!, out var tg)
                && tg.Targets.Any(x => x.Id == ip && x.Port == lb.ContainerPort)).ToList();
            var longest = pending.Select(lb => TargetGroupAttributes.DeregistrationDelayOf(groups[lb.TargetGroupArn!])).DefaultIfEmpty(TimeSpan.Zero).Max();
            foreach (var lb in pending.Where(lb => groups[lb.TargetGroupArn!].Targets.Any(x => x.Id == ip && x.Port == lb.ContainerPort && x.DrainingSince is null)))
                d.Deregister(lb.TargetGroupArn!, ip!, lb.ContainerPort, DeregistrationCause.Reregistered);
            if (pending.Count > 0 && d.Now - drain.Since < longest + DrainSlack)
                continue;
            d.Stop(id, drain.Reason ?? "Scaling activity");
            stopped.Add(id);
        }
        if (stopped.Count > 0)
            d.Event($"has stopped {stopped.Count} running tasks: {string.Join(" ", stopped.Select(i => $"(task {i})"))}.");
    }
}
