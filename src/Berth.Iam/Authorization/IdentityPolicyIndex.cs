using Berth.Iam.Policy;
using Berth.Kernel.Controllers;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Iam.Authorization;

/// <summary>
/// The current <see cref="IdentityPolicies"/> for the authorizer, which runs on every request and must not read the
/// store each time. IAM writes made by this server mark it stale (<see cref="Invalidate"/>), and the next request
/// waits for a rebuild, so a policy change applies from the next call; <see cref="IdentityPolicyRefresher"/> rebuilds it
/// every few seconds for changes another berthd sharing the store made (eventually consistent, as IAM is) while
/// requests go on with the snapshot they have — a periodic rebuild never holds a request up.
/// </summary>
public sealed class IdentityPolicyIndex(IStateStore store)
{
    readonly PolicyDocumentCache _cache = new();
    readonly SemaphoreSlim _rebuild = new(1, 1);
    volatile Snapshot? _current;
    long _generation;

    sealed record Snapshot(IdentityPolicies Policies, long Generation);

    /// <summary>Marks the snapshot stale: the next <see cref="GetAsync"/> rebuilds it first.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public async ValueTask<IdentityPolicies> GetAsync(CancellationToken ct)
    {
        var current = _current;
        if (current is not null && current.Generation == Interlocked.Read(ref _generation))
            return current.Policies;
        await RefreshAsync(ct).ConfigureAwait(false);
        return _current!.Policies;
    }

    /// <summary>Rebuilds from the store if it is stale. Rebuilds run one at a time; each reads after it starts.</summary>
    public Task RefreshAsync(CancellationToken ct) => RebuildAsync(force: false, ct);

    /// <summary>
    /// A rebuild whatever the generation says (another server may have written). The snapshot stays current meanwhile:
    /// it carries the generation read before the store was, so a write of this server's during the rebuild still
    /// makes the next request rebuild again.
    /// </summary>
    internal Task RefreshFromStoreAsync(CancellationToken ct) => RebuildAsync(force: true, ct);

    async Task RebuildAsync(bool force, CancellationToken ct)
    {
        await _rebuild.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var generation = Interlocked.Read(ref _generation);
            if (!force && _current is { } fresh && fresh.Generation == generation)
                return; // another caller rebuilt it while this one waited
            var all = new StoreQuery();
            var users = await store.ListAsync(IamKinds.Users, all, ct).ConfigureAwait(false);
            var roles = await store.ListAsync(IamKinds.Roles, all, ct).ConfigureAwait(false);
            var policies = await store.ListAsync(IamKinds.Policies, all, ct).ConfigureAwait(false);
            var attachments = await store.ListAsync(IamKinds.Attachments, all, ct).ConfigureAwait(false);
            var built = IdentityPolicies.Build(users.Select(u => u.Value), roles.Select(r => r.Value), policies.Select(p => p.Value),
                attachments.Select(a => a.Value), _cache);
            _current = new Snapshot(built, generation);
        }
        finally
        {
            _rebuild.Release();
        }
    }
}

/// <summary>Rebuilds the identity policy index every few seconds, for IAM changes other servers made.</summary>
public sealed class IdentityPolicyRefresher(IdentityPolicyIndex index, TimeProvider clock, ILogger<IdentityPolicyRefresher> log) : IController
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public Task RunAsync(CancellationToken ct) => new ControllerLoop("iam-policies", clock, log).RunAsync(Interval, index.RefreshFromStoreAsync, ct);
}
