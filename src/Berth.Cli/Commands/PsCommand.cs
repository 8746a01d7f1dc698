using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Berth.Cli.Commands;

/// <summary><c>berth ps</c>: the containers of a cluster's tasks, as <c>ecs-cli ps</c> shows them.</summary>
static class PsCommand
{
    public static Command Create()
    {
        var cluster = ServerCompletions.ClusterOption();
        var all = new Option<bool>("--all", "-a") { Description = "Include stopped tasks" };
        var cmd = new Command("ps", "List the containers of running tasks: Name, State, Ports, TaskDefinition, Health") { cluster, all };
        cmd.WithFormat().Examples("berth ps --cluster demo", "berth ps -c demo --all", "berth ps -c demo -o json");
        cmd.SetAction(async (parse, ct) =>
        {
            using var client = CliSettings.Client();
            var rows = new List<string[]>();
            var ports = new Dictionary<string, Dictionary<string, string>>();
            foreach (var status in parse.GetValue(all) ? new[] { "RUNNING", "STOPPED" } : ["RUNNING"])
            {
                var arns = await ListAsync(client, parse.GetValue(cluster)!, status, ct);
                for (var i = 0; i < arns.Count; i += 100)
                {
                    var req = new JsonObject { ["cluster"] = parse.GetValue(cluster), ["tasks"] = new JsonArray(arns.Skip(i).Take(100).Select(a => (JsonNode?)a).ToArray()) };
                    var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.DescribeTasks", req.ToJsonString(), ct);
                    foreach (var t in resp.GetProperty("tasks").EnumerateArray())
                        rows.AddRange(Rows(t, await PortsAsync(client, t.GetProperty("taskDefinitionArn").GetString()!, ports, ct)));
                }
            }
            Output.Table(["Name", "State", "Ports", "TaskDefinition", "Health"], rows);
            return 0;
        });
        return cmd;
    }

    internal static Task<List<string>> ListAsync(BerthClient client, string cluster, string status, CancellationToken ct) =>
        Listing.AllAsync(client, "ListTasks", new JsonObject { ["cluster"] = cluster, ["desiredStatus"] = status }, "taskArns", ct);

    /// <summary>Each container's port mappings ("8080/tcp, ..."), read once per task definition.</summary>
    static async Task<Dictionary<string, string>> PortsAsync(BerthClient client, string taskDefinitionArn, Dictionary<string, Dictionary<string, string>> cache, CancellationToken ct)
    {
        if (cache.TryGetValue(taskDefinitionArn, out var known))
            return known;
        var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition",
            new JsonObject { ["taskDefinition"] = taskDefinitionArn }.ToJsonString(), ct);
        var byContainer = new Dictionary<string, string>();
        foreach (var c in resp.GetProperty("taskDefinition").GetProperty("containerDefinitions").EnumerateArray())
        {
            var mappings = c.TryGetProperty("portMappings", out var pm) ? pm.EnumerateArray()
                .Where(m => m.TryGetProperty("containerPort", out _))
                .Select(m => $"{m.GetProperty("containerPort").GetInt32()}/{(m.TryGetProperty("protocol", out var p) ? p.GetString() : "tcp")}").ToList() : [];
            byContainer[c.GetProperty("name").GetString()!] = string.Join(",", mappings);
        }
        cache[taskDefinitionArn] = byContainer;
        return byContainer;
    }

    static IEnumerable<string[]> Rows(JsonElement task, Dictionary<string, string> ports)
    {
        var taskId = task.GetProperty("taskArn").GetString()!.Split('/')[^1];
        var td = task.GetProperty("taskDefinitionArn").GetString()!.Split('/')[^1];
        foreach (var c in task.GetProperty("containers").EnumerateArray())
        {
            var ip = c.TryGetProperty("networkInterfaces", out var nis) && nis.GetArrayLength() > 0 && nis[0].TryGetProperty("privateIpv4Address", out var a) ? a.GetString() : null;
            var state = Str(c, "lastStatus");
            if (state == "STOPPED" && c.TryGetProperty("exitCode", out var code))
                state += $" ExitCode: {code.GetInt32()}";
            // As ecs-cli shows them: the task's address with each mapped port, e.g. 10.89.0.2:80->80/tcp.
            var mapped = ports.GetValueOrDefault(Str(c, "name"), "");
            var portText = ip is null || mapped.Length == 0 ? ip ?? "" : string.Join(", ", mapped.Split(',').Select(p => $"{ip}:{p.Split('/')[0]}->{p}"));
            yield return [$"{taskId}/{Str(c, "name")}", state, portText, td, Str(c, "healthStatus")];
        }
    }

    static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
}
