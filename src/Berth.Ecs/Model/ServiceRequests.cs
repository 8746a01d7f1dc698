using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Model;

/// <summary>The ECS <c>CreateServiceRequest</c> shape.</summary>
public sealed record CreateServiceRequest
{
    public string? Cluster { get; set; }
    public string? ServiceName { get; set; }
    public string? TaskDefinition { get; set; }
    public List<ServiceLoadBalancer>? LoadBalancers { get; set; }
    public List<ServiceRegistry>? ServiceRegistries { get; set; }
    public int? DesiredCount { get; set; }
    public string? ClientToken { get; set; }
    public string? LaunchType { get; set; }
    public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
    public string? PlatformVersion { get; set; }
    public string? Role { get; set; }
    public DeploymentConfiguration? DeploymentConfiguration { get; set; }
    public List<PlacementItem>? PlacementConstraints { get; set; }
    public List<PlacementItem>? PlacementStrategy { get; set; }
    public NetworkConfiguration? NetworkConfiguration { get; set; }
    public int? HealthCheckGracePeriodSeconds { get; set; }
    public string? SchedulingStrategy { get; set; }
    public DeploymentControllerConfig? DeploymentController { get; set; }
    public List<Tag>? Tags { get; set; }
    public bool? EnableECSManagedTags { get; set; }
    public string? PropagateTags { get; set; }
    public bool? EnableExecuteCommand { get; set; }
    public string? AvailabilityZoneRebalancing { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The ECS <c>UpdateServiceRequest</c> shape.</summary>
public sealed record UpdateServiceRequest
{
    public string? Cluster { get; set; }
    public string? Service { get; set; }
    public int? DesiredCount { get; set; }
    public string? TaskDefinition { get; set; }
    public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
    public DeploymentConfiguration? DeploymentConfiguration { get; set; }
    public NetworkConfiguration? NetworkConfiguration { get; set; }
    public List<PlacementItem>? PlacementConstraints { get; set; }
    public List<PlacementItem>? PlacementStrategy { get; set; }
    public string? PlatformVersion { get; set; }
    public bool? ForceNewDeployment { get; set; }
    public int? HealthCheckGracePeriodSeconds { get; set; }
    public DeploymentControllerConfig? DeploymentController { get; set; }
    public bool? EnableExecuteCommand { get; set; }
    public bool? EnableECSManagedTags { get; set; }
    public List<ServiceLoadBalancer>? LoadBalancers { get; set; }
    public string? PropagateTags { get; set; }
    public List<ServiceRegistry>? ServiceRegistries { get; set; }
    public string? AvailabilityZoneRebalancing { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
