using Berth.Core.Metrics;

namespace Berth.Core.Tests.AutoScaling;

/// <summary>An in-memory <see cref="IMetricStore"/> for the scaler's tests (the SQLite one is built on another branch).</summary>
public sealed class MemoryMetricStore : IMetricStore
{
    readonly Dictionary<MetricKey, List<MetricPoint>> _points = [];
    readonly Lock _gate = new();

    public Task PutAsync(IReadOnlyList<MetricWrite> writes, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var w in writes)
            {
                if (!_points.TryGetValue(w.Key, out var list))
                    _points[w.Key] = list = [];
                list.Add(w.Point);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MetricPoint>> ReadAsync(MetricKey key, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<MetricPoint> found = _points.TryGetValue(key, out var list)
                ? list.Where(p => p.Timestamp >= start && p.Timestamp < end).OrderBy(p => p.Timestamp).ToList()
                : [];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<MetricKey>> ListAsync(string? @namespace, string? metricName, DateTimeOffset? activeSince, CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<MetricKey> keys = _points.Keys.Where(k => (@namespace is null || k.Namespace == @namespace) && (metricName is null || k.MetricName == metricName)).ToList();
            return Task.FromResult(keys);
        }
    }

    public Task PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var list in _points.Values)
                list.RemoveAll(p => p.Timestamp < before);
        }
        return Task.CompletedTask;
    }
}
