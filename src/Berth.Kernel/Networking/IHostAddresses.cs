namespace Berth.Kernel.Networking;

/// <summary>
/// IPv4 addresses already in use on this host outside the directory's own records: the host's own (a load balancer
/// address another berthd left on <c>lo</c>, a VPN's, a bridge's gateway) and the container engine's (containers a
/// berthd with another data directory left running on the task network). The directory never hands one out: the
/// host would answer for it itself, or the engine would refuse the address.
/// </summary>
public interface IHostAddresses
{
    ValueTask<IReadOnlySet<string>> CurrentAsync(CancellationToken ct);
}
