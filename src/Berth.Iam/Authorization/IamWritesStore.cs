using Berth.Kernel.Storage;

namespace Berth.Iam.Authorization;

/// <summary>
/// The store as IAM's own services see it: every write they commit marks the identity policy index stale, so a policy
/// attached, changed or detached applies from the caller's next request on this server — without each of IAM's many
/// write paths having to remember to say so.
/// </summary>
internal sealed class IamWritesStore(IStateStore inner, IdentityPolicyIndex index) : IStateStore
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
            // Even a failed commit may have landed (a timeout after the write): a needless rebuild costs little.
            index.Invalidate();
        }
    }
}
