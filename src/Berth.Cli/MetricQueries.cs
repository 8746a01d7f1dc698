using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli;

/// <summary>One metric to read: namespace, name, dimensions and statistic.</summary>
sealed record MetricQuery(string Id, string Namespace, string MetricName, (string Name, string Value)[] Dimensions, string Stat);

/// <summary>A metric's values over time, oldest first.</summary>
sealed record MetricSeries(string Id, IReadOnlyList<(DateTimeOffset At, double Value)> Points)
{
    public double? Latest => Points.Count == 0 ? null : Points[^1].Value;
}

/// <summary>CloudWatch GetMetricData through Berth's endpoint (AWS JSON 1.0, as the AWS SDKs speak it).</summary>
static class MetricQueries
{
    const string Target = "GraniteServiceVersion20100801.GetMetricData";

    public static async Task<Dictionary<string, MetricSeries>> GetAsync(
        BerthClient client, IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end, int period, CancellationToken ct)
    {
        var results = new Dictionary<string, List<(DateTimeOffset, double)>>(StringComparer.Ordinal);
        // GetMetricData takes at most 500 queries per call.
        foreach (var chunk in queries.Chunk(500))
        {
            string? next = null;
            do
            {
                var req = new JsonObject
                {
                    ["MetricDataQueries"] = new JsonArray(chunk.Select(q => (JsonNode)Query(q, period)).ToArray()),
                    ["StartTime"] = start.ToUnixTimeSeconds(),
                    ["EndTime"] = end.ToUnixTimeSeconds(),
                    ["ScanBy"] = "TimestampAscending",
                    ["NextToken"] = next,
                };
                var resp = await client.CallAsync("monitoring", Target, req.ToJsonString(), "application/x-amz-json-1.0", ct);
                foreach (var r in resp.GetProperty("MetricDataResults").EnumerateArray())
                {
                    var id = r.GetProperty("Id").GetString()!;
                    if (!results.TryGetValue(id, out var points))
                        results[id] = points = [];
                    var times = r.TryGetProperty("Timestamps", out var t) ? t.EnumerateArray().ToList() : [];
                    var values = r.TryGetProperty("Values", out var v) ? v.EnumerateArray().ToList() : [];
                    for (var i = 0; i < Math.Min(times.Count, values.Count); i++)
                        points.Add((Time(times[i]), values[i].GetDouble()));
                }
                next = resp.TryGetProperty("NextToken", out var n) ? n.GetString() : null;
            }
            while (next is not null);
        }
        return queries.ToDictionary(q => q.Id, q => new MetricSeries(q.Id, (results.GetValueOrDefault(q.Id) ?? []).OrderBy(p => p.Item1).ToList()), StringComparer.Ordinal);
    }

    static JsonObject Query(MetricQuery q, int period) => new()
    {
        ["Id"] = q.Id,
        ["MetricStat"] = new JsonObject
        {
            ["Metric"] = new JsonObject
            {
                ["Namespace"] = q.Namespace,
                ["MetricName"] = q.MetricName,
                ["Dimensions"] = new JsonArray(q.Dimensions.Select(d => (JsonNode)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value }).ToArray()),
            },
            ["Period"] = period,
            ["Stat"] = q.Stat,
        },
    };

    /// <summary>JSON timestamps are epoch seconds (a number), or ISO 8601 text from some servers.</summary>
    static DateTimeOffset Time(JsonElement e) => e.ValueKind == JsonValueKind.Number
        ? DateTimeOffset.FromUnixTimeMilliseconds((long)(e.GetDouble() * 1000))
        : DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture);
}
