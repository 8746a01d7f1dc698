using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary><c>berth services</c>: a cluster's services with desired, running and pending counts and how their rollout goes.</summary>
static class ServicesCommand
{
    static readonly string[] Headers = ["NAME", "STATUS", "DESIRED", "RUNNING", "PENDING", "TASK DEFINITION", "ROLLOUT"];

    public static Command Create()
    {
        var cluster = ServerCompletions.ClusterOption();
        var cmd = new Command("services", "List a cluster's services: desired/running/pending tasks, task definition, rollout state") { cluster };
        cmd.WithFormat().Examples("berth services --cluster demo", "berth services -c demo -o json | jq '.[] | select(.running != .desired)'");
        cmd.SetAction(async (parse, ct) =>
        {
            using var client = CliSettings.Client();
            var name = parse.GetValue(cluster)!;
            var arns = await Listing.AllAsync(client, "ListServices", new JsonObject { ["cluster"] = name }, "serviceArns", ct);
            var rows = new List<string[]>();
            foreach (var batch in arns.Chunk(10))
            {
                var req = new JsonObject { ["cluster"] = name, ["services"] = Listing.Array(batch) };
                var resp = await client.CallAsync("ecs", Listing.Ecs + "DescribeServices", req.ToJsonString(), ct);
                foreach (var s in resp.GetProperty("services").EnumerateArray())
                    rows.Add([Listing.Str(s, "serviceName"), Listing.Str(s, "status"), Listing.Int(s, "desiredCount"), Listing.Int(s, "runningCount"),
                        Listing.Int(s, "pendingCount"), Listing.Str(s, "taskDefinition").Split('/')[^1], Rollout(s)]);
            }
            Output.Table(Headers, rows.OrderBy(r => r[0], StringComparer.Ordinal).ToList());
            return 0;
        });
        return cmd;
    }

    /// <summary>The primary deployment's rollout state, and how many deployments are still draining.</summary>
    static string Rollout(JsonElement service)
    {
        if (!service.TryGetProperty("deployments", out var deployments) || deployments.GetArrayLength() == 0)
            return "";
        var primary = deployments.EnumerateArray().FirstOrDefault(d => Listing.Str(d, "status") == "PRIMARY");
        var state = primary.ValueKind == JsonValueKind.Object ? Listing.Str(primary, "rolloutState") : "";
        var others = deployments.GetArrayLength() - 1;
        return others > 0 ? $"{state} (+{others} draining)" : state;
    }
}
