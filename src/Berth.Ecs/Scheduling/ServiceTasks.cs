using Berth.Ecs.Model;
using Berth.Elb;

namespace Berth.Ecs.Scheduling;

/// <summary>How the scheduler sees one task of a service: its address, and where it stands on health.</summary>
public static class ServiceTasks
{
    public static string Group(string serviceName) => $"service:{serviceName}";

    public static string? IpAddress(EcsTask t) =>
        t.Containers?.SelectMany(c => c.NetworkInterfaces ?? []).Select(n => n.PrivateIpv4Address).FirstOrDefault(ip => ip is not null);

    /// <summary>
    /// Starting until RUNNING; then Healthy once every health check it has passes (container checks, and the
    /// target health in each target group); Failing when one fails after the grace period. A task with no
    /// health checks is healthy as soon as it is RUNNING.
    /// </summary>
    public static (ServiceTaskState State, string? Why) Classify(TaskRecord t, EcsService s, IReadOnlyDictionary<string, TargetHealth> lbHealth, DateTimeOffset now)
    {
        if (TaskStatuses.Parse(t.Task.LastStatus) < Model.TaskStatus.RUNNING)
            return (ServiceTaskState.Starting, null);
        var hasContainerChecks = t.Definition.ContainerDefinitions?.Any(c => c.HealthCheck is not null) == true;
        if (hasContainerChecks && t.Task.HealthStatus == "UNHEALTHY")
            return (ServiceTaskState.Failing, "Task failed container health checks");
        var graceOver = now >= (t.Task.StartedAt ?? now) + TimeSpan.FromSeconds(s.HealthCheckGracePeriodSeconds ?? 0);
        var lbHealthy = true;
        foreach (var lb in s.LoadBalancers)
        {
            var h = lbHealth.GetValueOrDefault(lb.TargetGroupArn!);
            if (h?.State == "unhealthy" && graceOver)
                return (ServiceTaskState.Failing, $"Task failed ELB health checks in (target-group {lb.TargetGroupArn})");
            if (h?.State is not ("healthy" or "unused" or "unavailable"))
                lbHealthy = false;
        }
        var containerHealthy = !hasContainerChecks || t.Task.HealthStatus == "HEALTHY";
        return (containerHealthy && lbHealthy ? ServiceTaskState.Healthy : ServiceTaskState.Running, null);
    }
}
