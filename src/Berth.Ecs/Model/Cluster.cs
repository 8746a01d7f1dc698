using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Model;

/// <summary>The ECS <c>Cluster</c> shape; counts are filled in when described, never stored.</summary>
public sealed record Cluster
{
    public string? ClusterArn { get; set; }
    public string? ClusterName { get; set; }
    public JsonElement? Configuration { get; set; }
    public string? Status { get; set; }
    public int RegisteredContainerInstancesCount { get; set; }
    public int RunningTasksCount { get; set; }
    public int PendingTasksCount { get; set; }
    public int ActiveServicesCount { get; set; }
    public List<KeyValue>? Statistics { get; set; }
    public List<Tag>? Tags { get; set; }
    public List<ClusterSetting>? Settings { get; set; }
    public List<string>? CapacityProviders { get; set; }
    public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; set; }
    public JsonElement? ServiceConnectDefaults { get; set; }
    public List<JsonElement>? Attachments { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record ClusterSetting
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}
