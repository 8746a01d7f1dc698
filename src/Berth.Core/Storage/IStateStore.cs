namespace Berth.Core.Storage;

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
}
