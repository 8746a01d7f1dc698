using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary>
/// Tasks' container output from their awslogs streams (<c>prefix/container/task-id</c>), printed in order per stream;
/// with follow, until every task has stopped. Shared by <c>berth logs</c> and <c>berth compose logs</c>.
/// </summary>
static class TaskLogs
{
    sealed record Stream(string Group, string Name, string Label);

    public static async Task PrintAsync(BerthClient client, string cluster, IReadOnlyList<string> taskRefs, bool follow, CancellationToken ct)
    {
        var tasks = new List<JsonElement>();
        foreach (var batch in taskRefs.Chunk(100))
        {
            var describe = new JsonObject { ["cluster"] = cluster, ["tasks"] = Listing.Array(batch) };
            var resp = await client.CallAsync("ecs", Listing.Ecs + "DescribeTasks", describe.ToJsonString(), ct);
            tasks.AddRange(resp.GetProperty("tasks").EnumerateArray());
        }
        if (tasks.Count == 0)
            throw new CliException($"Task {string.Join(", ", taskRefs)} not found in cluster {cluster}.");
        var streams = await StreamsAsync(client, tasks, ct);
        if (streams.Count == 0)
            throw new CliException("These tasks' containers have no awslogs log configuration, so Berth did not keep their output.");
        var taskArns = tasks.Select(t => t.GetProperty("taskArn").GetString()!).ToList();
        var tokens = new Dictionary<string, string?>();
        while (true)
        {
            var printed = false;
            foreach (var s in streams)
            {
                var req = new JsonObject { ["logGroupName"] = s.Group, ["logStreamName"] = s.Name, ["startFromHead"] = true, ["nextToken"] = tokens.GetValueOrDefault(s.Name) };
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
                    Console.WriteLine(s.Label + e.GetProperty("message").GetString());
                    printed = true;
                }
                tokens[s.Name] = page.GetProperty("nextForwardToken").GetString();
            }
            if (printed)
                continue;
            if (!follow || await AllStoppedAsync(client, cluster, taskArns, ct))
                return;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>Every container's stream; lines are labelled with the container (and the task, when there are several).</summary>
    static async Task<List<Stream>> StreamsAsync(BerthClient client, List<JsonElement> tasks, CancellationToken ct)
    {
        var definitions = new Dictionary<string, JsonElement>();
        var streams = new List<Stream>();
        foreach (var t in tasks)
        {
            var tdArn = t.GetProperty("taskDefinitionArn").GetString()!;
            if (!definitions.TryGetValue(tdArn, out var td))
            {
                var resp = await client.CallAsync("ecs", Listing.Ecs + "DescribeTaskDefinition", new JsonObject { ["taskDefinition"] = tdArn }.ToJsonString(), ct);
                definitions[tdArn] = td = resp.GetProperty("taskDefinition");
            }
            var taskId = t.GetProperty("taskArn").GetString()!.Split('/')[^1];
            foreach (var c in td.GetProperty("containerDefinitions").EnumerateArray())
            {
                if (!c.TryGetProperty("logConfiguration", out var lc) || !lc.TryGetProperty("options", out var o))
                    continue;
                var name = c.GetProperty("name").GetString()!;
                streams.Add(new(o.GetProperty("awslogs-group").GetString()!, $"{o.GetProperty("awslogs-stream-prefix").GetString()}/{name}/{taskId}", tasks.Count > 1 ? $"{taskId}/{name}" : name));
            }
        }
        var multi = streams.Count > 1;
        return streams.Select(s => s with { Label = multi ? s.Label + " | " : "" }).ToList();
    }

    static async Task<bool> AllStoppedAsync(BerthClient client, string cluster, List<string> taskArns, CancellationToken ct)
    {
        foreach (var batch in taskArns.Chunk(100))
        {
            var resp = await client.CallAsync("ecs", Listing.Ecs + "DescribeTasks",
                new JsonObject { ["cluster"] = cluster, ["tasks"] = Listing.Array(batch) }.ToJsonString(), ct);
            if (resp.GetProperty("tasks").EnumerateArray().Any(t => t.GetProperty("lastStatus").GetString() != "STOPPED"))
                return false;
        }
        return true;
    }
}
