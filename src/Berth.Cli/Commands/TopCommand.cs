using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth top</c>: every running task's CPU and memory, refreshed live like <c>docker stats</c>. Figures come from
/// Berth's CloudWatch metrics (ECS/ContainerInsights by TaskId); CPU % and MEM % are of the task's size, as ECS reports.
/// </summary>
static class TopCommand
{
    static readonly string[] Headers = ["TASK", "CLUSTER", "SERVICE", "CPU %", "CPU (vCPU)", "MEM USAGE / LIMIT", "MEM %"];

    public static Command Create()
    {
        var cluster = new Option<string?>("--cluster", "-c") { Description = "Only this cluster (default: every cluster)" };
        var noStream = new Option<bool>("--no-stream") { Description = "Print one table and exit (the default when output is not a terminal)" };
        var interval = new Option<int>("--interval") { Description = "Seconds between refreshes", DefaultValueFactory = _ => 2 };
        var cmd = new Command("top", "Live CPU and memory of running tasks, like docker stats") { cluster, noStream, interval };
        cmd.WithFormat().Examples("berth top", "berth top --cluster demo --no-stream", "berth top -o json | jq '.[] | {task, cpuPercent}'");
        cmd.SetAction(async (parse, ct) =>
        {
            using var client = CliSettings.Client();
            var only = parse.GetValue(cluster);
            if (parse.GetValue(noStream) || !Output.IsTerminal || Output.Format != OutputFormat.Table)
            {
                Output.Table(Headers, await RowsAsync(client, only, ct));
                return 0;
            }
            var every = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(interval)));
            await AnsiConsole.Live(new Text("reading…")).StartAsync(async live =>
            {
                while (!ct.IsCancellationRequested)
                {
                    live.UpdateTarget(Render(await RowsAsync(client, only, ct)));
                    try
                    {
                        await Task.Delay(every, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });
            return 0;
        });
        return cmd;
    }

    static Table Render(IReadOnlyList<string[]> rows) => Output.BuildTable(Headers, rows, "no running tasks");

    static async Task<IReadOnlyList<string[]>> RowsAsync(BerthClient client, string? only, CancellationToken ct)
    {
        var tasks = await RunningTasksAsync(client, only, ct);
        var queries = new List<MetricQuery>();
        for (var i = 0; i < tasks.Count; i++)
        {
            (string, string)[] dims = [("ClusterName", tasks[i].Cluster), ("TaskId", tasks[i].Id)];
            queries.Add(new MetricQuery($"cpu{i}", "ECS/ContainerInsights", "CpuUtilized", dims, "Average"));
            queries.Add(new MetricQuery($"mem{i}", "ECS/ContainerInsights", "MemoryUtilized", dims, "Average"));
        }
        var now = DateTimeOffset.UtcNow;
        var series = queries.Count == 0 ? [] : await MetricQueries.GetAsync(client, queries, now.AddMinutes(-2), now.AddMinutes(1), 5, ct);
        var rows = new List<string[]>();
        for (var i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            var cpu = series.GetValueOrDefault($"cpu{i}")?.Latest;
            var mem = series.GetValueOrDefault($"mem{i}")?.Latest;
            rows.Add([
                t.Id, t.Cluster, t.Service ?? "-",
                cpu is null || t.CpuUnits == 0 ? "--" : Pct(cpu.Value / t.CpuUnits * 100),
                cpu is null ? $"-- / {t.CpuUnits / 1024.0:0.##}" : $"{cpu.Value / 1024:0.000} / {t.CpuUnits / 1024.0:0.##}",
                mem is null ? $"-- / {t.MemoryMiB}MiB" : $"{mem.Value:0.0}MiB / {t.MemoryMiB}MiB",
                mem is null || t.MemoryMiB == 0 ? "--" : Pct(mem.Value / t.MemoryMiB * 100),
            ]);
        }
        return rows;
    }

    static string Pct(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    sealed record RunningTask(string Id, string Cluster, string? Service, int CpuUnits, int MemoryMiB);

    static async Task<List<RunningTask>> RunningTasksAsync(BerthClient client, string? only, CancellationToken ct)
    {
        var clusters = only is not null ? [only] : await ClustersAsync(client, ct);
        var tasks = new List<RunningTask>();
        foreach (var c in clusters)
        {
            var arns = await PsCommand.ListAsync(client, c, "RUNNING", ct);
            for (var i = 0; i < arns.Count; i += 100)
            {
                var req = new JsonObject { ["cluster"] = c, ["tasks"] = new JsonArray(arns.Skip(i).Take(100).Select(a => (JsonNode?)a).ToArray()) };
                var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.DescribeTasks", req.ToJsonString(), ct);
                foreach (var t in resp.GetProperty("tasks").EnumerateArray())
                {
                    var group = t.TryGetProperty("group", out var g) ? g.GetString() : null;
                    tasks.Add(new RunningTask(
                        t.GetProperty("taskArn").GetString()!.Split('/')[^1],
                        t.GetProperty("clusterArn").GetString()!.Split('/')[^1],
                        group is not null && group.StartsWith("service:", StringComparison.Ordinal) ? group[8..] : null,
                        Units(t, "cpu"), Units(t, "memory")));
                }
            }
        }
        return tasks.OrderBy(t => t.Cluster, StringComparer.Ordinal).ThenBy(t => t.Service, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
    }

    static int Units(JsonElement task, string name) =>
        task.TryGetProperty(name, out var v) && int.TryParse(v.GetString(), CultureInfo.InvariantCulture, out var n) ? n : 0;

    static async Task<List<string>> ClustersAsync(BerthClient client, CancellationToken ct)
    {
        var names = new List<string>();
        string? next = null;
        do
        {
            var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.ListClusters", new JsonObject { ["nextToken"] = next }.ToJsonString(), ct);
            names.AddRange(resp.GetProperty("clusterArns").EnumerateArray().Select(a => a.GetString()!.Split('/')[^1]));
            next = resp.TryGetProperty("nextToken", out var n) ? n.GetString() : null;
        }
        while (next is not null);
        return names;
    }
}
