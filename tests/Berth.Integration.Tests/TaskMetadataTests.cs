using System.Net;
using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// The task metadata endpoint v4 from inside real tasks: each container fetches its endpoints with busybox wget and
/// serves what it got with busybox httpd on the task's own address, where the test reads it from the host.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class TaskMetadataTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    /// <summary>Fetches the four v4 documents (and v3's task), saves the environment, then serves /www on :8080.</summary>
    const string Fetcher =
        "mkdir -p /www; u=\"$ECS_CONTAINER_METADATA_URI_V4\"; " +
        "for i in $(seq 1 20); do wget -q -O /www/container \"$u\" && break; sleep 1; done; " +
        "wget -q -O /www/task \"$u/task\"; wget -q -O /www/stats \"$u/stats\"; wget -q -O /www/taskstats \"$u/task/stats\"; " +
        "wget -q -O /www/v3task \"$ECS_CONTAINER_METADATA_URI/task\"; env > /www/env; exec httpd -f -p 8080 -h /www";

    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [BerthFact]
    public async Task MetadataV4_FromInsideTheTask_AnswersFargateShapes()
    {
        if (Skipped())
            return;

        var app = Container("app", Fetcher);
        app["cpu"] = 128;
        app["memory"] = 256;
        app["dockerLabels"] = new JsonObject { ["team"] = "berth" };
        app["logConfiguration"] = new JsonObject
        {
            ["logDriver"] = "awslogs",
            ["options"] = new JsonObject
            {
                ["awslogs-group"] = $"/berth-it/{Cluster}",
                ["awslogs-region"] = "us-east-1",
                ["awslogs-stream-prefix"] = "md",
                ["awslogs-create-group"] = "true",
            },
        };
        var td = await RegisterAsync("md", "512", "1024", app, Container("side", Sleeper, essential: false));
        var arn = await RunOneAsync(td);
        var task = await WaitForStatusAsync(arn, "RUNNING");
        var ip = task.EniDetails.GetValueOrDefault("privateIPv4Address")!;
        var env = await ServedAsync(ip, "env");
        var runtimeId = task.Container("app").RuntimeId;

        var vars = env.Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal)).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        Assert.Equal("AWS_ECS_FARGATE", vars.GetValueOrDefault("AWS_EXECUTION_ENV"));
        Assert.Matches("^http://[0-9.]+:[0-9]+/v4/[0-9a-f]{20}$", vars.GetValueOrDefault("ECS_CONTAINER_METADATA_URI_V4") ?? "");
        Assert.Matches("^http://[0-9.]+:[0-9]+/v3/[0-9a-f]{20}$", vars.GetValueOrDefault("ECS_CONTAINER_METADATA_URI") ?? "");
        Assert.DoesNotContain(task.TaskId, vars["ECS_CONTAINER_METADATA_URI_V4"], StringComparison.Ordinal);

        // ${uri}: this container.
        var container = JsonNode.Parse(await ServedAsync(ip, "container"))!.AsObject();
        AssertContainer(container, "app", runtimeId, ip, arn);
        Assert.Equal(128, container["Limits"]!["CPU"]!.GetValue<int>());
        Assert.Equal(256, container["Limits"]!["Memory"]!.GetValue<int>());
        Assert.Equal("berth", container["Labels"]!["team"]!.GetValue<string>());
        Assert.Equal("awslogs", container["LogDriver"]!.GetValue<string>());
        Assert.Equal($"md/app/{task.TaskId}", container["LogOptions"]!["awslogs-stream"]!.GetValue<string>());

        // ${uri}/task: the task and both its containers, nothing of other tasks.
        var taskDoc = JsonNode.Parse(await ServedAsync(ip, "task"))!.AsObject();
        Assert.Equal(arn, taskDoc["TaskARN"]!.GetValue<string>());
        Assert.EndsWith($":cluster/{Cluster}", taskDoc["Cluster"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Family("md"), taskDoc["Family"]!.GetValue<string>());
        Assert.Equal("1", taskDoc["Revision"]!.GetValue<string>());
        Assert.Equal("RUNNING", taskDoc["DesiredStatus"]!.GetValue<string>());
        Assert.Equal(0.5, taskDoc["Limits"]!["CPU"]!.GetValue<double>());
        Assert.Equal(1024, taskDoc["Limits"]!["Memory"]!.GetValue<int>());
        Assert.Equal("FARGATE", taskDoc["LaunchType"]!.GetValue<string>());
        Assert.NotNull(taskDoc["PullStartedAt"]);
        Assert.NotNull(taskDoc["PullStoppedAt"]);
        Assert.NotNull(taskDoc["ClockDrift"]);
        var containers = taskDoc["Containers"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(["app", "side"], containers.Select(c => c["Name"]!.GetValue<string>()).Order());
        AssertContainer(containers.Single(c => c["Name"]!.GetValue<string>() == "app"), "app", runtimeId, ip, arn);
        Assert.Equal(taskDoc["TaskARN"]!.GetValue<string>(), JsonNode.Parse(await ServedAsync(ip, "v3task"))!["TaskARN"]!.GetValue<string>());

        // ${uri}/stats: Docker's stats of this container; ${uri}/task/stats: Docker id → stats for every container.
        var stats = JsonNode.Parse(await ServedAsync(ip, "stats"))!.AsObject();
        Assert.NotNull(stats["cpu_stats"]?["cpu_usage"]?["total_usage"]);
        Assert.True(stats["memory_stats"]?["usage"]?.GetValue<ulong>() > 0, $"no memory usage in {stats}");
        Assert.NotNull(stats["networks"]);
        var taskStats = JsonNode.Parse(await ServedAsync(ip, "taskstats"))!.AsObject();
        Assert.Equal(2, taskStats.Count);
        Assert.NotNull(taskStats[runtimeId!]?["cpu_stats"]);
        Assert.NotNull(taskStats[task.Container("side").RuntimeId!]?["memory_stats"]);
    }

    [BerthFact]
    public async Task MetadataV4_FromAnotherTaskOrTheHost_IsRefused()
    {
        if (Skipped())
            return;

        var victim = await RunOneAsync(await RegisterAsync("victim", Container("app", "mkdir -p /www; env > /www/env; exec httpd -f -p 8080 -h /www")));
        var ip = (await WaitForStatusAsync(victim, "RUNNING")).EniDetails.GetValueOrDefault("privateIPv4Address")!;
        var env = await ServedAsync(ip, "env");
        var uri = env.Split('\n').Single(l => l.StartsWith("ECS_CONTAINER_METADATA_URI_V4=", StringComparison.Ordinal)).Split('=', 2)[1];

        // The host is no task: refused, with nothing of the task in the answer.
        foreach (var path in new[] { "", "/task", "/stats", "/task/stats" })
        {
            var (status, body) = await TryGetAsync(uri + path);
            Assert.True(status != HttpStatusCode.OK, $"the host read {uri}{path}: {body}");
            Assert.DoesNotContain(victim, body ?? "", StringComparison.Ordinal);
        }

        // Another task that knows the URI: its own endpoint answers (exit 4 otherwise), the victim's does not (exit 3).
        var thief = Container("thief",
            "wget -q -O /dev/null \"$ECS_CONTAINER_METADATA_URI_V4/task\" || exit 4; " +
            "for p in '' /task /stats /task/stats; do if wget -q -O /tmp/stolen \"$TARGET$p\"; then exit 0; fi; done; exit 3");
        thief["environment"] = new JsonArray(new JsonObject { ["name"] = "TARGET", ["value"] = uri });
        var other = await RunOneAsync(await RegisterAsync("thief", thief));
        var stopped = await WaitForStoppedAsync(other);
        Assert.True(stopped.Container("thief").ExitCode == 3, $"expected exit 3 (own endpoint read, the other task's refused): {stopped}");
    }

    static void AssertContainer(JsonObject c, string name, string? runtimeId, string ip, string taskArn)
    {
        Assert.Equal(name, c["Name"]!.GetValue<string>());
        Assert.Equal(runtimeId, c["DockerId"]!.GetValue<string>());
        Assert.Equal(BerthFixture.Image, c["Image"]!.GetValue<string>());
        Assert.StartsWith("sha256:", c["ImageID"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("RUNNING", c["KnownStatus"]!.GetValue<string>());
        Assert.Equal("NORMAL", c["Type"]!.GetValue<string>());
        Assert.Equal(taskArn, c["Labels"]!["com.amazonaws.ecs.task-arn"]!.GetValue<string>());
        Assert.Contains(":container/", c["ContainerARN"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(c["StartedAt"]);
        var network = c["Networks"]!.AsArray().Single()!;
        Assert.Equal("awsvpc", network["NetworkMode"]!.GetValue<string>());
        Assert.Equal([ip], network["IPv4Addresses"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("10.89.0.0/20", network["IPv4SubnetCIDRBlock"]!.GetValue<string>()); // the default VPC's first subnet, as the task's ENI has it
        Assert.Equal($"ip-{ip.Replace('.', '-')}.ec2.internal", network["PrivateDNSName"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(network["MACAddress"]?.GetValue<string>()));
    }

    /// <summary>A file the task serves on its own address once it has fetched everything (httpd starts last).</summary>
    async Task<string> ServedAsync(string ip, string file)
    {
        var (status, body) = await EventuallyAsync(() => TryGetAsync($"http://{ip}:8080/{file}"), r => r.Status == HttpStatusCode.OK, $"the task to serve /{file}");
        Assert.False(string.IsNullOrWhiteSpace(body), $"/{file} is empty");
        Output.WriteLine($"{file}: {body}");
        return body!;
    }

    async Task<(HttpStatusCode? Status, string? Body)> TryGetAsync(string url)
    {
        try
        {
            using var response = await Http.GetAsync(url, Ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, e.Message);
        }
    }
}
