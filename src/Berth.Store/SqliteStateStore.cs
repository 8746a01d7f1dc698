using System.Text;
using System.Text.Json;
using Berth.Kernel.Storage;
using Microsoft.Data.Sqlite;

namespace Berth.Store;

/// <summary>Resources as JSON documents in SQLite, one table per kind, with a version per row.</summary>
public sealed class SqliteStateStore(SqliteDatabase db) : IStateStore
{
    public Task<Stored<T>?> GetAsync<T>(ResourceKind<T> kind, string id, CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT doc, version FROM {kind.Table} WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read() ? Read(kind, r) : null);
    }

    public Task<IReadOnlyList<Stored<T>>> ListAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        var dir = query.Descending ? "DESC" : "ASC";
        cmd.CommandText = $"SELECT doc, version FROM {kind.Table} {Where(cmd, query)} ORDER BY name {dir}, sort {dir}, id {dir} LIMIT $limit OFFSET $offset";
        cmd.Parameters.AddWithValue("$limit", query.Limit ?? -1);
        cmd.Parameters.AddWithValue("$offset", query.Offset);
        var list = new List<Stored<T>>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(Read(kind, r));
        return Task.FromResult<IReadOnlyList<Stored<T>>>(list);
    }

    public Task<int> CountAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct)
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {kind.Table} {Where(cmd, query)}";
        return Task.FromResult(Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken ct)
    {
        using var conn = db.Open();
        using var tx = conn.BeginTransaction(deferred: false);
        foreach (var w in writes)
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.Parameters.AddWithValue("$id", w.Id);
            if (w.IsDelete)
            {
                cmd.CommandText = $"DELETE FROM {w.Table} WHERE id = $id AND version = $expected";
                cmd.Parameters.AddWithValue("$expected", w.ExpectedVersion);
            }
            else
            {
                cmd.Parameters.AddWithValue("$scope", (object?)w.Scope ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$name", (object?)w.Name ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$status", (object?)w.Status ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$sort", w.Sort);
                cmd.Parameters.AddWithValue("$doc", w.Document);
                if (w.ExpectedVersion is { } expected)
                {
                    cmd.CommandText = $"UPDATE {w.Table} SET scope=$scope, name=$name, status=$status, sort=$sort, doc=$doc, version=version+1 WHERE id=$id AND version=$expected";
                    cmd.Parameters.AddWithValue("$expected", expected);
                }
                else
                {
                    cmd.CommandText = $"INSERT INTO {w.Table} (id, scope, name, status, sort, version, doc) VALUES ($id, $scope, $name, $status, $sort, 1, $doc) ON CONFLICT(id) DO NOTHING";
                }
            }
            if (cmd.ExecuteNonQuery() != 1)
            {
                throw new ConcurrencyConflictException(w.ExpectedVersion is null
                    ? $"{w.Table}/{w.Id} already exists."
                    : $"{w.Table}/{w.Id} changed since version {w.ExpectedVersion}.");
            }
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    static Stored<T> Read<T>(ResourceKind<T> kind, SqliteDataReader r) =>
        new(JsonSerializer.Deserialize(r.GetString(0), kind.Json)!, r.GetInt64(1));

    static string Where(SqliteCommand cmd, StoreQuery q)
    {
        var sb = new StringBuilder();
        void And(string clause) => sb.Append(sb.Length == 0 ? "WHERE " : " AND ").Append(clause);
        if (q.Scope is not null)
        {
            And("scope = $scope");
            cmd.Parameters.AddWithValue("$scope", q.Scope);
        }
        if (q.Name is not null)
        {
            And("name = $name");
            cmd.Parameters.AddWithValue("$name", q.Name);
        }
        if (q.NamePrefix is not null)
        {
            And("substr(name, 1, length($prefix)) = $prefix");
            cmd.Parameters.AddWithValue("$prefix", q.NamePrefix);
        }
        In(cmd, q.Statuses, "status", "st", And);
        In(cmd, q.Ids, "id", "id", And);
        return sb.ToString();
    }

    static void In(SqliteCommand cmd, IReadOnlyCollection<string>? values, string column, string param, Action<string> and)
    {
        if (values is null)
            return;
        var names = values.Select((v, i) =>
        {
            cmd.Parameters.AddWithValue($"${param}{i}", v);
            return $"${param}{i}";
        }).ToList();
        and(names.Count == 0 ? "0" : $"{column} IN ({string.Join(", ", names)})");
    }
}
