using System.Globalization;

namespace Berth.Elb.Haproxy.Runtime;

/// <summary>One server row of <c>show stat</c>: the fields Berth reads.</summary>
internal sealed record ServerStat(
    string Backend,
    string Server,
    string Status,
    string CheckStatus,
    string CheckCode,
    string CheckDescription,
    int CurrentSessions,
    int Queued,
    long TotalSessions,
    long Responses5xx,
    long AverageResponseMs,
    int Weight)
{
    public bool IsDraining => Status.StartsWith("DRAIN", StringComparison.Ordinal);

    /// <summary>Failing its checks: HAProxy shows such a server DOWN even in drain, and sends it nothing new.</summary>
    public bool IsDown => Status.StartsWith("DOWN", StringComparison.Ordinal);
    public bool IsMaintenance => Status.StartsWith("MAINT", StringComparison.Ordinal);
}

/// <summary>The servers HAProxy runs and the backends it has (a backend without servers has no server row).</summary>
internal sealed record StatSnapshot(IReadOnlyList<ServerStat> Servers, IReadOnlySet<string> Backends)
{
    public static readonly StatSnapshot Empty = new([], new HashSet<string>());
}

/// <summary>Parses the CSV of <c>show stat</c> by its header line, so added columns in later versions do not matter.</summary>
internal static class StatParser
{
    public static StatSnapshot Parse(string csv)
    {
        var result = new List<ServerStat>();
        var backends = new HashSet<string>(StringComparer.Ordinal);
        string[]? header = null;
        foreach (var raw in csv.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                header = line[2..].Split(',');
                continue;
            }
            if (header is null || line.Length == 0)
                continue;
            var cells = line.Split(',');
            string Get(string name)
            {
                var i = Array.IndexOf(header, name);
                return i >= 0 && i < cells.Length ? cells[i] : "";
            }
            var server = Get("svname");
            if (server == "BACKEND")
                backends.Add(Get("pxname"));
            if (server is "FRONTEND" or "BACKEND" || Get("type") is not ("2" or ""))
                continue;
            // While a check runs, HAProxy reports the last status prefixed with "* " ("* INI", "* L7OK"): that is still the status.
            var checkStatus = Get("check_status");
            if (checkStatus.StartsWith("* ", StringComparison.Ordinal))
                checkStatus = checkStatus[2..];
            result.Add(new ServerStat(Get("pxname"), server, Get("status"), checkStatus, Get("check_code"), Get("check_desc"),
                (int)Num(Get("scur")), (int)Num(Get("qcur")), Num(Get("stot")), Num(Get("hrsp_5xx")), Num(Get("rtime")), (int)Num(Get("weight"))));
        }
        return new StatSnapshot(result, backends);
    }

    static long Num(string s) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
