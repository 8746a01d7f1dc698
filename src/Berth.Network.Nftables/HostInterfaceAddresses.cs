using System.Net.NetworkInformation;
using System.Net.Sockets;
using Berth.Kernel.Networking;

namespace Berth.Network.Nftables;

/// <summary>
/// <see cref="IHostAddresses"/> from the kernel's interface list (getifaddrs, labelled addresses such as
/// <c>lo:b…</c> included), read again at most once a second: attaches come in bursts, and an address added on the
/// host in the meantime is caught by the next read.
/// </summary>
public sealed class HostInterfaceAddresses(TimeProvider clock) : IHostAddresses
{
    static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    readonly Lock _gate = new();
    IReadOnlySet<string> _addresses = new HashSet<string>();
    DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public ValueTask<IReadOnlySet<string>> CurrentAsync(CancellationToken ct) => ValueTask.FromResult(Current());

    public IReadOnlySet<string> Current()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _readAt >= MaxAge)
            {
                _addresses = Read();
                _readAt = now;
            }
            return _addresses;
        }
    }

    static HashSet<string> Read()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var a in nic.GetIPProperties().UnicastAddresses)
                {
                    if (a.Address.AddressFamily == AddressFamily.InterNetwork)
                        set.Add(a.Address.ToString());
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Unreadable here: nothing is held back, as before this check.
        }
        return set;
    }
}
