using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Ecs.Model;

/// <summary>
/// The ECS <c>TaskDefinition</c> shape. Members Berth does not act on (volumes, proxy configuration, ...)
/// are kept as they came in <see cref="Extra"/> so a describe returns what was registered.
/// </summary>
public sealed record TaskDefinition
{
    public string? TaskDefinitionArn { get; set; }
    public List<ContainerDefinition>? ContainerDefinitions { get; set; }
    public string? Family { get; set; }
    public string? TaskRoleArn { get; set; }
    public string? ExecutionRoleArn { get; set; }
    public string? NetworkMode { get; set; }
    public int Revision { get; set; }
    public string? Status { get; set; }
    public List<RequiresAttribute>? RequiresAttributes { get; set; }
    public List<TaskDefinitionPlacementConstraint>? PlacementConstraints { get; set; }
    public List<string>? Compatibilities { get; set; }
    public RuntimePlatform? RuntimePlatform { get; set; }
    public List<string>? RequiresCompatibilities { get; set; }
    public string? Cpu { get; set; }
    public string? Memory { get; set; }
    public string? PidMode { get; set; }
    public string? IpcMode { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }
    public DateTimeOffset? DeregisteredAt { get; set; }
    public DateTimeOffset? DeleteRequestedAt { get; set; }
    public string? RegisteredBy { get; set; }
    public EphemeralStorage? EphemeralStorage { get; set; }
    public bool? EnableFaultInjection { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record RequiresAttribute
{
    public string? Name { get; set; }
}

public sealed record RuntimePlatform
{
    public string? CpuArchitecture { get; set; }
    public string? OperatingSystemFamily { get; set; }
}

public sealed record EphemeralStorage
{
    public int SizeInGiB { get; set; }
}

/// <summary>A task definition's placement constraint: <c>memberOf</c> with a cluster query language expression.</summary>
public sealed record TaskDefinitionPlacementConstraint
{
    public string? Type { get; set; }
    public string? Expression { get; set; }
}
