namespace Berth.CloudWatch;

/// <summary>
/// Time series of metric points (CloudWatch's data model), with bounded retention. The store keeps raw points;
/// aggregation into periods and statistics is done by the caller, so every store answers the same.
/// </summary>
public interface IMetricStore
{
    Task PutAsync(IReadOnlyList<MetricWrite> writes, CancellationToken ct);

    /// <summary>Points of one metric with <paramref name="start"/> ≤ timestamp &lt; <paramref name="end"/>, oldest first.</summary>
    Task<IReadOnlyList<MetricPoint>> ReadAsync(MetricKey key, DateTimeOffset start, DateTimeOffset end, CancellationToken ct);

    /// <summary>
    /// Metrics that have a point at or after <paramref name="activeSince"/> (null: any retained point), optionally
    /// only of one namespace / metric name, in canonical order.
    /// </summary>
    Task<IReadOnlyList<MetricKey>> ListAsync(string? @namespace, string? metricName, DateTimeOffset? activeSince, CancellationToken ct);

    /// <summary>Drops every point older than <paramref name="before"/>, and metrics left with none.</summary>
    Task PruneAsync(DateTimeOffset before, CancellationToken ct);
}
