using System.Globalization;
using System.Text;
using Berth.Kernel.Networking;

namespace Berth.Network.Nftables;

/// <summary>
/// The packet filter as one nftables ruleset, a pure function of the account's networks and the host: the same input
/// gives the same text, byte for byte, so the controller applies it only when it changed. The text declares, deletes
/// and declares the table again, so applying it in one transaction (<c>nft -f -</c>) replaces whatever was there
/// atomically: no moment without rules, and a restart rebuilds exactly this.
/// <para>
/// What it says, hook by hook (everything stateful: replies of allowed connections pass, invalid packets drop):
/// <list type="bullet">
/// <item><b>forward</b> (task ↔ task and task → outside; bridged packets reach it with
/// <c>net.bridge.bridge-nf-call-iptables=1</c>): traffic between two VPCs drops; a task's packet leaves only as its
/// groups' egress rules allow, and reaches a task only as that task's groups' ingress rules allow. An address in a
/// VPC with no interface behind it gets nothing (a task whose interface is not known yet is not left open).</item>
/// <item><b>input</b> (to the host): from a task bridge only DNS, the metadata/credentials endpoint, berthd's API
/// port and the load balancers' listener ports (the last two after the task's egress rules); any other service on the
/// host is unreachable from tasks. A listener port reached from anywhere but loopback passes only as the load
/// balancer's groups' ingress rules allow (loopback callers are the host itself).</item>
/// <item><b>output</b> (host → task): the host is an outside source like any other — a task is reachable from it
/// only as its groups' ingress rules allow by CIDR (the tutorial's "unreachable until you open port 80"), or as
/// members of a group when the host speaks from a load balancer's address.</item>
/// </list>
/// </para>
/// </summary>
public static class FirewallRenderer
{
    public static string Render(FirewallState state, FirewallHost host)
    {
        var groups = state.Groups.GroupBy(g => g.GroupId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var interfaces = state.Interfaces.Where(i => Address(i.PrivateIpAddress) is not null)
            .OrderBy(i => i.NetworkInterfaceId, StringComparer.Ordinal).ToList();
        var tasks = interfaces.Where(i => IsTask(i.OwnerArn)).ToList();
        var vpcs = state.Vpcs.Select(v => Cidr(v.CidrBlock)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var bridges = host.Bridges.Select(b => b.InterfaceName).Distinct().Order(StringComparer.Ordinal).ToList();
        var ports = host.Listeners.GroupBy(l => l.Port).OrderBy(g => g.Key).ToList();
        var referenced = groups.Values.SelectMany(g => g.Ingress.Concat(g.Egress)).Select(r => r.ReferencedGroupId).OfType<string>()
            .Concat(groups.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

        var w = new Writer();
        w.Line($"table inet {host.Table} {{}}");
        w.Line($"delete table inet {host.Table}");
        w.Line($"table inet {host.Table} {{");
        w.Set("vpcs", "ipv4_addr", vpcs, interval: true);
        w.Set("tasks", "ipv4_addr", tasks.Select(i => i.PrivateIpAddress).Distinct().Order(StringComparer.Ordinal));
        foreach (var g in referenced)
        {
            var members = interfaces.Where(i => i.SecurityGroupIds.Contains(g, StringComparer.Ordinal)).Select(i => i.PrivateIpAddress);
            w.Set(Members(g), "ipv4_addr", members.Distinct().Order(StringComparer.Ordinal));
        }

        // forward: between tasks, and from tasks to the outside.
        w.Chain("forward", "type filter hook forward priority filter; policy accept;",
            "ip saddr @vpcs jump task_traffic",
            "ip daddr @vpcs jump task_traffic");
        var between = new List<string> { "ct state established,related accept", "ct state invalid drop" };
        foreach (var a in vpcs)
            between.AddRange(vpcs.Where(b => b != a).Select(b => $"ip saddr {a} ip daddr {b} drop"));
        between.AddRange(Egress(tasks));
        between.Add("ip saddr @vpcs ip saddr != @tasks drop");
        if (tasks.Count > 0)
            between.Add($"ip daddr vmap {{ {string.Join(", ", tasks.Select(i => $"{i.PrivateIpAddress} : jump {Chain("in", i)}"))} }}");
        between.Add("ip daddr @vpcs drop");
        w.Chain("task_traffic", null, [.. between]);

        // input: what the host offers tasks, and who may reach a listener.
        var input = new List<string> { "iif \"lo\" accept", "ct state established,related accept" };
        if (bridges.Count > 0)
            input.Add($"iifname {{ {string.Join(", ", bridges.Select(b => $"\"{b}\""))} }} jump from_task");
        input.Add("ip saddr @vpcs jump from_task");
        if (ports.Count > 0)
            input.Add(ListenerVmap(ports));
        w.Chain("input", "type filter hook input priority filter; policy accept;", [.. input]);
        var fromTask = new List<string> { "ct state invalid drop" };
        if (host.DnsPort is { } dns)
            fromTask.AddRange([$"udp dport {dns} accept", $"tcp dport {dns} accept"]);
        if (host.MetadataPort is { } metadata)
            fromTask.Add($"tcp dport {metadata} accept");
        fromTask.AddRange(Egress(tasks));
        fromTask.Add("ip saddr != @tasks drop");
        fromTask.Add($"tcp dport {host.ApiPort} accept");
        if (ports.Count > 0)
            fromTask.Add(ListenerVmap(ports));
        fromTask.Add("drop");
        w.Chain("from_task", null, [.. fromTask]);

