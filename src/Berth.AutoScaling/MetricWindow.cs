using Berth.CloudWatch;

namespace Berth.AutoScaling;

/// <summary>The metric value a policy acts on: the alarm's statistic over its most recent period that has data.</summary>
internal static class MetricWindow
{
    const int PeriodsBack = 3;

    public static async Task<double?> LatestAsync(IMetricStore metrics, MetricAlarm alarm, string? aggregation, DateTimeOffset now, CancellationToken ct)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, alarm.Period));
        var key = new MetricKey(alarm.Namespace, alarm.MetricName, alarm.Dimensions);
        var points = await metrics.ReadAsync(key, now - period * PeriodsBack, now, ct);
        for (var k = 0; k < PeriodsBack; k++)
        {
            var end = now - period * k;
            var inPeriod = points.Where(p => p.Timestamp >= end - period && p.Timestamp < end).ToList();
            if (inPeriod.Count > 0)
                return Aggregate(inPeriod, aggregation ?? alarm.Statistic ?? "Average");
        }
        return null;
    }

    public static double Aggregate(IReadOnlyList<MetricPoint> points, string statistic) => statistic switch
    {
        "Sum" => points.Sum(p => p.Sum),
        "Minimum" => points.Min(p => p.Minimum),
        "Maximum" => points.Max(p => p.Maximum),
        "SampleCount" => points.Sum(p => p.SampleCount),
        _ => points.Sum(p => p.SampleCount) is var n and > 0 ? points.Sum(p => p.Sum) / n : 0,
    };
}
