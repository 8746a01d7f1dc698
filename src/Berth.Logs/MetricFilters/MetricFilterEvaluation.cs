using System.Globalization;
using Berth.CloudWatch;
using Berth.Logs.Patterns;

namespace Berth.Logs.MetricFilters;

/// <summary>
/// What a metric filter publishes for a batch of events (pure): each matching event's value at the event's time,
/// with dimensions from its fields; an event whose value or a dimension is missing (or the value not a number)
/// publishes nothing. With a <c>defaultValue</c>, each minute that had events but no match publishes that value once.
/// </summary>
public static class MetricFilterEvaluation
{
    public static List<MetricWrite> Evaluate(MetricFilter filter, FilterPattern pattern, IEnumerable<LogEvent> events)
    {
        var t = filter.MetricTransformations![0];
        var unit = t.Unit ?? "None";
        var writes = new List<MetricWrite>();
        var minutes = new SortedDictionary<long, bool>(); // minute → matched
        foreach (var e in events)
        {
            var minute = e.Timestamp - (((e.Timestamp % 60_000) + 60_000) % 60_000);
            var match = pattern.Match(e.Message);
            minutes[minute] = minutes.GetValueOrDefault(minute) || match is not null;
            if (match is null || Value(t.MetricValue!, match) is not { } value || Dimensions(t, match) is not { } dims)
                continue;
            writes.Add(new MetricWrite(new MetricKey(t.MetricNamespace!, t.MetricName!, dims), MetricPoint.Single(DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp), value, unit)));
        }
        if (t.DefaultValue is { } fallback)
        {
            foreach (var (minute, matched) in minutes)
            {
                if (!matched)
                    writes.Add(new MetricWrite(new MetricKey(t.MetricNamespace!, t.MetricName!), MetricPoint.Single(DateTimeOffset.FromUnixTimeMilliseconds(minute), fallback, unit)));
            }
        }
        return writes;
    }

    /// <summary>A literal number, or the number in the field a <c>$</c> reference names.</summary>
    public static double? Value(string metricValue, PatternMatch match) =>
        metricValue.StartsWith('$')
            ? match.Number(metricValue)
            : double.Parse(metricValue, NumberStyles.Float, CultureInfo.InvariantCulture);

    static List<MetricDimension>? Dimensions(MetricTransformation t, PatternMatch match)
    {
        var dims = new List<MetricDimension>();
        foreach (var (name, reference) in t.Dimensions ?? [])
        {
            if (match.Resolve(reference) is not { Length: > 0 and <= 255 } value)
                return null;
            dims.Add(new MetricDimension(name, value));
        }
        return dims;
    }
}
