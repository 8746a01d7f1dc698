namespace Berth.Ecs.Model;

/// <summary>
/// The ECS task lifecycle in order. A status only moves forward: an observation that would move a task
/// backwards is stale and ignored (compare with <see cref="TaskStatuses.IsAfter"/>).
/// </summary>
public enum TaskStatus
{
    PROVISIONING,
    PENDING,
    ACTIVATING,
    RUNNING,
    DEACTIVATING,
    STOPPING,
    DEPROVISIONING,
    STOPPED,
}

public static class TaskStatuses
{
    public static TaskStatus Parse(string? status) =>
        Enum.TryParse<TaskStatus>(status, out var s) ? s : TaskStatus.PROVISIONING;

    public static bool IsAfter(this TaskStatus next, TaskStatus current) => next > current;

    /// <summary>Moves the task forward to <paramref name="next"/>; returns false (and changes nothing) for a backward move.</summary>
    public static bool Advance(EcsTask task, TaskStatus next)
    {
        if (!next.IsAfter(Parse(task.LastStatus)))
            return false;
        task.LastStatus = next.ToString();
        return true;
    }

    /// <summary>ECS's "pending" count in DescribeClusters covers every status before RUNNING.</summary>
    public static bool IsPending(TaskStatus s) => s < TaskStatus.RUNNING;
}

public static class StopCodes
{
    public const string TaskFailedToStart = "TaskFailedToStart";
    public const string EssentialContainerExited = "EssentialContainerExited";
    public const string UserInitiated = "UserInitiated";
    public const string ServiceSchedulerInitiated = "ServiceSchedulerInitiated";
}
