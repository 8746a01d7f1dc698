using Berth.Ecs;
using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.TestSupport;

namespace Berth.Store.Tests;

public sealed class SqliteStateStoreTests : IDisposable
{
    static readonly CancellationToken Ct = CancellationToken.None;
    static readonly Arns Arns = new("123456789012", "us-east-1");

    readonly TempDatabase _temp = new();
    SqliteStateStore _store;

    public SqliteStateStoreTests()
    {
        _store = new SqliteStateStore(_temp.Db);
    }

    public void Dispose() => _temp.Dispose();

    static Cluster Cluster(string name, string status = "ACTIVE") => new() { ClusterName = name, ClusterArn = Arns.Cluster(name), Status = status };

    static TaskRecord Task(string id, string cluster, string family, string status, long createdMs) => new()
    {
        Task = new EcsTask
        {
            TaskArn = Arns.Task(cluster, id),
            ClusterArn = Arns.Cluster(cluster),
            LastStatus = status,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(createdMs),
        },
        Definition = new TaskDefinition { Family = family, Revision = 1 },
    };

    Task Commit(params StoreWrite[] writes) => _store.CommitAsync(writes, Ct);

    /// <summary>Six tasks over two clusters, three families and three statuses.</summary>
    async Task SeedTasksAsync()
    {
        await Commit(
            StoreWrite.Insert(EcsKinds.Tasks, Task("t1", "prod", "web", "RUNNING", 1000)),
            StoreWrite.Insert(EcsKinds.Tasks, Task("t2", "prod", "web", "STOPPED", 2000)),
            StoreWrite.Insert(EcsKinds.Tasks, Task("t3", "prod", "worker", "RUNNING", 3000)),
            StoreWrite.Insert(EcsKinds.Tasks, Task("t4", "test", "web", "PENDING", 4000)),
            StoreWrite.Insert(EcsKinds.Tasks, Task("t5", "test", "webhook", "RUNNING", 500)),
            StoreWrite.Insert(EcsKinds.Tasks, Task("t6", "prod", "api", "PROVISIONING", 6000)));
    }

    async Task<List<string>> TaskIds(StoreQuery q) =>
        (await _store.ListAsync(EcsKinds.Tasks, q, Ct)).Select(s => Arns.TaskId(s.Value.Task.TaskArn!)).ToList();

