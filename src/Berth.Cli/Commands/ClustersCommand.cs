using System.CommandLine;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary><c>berth clusters</c>: every cluster with its service and task counts, as the console's cluster list shows.</summary>
static class ClustersCommand
{
    static readonly string[] Headers = ["NAME", "STATUS", "SERVICES", "RUNNING", "PENDING"];

    public static Command Create()
    {
        var cmd = new Command("clusters", "List clusters with their services and running and pending tasks");
        cmd.WithFormat().Examples("berth clusters", "berth clusters -o json");
        cmd.SetAction(async (parse, ct) =>
        {
            using var client = CliSettings.Client();
            var arns = await Listing.AllAsync(client, "ListClusters", new JsonObject(), "clusterArns", ct);
            var rows = new List<string[]>();
            foreach (var batch in arns.Chunk(100))
            {
                var req = new JsonObject { ["clusters"] = Listing.Array(batch) };
                var resp = await client.CallAsync("ecs", Listing.Ecs + "DescribeClusters", req.ToJsonString(), ct);
                foreach (var c in resp.GetProperty("clusters").EnumerateArray())
                    rows.Add([Listing.Str(c, "clusterName"), Listing.Str(c, "status"), Listing.Int(c, "activeServicesCount"),
                        Listing.Int(c, "runningTasksCount"), Listing.Int(c, "pendingTasksCount")]);
            }
            Output.Table(Headers, rows.OrderBy(r => r[0], StringComparer.Ordinal).ToList());
            return 0;
        });
        return cmd;
    }
}
