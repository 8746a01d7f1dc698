namespace Berth.Kernel.Networking;

/// <summary>
/// Told when what the packet filter is rendered from changed (a rule, an interface, a listener), so it is applied at
/// once rather than at its next poll. Writers call <see cref="Notify"/> after their write is committed, and may do
/// without it (the filter polls as well); one that must not go on before the filter holds its change (a task about
/// to start its containers) awaits <see cref="AppliedAsync"/>.
/// </summary>
public interface INetworkChangeNotifier
{
    void Notify();

    /// <summary>Completes once the filter has applied the state as it is now (a pass begun after this call ended).</summary>
    Task AppliedAsync(CancellationToken ct);
}

/// <summary>
/// What writers hold: forwards to the packet filter once it has subscribed (so the EC2 rules, which the filter reads
/// through the directory, need not depend on the filter itself). Without a filter, nothing waits.
/// </summary>
public sealed class NetworkChangeHub : INetworkChangeNotifier
{
    INetworkChangeNotifier? _filter;

    public void Subscribe(INetworkChangeNotifier filter) => Volatile.Write(ref _filter, filter);

    public void Notify() => Volatile.Read(ref _filter)?.Notify();

    public Task AppliedAsync(CancellationToken ct) => Volatile.Read(ref _filter)?.AppliedAsync(ct) ?? Task.CompletedTask;
}
