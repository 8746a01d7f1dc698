namespace Berth.CloudWatch;

/// <summary>
/// Raw points into CloudWatch periods and statistics. Periods start on multiples of the period since the epoch, as
/// CloudWatch aligns them; a period without points has no datapoint.
/// </summary>
public static class Aggregation
{
    public static DateTimeOffset AlignDown(DateTimeOffset t, int periodSeconds)
    {
        var ms = periodSeconds * 1000L;
        var at = t.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(at - (((at % ms) + ms) % ms));
    }

    /// <summary>The points grouped by the start of their period, in time order.</summary>
    public static SortedDictionary<DateTimeOffset, List<MetricPoint>> ByPeriod(IEnumerable<MetricPoint> points, int periodSeconds)
    {
        var buckets = new SortedDictionary<DateTimeOffset, List<MetricPoint>>();
        foreach (var p in points)
        {
            var start = AlignDown(p.Timestamp, periodSeconds);
            if (!buckets.TryGetValue(start, out var list))
                buckets[start] = list = [];
            list.Add(p);
        }
        return buckets;
    }

    /// <summary>
    /// A statistic of one period's points: SampleCount, Sum, Minimum, Maximum, Average or a percentile (pNN.NN).
    /// Null when it cannot be computed: percentiles need single values (statistic sets with Minimum = Maximum), as in CloudWatch.
    /// </summary>
    public static double? Statistic(IReadOnlyList<MetricPoint> points, string stat)
    {
        if (points.Count == 0)
            return null;
        var count = points.Sum(p => p.SampleCount);
        var sum = points.Sum(p => p.Sum);
        return stat switch
        {
            "SampleCount" => count,
            "Sum" => sum,
            "Minimum" => points.Min(p => p.Minimum),
            "Maximum" => points.Max(p => p.Maximum),
            "Average" => count == 0 ? null : sum / count,
            _ => MetricValidation.Percentile(stat) is { } pct ? Percentile(points, pct) : null,
        };
    }

    /// <summary>Nearest-rank percentile over the values, each weighted by its sample count.</summary>
    static double? Percentile(IReadOnlyList<MetricPoint> points, double pct)
    {
        if (points.Any(p => p.Minimum != p.Maximum))
            return null;
        var values = points.Where(p => p.SampleCount > 0).OrderBy(p => p.Minimum).ToList();
        var total = values.Sum(p => p.SampleCount);
        if (total <= 0)
            return null;
        var rank = Math.Max(1, Math.Ceiling(pct / 100 * total));
        var seen = 0.0;
        foreach (var p in values)
        {
            seen += p.SampleCount;
            if (seen >= rank)
                return p.Minimum;
        }
        return values[^1].Minimum;
    }
}
