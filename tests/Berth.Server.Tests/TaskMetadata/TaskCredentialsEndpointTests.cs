using System.Net;
using System.Text.Json.Nodes;
using Berth.Ecs;
using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.TaskRole;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Storage;
using Berth.Server.TaskMetadata;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Server.Tests.TaskMetadata;

/// <summary>
/// /v2/credentials/{id} over a real SQLite store: only the task at the caller's address, with its own id, gets its
/// role's credentials; every other request gets the ECS agent's one "ID not found" answer, naming nothing.
/// </summary>
public sealed class TaskCredentialsEndpointTests : IDisposable
{
    const string Role = "arn:aws:iam::123456789012:role/app";
    static readonly CancellationToken Ct = CancellationToken.None;

    readonly TempDatabase _db = new();
    readonly SqliteStateStore _store;
    readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    readonly Sessions _sts;
    readonly TaskCredentialsEndpoint _endpoint;

    public TaskCredentialsEndpointTests()
    {
        _store = new SqliteStateStore(_db.Db);
        _sts = new Sessions(_clock);
        var roles = new TaskRoleCredentials(new Arns("123456789012", "us-east-1"), _clock, _sts);
        _endpoint = new TaskCredentialsEndpoint(new TaskAddresses(_store), roles, NullLogger<TaskCredentialsEndpoint>.Instance);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Get_OwnTaskWithItsId_CredentialsInTheAgentsShape()
    {
        var (_, id) = await TaskAsync("10.89.0.5");

        var (status, body, http) = await GetAsync("10.89.0.5", "/v2/credentials/" + id);

        Assert.Equal(200, status);
        Assert.Equal("application/json", http.Response.ContentType);
        var doc = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(["AccessKeyId", "Expiration", "RoleArn", "SecretAccessKey", "Token"], doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Role, doc["RoleArn"]!.GetValue<string>());
        Assert.Equal("2026-12-05T11:00:00Z", doc["Expiration"]!.GetValue<string>());
        Assert.Equal("token-1", doc["Token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_Again_SameCredentialsUntilHalfLifeThenRenewed()
    {
        var (_, id) = await TaskAsync("10.89.0.5");

        var first = JsonNode.Parse((await GetAsync("10.89.0.5", "/v2/credentials/" + id)).Body)!;
        _clock.Advance(TimeSpan.FromMinutes(10));
        var again = JsonNode.Parse((await GetAsync("10.89.0.5", "/v2/credentials/" + id)).Body)!;
        _clock.Advance(TimeSpan.FromMinutes(25));
        var renewed = JsonNode.Parse((await GetAsync("10.89.0.5", "/v2/credentials/" + id)).Body)!;

        Assert.Equal(first["AccessKeyId"]!.GetValue<string>(), again["AccessKeyId"]!.GetValue<string>());
        Assert.NotEqual(first["AccessKeyId"]!.GetValue<string>(), renewed["AccessKeyId"]!.GetValue<string>());
        Assert.Equal("2026-12-05T11:35:00Z", renewed["Expiration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_AnotherTasksId_FromItsOwnAddress_IdNotFound()
    {
        var (_, victim) = await TaskAsync("10.89.0.5");
        await TaskAsync("10.89.0.6");

        await AssertNotFoundAsync("10.89.0.6", "/v2/credentials/" + victim);
        Assert.Empty(_sts.Opened);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.89.0.1")]
    [InlineData("10.89.0.77")]
    public async Task Get_RightIdFromAnAddressThatIsNotTheTask_IdNotFound(string caller)
    {
        var (_, id) = await TaskAsync("10.89.0.5");

        await AssertNotFoundAsync(caller, "/v2/credentials/" + id);
        Assert.Empty(_sts.Opened);
    }

    [Theory]
    [InlineData("/v2/credentials/0123456789abcdef0123456789abcdef")]
    [InlineData("/v2/credentials/not-an-id")]
    [InlineData("/v2/credentials/0123456789abcdef0123456789abcdef/extra")]
    public async Task Get_WrongOrMalformedId_IdNotFound(string path)
    {
        await TaskAsync("10.89.0.5");

        await AssertNotFoundAsync("10.89.0.5", path);
    }

    [Fact]
    public async Task Get_TaskWithoutARole_IdNotFound()
    {
        await TaskAsync("10.89.0.5", role: null);

        await AssertNotFoundAsync("10.89.0.5", "/v2/credentials/0123456789abcdef0123456789abcdef");
    }

    [Theory]
    [InlineData("DEPROVISIONING")]
    [InlineData("STOPPED")]
    public async Task Get_TaskStopped_IdNotFound(string status)
    {
        var (task, id) = await TaskAsync("10.89.0.5");
        await _store.MutateAsync(Arns.TaskId(task.Task.TaskArn!), r =>
        {
            r.Task.LastStatus = status;
            return true;
        }, Ct);

        await AssertNotFoundAsync("10.89.0.5", "/v2/credentials/" + id);
    }

    [Theory]
    [InlineData("/v2/credentials")]
    [InlineData("/v2/credentials/")]
    public async Task Get_NoId_NoIdInRequest(string path)
    {
        var (status, body, _) = await GetAsync("10.89.0.5", path);

        Assert.Equal(400, status);
        Assert.Equal("""{"code":"NoIdInRequest","message":"CredentialsV2Request: No ID in the request"}""", body);
    }

    [Fact]
    public async Task Post_MethodNotAllowed()
    {
        var (_, id) = await TaskAsync("10.89.0.5");

        var (status, _, _) = await GetAsync("10.89.0.5", "/v2/credentials/" + id, "POST");

        Assert.Equal(405, status);
        Assert.Empty(_sts.Opened);
    }

    [Fact]
    public async Task Get_RoleNoLongerAssumable_Unavailable()
    {
        var (_, id) = await TaskAsync("10.89.0.5");
        _sts.Trusting = false;

        var (status, body, _) = await GetAsync("10.89.0.5", "/v2/credentials/" + id);

        Assert.Equal(503, status);
        Assert.Contains("CredentialsUninitialized", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IPv4MappedCaller_IsTheTask()
    {
        var (_, id) = await TaskAsync("10.89.0.5");

        var (status, _, _) = await GetAsync("::ffff:10.89.0.5", "/v2/credentials/" + id);

        Assert.Equal(200, status);
    }

    async Task AssertNotFoundAsync(string caller, string path)
    {
        var (status, body, _) = await GetAsync(caller, path);
        Assert.Equal(400, status);
        Assert.Equal("""{"code":"InvalidIdInRequest","message":"CredentialsV2Request: ID not found"}""", body);
    }

    async Task<(TaskRecord Task, string? Id)> TaskAsync(string ip, string? role = Role)
    {
        var taskId = Arns.NewTaskId();
        var arn = $"arn:aws:ecs:us-east-1:123456789012:task/c/{taskId}";
        var rec = new TaskRecord
        {
            Task = new EcsTask
            {
                TaskArn = arn,
                ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/c",
                LastStatus = "RUNNING",
                DesiredStatus = "RUNNING",
                CreatedAt = _clock.GetUtcNow(),
                Attachments =
                [
                    new Attachment
                    {
                        Id = "eni", Type = "ElasticNetworkInterface", Status = "ATTACHED",
                        Details = [new KeyValue { Name = "privateIPv4Address", Value = ip }],
                    },
                ],
            },
            Definition = new TaskDefinition { Family = "app", Revision = 1, TaskRoleArn = role, ContainerDefinitions = [new ContainerDefinition { Name = "app", Image = "app" }] },
            SandboxId = "sandbox-" + taskId,
            CredentialsId = role is null ? null : CredentialsId.New(),
        };
        await _store.CommitAsync([StoreWrite.Insert(EcsKinds.Tasks, rec)], Ct);
        return (rec, rec.CredentialsId);
    }

    async Task<(int Status, string Body, HttpContext Http)> GetAsync(string caller, string path, string method = "GET")
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        http.Connection.RemoteIpAddress = IPAddress.Parse(caller);
        http.Response.Body = new MemoryStream();
        await _endpoint.HandleAsync(http);
        return (http.Response.StatusCode, System.Text.Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()), http);
    }

    /// <summary>STS for ECS in memory: while the role trusts ECS tasks, one-hour sessions numbered in order.</summary>
    sealed class Sessions(TimeProvider clock) : IRoleSessions
    {
        public bool Trusting { get; set; } = true;

        public List<ServiceRoleSession> Opened { get; } = [];

        public Task<Credential> AssumeForServiceAsync(ServiceRoleSession session, CancellationToken ct)
        {
            if (!Trusting)
                throw new AwsException("AccessDenied", "not authorized to perform: sts:AssumeRole", 403);
            Opened.Add(session);
            var principal = new Principal { Arn = "arn:aws:sts::123456789012:assumed-role/app/" + session.SessionName, Kind = PrincipalKind.AssumedRole, AccountId = "123456789012", UserId = "AROA:" + session.SessionName };
            return Task.FromResult(new Credential($"ASIA{Opened.Count:D16}", "secret", principal) { SessionToken = $"token-{Opened.Count}", Expiration = clock.GetUtcNow().AddHours(1) });
        }
    }
}
