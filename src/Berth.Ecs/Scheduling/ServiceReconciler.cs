using System.Text.Json;
using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Services;
using Berth.Elb;
using Berth.Kernel;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Scheduling;

/// <summary>
/// One reconcile step of one service: observe (its tasks, its target groups, their health), compute the plan
/// (<see cref="ServiceDecisions"/>, a pure function), apply it. Every effect is idempotent and the record is
/// committed last, with optimistic concurrency, so a step cut short or raced is simply taken again.
/// </summary>
public sealed class ServiceReconciler(
    IStateStore store, TaskService tasks, TaskDefinitionService definitions, ClusterService clusters, TagService tags,
    TargetRegistry targets, ITaskWaker taskController, TimeProvider clock, IServiceRegistry? registry = null)
{
    public async Task ReconcileAsync(Stored<ServiceRecord> stored, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var seen = await ObserveAsync(stored.Value.Service, ct);
        var plan = ServiceDecisions.Compute(stored.Value, seen, now);
        await ApplyAsync(stored, plan, now, ct);
    }

    async Task<ServiceObservation> ObserveAsync(EcsService s, CancellationToken ct)
    {
        var group = ServiceTasks.Group(s.ServiceName!);
        var all = (await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Scope = Arns.ClusterName(s.ClusterArn) }, ct))
            .Select(t => t.Value).Where(t => t.Task.Group == group).ToList();
        var groups = new Dictionary<string, TargetGroup>();
        foreach (var lb in s.LoadBalancers)
        {
            if (await store.GetAsync(ElbKinds.TargetGroups, lb.TargetGroupArn!, ct) is { } tg)
                groups[lb.TargetGroupArn!] = tg.Value;
        }
        return ServiceObservation.Create(s, all, groups, targets.Evaluate) with { Registered = await ObserveRegistriesAsync(s, ct) };
    }

    async Task<Dictionary<string, IReadOnlyList<RegistryInstance>>> ObserveRegistriesAsync(EcsService s, CancellationToken ct)
    {
        var registered = new Dictionary<string, IReadOnlyList<RegistryInstance>>();
        if (registry is null)
            return registered;
        foreach (var r in s.ServiceRegistries)
        {
            try
            {
                registered[r.RegistryArn!] = await registry.ListInstancesAsync(r.RegistryArn!, ct);
            }
            catch (NetworkReferenceException)
            {
                // The Cloud Map service was deleted: nothing there to keep in step.
            }
        }
        return registered;
    }

    /// <summary>
    /// Registrations go before deregistrations, so a draining target registered again by this step is taken out
    /// again; stops after both; the launch last, so that a failing launch leaves only idempotent effects behind.
    /// </summary>
    async Task ApplyAsync(Stored<ServiceRecord> stored, ServicePlan plan, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var r in plan.Register)
            await targets.RegisterAsync(r.TargetGroupArn, r.Targets, ct);
        foreach (var r in plan.Deregister)
            await DeregisterQuietlyAsync(r, ct);
        foreach (var change in plan.Registry)
            await ApplyRegistryAsync(change, ct);
        foreach (var stop in plan.Stop)
        {
            await store.MutateAsync(stop.TaskId, r => TaskWorker.RequestStop(r, stop.StopCode, stop.Reason, now), ct);
            taskController.Notify(stop.TaskId);
        }
        var rec = plan.Record;
        if (plan.Launch is { } launch)
        {
            var started = await LaunchAsync(rec.Service, launch, ct);
            rec = ServiceDecisions.Started(rec, started.Select(t => Arns.TaskId(t.TaskArn!)).ToList(), now);
        }
        if (JsonSerializer.Serialize(rec, EcsJson.Default.ServiceRecord) != JsonSerializer.Serialize(stored.Value, EcsJson.Default.ServiceRecord))
            await store.CommitAsync(StoreWrite.Update(EcsKinds.Services, rec, stored.Version), ct);
    }

    async Task ApplyRegistryAsync(RegistryChange change, CancellationToken ct)
    {
        if (registry is null)
            return;
        try
        {
            switch (change.Kind)
            {
                case RegistryChangeKind.Register:
                    await registry.RegisterAsync(change.RegistryArn, change.InstanceId, change.Attributes!, ct);
                    if (!change.Healthy)
                        await registry.SetHealthAsync(change.RegistryArn, change.InstanceId, false, ct);
                    break;
                case RegistryChangeKind.SetHealth:
                    await registry.SetHealthAsync(change.RegistryArn, change.InstanceId, change.Healthy, ct);
                    break;
                default:
                    await registry.DeregisterAsync(change.RegistryArn, change.InstanceId, ct);
                    break;
            }
        }
        catch (NetworkReferenceException)
        {
            // The Cloud Map service went away meanwhile: its instances went with it.
        }
    }

    async Task DeregisterQuietlyAsync(TargetDeregistration r, CancellationToken ct)
    {
        try
        {
            await targets.DeregisterAsync(r.TargetGroupArn, [new TargetRef(r.Ip, r.Port)], ct);
        }
        catch (AwsException)
        {
            // Already gone (deregistered or its group deleted): nothing left to drain.
        }
    }

    static string? SubnetOf(EcsTask t) =>
        t.Attachments?.FirstOrDefault(a => a.Type == "ElasticNetworkInterface")?.Details?.FirstOrDefault(d => d.Name == "subnetId")?.Value;

    async Task<List<EcsTask>> LaunchAsync(EcsService s, TaskLaunch launch, CancellationToken ct)
    {
        var cluster = await clusters.RequireActiveAsync(s.ClusterArn, ct);
        var td = (await definitions.ResolveAsync(launch.TaskDefinition, ct)).Value;
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
            Count = launch.Count,
            Group = ServiceTasks.Group(s.ServiceName!),
            StartedBy = launch.DeploymentId,
            LaunchType = "FARGATE",
            EnableExecuteCommand = s.EnableExecuteCommand,
            NetworkConfiguration = launch.NetworkConfiguration,
            TaskDefinition = td.TaskDefinitionArn,
        };
        var network = await tasks.ValidateNetworkAsync(req.NetworkConfiguration, ct);
        var running = (await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Scope = cluster.ClusterName }, ct))
            .Select(t => t.Value.Task)
            .Where(t => t.Group == req.Group && t.DesiredStatus == "RUNNING")
            .Select(SubnetOf).OfType<string>()
            .GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var subnets = SubnetSpread.Place(network.Choice.Subnets, running, launch.Count);
        var (started, _) = await tasks.LaunchAsync(cluster, td, req, network.Config, subnets, tagList, ct);
        return started;
    }
}
