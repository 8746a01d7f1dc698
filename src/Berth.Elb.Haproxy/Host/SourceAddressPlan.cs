using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Elb.Haproxy.Host;

/// <summary>The IPv4 addresses on the loopback interface: all of them, and those carrying this data plane's label (its own).</summary>
internal sealed record HostAddresses(IReadOnlySet<string> Present, IReadOnlySet<string> Owned)
{
    public static readonly HostAddresses None = new(new HashSet<string>(), new HashSet<string>());
}

/// <summary>
/// Which load balancer addresses to put on the host and which to take off: a pure function of the load balancers and
/// what <c>ip addr</c> shows. Each load balancer's traffic to its targets leaves from its interface's address, so
/// that address must be local; it goes on <c>lo</c> as a /32 under a label naming this data directory, so another
/// berthd's addresses (or anyone else's) are never touched.
/// </summary>
internal static partial class SourceAddressPlan
{
    /// <summary>An address label for <paramref name="directory"/>: <c>lo:b</c> and 8 hex digits (labels hold at most 15 characters).</summary>
    public static string Label(string directory) =>
        "lo:b" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory))))[..8];

    /// <summary>The addresses the load balancers leave from, by load balancer ARN.</summary>
    public static Dictionary<string, string> Wanted(IEnumerable<LoadBalancer> loadBalancers) =>
        loadBalancers.Where(l => l.PrivateIpAddress is not null && System.Net.IPAddress.TryParse(l.PrivateIpAddress, out var ip)
                && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            .ToDictionary(l => l.LoadBalancerArn, l => l.PrivateIpAddress!, StringComparer.Ordinal);

    /// <summary>Addresses to add (wanted, not on the host) and to remove (ours, no longer wanted).</summary>
    public static (List<string> Add, List<string> Remove) Compute(IReadOnlyDictionary<string, string> wanted, HostAddresses host)
    {
        var want = wanted.Values.ToHashSet(StringComparer.Ordinal);
        return (want.Where(a => !host.Present.Contains(a)).Order(StringComparer.Ordinal).ToList(),
            host.Owned.Where(a => !want.Contains(a)).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Reads <c>ip -4 -o addr show dev lo</c>: every address, and those under <paramref name="label"/>.</summary>
    public static HostAddresses Parse(string output, string label)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var owned = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in AddressLine().Matches(output))
        {
            present.Add(m.Groups[1].Value);
            if (m.Groups[2].Value == label)
                owned.Add(m.Groups[1].Value);
        }
        return new HostAddresses(present, owned);
    }

    [GeneratedRegex(@"inet ([0-9.]+)/\d+ .*?(\S+)\\", RegexOptions.Multiline)]
    private static partial Regex AddressLine();
}
