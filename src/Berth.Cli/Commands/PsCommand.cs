using System.CommandLine;
using System.Text.Json.Nodes;

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
            var table = new TaskTable(client, parse.GetValue(cluster)!);
            foreach (var status in parse.GetValue(all) ? new[] { "RUNNING", "STOPPED" } : ["RUNNING"])
                await table.AddAsync(await ListAsync(client, parse.GetValue(cluster)!, status, ct), ct);
            Output.Table(TaskTable.Headers, table.Rows);
            return 0;
        });
        return cmd;
    }

    internal static Task<List<string>> ListAsync(BerthClient client, string cluster, string status, CancellationToken ct) =>
        Listing.AllAsync(client, "ListTasks", new JsonObject { ["cluster"] = cluster, ["desiredStatus"] = status }, "taskArns", ct);
}
