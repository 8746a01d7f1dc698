using Microsoft.Data.Sqlite;

namespace Berth.Store;

/// <summary>
/// The SQLite file that holds Berth's state. WAL with <c>synchronous=FULL</c>: an acknowledged write survives
/// <c>kill -9</c> and power loss. The schema is migrated forward at open.
/// </summary>
public sealed class SqliteDatabase
{
    readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var conn = Open();
        Exec(conn, "PRAGMA journal_mode=WAL;");
        Migrations.Apply(conn);
    }

    public SqliteConnection Open()
    {
        var conn = new SqliteConnection(_connectionString);
        conn.Open();
        Exec(conn, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
        return conn;
    }

    internal static void Exec(SqliteConnection conn, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
