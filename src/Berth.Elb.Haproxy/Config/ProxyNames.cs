using System.Security.Cryptography;
using System.Text;

namespace Berth.Elb.Haproxy.Config;

/// <summary>
/// Stable HAProxy names: a backend per target group, a server per <c>ip:port</c>. Stability matters: the server-state
/// file and the runtime API find servers by these names across reloads and berthd restarts.
/// </summary>
internal static class ProxyNames
{
    public static string Backend(TargetGroup tg) => $"tg_{Clean(tg.TargetGroupName)}_{Hash(tg.TargetGroupArn)}";

    public static string Frontend(LoadBalancer lb, Listener l) =>
        $"lb_{Clean(lb.LoadBalancerName)}_{l.Port}_{Hash(l.ListenerArn)}";

    public static string Server(string key) => "t_" + key.Replace('.', '_').Replace(':', '_');

    /// <summary>The <c>ip:port</c> key a server name stands for, or null for a name Berth did not make.</summary>
    public static string? KeyOf(string server)
    {
        if (!server.StartsWith("t_", StringComparison.Ordinal))
            return null;
        var parts = server[2..].Split('_');
        return parts.Length == 5 ? $"{parts[0]}.{parts[1]}.{parts[2]}.{parts[3]}:{parts[4]}" : null;
    }

    static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_');
        return sb.ToString();
    }

    static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..8];
}
