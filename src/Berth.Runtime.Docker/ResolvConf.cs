using System.Text;

namespace Berth.Runtime.Docker;

/// <summary>
/// Each app container's /etc/resolv.conf, as Fargate writes it: the VPC resolver address and the region's default
/// DHCP search domain (<c>ec2.internal</c> in us-east-1, <c>&lt;region&gt;.compute.internal</c> elsewhere), or the
/// container definition's <c>dnsServers</c> and <c>dnsSearchDomains</c> in their place. The file is bind-mounted
/// read-only over /etc/resolv.conf; the engine does not write its own where a mount is (so Docker's embedded
/// 127.0.0.11 is not used: it would answer from the engine, not from Cloud Map).
/// </summary>
public static class ResolvConf
{
    public const string ContainerPath = "/etc/resolv.conf";

    /// <summary>The search domain AWS's default DHCP options give instances in <paramref name="region"/>.</summary>
    public static string DefaultSearchDomain(string region) => region == "us-east-1" ? "ec2.internal" : $"{region}.compute.internal";

    /// <param name="resolver">The nameserver tasks use by default (169.254.169.253); null when the task resolver is not running.</param>
    /// <returns>The file's text; null when the engine's default should stay (no resolver, nothing set by the container).</returns>
    public static string? Render(string? resolver, string defaultSearch, IReadOnlyList<string>? dnsServers, IReadOnlyList<string>? dnsSearchDomains)
    {
        var servers = dnsServers is { Count: > 0 } ? dnsServers : resolver is null ? [] : [resolver];
        if (servers.Count == 0)
            return null;
        var search = dnsSearchDomains is { Count: > 0 } ? dnsSearchDomains : [defaultSearch];
        var text = new StringBuilder("# Written by Berth for this container (dnsServers/dnsSearchDomains of its definition, else the VPC resolver).\n");
        text.Append("search ").AppendJoin(' ', search).Append('\n');
        foreach (var server in servers)
            text.Append("nameserver ").Append(server).Append('\n');
        return text.ToString();
    }
}
