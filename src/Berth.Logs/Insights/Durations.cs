namespace Berth.Logs.Insights;

/// <summary>The time periods of <c>bin()</c>, <c>datefloor()</c> and <c>dateceil()</c>: a number and a unit, such as <c>5m</c>.</summary>
public static class Durations
{
    static readonly Dictionary<string, long> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ms"] = 1,
        ["s"] = 1000,
        ["sec"] = 1000,
        ["second"] = 1000,
        ["seconds"] = 1000,
        ["m"] = 60_000,
        ["min"] = 60_000,
        ["minute"] = 60_000,
        ["minutes"] = 60_000,
        ["h"] = 3_600_000,
        ["hr"] = 3_600_000,
        ["hour"] = 3_600_000,
        ["hours"] = 3_600_000,
        ["d"] = 86_400_000,
        ["day"] = 86_400_000,
        ["days"] = 86_400_000,
        ["w"] = 604_800_000,
        ["week"] = 604_800_000,
        ["weeks"] = 604_800_000,
    };

    // Calendar units have no fixed length; Insights has them, Berth refuses them by name rather than guess.
    static readonly HashSet<string> Calendar = new(StringComparer.OrdinalIgnoreCase) { "mo", "month", "months", "q", "qtr", "quarter", "quarters", "y", "yr", "year", "years" };

    /// <summary>Milliseconds per unit, or null when the unit is not one; throws for the calendar units Berth does not implement.</summary>
    public static long? UnitMs(string unit, int start, int end)
    {
        if (Units.TryGetValue(unit, out var ms))
            return ms;
        if (Calendar.Contains(unit))
            throw new MalformedQuery($"Berth does not implement the calendar time unit '{unit}'; use ms, s, m, h, d or w", start, end);
        return null;
    }

    /// <summary>The start of the period holding <paramref name="ms"/>, periods counted from the epoch (as bin() buckets).</summary>
    public static long Floor(long ms, long period) => ms - (((ms % period) + period) % period);

    public static long Ceil(long ms, long period)
    {
        var floor = Floor(ms, period);
        return floor == ms ? ms : floor + period;
    }
}
