namespace Berth.Ecs.Scheduling;

/// <summary>Where a service's task stands, as far as the scheduler's arithmetic is concerned.</summary>
public enum ServiceTaskState
{
    /// <summary>Not yet RUNNING.</summary>
    Starting,
    /// <summary>RUNNING, but its health checks (container or load balancer) have not passed yet.</summary>
    Running,
    /// <summary>RUNNING and passing every health check it has: it counts toward minimumHealthyPercent.</summary>
    Healthy,
    /// <summary>Failed a health check after its grace period: it must be replaced.</summary>
    Failing,
}

public sealed record ServiceTaskView(string TaskId, string DeploymentId, ServiceTaskState State, DateTimeOffset CreatedAt);

public sealed record TaskRemoval(string TaskId, string Reason);

/// <summary>What one reconcile step does: how many tasks of the primary deployment to start, and which tasks to take out.</summary>
public sealed record RollingPlan(int Start, IReadOnlyList<TaskRemoval> Remove);

/// <summary>
/// The rolling-update arithmetic of the ECS deployment controller, as a pure function: never more than
/// maximumPercent of the desired count in service (rounded down), never fewer healthy than
/// minimumHealthyPercent (rounded up), the primary deployment filled first, old deployments drained.
/// </summary>
public static class RollingUpdate
{
    public const int DefaultMinimumHealthyPercent = 100;
    public const int DefaultMaximumPercent = 200;

    public static int MinHealthy(int desired, int minimumHealthyPercent) => (desired * minimumHealthyPercent + 99) / 100;

    public static int MaxInService(int desired, int maximumPercent) => desired * maximumPercent / 100;

    /// <param name="tasks">The service's tasks still in service (not draining, not stopping).</param>
    /// <param name="draining">Tasks already deregistered and draining: they still occupy capacity.</param>
    public static RollingPlan Plan(int desired, int minimumHealthyPercent, int maximumPercent, string primary,
        IReadOnlyList<ServiceTaskView> tasks, int draining)
    {
        var remove = new List<TaskRemoval>();
        foreach (var t in tasks.Where(t => t.State == ServiceTaskState.Failing))
            remove.Add(new TaskRemoval(t.TaskId, "failing health checks"));
        var serving = tasks.Where(t => t.State != ServiceTaskState.Failing).ToList();

        // Scale-in of the primary deployment does not wait for health: take the least useful tasks first.
        var primaryTasks = serving.Where(t => t.DeploymentId == primary).OrderBy(Usefulness).ThenByDescending(t => t.CreatedAt).ToList();
        var excess = Math.Max(0, primaryTasks.Count - desired);
        foreach (var t in primaryTasks.Take(excess))
            remove.Add(new TaskRemoval(t.TaskId, "scale-in"));
        var primaryKept = primaryTasks.Count - excess;

        var old = serving.Where(t => t.DeploymentId != primary).OrderBy(Usefulness).ThenBy(t => t.CreatedAt).ToList();
        var inService = primaryKept + old.Count + draining;
        var start = Math.Max(0, Math.Min(desired - primaryKept, MaxInService(desired, maximumPercent) - inService));

        // Old tasks go as long as enough healthy tasks remain; unhealthy ones cost nothing to stop.
        var healthy = serving.Count(t => t.State == ServiceTaskState.Healthy && !remove.Any(r => r.TaskId == t.TaskId));
        var spare = healthy - MinHealthy(desired, minimumHealthyPercent);
        foreach (var t in old)
        {
            if (t.State != ServiceTaskState.Healthy)
                remove.Add(new TaskRemoval(t.TaskId, "replaced"));
            else if (spare > 0)
            {
                remove.Add(new TaskRemoval(t.TaskId, "replaced"));
                spare--;
            }
        }
        return new RollingPlan(start, remove);
    }

    /// <summary>Lower is less useful: a task still starting is given up before one that serves.</summary>
    static int Usefulness(ServiceTaskView t) => t.State switch
    {
        ServiceTaskState.Starting => 0,
        ServiceTaskState.Running => 1,
        _ => 2,
    };
}
