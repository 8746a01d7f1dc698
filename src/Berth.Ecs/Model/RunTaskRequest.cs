using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Model;

/// <summary>The ECS <c>RunTaskRequest</c> shape.</summary>
public sealed record RunTaskRequest
{
    public string? Cluster { get; set; }
    public int? Count { get; set; }
    public bool EnableECSManagedTags { get; set; }
    public bool EnableExecuteCommand { get; set; }
    public string? Group { get; set; }
    public string? LaunchType { get; set; }
    public NetworkConfiguration? NetworkConfiguration { get; set; }
    public TaskOverride? Overrides { get; set; }
    public string? PlatformVersion { get; set; }
    public string? PropagateTags { get; set; }
    public string? ReferenceId { get; set; }
    public string? StartedBy { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? TaskDefinition { get; set; }
    public string? ClientToken { get; set; }
    public JsonElement? CapacityProviderStrategy { get; set; }
    public JsonElement? PlacementConstraints { get; set; }
    public JsonElement? PlacementStrategy { get; set; }
    public JsonElement? VolumeConfigurations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
