using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>awslogs: container output lands in CloudWatch Logs stream prefix/container/task-id.</summary>
[Trait("Requires", "Docker")]
public sealed class LogsTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    static JsonObject AwsLogs(JsonObject container, string group, string createGroup, string prefix = "ecs")
    {
        container["logConfiguration"] = new JsonObject
        {
            ["logDriver"] = "awslogs",
            ["options"] = new JsonObject
            {
                ["awslogs-group"] = group,
                ["awslogs-region"] = "us-east-1",
                ["awslogs-stream-prefix"] = prefix,
                ["awslogs-create-group"] = createGroup,
            },
        };
        return container;
    }

    [BerthFact]
    public async Task Awslogs_ContainerOutput_LandsInGroupAndPrefixContainerTaskStream()
    {
        if (Skipped())
            return;

        var group = $"/berth-it/{Cluster}";
        var td = await RegisterAsync("logs",
            AwsLogs(Container("app", "echo line-one; sleep 1; echo line-two >&2; sleep 1; echo line-three"), group, "true", prefix: "web"));
        var arn = await RunOneAsync(td);

        var task = await WaitForStoppedAsync(arn);
        Assert.Equal(0, task.Container("app").ExitCode);
        var stream = $"web/app/{task.TaskId}";
        var messages = await EventuallyAsync(() => Ecs.GetLogMessagesAsync(group, stream, Ct),
            m => m.Contains("line-three"), $"line-three in {group}/{stream}", TimeSpan.FromSeconds(30));
        Assert.Equal(["line-one", "line-two", "line-three"], messages.Where(m => m.StartsWith("line-", StringComparison.Ordinal)).ToList());
    }

    /// <summary>
    /// Server bug: TaskWorker starts the log copy just before it starts the container; the engine answers a
    /// follow-logs request for a container that has not started yet with an empty stream at once, and a container
    /// that has exited by the next observation is never copied again, so its output is lost. It is a race: nine
    /// containers that exit at once make it likely to show.
    /// </summary>
    [BerthFact]
    public async Task Awslogs_ContainersExitingAtOnce_OutputStillLandsInTheirStreams()
    {
        if (Skipped())
            return;

        var group = $"/berth-it/{Cluster}";
        var quick = Enumerable.Range(1, 9).Select(i => $"quick{i}").ToList();
        var td = await RegisterAsync("quicklogs",
            [AwsLogs(Container("main", Sleeper), group, "true"), .. quick.Select(q => AwsLogs(Container(q, $"echo line-of-{q}", essential: false), group, "true"))]);
        var arn = await RunOneAsync(td);

        var task = await WaitForAsync(arn, t => t.LastStatus == "RUNNING" && quick.All(q => t.Container(q).LastStatus == "STOPPED"), "RUNNING with the quick containers stopped");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var missing = new List<string>();
        foreach (var q in quick)
        {
            Assert.Equal(0, task.Container(q).ExitCode);
            using var r = await Ecs.CallAsync($"{EcsClient.LogsPrefix}.GetLogEvents",
                new JsonObject { ["logGroupName"] = group, ["logStreamName"] = $"ecs/{q}/{task.TaskId}", ["startFromHead"] = true }.ToJsonString(), Ct);
            var messages = r.IsSuccess
                ? r.Document!.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList()
                : [];
            if (!messages.Contains($"line-of-{q}"))
                missing.Add($"{q} ({(r.IsSuccess ? $"{messages.Count} events" : r.ErrorType)})");
        }
        Assert.True(missing.Count == 0, $"output lost for: {string.Join(", ", missing)}");
    }

    [BerthFact]
    public async Task Awslogs_CreateGroupFalseAndGroupMissing_TaskFailsToStartNamingTheGroup()
    {
        if (Skipped())
            return;

        var group = $"/berth-it/missing/{Cluster}";
        var td = await RegisterAsync("nogroup", AwsLogs(Container("app", Sleeper), group, "false"));
        var arn = await RunOneAsync(td);

        var task = await WaitForStoppedAsync(arn);
        Assert.Equal("TaskFailedToStart", task.StopCode);
        Assert.Contains(group, task.StoppedReason ?? "", StringComparison.Ordinal);
        Assert.Contains("log group", task.StoppedReason ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Null(await Engine.Containers.InspectAsync(EngineName(task.TaskId, "app"), Ct));

        using var groups = await Ecs.CallAsync($"{EcsClient.LogsPrefix}.DescribeLogGroups",
            new JsonObject { ["logGroupNamePrefix"] = group }.ToJsonString(), Ct);
        Assert.True(groups.IsSuccess, $"DescribeLogGroups: {groups.ErrorType} {groups.ErrorMessage}");
        Assert.Equal(0, groups.Document!.RootElement.GetProperty("logGroups").GetArrayLength());
    }
}
