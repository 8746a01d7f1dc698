using System.Text.Json;
using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Services;
using Berth.Elb;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Scheduling;

/// <summary>
/// One reconcile step of one service: account for stopped tasks, keep target registrations in step with the
/// running tasks, apply the rolling-update plan (launch, drain, stop), run the circuit breaker, and record
/// deployments, counts and events. Every effect is idempotent, so a step cut short is simply taken again.
/// </summary>
public sealed class ServiceReconciler(
    IStateStore store, TaskService tasks, TaskDefinitionService definitions, ClusterService clusters, TagService tags,
    TargetRegistry targets, ITaskWaker taskController, TimeProvider clock)
{
    /// <summary>How long past the deregistration delay a draining task may take before it is stopped anyway.</summary>
    static readonly TimeSpan DrainSlack = TimeSpan.FromSeconds(10);

    const int MaxLaunchPerStep = 10;

    public async Task ReconcileAsync(Stored<ServiceRecord> stored, CancellationToken ct)
    {
        var before = JsonSerializer.Serialize(stored.Value, EcsJson.Default.ServiceRecord);
        var rec = JsonSerializer.Deserialize(before, EcsJson.Default.ServiceRecord)!;
        var s = rec.Service;
        var now = clock.GetUtcNow();
        var clusterName = Arns.ClusterName(s.ClusterArn);
        var group = ServiceTasks.Group(s.ServiceName!);
        var all = (await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Scope = clusterName }, ct))
            .Select(t => t.Value).Where(t => t.Task.Group == group).ToList();
        var primary = Deployments.Primary(s);
        var desired = s.Status == "ACTIVE" ? s.DesiredCount : 0;

        AccountStopped(rec, all, now);

        var live = all.Where(t => t.Task.LastStatus != "STOPPED" && t.Task.DesiredStatus != "STOPPED").ToList();
        var groups = await TargetGroupsAsync(s, ct);
        var views = new List<ServiceTaskView>();
        var failingWhy = new Dictionary<string, string>();
        var byId = live.ToDictionary(t => Arns.TaskId(t.Task.TaskArn!));
        var known = s.Deployments.Select(d => d.Id).ToHashSet();
        var orphans = new List<string>();
        foreach (var (id, t) in byId)
        {
            if (rec.Draining.ContainsKey(id))
                continue;
            if (!known.Contains(t.Task.StartedBy))
            {
                orphans.Add(id);
                continue;
            }
            var (state, why) = ServiceTasks.Classify(t, s, Health(t, s, groups), now);
            if (why is not null)
                failingWhy[id] = why;
            views.Add(new ServiceTaskView(id, t.Task.StartedBy!, state, t.Task.CreatedAt ?? now));
            if (state == ServiceTaskState.Healthy && t.Task.StartedBy == primary?.Id && rec.ConsecutiveFailures > 0
                && (rec.LastFailureAt is null || t.Task.CreatedAt >= rec.LastFailureAt))
            {
                rec.ConsecutiveFailures = 0;
                rec.NextLaunchAt = null;
            }
        }

        await RegisterTargetsAsync(s, views, byId, groups, now, ct);
        await DeregisterStoppedAsync(s, all, live, groups, now, ct);

        var config = s.DeploymentConfiguration ?? new DeploymentConfiguration();
        var plan = primary is null
            ? new RollingPlan(0, views.Select(v => new TaskRemoval(v.TaskId, "no deployment")).ToList())
            : RollingUpdate.Plan(desired, config.MinimumHealthyPercent ?? RollingUpdate.DefaultMinimumHealthyPercent,
                config.MaximumPercent ?? RollingUpdate.DefaultMaximumPercent, primary.Id!, views, rec.Draining.Count);
        var removals = plan.Remove.Select(r => (r.TaskId, Reason: failingWhy.GetValueOrDefault(r.TaskId) ?? $"Scaling activity initiated by (deployment {primary?.Id})"))
            .Concat(orphans.Select(o => (TaskId: o, Reason: "Task is not part of a deployment of this service")))
            .ToList();
        foreach (var (id, _) in removals.Where(r => failingWhy.ContainsKey(r.TaskId)))
        {
            CountFailure(rec, byId[id].Task.StartedBy, now);
            foreach (var lb in s.LoadBalancers.Where(lb => failingWhy[id].Contains(lb.TargetGroupArn!, StringComparison.Ordinal)))
            {
                var h = Health(byId[id], s, groups).GetValueOrDefault(lb.TargetGroupArn!);
                Deployments.AddEvent(s, $"(task {id}) (port {lb.ContainerPort}) is unhealthy in (target-group {lb.TargetGroupArn}) due to (reason {h?.Description ?? "Health checks failed"}).", now);
            }
        }
        await RemoveAsync(rec, removals, byId, groups, now, ct);
        await FinishDrainingAsync(rec, byId, groups, now, ct);

        TripBreaker(rec, desired, now);
        primary = Deployments.Primary(s);
        if (primary is not null && plan.Start > 0 && desired > 0 && (rec.NextLaunchAt is null || now >= rec.NextLaunchAt)
            && !(primary.RolloutState == "FAILED" && config.DeploymentCircuitBreaker?.Enable == true))
        {
            await LaunchAsync(rec, primary, Math.Min(plan.Start, MaxLaunchPerStep), now, ct);
        }

        var current = (await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Scope = clusterName }, ct))
            .Select(t => t.Value).Where(t => t.Task.Group == group && t.Task.LastStatus != "STOPPED").ToList();
        Record(rec, current, views, desired, now);

        if (JsonSerializer.Serialize(rec, EcsJson.Default.ServiceRecord) != before)
            await store.CommitAsync(StoreWrite.Update(EcsKinds.Services, rec, stored.Version), ct);
    }

    /// <summary>Counts each stopped task once: the failures among them feed the circuit breaker and the launch back-off.</summary>
    static void AccountStopped(ServiceRecord rec, List<TaskRecord> all, DateTimeOffset now)
    {
        var present = all.Select(t => Arns.TaskId(t.Task.TaskArn!)).ToHashSet();
        rec.Accounted.RemoveAll(id => !present.Contains(id));
        foreach (var t in all.Where(t => t.Task.LastStatus == "STOPPED"))
        {
            var id = Arns.TaskId(t.Task.TaskArn!);
            rec.Draining.Remove(id);
            if (rec.Accounted.Contains(id))
                continue;
            rec.Accounted.Add(id);
            if (t.Task.StopCode is StopCodes.TaskFailedToStart or StopCodes.EssentialContainerExited)
            {
                CountFailure(rec, t.Task.StartedBy, now);
                Deployments.AddEvent(rec.Service, $"has stopped 1 running tasks: (task {id}).", now);
            }
        }
    }

    static void CountFailure(ServiceRecord rec, string? deploymentId, DateTimeOffset now)
    {
        if (rec.Service.Deployments.FirstOrDefault(d => d.Id == deploymentId) is { } d)
            d.FailedTasks++;
        rec.ConsecutiveFailures++;
        rec.LastFailureAt = now;
        rec.NextLaunchAt = now + CircuitBreaker.LaunchBackoff(rec.ConsecutiveFailures);
        if (rec.ConsecutiveFailures == CircuitBreaker.ThrottleWarningAfter)
            Deployments.AddEvent(rec.Service, "is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", now);
    }

    async Task<Dictionary<string, TargetGroup>> TargetGroupsAsync(EcsService s, CancellationToken ct)
    {
        var result = new Dictionary<string, TargetGroup>();
        foreach (var lb in s.LoadBalancers)
        {
            if (await store.GetAsync(ElbKinds.TargetGroups, lb.TargetGroupArn!, ct) is { } tg)
                result[lb.TargetGroupArn!] = tg.Value;
        }
        return result;
    }

    Dictionary<string, TargetHealth> Health(TaskRecord t, EcsService s, Dictionary<string, TargetGroup> groups)
    {
        var result = new Dictionary<string, TargetHealth>();
        var ip = ServiceTasks.IpAddress(t.Task);
        foreach (var lb in s.LoadBalancers)
        {
            if (ip is null || !groups.TryGetValue(lb.TargetGroupArn!, out var tg))
                continue;
            var target = tg.Targets.FirstOrDefault(x => x.Id == ip && x.Port == lb.ContainerPort);
            result[tg.TargetGroupArn] = target is null
                ? new TargetHealth("initial", "Elb.RegistrationInProgress", null)
                : targets.Evaluate(tg, target);
        }
        return result;
    }

    /// <summary>Every running task that stays in service is a target of each of the service's target groups.</summary>
    async Task RegisterTargetsAsync(EcsService s, List<ServiceTaskView> views, Dictionary<string, TaskRecord> byId,
        Dictionary<string, TargetGroup> groups, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var lb in s.LoadBalancers)
        {
            if (!groups.TryGetValue(lb.TargetGroupArn!, out var tg))
                continue;
            var missing = views.Where(v => v.State is ServiceTaskState.Running or ServiceTaskState.Healthy)
                .Select(v => ServiceTasks.IpAddress(byId[v.TaskId].Task))
                .Where(ip => ip is not null && !tg.Targets.Any(x => x.Id == ip && x.Port == lb.ContainerPort && x.DrainingSince is null))
                .Select(ip => new TargetRef(ip, lb.ContainerPort)).ToList();
            if (missing.Count == 0)
                continue;
            await targets.RegisterAsync(tg.TargetGroupArn, missing, ct);
            Deployments.AddEvent(s, $"registered {missing.Count} targets in (target-group {tg.TargetGroupArn})", now);
        }
    }

    /// <summary>A task that stopped on its own (killed, crashed) leaves its target groups too, unless its address now serves another task.</summary>
    async Task DeregisterStoppedAsync(EcsService s, List<TaskRecord> all, List<TaskRecord> live, Dictionary<string, TargetGroup> groups,
        DateTimeOffset now, CancellationToken ct)
    {
        var liveIps = live.Select(t => ServiceTasks.IpAddress(t.Task)).OfType<string>().ToHashSet();
        var stoppedIps = all.Where(t => t.Task.LastStatus == "STOPPED" || t.Task.DesiredStatus == "STOPPED")
            .Select(t => ServiceTasks.IpAddress(t.Task)).OfType<string>().Where(ip => !liveIps.Contains(ip)).ToHashSet();
        foreach (var lb in s.LoadBalancers)
        {
            if (!groups.TryGetValue(lb.TargetGroupArn!, out var tg))
                continue;
            var stale = tg.Targets.Where(t => t.DrainingSince is null && t.Port == lb.ContainerPort && stoppedIps.Contains(t.Id)).ToList();
            if (stale.Count == 0)
                continue;
            foreach (var t in stale)
                await DeregisterQuietlyAsync(tg.TargetGroupArn, t.Id, t.Port, ct);
            Deployments.AddEvent(s, $"deregistered {stale.Count} targets in (target-group {tg.TargetGroupArn})", now);
        }
    }

    /// <summary>A task leaving the service first leaves its target groups and drains; without a load balancer it stops at once.</summary>
    async Task RemoveAsync(ServiceRecord rec, List<(string TaskId, string Reason)> removals, Dictionary<string, TaskRecord> byId,
        Dictionary<string, TargetGroup> groups, DateTimeOffset now, CancellationToken ct)
    {
        var s = rec.Service;
        var stopped = new List<string>();
        var drained = 0;
        foreach (var (id, reason) in removals)
        {
            var ip = ServiceTasks.IpAddress(byId[id].Task);
            var registered = s.LoadBalancers
                .Where(lb => ip is not null && groups.TryGetValue(lb.TargetGroupArn!, out var tg) && tg.Targets.Any(x => x.Id == ip && x.Port == lb.ContainerPort))
                .ToList();
            if (registered.Count == 0)
            {
                await StopAsync(id, reason, now, ct);
                stopped.Add(id);
                continue;
            }
            rec.Draining[id] = new DrainingTask { Since = now, Reason = reason };
            drained++;
            foreach (var lb in registered)
            {
                await DeregisterQuietlyAsync(lb.TargetGroupArn!, ip!, lb.ContainerPort, ct);
                Deployments.AddEvent(s, $"deregistered 1 targets in (target-group {lb.TargetGroupArn})", now);
            }
        }
        if (drained > 0)
            Deployments.AddEvent(s, $"has begun draining connections on {drained} tasks.", now);
        if (stopped.Count > 0)
            Deployments.AddEvent(s, $"has stopped {stopped.Count} running tasks: {string.Join(" ", stopped.Select(i => $"(task {i})"))}.", now);
    }

    /// <summary>A draining task stops once the data plane has let go of it in every target group (or it took too long).</summary>
    async Task FinishDrainingAsync(ServiceRecord rec, Dictionary<string, TaskRecord> byId, Dictionary<string, TargetGroup> groups,
        DateTimeOffset now, CancellationToken ct)
    {
        var s = rec.Service;
        var stopped = new List<string>();
        foreach (var (id, drain) in rec.Draining.ToList())
        {
            if (!byId.TryGetValue(id, out var t))
                continue; // Already stopping: it leaves the map when it is STOPPED.
            var ip = ServiceTasks.IpAddress(t.Task);
            var pending = s.LoadBalancers.Where(lb => groups.TryGetValue(lb.TargetGroupArn!, out var tg)
                && tg.Targets.Any(x => x.Id == ip && x.Port == lb.ContainerPort)).ToList();
            var longest = pending.Select(lb => TargetGroupAttributes.DeregistrationDelayOf(groups[lb.TargetGroupArn!])).DefaultIfEmpty(TimeSpan.Zero).Max();
            foreach (var lb in pending.Where(lb => groups[lb.TargetGroupArn!].Targets.Any(x => x.Id == ip && x.Port == lb.ContainerPort && x.DrainingSince is null)))
                await DeregisterQuietlyAsync(lb.TargetGroupArn!, ip!, lb.ContainerPort, ct); // Re-registered meanwhile: take it out again.
            if (pending.Count > 0 && now - drain.Since < longest + DrainSlack)
                continue;
            await StopAsync(id, drain.Reason ?? "Scaling activity", now, ct);
            stopped.Add(id);
        }
        if (stopped.Count > 0)
            Deployments.AddEvent(s, $"has stopped {stopped.Count} running tasks: {string.Join(" ", stopped.Select(i => $"(task {i})"))}.", now);
    }

    async Task DeregisterQuietlyAsync(string targetGroupArn, string ip, int? port, CancellationToken ct)
    {
        try
        {
            await targets.DeregisterAsync(targetGroupArn, [new TargetRef(ip, port)], ct);
        }
        catch (AwsException)
        {
            // Already gone (deregistered or its group deleted): nothing left to drain.
        }
    }

    async Task StopAsync(string taskId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await store.MutateAsync(taskId, r => TaskWorker.RequestStop(r, StopCodes.ServiceSchedulerInitiated, reason, now), ct);
        taskController.Notify(taskId);
    }

    /// <summary>Too many failed tasks in an IN_PROGRESS deployment fail it, and roll back to the last completed one when asked to.</summary>
    static void TripBreaker(ServiceRecord rec, int desired, DateTimeOffset now)
    {
        var s = rec.Service;
        var primary = Deployments.Primary(s);
        var breaker = s.DeploymentConfiguration?.DeploymentCircuitBreaker;
        if (primary is null || breaker?.Enable != true || primary.RolloutState != "IN_PROGRESS" || !CircuitBreaker.Tripped(primary.FailedTasks, desired))
            return;
        primary.RolloutState = "FAILED";
        primary.RolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
        primary.UpdatedAt = now;
        Deployments.AddEvent(s, $"(deployment {primary.Id}) deployment failed: tasks failed to start.", now);
        if (!breaker.Rollback || rec.LastCompletedTaskDefinition is null)
            return;
        var back = Deployments.New(s, rec.LastCompletedTaskDefinition, now);
        Deployments.Begin(s, back);
        back.RolloutStateReason = $"ECS deployment circuit breaker: rolling back to deploymentId {rec.LastCompletedDeploymentId}.";
        Deployments.AddEvent(s, $"(deployment {primary.Id}) deployment failed: rolling back to deployment {rec.LastCompletedDeploymentId}.", now);
        rec.ConsecutiveFailures = 0;
        rec.NextLaunchAt = null;
        rec.Steady = false;
    }

    async Task LaunchAsync(ServiceRecord rec, ServiceDeployment primary, int count, DateTimeOffset now, CancellationToken ct)
    {
        var s = rec.Service;
        var cluster = await clusters.RequireActiveAsync(s.ClusterArn, ct);
        var td = (await definitions.ResolveAsync(primary.TaskDefinition, ct)).Value;
        var tagList = s.PropagateTags switch
        {
            "SERVICE" => await tags.GetAsync(s.ServiceArn!, ct),
            "TASK_DEFINITION" => await tags.GetAsync(td.TaskDefinitionArn!, ct),
            _ => [],
        };
        if (s.EnableECSManagedTags)
        {
            tagList.Add(new Tag { Key = "aws:ecs:clusterName", Value = cluster.ClusterName });
            tagList.Add(new Tag { Key = "aws:ecs:serviceName", Value = s.ServiceName });
        }
        var req = new RunTaskRequest
        {
            Cluster = cluster.ClusterName,
            Count = count,
            Group = ServiceTasks.Group(s.ServiceName!),
            StartedBy = primary.Id,
            LaunchType = "FARGATE",
            EnableExecuteCommand = s.EnableExecuteCommand,
            NetworkConfiguration = primary.NetworkConfiguration ?? s.NetworkConfiguration,
            TaskDefinition = td.TaskDefinitionArn,
        };
        var (started, _) = await tasks.LaunchAsync(cluster, td, req, tasks.ValidateNetwork(req.NetworkConfiguration), tagList, ct);
        Deployments.AddEvent(s, $"has started {started.Count} tasks: {string.Join(" ", started.Select(t => $"(task {Arns.TaskId(t.TaskArn!)})"))}.", now);
        rec.Steady = false;
    }

    /// <summary>Counts per deployment and service; completion of the primary deployment; the steady-state event; DRAINING → INACTIVE.</summary>
    static void Record(ServiceRecord rec, List<TaskRecord> live, List<ServiceTaskView> views, int desired, DateTimeOffset now)
    {
        var s = rec.Service;
        static bool Running(TaskRecord t) => t.Task.LastStatus == "RUNNING";
        static bool Pending(TaskRecord t) => TaskStatuses.IsPending(TaskStatuses.Parse(t.Task.LastStatus)) && t.Task.DesiredStatus != "STOPPED";
        foreach (var d in s.Deployments)
        {
            var mine = live.Where(t => t.Task.StartedBy == d.Id).ToList();
            var (running, pending) = (mine.Count(Running), mine.Count(Pending));
            if (d.Status != "PRIMARY")
                d.DesiredCount = running + pending;
            if (d.RunningCount != running || d.PendingCount != pending)
                (d.RunningCount, d.PendingCount, d.UpdatedAt) = (running, pending, now);
        }
        // Deployments whose tasks are all gone leave the list, as ECS drops finished deployments.
        s.Deployments.RemoveAll(d => d.Status != "PRIMARY" && d.RunningCount + d.PendingCount == 0);
        s.RunningCount = live.Count(Running);
        s.PendingCount = live.Count(Pending);

        var primary = Deployments.Primary(s);
        var healthyPrimary = views.Count(v => v.DeploymentId == primary?.Id && v.State == ServiceTaskState.Healthy);
        if (primary is { RolloutState: "IN_PROGRESS" } && s.Deployments.Count == 1 && healthyPrimary == desired
            && primary.RunningCount == desired && primary.PendingCount == 0 && rec.Draining.Count == 0)
        {
            primary.RolloutState = "COMPLETED";
            primary.RolloutStateReason = $"ECS deployment {primary.Id} completed.";
            primary.UpdatedAt = now;
            rec.LastCompletedTaskDefinition = primary.TaskDefinition;
            rec.LastCompletedDeploymentId = primary.Id;
            Deployments.AddEvent(s, $"(deployment {primary.Id}) deployment completed.", now);
        }
        var steady = s.Deployments.Count == 1 && s.RunningCount == desired && s.PendingCount == 0 && rec.Draining.Count == 0
            && healthyPrimary == desired;
        if (steady && !rec.Steady && s.Status == "ACTIVE")
            Deployments.AddEvent(s, "has reached a steady state.", now);
        rec.Steady = steady;

        if (s.Status == "DRAINING" && live.Count == 0)
        {
            s.Status = "INACTIVE";
            Deployments.AddEvent(s, "has been deleted.", now);
        }
    }
}
