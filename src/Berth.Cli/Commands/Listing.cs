using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary>Paging through ECS List* operations and reading the fields listing commands print.</summary>
static class Listing
{
    public const string Ecs = "AmazonEC2ContainerServiceV20141113.";

    /// <summary>Every ARN a List* operation returns, following nextToken.</summary>
    public static async Task<List<string>> AllAsync(BerthClient client, string operation, JsonObject request, string arrayName, CancellationToken ct)
    {
        var arns = new List<string>();
        string? next = null;
        do
        {
            request["nextToken"] = next;
            var resp = await client.CallAsync("ecs", Ecs + operation, request.ToJsonString(), ct);
            arns.AddRange(resp.GetProperty(arrayName).EnumerateArray().Select(a => a.GetString()!));
            next = resp.TryGetProperty("nextToken", out var n) ? n.GetString() : null;
        }
        while (next is not null);
        return arns;
    }

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    public static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public static string Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64().ToString(CultureInfo.InvariantCulture) : "0";
}
