using Berth.Store;
using Microsoft.Data.Sqlite;

namespace Berth.TestSupport;

/// <summary>A real SQLite file in the temp directory, deleted (with its WAL files) on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"berth-core-tests-{Guid.NewGuid():N}.db");
        Db = new SqliteDatabase(Path);
    }

    public string Path { get; }

    public SqliteDatabase Db { get; private set; }

    /// <summary>Opens the same file again, as a restarted server would.</summary>
    public SqliteDatabase Reopen()
    {
        ReleaseConnections();
        Db = new SqliteDatabase(Path);
        return Db;
    }

    /// <summary>Runs a scalar query straight against the file.</summary>
    public long Scalar(string sql)
    {
        using var conn = Db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    void ReleaseConnections()
    {
        using var conn = Db.Open();
        SqliteConnection.ClearPool(conn);
    }

    public void Dispose()
    {
        ReleaseConnections();
        foreach (var f in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            if (File.Exists(f))
                File.Delete(f);
        }
    }
}
