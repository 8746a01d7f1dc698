using System.Collections.Concurrent;
using System.Net;
using Berth.Kernel.Networking;

namespace Berth.Dns;

/// <summary>
/// Which VPC a client address is in, remembered briefly: every query needs it, and an address keeps its VPC for its
/// task's life (a reused address is seen within the TTL). Loopback is the host, which sees every namespace. Without
/// a network directory (no EC2 module) every client is the host.
/// </summary>
internal sealed class VpcCache(INetworkDirectory? directory, TimeSpan ttl, TimeProvider time, int capacity = 8192)
{
    readonly ConcurrentDictionary<IPAddress, (string? VpcId, long At)> _known = new();

    public async ValueTask<string?> VpcOfAsync(IPAddress client, CancellationToken ct)
    {
        if (directory is null || IPAddress.IsLoopback(client))
            return null;
        var now = time.GetTimestamp();
        if (_known.TryGetValue(client, out var hit) && time.GetElapsedTime(hit.At, now) < ttl)
            return hit.VpcId;
        var vpc = (await directory.VpcOfAsync(client, ct))?.VpcId;
        if (_known.Count >= capacity)
            _known.Clear(); // a burst of new addresses: start over rather than grow without bound
        _known[client] = (vpc, now);
        return vpc;
    }
}
