using Berth.Ecs.Model;
using Berth.Kernel.Storage;

namespace Berth.Ecs.Controllers;

/// <summary>Read-modify-write of one task with optimistic concurrency: a lost race re-reads and re-applies.</summary>
public static class TaskStore
{
    /// <summary>
    /// Applies <paramref name="change"/> to the stored task until it commits. The change returns false to
    /// leave the task as it is. Returns the task as stored afterwards, or null when it does not exist.
    /// </summary>
    public static Task<TaskRecord?> MutateAsync(this IStateStore store, string taskId, Func<TaskRecord, bool> change, CancellationToken ct) =>
        store.MutateAsync(EcsKinds.Tasks, taskId, (rec, version) =>
        {
            if (!change(rec))
                return null;
            rec.Task.Version = version + 1; // ECS's task version counts the changes users can see.
            return rec;
        }, ct);
}