        // output: the host as an outside source.
        w.Chain("output", "type filter hook output priority filter; policy accept;",
            "oif \"lo\" accept",
            "ip daddr @vpcs jump to_task");
        var toTask = new List<string> { "ct state established,related accept" };
        if (tasks.Count > 0)
            toTask.Add($"ip daddr vmap {{ {string.Join(", ", tasks.Select(i => $"{i.PrivateIpAddress} : jump {Chain("in", i)}"))} }}");
        toTask.Add("drop");
        w.Chain("to_task", null, [.. toTask]);

        foreach (var port in ports)
        {
            var rules = new List<string>();
            foreach (var lb in port.Select(l => l.LoadBalancerArn).Distinct().Order(StringComparer.Ordinal))
            {
                var lbInterfaces = interfaces.Where(i => i.OwnerArn == lb).ToList();
                if (lbInterfaces.Count == 0)
                {
                    // A load balancer without an interface has no groups to filter by: its listener stays open.
                    rules.Add("accept");
                    continue;
                }
                foreach (var g in lbInterfaces.SelectMany(i => i.SecurityGroupIds).Distinct().Order(StringComparer.Ordinal))
                    rules.AddRange(Rules(groups.GetValueOrDefault(g)?.Ingress, "saddr", "accept"));
            }
            rules.Add("drop");
            w.Chain($"listener_{port.Key}", null, [.. rules.Distinct()]);
        }

