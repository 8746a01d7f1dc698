using Berth.Ecs.Model;
using Berth.Kernel;

namespace Berth.Ecs.Scheduling;

/// <summary>The circuit breaker, and what the step records: counts, completion, the steady state, DRAINING → INACTIVE.</summary>
internal static partial class ServiceDecisions
{
    /// <summary>Too many failed tasks in an IN_PROGRESS deployment fail it, and roll back to the last completed one when asked to.</summary>
    static void TripBreaker(Draft d, int desired)
    {
        var rec = d.Record;
        var s = d.Service;
        var primary = Deployments.Primary(s);
        var breaker = s.DeploymentConfiguration?.DeploymentCircuitBreaker;
        if (primary is null || breaker?.Enable != true || primary.RolloutState != "IN_PROGRESS" || !CircuitBreaker.Tripped(primary.FailedTasks, desired))
            return;
        primary.RolloutState = "FAILED";
        primary.RolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
        primary.UpdatedAt = d.Now;
        d.Event($"(deployment {primary.Id}) deployment failed: tasks failed to start.");
        if (!breaker.Rollback || rec.LastCompletedTaskDefinition is null)
            return;
        var back = Deployments.New(s, rec.LastCompletedTaskDefinition, d.Now);
        Deployments.Begin(s, back);
        back.RolloutStateReason = $"ECS deployment circuit breaker: rolling back to deploymentId {rec.LastCompletedDeploymentId}.";
        d.Event($"(deployment {primary.Id}) deployment failed: rolling back to deployment {rec.LastCompletedDeploymentId}.");
        rec.ConsecutiveFailures = 0;
        rec.NextLaunchAt = null;
        rec.Steady = false;
    }

    /// <summary>How a task counts: its deployment, and whether it is RUNNING or pending.</summary>
    readonly record struct Counted(string? DeploymentId, bool Running, bool Pending);

    /// <summary>
    /// Counts per deployment and service; completion of the primary deployment; the steady-state event; DRAINING →
    /// INACTIVE. The counts are those of the tasks as they stand once the plan is applied: every task not yet
    /// STOPPED, those asked to stop in this step no longer pending, and the launch's tasks as pending tasks of
    /// its deployment — TaskService.LaunchAsync records exactly that many, PROVISIONING, or throws (and then
    /// nothing is committed). That is what the step used to count by listing the tasks again after launching.
    /// </summary>
    static void Record(Draft d, IReadOnlyList<TaskRecord> all, List<ServiceTaskView> views, int desired)
    {
        var rec = d.Record;
        var s = d.Service;
        var now = d.Now;
        var live = all.Where(t => t.Task.LastStatus != "STOPPED")
            .Select(t => new Counted(t.Task.StartedBy, t.Task.LastStatus == "RUNNING",
                TaskStatuses.IsPending(TaskStatuses.Parse(t.Task.LastStatus)) && t.Task.DesiredStatus != "STOPPED" && !d.Stopping(Arns.TaskId(t.Task.TaskArn!))))
            .Concat(Enumerable.Repeat(new Counted(d.Launch?.DeploymentId, false, true), d.Launch?.Count ?? 0))
            .ToList();
        foreach (var deployment in s.Deployments)
        {
            var mine = live.Where(t => t.DeploymentId == deployment.Id).ToList();
            var (running, pending) = (mine.Count(t => t.Running), mine.Count(t => t.Pending));
            if (deployment.Status != "PRIMARY")
                deployment.DesiredCount = running + pending;
            if (deployment.RunningCount != running || deployment.PendingCount != pending)
                (deployment.RunningCount, deployment.PendingCount, deployment.UpdatedAt) = (running, pending, now);
        }
        // Deployments whose tasks are all gone leave the list, as ECS drops finished deployments.
        s.Deployments.RemoveAll(x => x.Status != "PRIMARY" && x.RunningCount + x.PendingCount == 0);
        s.RunningCount = live.Count(t => t.Running);
        s.PendingCount = live.Count(t => t.Pending);

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
            d.Event($"(deployment {primary.Id}) deployment completed.");
        }
        var steady = s.Deployments.Count == 1 && s.RunningCount == desired && s.PendingCount == 0 && rec.Draining.Count == 0
            && healthyPrimary == desired;
        if (steady && !rec.Steady && s.Status == "ACTIVE")
            d.Event("has reached a steady state.");
        rec.Steady = steady;

        if (s.Status == "DRAINING" && live.Count == 0)
        {
            s.Status = "INACTIVE";
            d.Event("has been deleted.");
        }
    }
}
