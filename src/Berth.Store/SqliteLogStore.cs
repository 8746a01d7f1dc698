using System.Text;
using Berth.Logs;
using Microsoft.Data.Sqlite;

namespace Berth.Store;

/// <summary>Log groups, streams and events in the same SQLite file as the rest of the state.</summary>
public sealed class SqliteLogStore(SqliteDatabase db, TimeProvider clock) : ILogStore
{
    long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<bool> CreateGroupAsync(string group, CancellationToken ct)
    {
        using var conn = db.Open();
        return Task.FromResult(Execute(conn, null, "INSERT INTO log_groups (name, created) VALUES ($g, $now) ON CONFLICT DO NOTHING", ("$g", group), ("$now", Now)) == 1);
    }

    public Task<bool> DeleteGroupAsync(string group, CancellationToken ct)
    {
        using var conn = db.Open();
        using var tx = conn.BeginTransaction(deferred: false);
        Execute(conn, tx, "DELETE FROM log_events WHERE grp = $g", ("$g", group));
        Execute(conn, tx, "DELETE FROM log_streams WHERE grp = $g", ("$g", group));
        var deleted = Execute(conn, tx, "DELETE FROM log_groups WHERE name = $g", ("$g", group)) == 1;
        tx.Commit();
        return Task.FromResult(deleted);
    }

    public async Task<LogGroup?> GetGroupAsync(string group, CancellationToken ct) =>
        (await ListGroupsAsync(null, null, int.MaxValue, ct, exact: group)).FirstOrDefault();

    public Task<IReadOnlyList<LogGroup>> ListGroupsAsync(string? prefix, string? afterName, int limit, CancellationToken ct) =>
        ListGroupsAsync(prefix, afterName, limit, ct, exact: null);

