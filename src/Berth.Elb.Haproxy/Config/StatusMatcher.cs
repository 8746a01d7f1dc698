using System.Globalization;

namespace Berth.Elb.Haproxy.Config;

/// <summary>The target group's success codes (<c>200</c>, <c>200,202</c>, <c>200-299</c>) as a regex for <c>http-check expect rstatus</c>.</summary>
internal static class StatusMatcher
{
    public static string ToRegex(string? matcher)
    {
        var codes = new SortedSet<int>();
        foreach (var part in (string.IsNullOrWhiteSpace(matcher) ? "200" : matcher).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && Code(part[..dash]) is { } lo && Code(part[(dash + 1)..]) is { } hi && lo <= hi)
            {
                for (var c = lo; c <= hi; c++)
                    codes.Add(c);
            }
            else if (Code(part) is { } one)
            {
                codes.Add(one);
            }
        }
        if (codes.Count == 0)
            codes.Add(200);
        return "^(" + string.Join('|', Compress(codes)) + ")$";
    }

    static int? Code(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is >= 100 and <= 599 ? c : null;

    /// <summary>Whole decades become <c>NN[0-9]</c>, so 200-299 is ten alternatives, not a hundred.</summary>
    static IEnumerable<string> Compress(SortedSet<int> codes)
    {
        for (var decade = 10; decade <= 59; decade++)
        {
            var inDecade = Enumerable.Range(decade * 10, 10).Where(codes.Contains).ToList();
            if (inDecade.Count == 10)
            {
                yield return decade.ToString(CultureInfo.InvariantCulture) + "[0-9]";
                continue;
            }
            foreach (var c in inDecade)
                yield return c.ToString(CultureInfo.InvariantCulture);
        }
    }
}
