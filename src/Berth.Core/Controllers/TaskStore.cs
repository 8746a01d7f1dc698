using Berth.Core.Model;
using Berth.Core.Storage;

namespace Berth.Core.Controllers;

/// <summary>Read-modify-write of one task with optimistic concurrency: a lost race re-reads and re-applies.</summary>
public static class TaskStore
{
    /// <summary>
    /// Applies <paramref name="change"/> to the stored task until it commits. The change returns false to
    /// leave the task as it is. Returns the task as stored afterwards, or null when it does not exist.
    /// </summary>
    public static async Task<TaskRecord?> MutateAsync(this IStateStore store, string taskId, Func<TaskRecord, bool> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(Kinds.Tasks, taskId, ct);
            if (stored is null)
                return null;
            var rec = stored.Value;
            if (!change(rec))
                return rec;
            rec.Task.Version = stored.Version + 1;
            try
            {
                await store.CommitAsync(StoreWrite.Update(Kinds.Tasks, rec, stored.Version), ct);
                return rec;
            }
            catch (ConcurrencyConflictException) when (attempt < 20)
            {
                // Someone else wrote first: read their version and apply the change to it.
            }
        }
    }
}
