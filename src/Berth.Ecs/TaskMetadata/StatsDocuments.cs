using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Ecs.TaskMetadata;

/// <summary>The stats documents: Docker's own JSON per container, as Fargate passes it through.</summary>
public static class StatsDocuments
{
    /// <summary>
    /// A container's stats. Its network counters are those of the task's namespace, which the engine reports only on
    /// the sandbox (the container joined the sandbox's namespace), so they are taken from there as v4 adds them.
    /// </summary>
    public static JsonNode? Container(string? containerStats, string? sandboxStats)
    {
        if (Parse(containerStats) is not JsonObject stats)
            return null;
        if (stats["networks"] is null && Parse(sandboxStats)?["networks"] is JsonObject networks)
        {
            networks.Parent?.AsObject().Remove("networks");
            stats["networks"] = networks;
        }
        return stats;
    }

    /// <summary><c>/task/stats</c>: Docker id → stats, null for a container the engine has no stats for.</summary>
    public static JsonObject Task(IEnumerable<(string DockerId, JsonNode? Stats)> containers)
    {
        var doc = new JsonObject();
        foreach (var (id, stats) in containers)
            doc[id] = stats;
        return doc;
    }

    static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
