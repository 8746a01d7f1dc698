using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// Task role credentials end to end: the AWS SDK for JavaScript v3 inside real tasks, with its default credential chain
/// and nothing but what Berth sets in the task, calls Berth as the task's role — what the role allows succeeds, the
/// rest is AccessDenied — and no other task, nor the host, nor a task without a role, gets those credentials.
/// </summary>
[Trait("Requires", "Docker")]
[Collection(BerthCollection.Name)]
public sealed class TaskRoleCredentialsTests(BerthFixture fixture, TaskRoleBerth berth, ITestOutputHelper output)
    : IClassFixture<TaskRoleBerth>, IAsyncLifetime
{
    const string EcsTasksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    const string Ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    const string OnlyDescribeLogGroups = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:DescribeLogGroups","Resource":"*"}]}""";

    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    readonly string _cluster = $"{fixture.RunPrefix}-{Guid.NewGuid():N}"[..24];
    readonly List<string> _tasks = [];
    readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(5));
    long _outputMark;

    CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        if (!berth.Available)
            return;
        _outputMark = berth.Berth.OutputMark;
        await berth.Ecs.CreateClusterAsync(_cluster, Ct);
    }

    public async Task DisposeAsync()
    {
        if (berth.Available)
        {
            foreach (var arn in _tasks)
            {
                try
                {
                    await berth.Ecs.StopTaskAsync(_cluster, arn, "test over", Ct);
                }
                catch (Exception e) when (e is AwsCallException or HttpRequestException)
                {
                    output.WriteLine($"cleanup: {e.Message}");
                }
            }
            foreach (var arn in _tasks)
            {
                await EventuallyAsync(() => berth.Ecs.DescribeTaskAsync(_cluster, arn, Ct), t => t.IsStopped, "the task to stop");
                await fixture.RemoveTaskContainersAsync(arn, Ct);
            }
            output.WriteLine("--- berthd:\n" + string.Join('\n', berth.Berth.OutputSince(_outputMark)));
        }
        _timeout.Dispose();
    }

    [TaskRoleFact]
    public async Task SdkInsideATaskWithARole_CallsWhatTheRoleAllows_AndNoOneElseGetsItsCredentials()
    {
        if (Skipped())
            return;
        var role = await RoleAsync("reader", EcsTasksTrust, OnlyDescribeLogGroups);

        // The application: the SDK's default chain, no keys in its environment, Berth as its endpoint.
        var app = await RunAsync("app", role, "credentials", "identity", "logs:DescribeLogGroups", "ecs:RunTask",
            "env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "env:ECS_CONTAINER_METADATA_URI_V4", "env-length:AWS_ACCESS_KEY_ID");
        var results = await ResultsAsync(app);

        var uri = Step(results, "env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")["value"]!.GetValue<string>();
        Assert.Matches("^/v2/credentials/[0-9a-f]{32}$", uri);
        Assert.False(Step(results, "env-length:AWS_ACCESS_KEY_ID")["set"]!.GetValue<bool>());
        var credentials = Ok(results, "credentials");
        Assert.Equal("ASIA", credentials["accessKeyIdPrefix"]!.GetValue<string>());
        Assert.True(credentials["hasSessionToken"]!.GetValue<bool>());
        var account = role.Split(':')[4];
        Assert.Equal($"arn:aws:sts::{account}:assumed-role/{RoleName("reader")}/{app.TaskId}", Ok(results, "identity")["arn"]!.GetValue<string>());
        Ok(results, "logs:DescribeLogGroups");
        var runTask = Step(results, "ecs:RunTask");
        Assert.False(runTask["ok"]!.GetValue<bool>(), $"RunTask was allowed: {runTask}");
        Assert.Equal("AccessDeniedException", runTask["error"]!.GetValue<string>());
        Assert.Contains("is not authorized to perform: ecs:RunTask", runTask["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The id is a secret: not in DescribeTasks, not in berthd's output.
        var id = uri[(uri.LastIndexOf('/') + 1)..];
        Assert.DoesNotContain(id, (await berth.Ecs.DescribeTaskAsync(_cluster, app.TaskArn, Ct)).Json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(berth.Berth.OutputSince(0, 5000), l => l.Contains(id, StringComparison.Ordinal));

        // The host knows the URI and the listener: refused, with nothing of the credentials.
        var listener = new Uri(Step(results, "env:ECS_CONTAINER_METADATA_URI_V4")["value"]!.GetValue<string>());
        using (var response = await Http.GetAsync(new Uri(listener, uri), Ct))
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal((HttpStatusCode.BadRequest, """{"code":"InvalidIdInRequest","message":"CredentialsV2Request: ID not found"}"""), (response.StatusCode, body));
        }

        // Another task with a role of its own, that learned the URI: its own credentials answer, the other task's do not.
        var thief = await RunAsync("thief", role, "get:$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "get:" + uri);
        var stolen = await ResultsAsync(thief);
        Assert.Equal(200, Ok(stolen, "get:$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")["status"]!.GetValue<int>());
        Assert.Equal(400, Ok(stolen, "get:" + uri)["status"]!.GetValue<int>());

        // A task without a role: no variable, no credentials, and nothing at 169.254.170.2:80 for it either.
        var plain = await RunAsync("plain", null, "env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "get:" + uri);
        var none = await ResultsAsync(plain);
        Assert.False(Step(none, "env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")["set"]!.GetValue<bool>());
        var attempt = Step(none, "get:" + uri);
        Assert.True(!attempt["ok"]!.GetValue<bool>() || attempt["status"]!.GetValue<int>() != 200, $"a task without a role read the credentials: {attempt}");

        // The redirect lives in the tasks' own network namespaces; the host's rules are untouched.
        Assert.DoesNotContain("berth_credentials", await HostNftTablesAsync(), StringComparison.Ordinal);
    }

    [TaskRoleFact]
    public async Task RunTask_RoleEcsTasksCannotAssume_ClientExceptionInEcsWords()
    {
        if (Skipped())
            return;
        var ec2Only = await RoleAsync("ec2", Ec2Trust, OnlyDescribeLogGroups);
        var missing = ec2Only.Replace(RoleName("ec2"), RoleName("missing"), StringComparison.Ordinal);

        foreach (var role in new[] { ec2Only, missing })
        {
            var td = await RegisterAsync("refused", role, ["credentials"]);
            var e = await Assert.ThrowsAsync<AwsCallException>(() => berth.Ecs.RunTaskAsync(_cluster, td, 1, Ct));
            Assert.Equal("ClientException", e.Type);
            Assert.EndsWith(
                $": ECS was unable to assume the role '{role}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.",
                e.Message, StringComparison.Ordinal);
        }
        var listed = await berth.Ecs.EcsAsync("ListTasks", new JsonObject { ["cluster"] = _cluster }, Ct);
        Assert.Equal(0, listed.GetProperty("taskArns").GetArrayLength());
    }

    [TaskRoleFact]
    public async Task RegisterTaskDefinition_TaskRoleArnNotARole_RoleIsNotValid()
    {
        if (Skipped())
            return;

        var e = await Assert.ThrowsAsync<AwsCallException>(() => RegisterAsync("bad", "arn:aws:iam::123456789012:user/alice", ["credentials"]));

        Assert.Equal("ClientException", e.Type);
        Assert.EndsWith(": Role is not valid", e.Message, StringComparison.Ordinal);
    }

    /// <summary>False when the berthd is up; <see cref="TaskRoleFactAttribute"/> skips the tests first where it cannot be, so reaching here without it fails.</summary>
    bool Skipped() =>
        berth.Available ? false : throw new InvalidOperationException($"No berthd for the task role tests: {berth.SkipReason}");

    string RoleName(string name) => $"{_cluster}-{name}";

    /// <summary>An IAM role with the trust policy and one inline policy, made with the AWS CLI as a user makes it.</summary>
    async Task<string> RoleAsync(string name, string trust, string policy)
    {
        var created = await berth.Aws.RunAsync(Ct, "iam", "create-role", "--role-name", RoleName(name), "--assume-role-policy-document", trust);
        await berth.Aws.RunAsync(Ct, "iam", "put-role-policy", "--role-name", RoleName(name), "--policy-name", "only", "--policy-document", policy);
        return created.GetProperty("Role").GetProperty("Arn").GetString()!;
    }

    Task<string> RegisterAsync(string name, string? role, string[] steps)
    {
        var td = new JsonObject
        {
            ["family"] = $"{_cluster}-{name}",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["networkMode"] = "awsvpc",
            ["cpu"] = "256",
            ["memory"] = "512",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = "sdk",
                ["image"] = berth.SdkImage,
                ["essential"] = true,
                ["command"] = new JsonArray([.. steps.Append("--serve").Append("8080").Select(s => (JsonNode)JsonValue.Create(s)!)]),
                ["environment"] = new JsonArray(new JsonObject { ["name"] = "AWS_ENDPOINT_URL", ["value"] = berth.Berth.Endpoint.ToString().TrimEnd('/') }),
            }),
        };
        if (role is not null)
            td["taskRoleArn"] = role;
        return berth.Ecs.RegisterTaskDefinitionAsync(td, Ct);
    }

    async Task<TaskView> RunAsync(string name, string? role, params string[] steps)
    {
        var arn = (await berth.Ecs.RunTaskAsync(_cluster, await RegisterAsync(name, role, steps), 1, Ct)).Single();
        _tasks.Add(arn);
        fixture.Track(arn);
        return await EventuallyAsync(() => berth.Ecs.DescribeTaskAsync(_cluster, arn, Ct), t => t.LastStatus == "RUNNING" || t.IsStopped, $"{name} to run")
            is { IsStopped: false } running ? running : throw new InvalidOperationException($"{name} stopped: {await berth.Ecs.DescribeTaskAsync(_cluster, arn, Ct)}");
    }

    /// <summary>What the probe reported, served by the task on its own address once every step ran.</summary>
    async Task<JsonArray> ResultsAsync(TaskView task)
    {
        var ip = task.EniDetails.GetValueOrDefault("privateIPv4Address")!;
        var body = await EventuallyAsync(async () =>
        {
            try
            {
                return await Http.GetStringAsync($"http://{ip}:8080/", Ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }, b => b is not null, $"task {task.TaskId} to serve its results", TimeSpan.FromSeconds(90));
        output.WriteLine($"{task.TaskId}: {body}");
        return JsonNode.Parse(body!)!.AsArray();
    }

    static JsonObject Step(JsonArray results, string step) =>
        results.Select(r => r!.AsObject()).SingleOrDefault(r => r["step"]!.GetValue<string>() == step) ?? throw new InvalidOperationException($"no step {step} in {results}");

    static JsonObject Ok(JsonArray results, string step)
    {
        var r = Step(results, step);
        Assert.True(r["ok"]!.GetValue<bool>(), $"{step} failed: {r}");
        return r;
    }

    async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var value = await probe();
            if (condition(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}; last: {value}\n--- berthd:\n{berth.Berth.Tail(40)}");
            await Task.Delay(250, Ct);
        }
    }

    static async Task<string> HostNftTablesAsync()
    {
        using var nft = Process.Start(new ProcessStartInfo("nft", "list tables") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = await nft.StandardOutput.ReadToEndAsync();
        await nft.WaitForExitAsync();
        return text;
    }
}
