using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth metrics SERVICE</c>: recent CPU and memory utilization of a service (AWS/ECS, as CloudWatch charts
/// them) and, behind a load balancer, its requests per target — each as a small terminal chart with now/min/avg/max.
/// </summary>
static class MetricsCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "Service name" };
        var cluster = ServerCompletions.ClusterOption();
        var minutes = new Option<int>("--minutes", "-m") { Description = "How far back to chart", DefaultValueFactory = _ => 30 };
        var period = new Option<int?>("--period") { Description = "Seconds per column (default: the window spread over the terminal's width)" };
        var cmd = new Command("metrics", "Chart a service's recent CPU, memory and requests per target")
        {
            service, cluster, minutes, period,
        };
        ServerCompletions.CompleteServices(service, cluster);
        cmd.Examples("berth metrics web --cluster demo", "berth metrics web -c demo --minutes 5 --period 10");
        cmd.SetAction(async (parse, ct) =>
        {
            using var client = CliSettings.Client();
            var name = parse.GetValue(service)!;
            var clusterName = parse.GetValue(cluster)!.Split('/')[^1];
            var window = TimeSpan.FromMinutes(Math.Clamp(parse.GetValue(minutes), 1, 24 * 60));
            var targetGroups = await TargetGroupsAsync(client, clusterName, name, ct);
            var width = Math.Clamp((Output.IsTerminal ? Output.Width : 80) - 12, 20, 240);
            var seconds = parse.GetValue(period) ?? PeriodFor(window, width);
            if (seconds is < 1 or > 86400)
                throw new CliException("--period must be between 1 and 86400 seconds.");
            var columns = (int)Math.Ceiling(window.TotalSeconds / seconds);
            var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / seconds * seconds + seconds);
            var start = end.AddSeconds(-columns * (double)seconds);

            (string, string)[] dims = [("ClusterName", clusterName), ("ServiceName", name)];
            var charts = new List<(MetricQuery Query, string Title, string Unit, double Max)>
            {
                (new("cpu", "AWS/ECS", "CPUUtilization", dims, "Average"), "CPUUtilization (Average)", "%", 100),
                (new("mem", "AWS/ECS", "MemoryUtilization", dims, "Average"), "MemoryUtilization (Average)", "%", 100),
            };
            for (var i = 0; i < targetGroups.Count; i++)
                charts.Add((new($"req{i}", "AWS/ApplicationELB", "RequestCountPerTarget", [("TargetGroup", targetGroups[i])], "Sum"), $"RequestCountPerTarget (Sum) {targetGroups[i]}", "", 0));
            var series = await MetricQueries.GetAsync(client, charts.Select(c => c.Query).ToList(), start, end, seconds, ct);

            Console.WriteLine($"service {name} in cluster {clusterName}: last {Duration(window)}, one column = {Duration(TimeSpan.FromSeconds(seconds))}");
            foreach (var (query, title, unit, fixedMax) in charts)
            {
                var points = series[query.Id].Points;
                var slots = new double?[columns];
                foreach (var (at, value) in points)
                {
                    var slot = (int)((at - start).TotalSeconds / seconds);
                    if (slot >= 0 && slot < columns)
                        slots[slot] = value;
                }
                Console.WriteLine();
                Console.WriteLine(title);
                if (points.Count == 0)
                {
                    Console.WriteLine("  no data yet (tasks are measured every few seconds once RUNNING)");
                    continue;
                }
                var values = points.Select(p => p.Value).ToList();
                foreach (var line in TerminalChart.Render(slots, 6, Math.Max(fixedMax, values.Max()), unit))
                    Console.WriteLine(line);
                Console.WriteLine($"  now {F(values[^1])}{unit}  min {F(values.Min())}{unit}  avg {F(values.Average())}{unit}  max {F(values.Max())}{unit}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The target groups the service is registered with, as CloudWatch dimension values.</summary>
    static async Task<List<string>> TargetGroupsAsync(BerthClient client, string cluster, string service, CancellationToken ct)
    {
        var req = new JsonObject { ["cluster"] = cluster, ["services"] = new JsonArray(service) };
        var resp = await client.CallAsync("ecs", "AmazonEC2ContainerServiceV20141113.DescribeServices", req.ToJsonString(), ct);
        var found = resp.GetProperty("services").EnumerateArray().FirstOrDefault();
        if (found.ValueKind == System.Text.Json.JsonValueKind.Undefined || found.GetProperty("status").GetString() == "INACTIVE")
            throw new CliException($"Service {service} was not found in cluster {cluster}. List services with: aws ecs list-services --cluster {cluster}");
        return found.TryGetProperty("loadBalancers", out var lbs)
            ? lbs.EnumerateArray().Where(l => l.TryGetProperty("targetGroupArn", out _)).Select(l => l.GetProperty("targetGroupArn").GetString()!.Split(':')[^1]).Distinct().ToList()
            : [];
    }

    /// <summary>A period CloudWatch accepts (10, 30 or a multiple of 60 s) that fits the window into the width.</summary>
    static int PeriodFor(TimeSpan window, int width)
    {
        var raw = window.TotalSeconds / width;
        return raw <= 10 ? 10 : raw <= 30 ? 30 : (int)Math.Ceiling(raw / 60) * 60;
    }

    static string Duration(TimeSpan t) => t.TotalMinutes >= 1 && t.Seconds == 0 ? $"{t.TotalMinutes:0} min" : $"{t.TotalSeconds:0} s";

    static string F(double v) => v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
}
