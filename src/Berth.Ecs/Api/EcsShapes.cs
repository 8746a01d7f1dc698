using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Ecs.Model;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Api;

// Request and response shapes of the ECS operations Berth serves, named as in the botocore model.

public sealed record CreateClusterRequest
{
    public string? ClusterName { get; set; }
    public List<Tag>? Tags { get; set; }
    public List<ClusterSetting>? Settings { get; set; }
    public JsonElement? Configuration { get; set; }
    public List<string>? CapacityProviders { get; set; }
    public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; set; }
    public JsonElement? ServiceConnectDefaults { get; set; }
}

public sealed record ClusterResponse(Cluster Cluster);

public sealed record UpdateClusterRequest
{
    public string? Cluster { get; set; }
    public List<ClusterSetting>? Settings { get; set; }
    public JsonElement? Configuration { get; set; }
    public JsonElement? ServiceConnectDefaults { get; set; }
}

public sealed record PutClusterCapacityProvidersRequest
{
    public string? Cluster { get; set; }
    public List<string>? CapacityProviders { get; set; }
    public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; set; }
}

public sealed record DescribeClustersRequest
{
    public List<string>? Clusters { get; set; }
    public List<string>? Include { get; set; }
}

public sealed record DescribeClustersResponse(List<Cluster> Clusters, List<Failure> Failures);

public sealed record ListRequest
{
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}

public sealed record ListClustersResponse(List<string> ClusterArns, string? NextToken);

public sealed record ClusterRequest
{
    public string? Cluster { get; set; }
}

public sealed record RegisterTaskDefinitionRequest
{
    public string? Family { get; set; }
    public string? TaskRoleArn { get; set; }
    public string? ExecutionRoleArn { get; set; }
    public string? NetworkMode { get; set; }
    public List<ContainerDefinition>? ContainerDefinitions { get; set; }
    public List<string>? RequiresCompatibilities { get; set; }
    public string? Cpu { get; set; }
    public string? Memory { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? PidMode { get; set; }
    public string? IpcMode { get; set; }
    public EphemeralStorage? EphemeralStorage { get; set; }
    public RuntimePlatform? RuntimePlatform { get; set; }
    public bool? EnableFaultInjection { get; set; }
    public List<TaskDefinitionPlacementConstraint>? PlacementConstraints { get; set; }

    /// <summary>volumes, proxyConfiguration, ...: kept and returned as given.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record TaskDefinitionResponse(TaskDefinition TaskDefinition, List<Tag>? Tags = null);

public sealed record DescribeTaskDefinitionRequest
{
    public string? TaskDefinition { get; set; }
    public List<string>? Include { get; set; }
}

public sealed record ListTaskDefinitionsRequest
{
    public string? FamilyPrefix { get; set; }
    public string? Status { get; set; }
    public string? Sort { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}

public sealed record ListTaskDefinitionsResponse(List<string> TaskDefinitionArns, string? NextToken);

public sealed record ListTaskDefinitionFamiliesRequest
{
    public string? FamilyPrefix { get; set; }
    public string? Status { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}

public sealed record ListTaskDefinitionFamiliesResponse(List<string> Families, string? NextToken);

public sealed record TaskDefinitionRequest
{
    public string? TaskDefinition { get; set; }
}

public sealed record DeleteTaskDefinitionsRequest
{
    public List<string>? TaskDefinitions { get; set; }
}

public sealed record DeleteTaskDefinitionsResponse(List<TaskDefinition> TaskDefinitions, List<Failure> Failures);

public sealed record TasksResponse(List<EcsTask> Tasks, List<Failure> Failures);

public sealed record StopTaskRequest
{
    public string? Cluster { get; set; }
    public string? Task { get; set; }
    public string? Reason { get; set; }
}

public sealed record TaskResponse(EcsTask Task);

public sealed record DescribeTasksRequest
{
    public string? Cluster { get; set; }
    public List<string>? Tasks { get; set; }
    public List<string>? Include { get; set; }
}

public sealed record ListTasksRequest
{
    public string? Cluster { get; set; }
    public string? ContainerInstance { get; set; }
    public string? Family { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
    public string? StartedBy { get; set; }
    public string? ServiceName { get; set; }
    public string? DesiredStatus { get; set; }
    public string? LaunchType { get; set; }
}

public sealed record ListTasksResponse(List<string> TaskArns, string? NextToken);

public sealed record TagResourceRequest
{
    public string? ResourceArn { get; set; }
    public List<Tag>? Tags { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed record EmptyResponse;

public sealed record TagsResponse(List<Tag> Tags);