    Task<IReadOnlyList<LogGroup>> ListGroupsAsync(string? prefix, string? afterName, int limit, CancellationToken ct, string? exact)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT g.name, g.created, g.retention_days, COALESCE((SELECT SUM(stored_bytes) FROM log_streams s WHERE s.grp = g.name), 0)
            FROM log_groups g
            WHERE ($exact IS NULL OR g.name = $exact)
              AND ($prefix IS NULL OR substr(g.name, 1, length($prefix)) = $prefix)
              AND ($after IS NULL OR g.name > $after)
            ORDER BY g.name LIMIT $limit
            """;
        Bind(cmd, ("$exact", exact), ("$prefix", prefix), ("$after", afterName), ("$limit", limit));
        var list = new List<LogGroup>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new LogGroup
            {
                LogGroupName = r.GetString(0),
                CreationTime = r.GetInt64(1),
                RetentionInDays = r.IsDBNull(2) ? null : r.GetInt32(2),
                StoredBytes = r.GetInt64(3),
                LogGroupClass = "STANDARD",
            });
        }
        return Task.FromResult<IReadOnlyList<LogGroup>>(list);
    }

    public Task<bool> CreateStreamAsync(string group, string stream, CancellationToken ct)
    {
        using var conn = db.Open();
        return Task.FromResult(Execute(conn, null,
            "INSERT INTO log_streams (grp, name, created) SELECT $g, $s, $now WHERE EXISTS (SELECT 1 FROM log_groups WHERE name = $g) ON CONFLICT DO NOTHING",
            ("$g", group), ("$s", stream), ("$now", Now)) == 1);
    }

    public Task<IReadOnlyList<LogStream>> ListStreamsAsync(string group, string? prefix, bool byLastEventTime, bool descending, int offset, int limit, CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        var dir = descending ? "DESC" : "ASC";
        var order = byLastEventTime ? $"COALESCE(last_event, 0) {dir}, name {dir}" : $"name {dir}";
        cmd.CommandText = $"""
            SELECT name, created, first_event, last_event, last_ingestion, stored_bytes FROM log_streams
            WHERE grp = $g AND ($prefix IS NULL OR substr(name, 1, length($prefix)) = $prefix)
            ORDER BY {order} LIMIT $limit OFFSET $offset
            """;
        Bind(cmd, ("$g", group), ("$prefix", prefix), ("$limit", limit), ("$offset", offset));
        var list = new List<LogStream>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new LogStream
            {
                LogStreamName = r.GetString(0),
                CreationTime = r.GetInt64(1),
                FirstEventTimestamp = r.IsDBNull(2) ? null : r.GetInt64(2),
                LastEventTimestamp = r.IsDBNull(3) ? null : r.GetInt64(3),
                LastIngestionTime = r.IsDBNull(4) ? null : r.GetInt64(4),
                StoredBytes = r.GetInt64(5),
            });
        }
        return Task.FromResult<IReadOnlyList<LogStream>>(list);
    }

    public Task AppendAsync(string group, string stream, IReadOnlyList<InputLogEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
            return Task.CompletedTask;
        var now = Now;
        using var conn = db.Open();
        using var tx = conn.BeginTransaction(deferred: false);
        if (!GroupExists(conn, tx, group))
            throw new InvalidOperationException($"Log group {group} does not exist.");
        Execute(conn, tx, "INSERT INTO log_streams (grp, name, created) VALUES ($g, $s, $now) ON CONFLICT DO NOTHING", ("$g", group), ("$s", stream), ("$now", now));
        using (var insert = conn.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO log_events (grp, stream, ts, ingestion, message) VALUES ($g, $s, $ts, $now, $m)";
            var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
            var m = insert.Parameters.Add("$m", SqliteType.Text);
            Bind(insert, ("$g", group), ("$s", stream), ("$now", now));
            foreach (var e in events)
            {
                ts.Value = e.Timestamp;
                m.Value = e.Message;
                insert.ExecuteNonQuery();
            }
        }
        Execute(conn, tx, """
            UPDATE log_streams SET
              first_event = MIN(COALESCE(first_event, $min), $min),
              last_event = MAX(COALESCE(last_event, $max), $max),
              last_ingestion = $now,
              stored_bytes = stored_bytes + $bytes
            WHERE grp = $g AND name = $s
            """,
            ("$min", events.Min(e => e.Timestamp)), ("$max", events.Max(e => e.Timestamp)), ("$now", now),
            ("$bytes", events.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message))), ("$g", group), ("$s", stream));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LogEvent>> ReadAsync(EventQuery q, CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        var (cmp, dir) = q.Backward ? ("<", "DESC") : (">", "ASC");
        var streams = q.Streams?.ToList();
        var streamFilter = streams is null ? "" : $"AND stream IN ({string.Join(", ", streams.Select((_, i) => "$s" + i))})";
        for (var i = 0; i < (streams?.Count ?? 0); i++)
            cmd.Parameters.AddWithValue("$s" + i, streams![i]);
        cmd.CommandText = $"""
            SELECT stream, ts, ingestion, id, message FROM log_events
            WHERE grp = $g {streamFilter}
              AND ($prefix IS NULL OR substr(stream, 1, length($prefix)) = $prefix)
              AND ($start IS NULL OR ts >= $start) AND ($end IS NULL OR ts <= $end)
              AND ($cts IS NULL OR (ts, id) {cmp} ($cts, $cid))
            ORDER BY ts {dir}, id {dir} LIMIT $limit
            """;
        Bind(cmd, ("$g", q.Group), ("$prefix", q.StreamPrefix), ("$start", q.StartTime), ("$end", q.EndTime),
            ("$cts", q.After?.Timestamp), ("$cid", q.After?.Id), ("$limit", q.Limit));
        var list = new List<LogEvent>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new LogEvent(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4)));
        return Task.FromResult<IReadOnlyList<LogEvent>>(list);
    }

    public Task<bool> DeleteStreamAsync(string group, string stream, CancellationToken ct)
    {
        using var conn = db.Open();
        using var tx = conn.BeginTransaction(deferred: false);
        Execute(conn, tx, "DELETE FROM log_events WHERE grp = $g AND stream = $s", ("$g", group), ("$s", stream));
        var deleted = Execute(conn, tx, "DELETE FROM log_streams WHERE grp = $g AND name = $s", ("$g", group), ("$s", stream)) == 1;
        tx.Commit();
        return Task.FromResult(deleted);
    }

    public Task<bool> SetRetentionAsync(string group, int? days, CancellationToken ct)
    {
        using var conn = db.Open();
        return Task.FromResult(Execute(conn, null, "UPDATE log_groups SET retention_days = $d WHERE name = $g", ("$d", days), ("$g", group)) == 1);
    }

    public Task<long> DeleteEventsBeforeAsync(string group, long before, CancellationToken ct)
    {
        using var conn = db.Open();
        using var tx = conn.BeginTransaction(deferred: false);
        // The bytes each stream loses, then the events, then each touched stream's first event from what is left.
        Execute(conn, tx, """
            UPDATE log_streams SET stored_bytes = MAX(0, stored_bytes - COALESCE(
              (SELECT SUM(length(CAST(message AS BLOB))) FROM log_events e WHERE e.grp = log_streams.grp AND e.stream = log_streams.name AND e.ts < $before), 0))
            WHERE grp = $g AND first_event < $before
            """, ("$g", group), ("$before", before));
        var deleted = Execute(conn, tx, "DELETE FROM log_events WHERE grp = $g AND ts < $before", ("$g", group), ("$before", before));
        Execute(conn, tx, """
            UPDATE log_streams SET first_event = (SELECT MIN(ts) FROM log_events e WHERE e.grp = log_streams.grp AND e.stream = log_streams.name)
            WHERE grp = $g AND first_event < $before
            """, ("$g", group), ("$before", before));
        tx.Commit();
        return Task.FromResult((long)deleted);
    }

    public Task<long> LastEventIdAsync(CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(id), 0) FROM log_events";
        return Task.FromResult(Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<IReadOnlyList<LogEvent>> ReadIngestedAsync(string group, long afterId, int limit, CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT stream, ts, ingestion, id, message FROM log_events WHERE grp = $g AND id > $after ORDER BY id LIMIT $limit";
        Bind(cmd, ("$g", group), ("$after", afterId), ("$limit", limit));
        var list = new List<LogEvent>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new LogEvent(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4)));
        return Task.FromResult<IReadOnlyList<LogEvent>>(list);
    }

    static bool GroupExists(SqliteConnection conn, SqliteTransaction tx, string group)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COUNT(*) FROM log_groups WHERE name = $g";
        cmd.Parameters.AddWithValue("$g", group);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    static int Execute(SqliteConnection conn, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        Bind(cmd, args);
        return cmd.ExecuteNonQuery();
    }

    static void Bind(SqliteCommand cmd, params (string Name, object? Value)[] args)
    {
        foreach (var (name, value) in args)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