        foreach (var i in tasks)
        {
            var own = i.SecurityGroupIds.Distinct().Order(StringComparer.Ordinal).Select(g => groups.GetValueOrDefault(g)).OfType<SecurityGroupRules>().ToList();
            w.Chain(Chain("in", i), null, [.. own.SelectMany(g => Rules(g.Ingress, "saddr", "accept")).Distinct(), "drop"]);
            // Egress chains return when allowed, so the packet goes on to the receiver's ingress rules.
            w.Chain(Chain("out", i), null, [.. own.SelectMany(g => Rules(g.Egress, "daddr", "return")).Distinct(), "drop"]);
        }
        w.Line("}");
        return w.ToString();
    }

    static IEnumerable<string> Egress(List<NetworkInterfaceInfo> tasks)
    {
        if (tasks.Count > 0)
            yield return $"ip saddr vmap {{ {string.Join(", ", tasks.Select(i => $"{i.PrivateIpAddress} : jump {Chain("out", i)}"))} }}";
    }

    static string ListenerVmap(IEnumerable<IGrouping<int, ListenerPort>> ports) =>
        $"tcp dport vmap {{ {string.Join(", ", ports.Select(p => $"{p.Key} : jump listener_{p.Key}"))} }}";

    /// <summary>A group's permissions as rules ending in <paramref name="verdict"/>; one that cannot be expressed (IPv6, an unknown protocol) is left out, so it allows nothing.</summary>
    static IEnumerable<string> Rules(IReadOnlyList<FirewallRule>? permissions, string peer, string verdict)
    {
        foreach (var r in permissions ?? [])
        {
            if (Match(r, peer) is { } match)
                yield return match.Length == 0 ? verdict : $"{match} {verdict}";
        }
    }

    /// <summary>The match part of one permission: the peer (a range or a group's members), then protocol and ports.</summary>
    internal static string? Match(FirewallRule r, string peer)
    {
        var parts = new List<string>();
        if (r.ReferencedGroupId is { } group)
            parts.Add($"ip {peer} @{Members(group)}");
        else if (r.CidrIpv4 is { } range)
        {
            var cidr = Cidr(range);
            if (cidr is null)
                return null;
            if (cidr != "0.0.0.0/0")
                parts.Add($"ip {peer} {cidr}");
        }
        else
            return null;
        var protocol = Protocol(r);
        if (protocol is null)
            return null;
        if (protocol.Length > 0)
            parts.Add(protocol);
        return string.Join(' ', parts);
    }

    static string? Protocol(FirewallRule r)
    {
        var p = r.Protocol.ToLowerInvariant();
        switch (p)
        {
            case "-1" or "all":
                return "";
            case "tcp" or "6" or "udp" or "17":
                var name = p is "tcp" or "6" ? "tcp" : "udp";
                int from = r.FromPort ?? 0, to = r.ToPort ?? 65535;
                if (from is < 0 or > 65535 || to is < 0 or > 65535 || from > to)
                    return null;
                if (from == 0 && to == 65535)
                    return $"meta l4proto {name}";
                return from == to ? $"{name} dport {from}" : $"{name} dport {from}-{to}";
            case "icmp" or "1":
                // For ICMP, FromPort is the type and ToPort the code; -1 (or none) is any.
                if (r.FromPort is null or -1)
                    return "meta l4proto icmp";
                if (r.FromPort is < 0 or > 255)
                    return null;
                return r.ToPort is null or -1 ? $"icmp type {r.FromPort}" : r.ToPort is < 0 or > 255 ? null : $"icmp type {r.FromPort} icmp code {r.ToPort}";
            default:
                return byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? $"meta l4proto {number}" : null;
        }
    }

    /// <summary>An IPv4 range in canonical form (host bits cleared, as nft wants it); null for anything else.</summary>
    internal static string? Cidr(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !System.Net.IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
            return null;
        var b = address.GetAddressBytes();
        var value = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        value &= prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        return $"{value >> 24}.{(value >> 16) & 0xff}.{(value >> 8) & 0xff}.{value & 0xff}/{prefix}";
    }

    static string? Address(string text) =>
        System.Net.IPAddress.TryParse(text, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? a.ToString() : null;

    static bool IsTask(string ownerArn) => Kernel.Arns.Parse(ownerArn) is { Service: "ecs" } arn && arn.Resource.StartsWith("task/", StringComparison.Ordinal);

    static string Members(string groupId) => "members_" + Name(groupId);

    static string Chain(string direction, NetworkInterfaceInfo i) => $"{direction}_{Name(i.NetworkInterfaceId)}";

    /// <summary>An id as an nft identifier: letters, digits and underscores.</summary>
    static string Name(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    sealed class Writer
    {
        readonly StringBuilder _text = new();

        public void Line(string line) => _text.Append(line).Append('\n');

        public void Set(string name, string type, IEnumerable<string> elements, bool interval = false)
        {
            var list = elements.ToList();
            _text.Append("  set ").Append(name).Append(" {\n    type ").Append(type).Append('\n');
            if (interval)
                _text.Append("    flags interval\n");
            if (list.Count > 0)
                _text.Append("    elements = { ").Append(string.Join(", ", list)).Append(" }\n");
            _text.Append("  }\n");
        }

        public void Chain(string name, string? hook, params string[] rules)
        {
            _text.Append("  chain ").Append(name).Append(" {\n");
            if (hook is not null)
                _text.Append("    ").Append(hook).Append('\n');
            foreach (var r in rules)
                _text.Append("    ").Append(r).Append('\n');
            _text.Append("  }\n");
        }

        public override string ToString() => _text.ToString();
    }
}
