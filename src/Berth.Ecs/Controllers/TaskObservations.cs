using Berth.Ecs.Model;
using Berth.Ecs.Runtime;

namespace Berth.Ecs.Controllers;

/// <summary>What the engine reports, written into the task as ECS reports it (no I/O: a pure mapping).</summary>
static class TaskObservations
{
    /// <summary>Writes what the engine reports into the task; moves it to RUNNING once every container has started.</summary>
    public static bool Record(TaskRecord r, IReadOnlyDictionary<string, ObservedContainer> observed, DateTimeOffset now)
    {
        var t = r.Task;
        foreach (var tc in t.Containers ?? [])
        {
            if (!observed.TryGetValue(tc.Name!, out var oc))
            {
                if (tc.RuntimeId is not null)
                {
                    tc.LastStatus = "STOPPED";
                    tc.Reason ??= "The container was removed from the container engine.";
                }
                continue;
            }
            tc.RuntimeId = oc.RuntimeId;
            tc.HealthStatus = oc.Health ?? "UNKNOWN";
            tc.LastStatus = oc.State switch
            {
                ContainerState.Running => "RUNNING",
                ContainerState.Exited when oc.StartedAt is not null => "STOPPED",
                _ => "PENDING",
            };
            if (oc.State == ContainerState.Exited && oc.StartedAt is not null)
            {
                tc.ExitCode = oc.ExitCode;
                if (oc.OomKilled)
                    tc.Reason = "OutOfMemoryError: Container killed due to memory usage";
                else if (!string.IsNullOrEmpty(oc.Error))
                    tc.Reason = oc.Error;
            }
        }
        t.HealthStatus = TaskHealth(r, observed);
        if (AllStarted(r, observed) && TaskStatuses.Advance(t, Model.TaskStatus.ACTIVATING))
        {
            TaskStatuses.Advance(t, Model.TaskStatus.RUNNING);
            t.StartedAt ??= now;
        }
        return true;
    }

    /// <summary>Whether every container of the task has started (running, or ran and exited).</summary>
    public static bool AllStarted(TaskRecord r, IReadOnlyDictionary<string, ObservedContainer> observed) =>
        r.Definition.ContainerDefinitions!.All(d => observed.TryGetValue(d.Name!, out var o) && o.StartedAt is not null && o.State != ContainerState.Created);

    /// <summary>UNHEALTHY if any essential container with a health check is; HEALTHY when all of them are.</summary>
    static string TaskHealth(TaskRecord r, IReadOnlyDictionary<string, ObservedContainer> observed)
    {
        var checkedEssential = r.Definition.ContainerDefinitions!.Where(d => d.IsEssential && d.HealthCheck is not null).ToList();
        if (checkedEssential.Count == 0)
            return "UNKNOWN";
        var states = checkedEssential.Select(d => observed.GetValueOrDefault(d.Name!)?.Health).ToList();
        if (states.Contains("UNHEALTHY"))
            return "UNHEALTHY";
        return states.All(s => s == "HEALTHY") ? "HEALTHY" : "UNKNOWN";
    }
}
