using System.Globalization;

namespace Berth.Compose.Values;

/// <summary>One published port: a container port (or range), the host port asked for, and the protocol.</summary>
public sealed record PortSpec(int ContainerPort, int? ContainerPortEnd, int? HostPort, string Protocol)
{
    /// <summary>
    /// Short syntax: "80", "8080:80", "80/udp", "127.0.0.1:8080:80", "3000-3005", "9000-9001:9000-9001/tcp".
    /// Null when <paramref name="text"/> is not one of these.
    /// </summary>
    public static PortSpec? Parse(string text)
    {
        var protocol = "tcp";
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..].ToLowerInvariant();
            text = text[..slash];
            if (protocol is not ("tcp" or "udp"))
                return null;
        }
        var parts = text.Split(':');
        if (parts.Length > 3)
            return null;
        var container = Range(parts[^1]);
        if (container is null)
            return null;
        (int From, int To)? host = null;
        if (parts.Length >= 2 && parts[^2].Length > 0)
        {
            host = Range(parts[^2]);
            if (host is null)
                return null;
        }
        var (from, to) = container.Value;
        return new PortSpec(from, to == from ? null : to, host?.From, protocol);
    }

    /// <summary>"80" or "3000-3005" → (first, last); null when not ports.</summary>
    public static (int From, int To)? Range(string text)
    {
        var dash = text.IndexOf('-');
        var first = Number(dash < 0 ? text : text[..dash]);
        var last = dash < 0 ? first : Number(text[(dash + 1)..]);
        return first is null || last is null || last < first ? null : (first.Value, last.Value);
    }

    public static int? Number(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65535 ? n : null;
}
