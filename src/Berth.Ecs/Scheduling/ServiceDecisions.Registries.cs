using Berth.Ecs.Model;

namespace Berth.Ecs.Scheduling;

/// <summary>
/// Cloud Map registrations (<c>serviceRegistries</c>): a task is registered once it is RUNNING and healthy, marked
/// unhealthy while its health checks fail, and deregistered as soon as it leaves service (draining or stopping in
/// this step — before the stop is applied — or stopped on its own). Only instances ECS registered for this service
/// are touched, recognised by the attributes it wrote, so instances registered by hand stay.
/// </summary>
internal static partial class ServiceDecisions
{
    static void SyncRegistries(Draft d, List<ServiceTaskView> views, Dictionary<string, TaskRecord> byId, ServiceObservation seen)
    {
        var s = d.Service;
        var cluster = Kernel.Arns.ClusterName(s.ClusterArn);
        foreach (var registry in s.ServiceRegistries)
        {
            if (registry.RegistryArn is not { } arn || !seen.Registered.TryGetValue(arn, out var registered))
                continue; // Not observed (the Cloud Map service is gone): nothing to keep in step.
            var current = registered.ToDictionary(i => i.InstanceId);
            var serving = new HashSet<string>();
            foreach (var v in views)
            {
                if (d.Stopping(v.TaskId) || d.Record.Draining.ContainsKey(v.TaskId))
                    continue;
                var task = byId[v.TaskId];
                var known = current.GetValueOrDefault(v.TaskId);
                if (known is null && v.State != ServiceTaskState.Healthy)
                    continue; // Registered only once it is RUNNING and healthy.
                serving.Add(v.TaskId);
                var attributes = InstanceAttributes(task, s, cluster, registry, d.Region);
                if (attributes is null)
                    continue;
                var healthy = v.State == ServiceTaskState.Healthy;
                if (known is null || !SameAttributes(known.Attributes, attributes))
                    d.Registry(new RegistryChange(arn, v.TaskId, RegistryChangeKind.Register, attributes, healthy));
                else if (known.Healthy != healthy)
                    d.Registry(new RegistryChange(arn, v.TaskId, RegistryChangeKind.SetHealth, null, healthy));
            }
            foreach (var instance in registered)
            {
                var ours = instance.Attributes.GetValueOrDefault(EcsServiceName) == s.ServiceName && instance.Attributes.GetValueOrDefault(EcsClusterName) == cluster;
                if (ours && !serving.Contains(instance.InstanceId))
                    d.Registry(new RegistryChange(arn, instance.InstanceId, RegistryChangeKind.Deregister, null, false));
            }
        }
    }

    const string EcsServiceName = "ECS_SERVICE_NAME";
    const string EcsClusterName = "ECS_CLUSTER_NAME";

    /// <summary>The attributes ECS writes for a task; null while the task has no address yet.</summary>
    public static Dictionary<string, string>? InstanceAttributes(TaskRecord t, EcsService s, string cluster, ServiceRegistry registry, string region)
    {
        var ip = ServiceTasks.IpAddress(t.Task);
        if (ip is null)
            return null;
        var attributes = new Dictionary<string, string>
        {
            ["AWS_INSTANCE_IPV4"] = ip,
            ["AWS_INIT_HEALTH_STATUS"] = "HEALTHY",
            ["AVAILABILITY_ZONE"] = t.Task.AvailabilityZone ?? $"{region}a",
            ["REGION"] = region,
            [EcsClusterName] = cluster,
            [EcsServiceName] = s.ServiceName!,
            ["ECS_TASK_DEFINITION_FAMILY"] = t.Definition.Family ?? "",
        };
        if (RegistryPort(registry) is { } port)
            attributes["AWS_INSTANCE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return attributes;
    }

    /// <summary>The registry's <c>port</c>, else its <c>containerPort</c> (awsvpc: the task's address serves the container's port).</summary>
    static int? RegistryPort(ServiceRegistry r) => r.Port ?? r.ContainerPort;

    static bool SameAttributes(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
