using System.Net;

namespace Berth.Dns;

/// <summary>The host's resolvers, as resolv.conf names them, less any that would send a question back to this resolver.</summary>
internal static class Upstreams
{
    /// <summary>The <c>nameserver</c> lines' addresses, in order (a zone index such as <c>fe80::1%eth0</c> is kept).</summary>
    public static IReadOnlyList<IPAddress> Parse(string resolvConf)
    {
        var servers = new List<IPAddress>();
        foreach (var raw in resolvConf.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words is ["nameserver", var address, ..] && IPAddress.TryParse(address, out var ip) && !servers.Contains(ip))
                servers.Add(ip);
        }
        return servers;
    }

    /// <summary>
    /// Splits the upstreams into those to use and those that are this resolver itself (an address it listens on, at the
    /// port it listens on, or any address when it listens on the wildcard): forwarding there would loop.
    /// </summary>
    public static (IReadOnlyList<IPAddress> Use, IReadOnlyList<IPAddress> Loops) WithoutSelf(
        IReadOnlyList<IPAddress> upstreams, int upstreamPort, IReadOnlyCollection<IPEndPoint> listening)
    {
        bool IsSelf(IPAddress a) => listening.Any(l => l.Port == upstreamPort && (l.Address.Equals(a) || l.Address.Equals(IPAddress.Any)));
        return (upstreams.Where(a => !IsSelf(a)).ToList(), upstreams.Where(IsSelf).ToList());
    }
}
