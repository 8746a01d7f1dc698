using System.Globalization;
using System.Text.Json;
using Berth.CloudWatch;
using Microsoft.Data.Sqlite;

namespace Berth.Store;

/// <summary>
/// Metric series and their raw points in the same SQLite file as the rest of the state. A series row carries the
/// time of its newest point, so ListMetrics' RecentlyActive needs no scan of the points.
/// </summary>
public sealed class SqliteMetricStore(SqliteDatabase db) : IMetricStore
{
    public Task PutAsync(IReadOnlyList<MetricWrite> writes, CancellationToken ct)
    {
        if (writes.Count == 0)
            return Task.CompletedTask;
        using var conn = db.Open();
        using var tx = conn.BeginTransaction(deferred: false);
        using var upsert = conn.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = """
            INSERT INTO metric_series (namespace, metric_name, canonical, dimensions, last_point) VALUES ($ns, $name, $canonical, $dims, $ts)
            ON CONFLICT(canonical) DO UPDATE SET last_point = MAX(last_point, excluded.last_point)
            RETURNING id
            """;
        var ns = upsert.Parameters.Add("$ns", SqliteType.Text);
        var name = upsert.Parameters.Add("$name", SqliteType.Text);
        var canonical = upsert.Parameters.Add("$canonical", SqliteType.Text);
        var dims = upsert.Parameters.Add("$dims", SqliteType.Text);
        var last = upsert.Parameters.Add("$ts", SqliteType.Integer);

        using var insert = conn.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO metric_points (series, ts, count, sum, min, max, unit) VALUES ($series, $ts, $count, $sum, $min, $max, $unit)";
        var series = insert.Parameters.Add("$series", SqliteType.Integer);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        var count = insert.Parameters.Add("$count", SqliteType.Real);
        var sum = insert.Parameters.Add("$sum", SqliteType.Real);
        var min = insert.Parameters.Add("$min", SqliteType.Real);
        var max = insert.Parameters.Add("$max", SqliteType.Real);
        var unit = insert.Parameters.Add("$unit", SqliteType.Text);

        foreach (var group in writes.GroupBy(w => w.Key))
        {
            ct.ThrowIfCancellationRequested();
            ns.Value = group.Key.Namespace;
            name.Value = group.Key.MetricName;
            canonical.Value = group.Key.Canonical;
            dims.Value = WriteDimensions(group.Key.Dimensions);
            last.Value = group.Max(w => w.Point.Timestamp.ToUnixTimeMilliseconds());
            series.Value = Convert.ToInt64(upsert.ExecuteScalar(), CultureInfo.InvariantCulture);
            foreach (var w in group)
            {
                ts.Value = w.Point.Timestamp.ToUnixTimeMilliseconds();
                count.Value = w.Point.SampleCount;
                sum.Value = w.Point.Sum;
                min.Value = w.Point.Minimum;
                max.Value = w.Point.Maximum;
                unit.Value = w.Point.Unit;
                insert.ExecuteNonQuery();
            }
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MetricPoint>> ReadAsync(MetricKey key, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT p.ts, p.count, p.sum, p.min, p.max, p.unit FROM metric_points p
            WHERE p.series = (SELECT id FROM metric_series WHERE canonical = $canonical) AND p.ts >= $start AND p.ts < $end
            ORDER BY p.ts
            """;
        cmd.Parameters.AddWithValue("$canonical", key.Canonical);
        cmd.Parameters.AddWithValue("$start", start.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$end", end.ToUnixTimeMilliseconds());
        var list = new List<MetricPoint>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new MetricPoint(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetString(5)));
        return Task.FromResult<IReadOnlyList<MetricPoint>>(list);
    }

    public Task<IReadOnlyList<MetricKey>> ListAsync(string? @namespace, string? metricName, DateTimeOffset? activeSince, CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT namespace, metric_name, dimensions FROM metric_series
            WHERE ($ns IS NULL OR namespace = $ns) AND ($name IS NULL OR metric_name = $name) AND ($since IS NULL OR last_point >= $since)
            ORDER BY canonical
            """;
        cmd.Parameters.AddWithValue("$ns", (object?)@namespace ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$name", (object?)metricName ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$since", (object?)activeSince?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        var list = new List<MetricKey>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new MetricKey(r.GetString(0), r.GetString(1), ReadDimensions(r.GetString(2))));
        return Task.FromResult<IReadOnlyList<MetricKey>>(list);
    }

    public Task PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        using var conn = db.Open();
        using var tx = conn.BeginTransaction(deferred: false);
        var cutoff = before.ToUnixTimeMilliseconds();
        using (var points = conn.CreateCommand())
        {
            points.Transaction = tx;
            points.CommandText = "DELETE FROM metric_points WHERE ts < $before";
            points.Parameters.AddWithValue("$before", cutoff);
            points.ExecuteNonQuery();
        }
        using (var empty = conn.CreateCommand())
        {
            // Only series whose newest point is gone can be empty; the index on (series, ts) answers the rest.
            empty.Transaction = tx;
            empty.CommandText = "DELETE FROM metric_series WHERE last_point < $before AND NOT EXISTS (SELECT 1 FROM metric_points p WHERE p.series = metric_series.id)";
            empty.Parameters.AddWithValue("$before", cutoff);
            empty.ExecuteNonQuery();
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    static string WriteDimensions(IReadOnlyList<MetricDimension> dimensions)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var d in dimensions)
            {
                w.WriteStartObject();
                w.WriteString("Name", d.Name);
                w.WriteString("Value", d.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static List<MetricDimension> ReadDimensions(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray()
            .Select(e => new MetricDimension(e.GetProperty("Name").GetString() ?? "", e.GetProperty("Value").GetString() ?? ""))
            .ToList();
    }
}
