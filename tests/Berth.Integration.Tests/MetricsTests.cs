using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Berth.TestSupport;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// Task CPU and memory as measured from the task cgroup on the real engine, read back through the CloudWatch API
/// (AWS JSON 1.0, as the SDKs speak it) and /metrics. The fixture's berthd measures every second.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class MetricsTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    [BerthFact]
    public async Task CpuBurningTask_ReportsItsQuota_InCloudWatchAndPrometheus()
    {
        if (Skipped())
            return;
        // 256 CPU units = a quarter of a vCPU: a busy loop is throttled to it, so CPUUtilization ≈ 100 %.
        var td = await RegisterAsync("burn", Container("burn", "while :; do :; done"));
        var task = await WaitForStatusAsync(await RunOneAsync(td), "RUNNING");
        var taskId = task.TaskId;

        var cpu = await EventuallyAsync(() => StatisticsAsync("AWS/ECS", "CPUUtilization", [("ClusterName", Cluster)], 10, "Average"),
            points => points.Count >= 2, "two 10 s periods of AWS/ECS CPUUtilization", TimeSpan.FromSeconds(60));
        var last = cpu[^2]; // the newest complete period
        Output.WriteLine($"CPUUtilization periods: {string.Join(", ", cpu.Select(p => p.Value.ToString("0.0", CultureInfo.InvariantCulture)))}");
        Assert.InRange(last.Value, 70, 115);

        // The same samples seen as Container Insights CPU units of this task: CPUUtilization × 256 / 100.
        var units = await GetMetricDataAsync("ECS/ContainerInsights", "CpuUtilized", [("ClusterName", Cluster), ("TaskId", taskId)], 10, "Average");
        var sameTime = units.Single(u => u.At == last.At);
        Assert.Equal(last.Value * 256 / 100, sameTime.Value, 6);

        using var http = new HttpClient { BaseAddress = Fixture.Berth.Endpoint };
        var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), Ct);
        var gauge = PrometheusText.Parse(text).Single(kv => kv.Key.StartsWith("berth_task_cpu_utilization{", StringComparison.Ordinal) && kv.Key.Contains(taskId, StringComparison.Ordinal));
        Assert.InRange(gauge.Value, 50, 130);
    }

    [BerthFact]
    public async Task MemoryFillingTask_ReportsRisingMemoryUtilization()
    {
        if (Skipped())
            return;
        // 10 MiB a second into a tmpfs (memory charged to the task), up to 200 MiB of the task's 512.
        var fill = Container("fill", "i=0; while [ $i -lt 20 ]; do dd if=/dev/zero of=/fill/f$i bs=1048576 count=10 2>/dev/null; i=$((i+1)); sleep 1; done; " + Sleeper);
        fill["linuxParameters"] = new JsonObject { ["tmpfs"] = new JsonArray(new JsonObject { ["containerPath"] = "/fill", ["size"] = 400 }) };
        var td = await RegisterAsync("fill", fill);
        await WaitForStatusAsync(await RunOneAsync(td), "RUNNING");

        var points = await EventuallyAsync(() => StatisticsAsync("AWS/ECS", "MemoryUtilization", [("ClusterName", Cluster)], 1, "Maximum"),
            p => p.Count > 0 && p[^1].Value > 35, "MemoryUtilization above 35 % (180 MiB of 512)", TimeSpan.FromSeconds(90));
        Output.WriteLine($"MemoryUtilization: {string.Join(", ", points.Select(p => p.Value.ToString("0.0", CultureInfo.InvariantCulture)))}");
        Assert.True(points[^1].Value - points[0].Value >= 20, "memory utilization rose by 20 points or more");
        Assert.InRange(points[^1].Value, 35, 50);
    }

    [BerthFact]
    public async Task ListMetrics_NamesTheTaskAndContainerMetrics()
    {
        if (Skipped())
            return;
        var td = await RegisterAsync("list", Container("app", Sleeper));
        var task = await WaitForStatusAsync(await RunOneAsync(td), "RUNNING");
        var taskId = task.TaskId;

        var metrics = await EventuallyAsync(async () =>
            {
                var r = await Ecs.CloudWatchAsync("ListMetrics", new JsonObject
                {
                    ["Namespace"] = "ECS/ContainerInsights",
                    ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "TaskId", ["Value"] = taskId }),
                }, Ct);
                return r.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("MetricName").GetString() + " by "
                    + string.Join(",", m.GetProperty("Dimensions").EnumerateArray().Select(d => d.GetProperty("Name").GetString()).Order(StringComparer.Ordinal)))
                    .Order(StringComparer.Ordinal).ToList();
            },
            names => names.Count == 6, "the task's and its container's Container Insights metrics", TimeSpan.FromSeconds(30));
        Assert.Equal(
        [
            "CpuReserved by ClusterName,TaskId", "CpuUtilized by ClusterName,ContainerName,TaskId", "CpuUtilized by ClusterName,TaskId",
            "MemoryReserved by ClusterName,TaskId", "MemoryUtilized by ClusterName,ContainerName,TaskId", "MemoryUtilized by ClusterName,TaskId",
        ], metrics);
    }

    sealed record Datapoint(DateTimeOffset At, double Value);

    async Task<List<Datapoint>> StatisticsAsync(string ns, string name, (string Name, string Value)[] dims, int period, string statistic)
    {
        var now = DateTimeOffset.UtcNow;
        var r = await Ecs.CloudWatchAsync("GetMetricStatistics", new JsonObject
        {
            ["Namespace"] = ns,
            ["MetricName"] = name,
            ["Dimensions"] = Dimensions(dims),
            ["StartTime"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["EndTime"] = now.AddMinutes(1).ToUnixTimeSeconds(),
            ["Period"] = period,
            ["Statistics"] = new JsonArray(statistic),
        }, Ct);
        return r.GetProperty("Datapoints").EnumerateArray()
            .Select(d => new Datapoint(Time(d.GetProperty("Timestamp")), d.GetProperty(statistic).GetDouble()))
            .OrderBy(d => d.At).ToList();
    }

    async Task<List<Datapoint>> GetMetricDataAsync(string ns, string name, (string Name, string Value)[] dims, int period, string stat)
    {
        var now = DateTimeOffset.UtcNow;
        var r = await Ecs.CloudWatchAsync("GetMetricData", new JsonObject
        {
            ["MetricDataQueries"] = new JsonArray(new JsonObject
            {
                ["Id"] = "m",
                ["MetricStat"] = new JsonObject
                {
                    ["Metric"] = new JsonObject { ["Namespace"] = ns, ["MetricName"] = name, ["Dimensions"] = Dimensions(dims) },
                    ["Period"] = period,
                    ["Stat"] = stat,
                },
            }),
            ["StartTime"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["EndTime"] = now.AddMinutes(1).ToUnixTimeSeconds(),
        }, Ct);
        var result = r.GetProperty("MetricDataResults")[0];
        return result.GetProperty("Timestamps").EnumerateArray().Zip(result.GetProperty("Values").EnumerateArray())
            .Select(p => new Datapoint(Time(p.First), p.Second.GetDouble())).OrderBy(d => d.At).ToList();
    }

    static JsonArray Dimensions((string Name, string Value)[] dims) =>
        new(dims.Select(d => (JsonNode)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value }).ToArray());

    static DateTimeOffset Time(JsonElement e) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(e.GetDouble() * 1000));
}
