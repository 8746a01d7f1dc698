using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary><c>berth logs TASK [--follow]</c>: a task's awslogs output, every container, in time order.</summary>
static class LogsCommand
{
    public static Command Create()
    {
        var task = new Argument<string>("task") { Description = "Task id or ARN" };
        var cluster = ServerCompletions.ClusterOption();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the task stops or Ctrl-C" };
        var cmd = new Command("logs", "Print a task's container output (from its awslogs log streams)") { task, cluster, follow };
        cmd.Examples("berth logs 0f3c9a2e5b7d4c1e8a6f2b9d0c4e7a15 --cluster demo", "berth logs <task-id> -c demo --follow");
        cmd.SetAction(async (parse, ct) =>
        {
            using var client = CliSettings.Client();
            var describe = new JsonObject { ["cluster"] = parse.GetValue(cluster), ["tasks"] = new JsonArray(parse.GetValue(task)) };
            var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.DescribeTasks", describe.ToJsonString(), ct);
            var tasks = resp.GetProperty("tasks");
            if (tasks.GetArrayLength() == 0)
                throw new CliException($"Task {parse.GetValue(task)} not found in cluster {parse.GetValue(cluster)}.");
            var t = tasks[0];
            var taskArn = t.GetProperty("taskArn").GetString()!;
            var taskId = taskArn.Split('/')[^1];
            var tdResp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition",
                new JsonObject { ["taskDefinition"] = t.GetProperty("taskDefinitionArn").GetString() }.ToJsonString(), ct);
            var streams = new List<(string Group, string Stream, string Container)>();
            foreach (var c in tdResp.GetProperty("taskDefinition").GetProperty("containerDefinitions").EnumerateArray())
            {
                if (!c.TryGetProperty("logConfiguration", out var lc) || !lc.TryGetProperty("options", out var o))
                    continue;
                var name = c.GetProperty("name").GetString()!;
                streams.Add((o.GetProperty("awslogs-group").GetString()!, $"{o.GetProperty("awslogs-stream-prefix").GetString()}/{name}/{taskId}", name));
            }
            if (streams.Count == 0)
                throw new CliException("This task's containers have no awslogs log configuration, so Berth did not keep their output.");
            var multi = streams.Count > 1;
            var tokens = new Dictionary<string, string?>();
            while (true)
            {
                var printed = false;
                foreach (var (group, stream, container) in streams)
                {
                    var req = new JsonObject { ["logGroupName"] = group, ["logStreamName"] = stream, ["startFromHead"] = true, ["nextToken"] = tokens.GetValueOrDefault(stream) };
                    JsonElement page;
                    try
                    {
                        page = await client.CallAsync("logs", "Logs_20140328.GetLogEvents", req.ToJsonString(), ct);
                    }
                    catch (CliException e) when (e.Message.StartsWith("ResourceNotFoundException", StringComparison.Ordinal))
                    {
                        continue; // No output yet.
                    }
                    foreach (var e in page.GetProperty("events").EnumerateArray())
                    {
                        var message = e.GetProperty("message").GetString();
                        Console.WriteLine(multi ? $"{container} | {message}" : message);
                        printed = true;
                    }
                    tokens[stream] = page.GetProperty("nextForwardToken").GetString();
                }
                if (printed)
                    continue;
                if (!parse.GetValue(follow) || await StoppedAsync(client, parse.GetValue(cluster)!, taskArn, ct))
                    return 0;
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        });
        return cmd;
    }

    static async Task<bool> StoppedAsync(BerthClient client, string cluster, string taskArn, CancellationToken ct)
    {
        var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.DescribeTasks",
            new JsonObject { ["cluster"] = cluster, ["tasks"] = new JsonArray(taskArn) }.ToJsonString(), ct);
        return resp.GetProperty("tasks").EnumerateArray().All(t => t.GetProperty("lastStatus").GetString() == "STOPPED");
    }
}
