namespace Berth.Kernel.Storage;

/// <summary>The control plane's durable state: desired and observed state of every resource.</summary>
public interface IStateStore
{
    Task<Stored<T>?> GetAsync<T>(ResourceKind<T> kind, string id, CancellationToken ct);

    Task<IReadOnlyList<Stored<T>>> ListAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct);

    Task<int> CountAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct);

    /// <summary>Applies all writes or none; throws <see cref="ConcurrencyConflictException"/> on a lost race.</summary>
    Task CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken ct);
}

public static class StateStoreExtensions
{
    public static Task CommitAsync(this IStateStore store, StoreWrite write, CancellationToken ct) =>
        store.CommitAsync([write], ct);

    /// <summary>
    /// Read-modify-write with optimistic concurrency: <paramref name="change"/> gets the stored value and its
    /// version and returns the new value, or null to leave it as it is; a lost race reads again and re-applies
    /// the change. Returns the value as stored afterwards, or null when there is none.
    /// </summary>
    public static async Task<T?> MutateAsync<T>(this IStateStore store, ResourceKind<T> kind, string id, Func<T, long, T?> change, CancellationToken ct)
        where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(kind, id, ct);
            if (stored is null)
                return null;
            var changed = change(stored.Value, stored.Version);
            if (changed is null)
                return stored.Value;
            try
            {
                await store.CommitAsync(StoreWrite.Update(kind, changed, stored.Version), ct);
                return changed;
            }
            catch (ConcurrencyConflictException) when (attempt < 20)
            {
                // Someone else wrote first: read their version and apply the change to it.
            }
        }
    }
}
