using Berth.Kernel.Controllers;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.ServiceDiscovery.Dns;

/// <summary>
/// The current <see cref="RegistrySnapshot"/> for the task resolver and DiscoverInstances, which run per query and must
/// not read the store each time. Cloud Map writes made by this server mark it stale (<see cref="DiscoveryWritesStore"/>)
/// and the next lookup rebuilds it, so a registration is answered from the next query on; <see cref="RegistryRefresher"/>
/// rebuilds it every few seconds for writes another berthd sharing the store made.
/// </summary>
sealed class RegistryIndex(IStateStore store)
{
    readonly SemaphoreSlim _rebuild = new(1, 1);
    volatile Snapshot? _current;
    long _generation;

    sealed record Snapshot(RegistrySnapshot Registry, long Generation);

    public void Invalidate() => Interlocked.Increment(ref _generation);

    public async ValueTask<RegistrySnapshot> GetAsync(CancellationToken ct)
    {
        var current = _current;
        if (current is not null && current.Generation == Interlocked.Read(ref _generation))
            return current.Registry;
        await RebuildAsync(force: false, ct).ConfigureAwait(false);
        return _current!.Registry;
    }

    /// <summary>A rebuild whatever the generation says; lookups go on with the snapshot they have meanwhile.</summary>
    public Task RefreshFromStoreAsync(CancellationToken ct) => RebuildAsync(force: true, ct);

    async Task RebuildAsync(bool force, CancellationToken ct)
    {
        await _rebuild.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Read the generation before the store: a write landing during the rebuild leaves the result stale.
            var generation = Interlocked.Read(ref _generation);
            if (!force && _current is { } fresh && fresh.Generation == generation)
                return;
            var all = new StoreQuery();
            var namespaces = await store.ListAsync(DiscoveryKinds.Namespaces, all, ct).ConfigureAwait(false);
            var services = await store.ListAsync(DiscoveryKinds.Services, all, ct).ConfigureAwait(false);
            var instances = await store.ListAsync(DiscoveryKinds.Instances, all, ct).ConfigureAwait(false);
            _current = new Snapshot(RegistrySnapshot.Build(namespaces.Select(n => n.Value), services.Select(s => s.Value), instances.Select(i => i.Value)), generation);
        }
        finally
        {
            _rebuild.Release();
        }
    }
}

/// <summary>Rebuilds the registry index every few seconds, for Cloud Map changes other servers sharing the store made.</summary>
sealed class RegistryRefresher(RegistryIndex index, TimeProvider clock, ILogger<RegistryRefresher> log) : IController
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public Task RunAsync(CancellationToken ct) => new ControllerLoop("servicediscovery-index", clock, log).RunAsync(Interval, index.RefreshFromStoreAsync, ct);
}

/// <summary>The store as Cloud Map's services see it: every commit marks the registry index stale.</summary>
sealed class DiscoveryWritesStore(IStateStore inner, RegistryIndex index) : IStateStore
{
    public Task<Stored<T>?> GetAsync<T>(ResourceKind<T> kind, string id, CancellationToken ct) => inner.GetAsync(kind, id, ct);

    public Task<IReadOnlyList<Stored<T>>> ListAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct) => inner.ListAsync(kind, query, ct);

    public Task<int> CountAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct) => inner.CountAsync(kind, query, ct);

    public async Task CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken ct)
    {
        try
        {
            await inner.CommitAsync(writes, ct).ConfigureAwait(false);
        }
        finally
        {
            // A failed commit may still have landed (a timeout after the write): a needless rebuild costs little.
            index.Invalidate();
        }
    }
}
