using System.Net;

namespace Berth.Server.TaskMetadata;

/// <summary>
/// BERTH_METADATA_LISTEN: <c>auto</c> (default), <c>off</c>, or <c>address[:port]</c>. An explicit address must be
/// one the task network routes to the host (169.254.170.2, which berthd then puts on lo, or the bridge gateway).
/// </summary>
public sealed record MetadataListen(IPAddress? Address, int? Port, bool Off = false)
{
    /// <summary>The ECS agent's metadata port. Not 80 as on Fargate: port 80 belongs to load balancer listeners on this host.</summary>
    public const int DefaultPort = 51679;

    public static readonly MetadataListen Auto = new(null, null);

    public static bool TryParse(string value, out MetadataListen listen)
    {
        listen = Auto;
        if (value.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return true;
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            listen = new MetadataListen(null, null, Off: true);
            return true;
        }
        if (IPAddress.TryParse(value, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            listen = new MetadataListen(address, null);
            return true;
        }
        if (IPEndPoint.TryParse(value, out var endpoint) && endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Contains(':', StringComparison.Ordinal))
        {
            listen = new MetadataListen(endpoint.Address, endpoint.Port);
            return true;
        }
        return false;
    }
}
