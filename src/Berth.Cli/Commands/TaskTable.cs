using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary>
/// Tasks' containers as <c>ecs-cli ps</c> shows them: Name (task-id/container), State, Ports
/// (<c>10.x.y.z:80->80/tcp</c>), TaskDefinition, Health. Shared by <c>berth ps</c> and <c>berth compose ps</c>.
/// </summary>
sealed class TaskTable(BerthClient client, string cluster)
{
    public static readonly string[] Headers = ["Name", "State", "Ports", "TaskDefinition", "Health"];

    readonly Dictionary<string, Dictionary<string, string>> _ports = [];

    public List<string[]> Rows { get; } = [];

    /// <summary>Describes <paramref name="taskArns"/> (100 at a time) and adds a row per container.</summary>
    public async Task AddAsync(IReadOnlyList<string> taskArns, CancellationToken ct)
    {
        foreach (var batch in taskArns.Chunk(100))
        {
            var req = new JsonObject { ["cluster"] = cluster, ["tasks"] = Listing.Array(batch) };
            var resp = await client.CallAsync("ecs", Listing.Ecs + "DescribeTasks", req.ToJsonString(), ct);
            foreach (var t in resp.GetProperty("tasks").EnumerateArray())
                Rows.AddRange(RowsOf(t, await PortsAsync(t.GetProperty("taskDefinitionArn").GetString()!, ct)));
        }
    }

    /// <summary>Each container's port mappings ("8080/tcp, ..."), read once per task definition.</summary>
    async Task<Dictionary<string, string>> PortsAsync(string taskDefinitionArn, CancellationToken ct)
    {
        if (_ports.TryGetValue(taskDefinitionArn, out var known))
            return known;
        var resp = await client.CallAsync("ecs", Listing.Ecs + "DescribeTaskDefinition",
            new JsonObject { ["taskDefinition"] = taskDefinitionArn }.ToJsonString(), ct);
        var byContainer = new Dictionary<string, string>();
        foreach (var c in resp.GetProperty("taskDefinition").GetProperty("containerDefinitions").EnumerateArray())
        {
            var mappings = c.TryGetProperty("portMappings", out var pm) ? pm.EnumerateArray()
                .Where(m => m.TryGetProperty("containerPort", out _))
                .Select(m => $"{m.GetProperty("containerPort").GetInt32()}/{(m.TryGetProperty("protocol", out var p) ? p.GetString() : "tcp")}").ToList() : [];
            byContainer[c.GetProperty("name").GetString()!] = string.Join(",", mappings);
        }
        _ports[taskDefinitionArn] = byContainer;
        return byContainer;
    }

    static IEnumerable<string[]> RowsOf(JsonElement task, Dictionary<string, string> ports)
    {
        var taskId = task.GetProperty("taskArn").GetString()!.Split('/')[^1];
        var td = task.GetProperty("taskDefinitionArn").GetString()!.Split('/')[^1];
        foreach (var c in task.GetProperty("containers").EnumerateArray())
        {
            var ip = c.TryGetProperty("networkInterfaces", out var nis) && nis.GetArrayLength() > 0 && nis[0].TryGetProperty("privateIpv4Address", out var a) ? a.GetString() : null;
            var state = Listing.Str(c, "lastStatus");
            if (state == "STOPPED" && c.TryGetProperty("exitCode", out var code) && code.ValueKind == JsonValueKind.Number)
                state += $" ExitCode: {code.GetInt32()}";
            // As ecs-cli shows them: the task's address with each mapped port, e.g. 10.89.0.2:80->80/tcp.
            var mapped = ports.GetValueOrDefault(Listing.Str(c, "name"), "");
            var portText = ip is null || mapped.Length == 0 ? ip ?? "" : string.Join(", ", mapped.Split(',').Select(p => $"{ip}:{p.Split('/')[0]}->{p}"));
            yield return [$"{taskId}/{Listing.Str(c, "name")}", state, portText, td, Listing.Str(c, "healthStatus")];
        }
    }
}