    [Fact]
    public async Task Insert_ThenGet_ReturnsDocumentAtVersion1()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);

        var got = await _store.GetAsync(EcsKinds.Clusters, "prod", Ct);

        Assert.NotNull(got);
        Assert.Equal(1, got.Version);
        Assert.Equal("prod", got.Value.ClusterName);
        Assert.Equal(Arns.Cluster("prod"), got.Value.ClusterArn);
        Assert.Equal("ACTIVE", got.Value.Status);
    }

    [Fact]
    public async Task Get_UnknownId_IsNull()
    {
        Assert.Null(await _store.GetAsync(EcsKinds.Clusters, "nope", Ct));
    }

    [Fact]
    public async Task Insert_TaskRecord_RoundTripsNestedDocument()
    {
        await SeedTasksAsync();
        var t = (await _store.GetAsync(EcsKinds.Tasks, "t3", Ct))!.Value;
        Assert.Equal(Arns.Task("prod", "t3"), t.Task.TaskArn);
        Assert.Equal("worker", t.Definition.Family);
        Assert.Equal("RUNNING", t.Task.LastStatus);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(3000), t.Task.CreatedAt);
    }

    [Fact]
    public async Task List_NoFilter_OrdersByNameThenSortThenId()
    {
        await SeedTasksAsync();
        // name = family: api(t6), web(t1 1000, t2 2000, t4 4000), webhook(t5), worker(t3)
        Assert.Equal(["t6", "t1", "t2", "t4", "t5", "t3"], await TaskIds(new StoreQuery()));
        Assert.Equal(6, await _store.CountAsync(EcsKinds.Tasks, new StoreQuery(), Ct));
    }

    [Fact]
    public async Task List_Descending_ReversesOrder()
    {
        await SeedTasksAsync();
        Assert.Equal(["t3", "t5", "t4", "t2", "t1", "t6"], await TaskIds(new StoreQuery { Descending = true }));
    }

    [Fact]
    public async Task List_ByScope_ReturnsThatClusterOnly()
    {
        await SeedTasksAsync();
        Assert.Equal(["t6", "t1", "t2", "t3"], await TaskIds(new StoreQuery { Scope = "prod" }));
        Assert.Equal(["t4", "t5"], await TaskIds(new StoreQuery { Scope = "test" }));
        Assert.Empty(await TaskIds(new StoreQuery { Scope = "other" }));
        Assert.Equal(2, await _store.CountAsync(EcsKinds.Tasks, new StoreQuery { Scope = "test" }, Ct));
    }

    [Fact]
    public async Task List_ByName_IsExactMatch()
    {
        await SeedTasksAsync();
        Assert.Equal(["t1", "t2", "t4"], await TaskIds(new StoreQuery { Name = "web" }));
        Assert.Equal(["t1", "t2"], await TaskIds(new StoreQuery { Name = "web", Scope = "prod" }));
    }

    [Fact]
    public async Task List_ByNamePrefix_MatchesStartOfName()
    {
        await SeedTasksAsync();
        Assert.Equal(["t1", "t2", "t4", "t5"], await TaskIds(new StoreQuery { NamePrefix = "web" }));
        Assert.Equal(["t5"], await TaskIds(new StoreQuery { NamePrefix = "webh" }));
        Assert.Equal(["t1", "t2", "t4", "t5", "t3"], await TaskIds(new StoreQuery { NamePrefix = "w" }));
        Assert.Empty(await TaskIds(new StoreQuery { NamePrefix = "eb" }));
        Assert.Empty(await TaskIds(new StoreQuery { NamePrefix = "W" }));
    }

    [Fact]
    public async Task List_ByStatuses_MatchesAnyOfThem()
    {
        await SeedTasksAsync();
        Assert.Equal(["t1", "t5", "t3"], await TaskIds(new StoreQuery { Statuses = ["RUNNING"] }));
        Assert.Equal(["t6", "t4"], await TaskIds(new StoreQuery { Statuses = ["PROVISIONING", "PENDING"] }));
        Assert.Equal(["t1", "t3"], await TaskIds(new StoreQuery { Statuses = ["RUNNING"], Scope = "prod" }));
        Assert.Empty(await TaskIds(new StoreQuery { Statuses = [] }));
        Assert.Equal(0, await _store.CountAsync(EcsKinds.Tasks, new StoreQuery { Statuses = [] }, Ct));
    }

    [Fact]
    public async Task List_ByIds_ReturnsThoseThatExist()
    {
        await SeedTasksAsync();
        Assert.Equal(["t1", "t5", "t3"], await TaskIds(new StoreQuery { Ids = ["t3", "t5", "t1", "missing"] }));
        Assert.Empty(await TaskIds(new StoreQuery { Ids = [] }));
    }

    [Fact]
    public async Task List_OffsetAndLimit_PageThroughInOrder()
    {
        await SeedTasksAsync();
        Assert.Equal(["t6", "t1"], await TaskIds(new StoreQuery { Limit = 2 }));
        Assert.Equal(["t2", "t4"], await TaskIds(new StoreQuery { Offset = 2, Limit = 2 }));
        Assert.Equal(["t5", "t3"], await TaskIds(new StoreQuery { Offset = 4, Limit = 2 }));
        Assert.Empty(await TaskIds(new StoreQuery { Offset = 6, Limit = 2 }));
        Assert.Equal(["t5", "t3"], await TaskIds(new StoreQuery { Offset = 4 }));
        Assert.Equal(["t4", "t2"], await TaskIds(new StoreQuery { Descending = true, Offset = 2, Limit = 2 }));
        // Count ignores paging.
        Assert.Equal(6, await _store.CountAsync(EcsKinds.Tasks, new StoreQuery { Offset = 4, Limit = 1 }, Ct));
    }

    [Fact]
    public async Task Update_WithCurrentVersion_StoresAndBumpsVersion()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);

        await _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("prod", "INACTIVE"), 1), Ct);
        var v2 = (await _store.GetAsync(EcsKinds.Clusters, "prod", Ct))!;
        Assert.Equal(2, v2.Version);
        Assert.Equal("INACTIVE", v2.Value.Status);

        await _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("prod", "ACTIVE"), 2), Ct);
        var v3 = (await _store.GetAsync(EcsKinds.Clusters, "prod", Ct))!;
        Assert.Equal(3, v3.Version);
        Assert.Equal("ACTIVE", v3.Value.Status);
    }

    [Fact]
    public async Task Update_ChangesIndexedColumns()
    {
        await SeedTasksAsync();
        var t1 = (await _store.GetAsync(EcsKinds.Tasks, "t1", Ct))!;
        t1.Value.Task.LastStatus = "STOPPED";
        await _store.CommitAsync(StoreWrite.Update(EcsKinds.Tasks, t1.Value, t1.Version), Ct);

        Assert.Equal(["t1", "t2"], await TaskIds(new StoreQuery { Statuses = ["STOPPED"] }));
        Assert.Equal(["t5", "t3"], await TaskIds(new StoreQuery { Statuses = ["RUNNING"] }));
    }

    [Fact]
    public async Task Update_WithStaleVersion_ThrowsAndChangesNothing()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);
        await _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("prod", "PROVISIONING"), 1), Ct);

        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("prod", "INACTIVE"), 1), Ct));
        Assert.Contains("clusters/prod", e.Message, StringComparison.Ordinal);

        var got = (await _store.GetAsync(EcsKinds.Clusters, "prod", Ct))!;
        Assert.Equal(2, got.Version);
        Assert.Equal("PROVISIONING", got.Value.Status);
    }

    [Fact]
    public async Task Update_OfMissingRow_Throws()
    {
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("ghost"), 1), Ct));
        Assert.Null(await _store.GetAsync(EcsKinds.Clusters, "ghost", Ct));
    }

    [Fact]
    public async Task Insert_ExistingId_ThrowsAndKeepsOriginal()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);

        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod", "INACTIVE")), Ct));
        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);

        var got = (await _store.GetAsync(EcsKinds.Clusters, "prod", Ct))!;
        Assert.Equal(1, got.Version);
        Assert.Equal("ACTIVE", got.Value.Status);
    }

    [Fact]
    public async Task Commit_OneConflictingWrite_AppliesNone()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("a")), Ct);
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("b")), Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Commit(
            StoreWrite.Insert(EcsKinds.Clusters, Cluster("c")),
            StoreWrite.Update(EcsKinds.Clusters, Cluster("a", "INACTIVE"), 1),
            StoreWrite.Delete(EcsKinds.Clusters, "b", 1),
            StoreWrite.Update(EcsKinds.Clusters, Cluster("b", "INACTIVE"), 7)));

        Assert.Null(await _store.GetAsync(EcsKinds.Clusters, "c", Ct));
        var a = (await _store.GetAsync(EcsKinds.Clusters, "a", Ct))!;
        Assert.Equal((1L, "ACTIVE"), (a.Version, a.Value.Status));
        var b = (await _store.GetAsync(EcsKinds.Clusters, "b", Ct))!;
        Assert.Equal((1L, "ACTIVE"), (b.Version, b.Value.Status));
        Assert.Equal(2, await _store.CountAsync(EcsKinds.Clusters, new StoreQuery(), Ct));
    }

    [Fact]
    public async Task Commit_SeveralWrites_AppliesAllTogether()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("a")), Ct);
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("b")), Ct);

        await Commit(
            StoreWrite.Insert(EcsKinds.Clusters, Cluster("c")),
            StoreWrite.Update(EcsKinds.Clusters, Cluster("a", "INACTIVE"), 1),
            StoreWrite.Delete(EcsKinds.Clusters, "b", 1));

        Assert.NotNull(await _store.GetAsync(EcsKinds.Clusters, "c", Ct));
        Assert.Equal(2, (await _store.GetAsync(EcsKinds.Clusters, "a", Ct))!.Version);
        Assert.Null(await _store.GetAsync(EcsKinds.Clusters, "b", Ct));
    }

    [Fact]
    public async Task Commit_InsertTwiceInOneCommit_AppliesNone()
    {
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Commit(
            StoreWrite.Insert(EcsKinds.Clusters, Cluster("x")),
            StoreWrite.Insert(EcsKinds.Clusters, Cluster("x", "INACTIVE"))));
        Assert.Null(await _store.GetAsync(EcsKinds.Clusters, "x", Ct));
    }

    [Fact]
    public async Task Delete_WithCurrentVersion_Removes()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);
        await _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("prod"), 1), Ct);

        await _store.CommitAsync(StoreWrite.Delete(EcsKinds.Clusters, "prod", 2), Ct);

        Assert.Null(await _store.GetAsync(EcsKinds.Clusters, "prod", Ct));
        // A deleted id can be inserted again, from version 1.
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);
        Assert.Equal(1, (await _store.GetAsync(EcsKinds.Clusters, "prod", Ct))!.Version);
    }

    [Fact]
    public async Task Delete_WithStaleVersion_ThrowsAndKeepsRow()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);
        await _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("prod"), 1), Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.CommitAsync(StoreWrite.Delete(EcsKinds.Clusters, "prod", 1), Ct));
        Assert.Equal(2, (await _store.GetAsync(EcsKinds.Clusters, "prod", Ct))!.Version);
    }

    [Fact]
    public async Task Delete_MissingRow_Throws()
    {
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.CommitAsync(StoreWrite.Delete(EcsKinds.Clusters, "ghost", 1), Ct));
    }

    [Fact]
    public async Task Kinds_AreSeparateTables()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("same")), Ct);
        await _store.CommitAsync(StoreWrite.Insert(TagKinds.Tags, new ResourceTags { Arn = "same", Tags = [new Tag { Key = "k", Value = "v" }] }), Ct);

        Assert.Equal("same", (await _store.GetAsync(EcsKinds.Clusters, "same", Ct))!.Value.ClusterName);
        Assert.Equal("v", (await _store.GetAsync(TagKinds.Tags, "same", Ct))!.Value.Tags[0].Value);
        Assert.Null(await _store.GetAsync(EcsKinds.TaskDefinitions, "same", Ct));
    }

    [Fact]
    public async Task Data_SurvivesReopeningTheFile()
    {
        await SeedTasksAsync();
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);
        await _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("prod", "INACTIVE"), 1), Ct);

        _store = new SqliteStateStore(_temp.Reopen());

        var prod = (await _store.GetAsync(EcsKinds.Clusters, "prod", Ct))!;
        Assert.Equal((2L, "INACTIVE"), (prod.Version, prod.Value.Status));
        Assert.Equal(["t1", "t3"], await TaskIds(new StoreQuery { Scope = "prod", Statuses = ["RUNNING"] }));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, Cluster("prod"), 1), Ct));
    }

    [Fact]
    public async Task Migrations_RunTwice_AreHarmless()
    {
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("prod")), Ct);
        var versions = _temp.Scalar("SELECT COUNT(*) FROM schema_version");
        var latest = _temp.Scalar("SELECT MAX(version) FROM schema_version");
        Assert.True(latest >= 1);
        Assert.Equal(latest, versions);

        // A second SqliteDatabase on the same file runs the migrations again, twice over.
        _ = new SqliteDatabase(_temp.Path);
        _store = new SqliteStateStore(_temp.Reopen());

        Assert.Equal(versions, _temp.Scalar("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(latest, _temp.Scalar("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(1, (await _store.GetAsync(EcsKinds.Clusters, "prod", Ct))!.Version);
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Clusters, Cluster("other")), Ct);
        Assert.Equal(2, await _store.CountAsync(EcsKinds.Clusters, new StoreQuery(), Ct));
    }

    [Fact]
    public void Database_UsesWalJournalAndForeignKeys()
    {
        using var conn = _temp.Db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
        cmd.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, (long)cmd.ExecuteScalar()!);
        cmd.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long)cmd.ExecuteScalar()!);
    }
}
