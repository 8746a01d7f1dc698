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
        var cluster = new Option<string>("--cluster", "-c") { Description = "Cluster name or ARN", DefaultValueFactory = _ => "default" };
        var all = new Option<bool>("--all", "-a") { Description = "Include stopped tasks" };
        var cmd = new Command("ps", "List the containers of running tasks: Name, State, Ports, TaskDefinition, Health") { cluster, all };
        cmd.SetAction(async (parse, ct) =>
        {
            using var client = CliSettings.Client();
            var rows = new List<string[]>();
            foreach (var status in parse.GetValue(all) ? new[] { "RUNNING", "STOPPED" } : ["RUNNING"])
            {
                var arns = await ListAsync(client, parse.GetValue(cluster)!, status, ct);
                for (var i = 0; i < arns.Count; i += 100)
                {
                    var req = new JsonObject { ["cluster"] = parse.GetValue(cluster), ["tasks"] = new JsonArray(arns.Skip(i).Take(100).Select(a => (JsonNode?)a).ToArray()) };
                    var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.DescribeTasks", req.ToJsonString(), ct);
                    foreach (var t in resp.GetProperty("tasks").EnumerateArray())
                        rows.AddRange(Rows(t));
                }
            }
            Output.Table(["Name", "State", "Ports", "TaskDefinition", "Health"], rows);
            return 0;
        });
        return cmd;
    }

    static async Task<List<string>> ListAsync(BerthClient client, string cluster, string status, CancellationToken ct)
    {
        var arns = new List<string>();
        string? next = null;
        do
        {
            var req = new JsonObject { ["cluster"] = cluster, ["desiredStatus"] = status, ["nextToken"] = next };
            var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.ListTasks", req.ToJsonString(), ct);
            arns.AddRange(resp.GetProperty("taskArns").EnumerateArray().Select(a => a.GetString()!));
            next = resp.TryGetProperty("nextToken", out var n) ? n.GetString() : null;
        }
        while (next is not null);
        return arns;
    }

    static IEnumerable<string[]> Rows(JsonElement task)
    {
        var taskId = task.GetProperty("taskArn").GetString()!.Split('/')[^1];
        var td = task.GetProperty("taskDefinitionArn").GetString()!.Split('/')[^1];
        foreach (var c in task.GetProperty("containers").EnumerateArray())
        {
            var ip = c.TryGetProperty("networkInterfaces", out var nis) && nis.GetArrayLength() > 0 && nis[0].TryGetProperty("privateIpv4Address", out var a) ? a.GetString() : null;
            var state = Str(c, "lastStatus");
            if (state == "STOPPED" && c.TryGetProperty("exitCode", out var code))
                state += $" ExitCode: {code.GetInt32()}";
            yield return [$"{taskId}/{Str(c, "name")}", state, ip is null ? "" : ip, td, Str(c, "healthStatus")];
        }
    }

    static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
}
