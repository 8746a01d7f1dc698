using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Model;

/// <summary>The ECS <c>Task</c> shape, as DescribeTasks returns it.</summary>
public sealed record EcsTask
{
    public List<Attachment>? Attachments { get; set; }
    public List<JsonElement>? Attributes { get; set; }
    public string? AvailabilityZone { get; set; }
    public string? ClusterArn { get; set; }
    public string? Connectivity { get; set; }
    public DateTimeOffset? ConnectivityAt { get; set; }
    public List<TaskContainer>? Containers { get; set; }
    public string? Cpu { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public string? DesiredStatus { get; set; }
    public bool EnableExecuteCommand { get; set; }
    public DateTimeOffset? ExecutionStoppedAt { get; set; }
    public string? Group { get; set; }
    public string? HealthStatus { get; set; }
    public string? LastStatus { get; set; }
    public string? LaunchType { get; set; }
    public string? Memory { get; set; }
    public TaskOverride? Overrides { get; set; }
    public string? PlatformVersion { get; set; }
    public string? PlatformFamily { get; set; }
    public DateTimeOffset? PullStartedAt { get; set; }
    public DateTimeOffset? PullStoppedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public string? StartedBy { get; set; }
    public string? StopCode { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public string? StoppedReason { get; set; }
    public DateTimeOffset? StoppingAt { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? TaskArn { get; set; }
    public string? TaskDefinitionArn { get; set; }
    public long Version { get; set; }
    public EphemeralStorage? EphemeralStorage { get; set; }
    public TaskEphemeralStorage? FargateEphemeralStorage { get; set; }
}

public sealed record TaskEphemeralStorage
{
    public int SizeInGiB { get; set; }
}

/// <summary>The ECS <c>Container</c> shape: one container of a task as observed.</summary>
public sealed record TaskContainer
{
    public string? ContainerArn { get; set; }
    public string? TaskArn { get; set; }
    public string? Name { get; set; }
    public string? Image { get; set; }
    public string? ImageDigest { get; set; }
    public string? RuntimeId { get; set; }
    public string? LastStatus { get; set; }
    public int? ExitCode { get; set; }
    public string? Reason { get; set; }
    public List<JsonElement>? NetworkBindings { get; set; }
    public List<NetworkInterface>? NetworkInterfaces { get; set; }
    public string? HealthStatus { get; set; }
    public string? Cpu { get; set; }
    public string? Memory { get; set; }
    public string? MemoryReservation { get; set; }
}

public sealed record Attachment
{
    public string? Id { get; set; }
    public string? Type { get; set; }
    public string? Status { get; set; }
    public List<KeyValue>? Details { get; set; }
}

public sealed record NetworkInterface
{
    public string? AttachmentId { get; set; }
    public string? PrivateIpv4Address { get; set; }
    public string? Ipv6Address { get; set; }
}

public sealed record TaskOverride
{
    public List<ContainerOverride>? ContainerOverrides { get; set; }
    public string? Cpu { get; set; }
    public string? ExecutionRoleArn { get; set; }
    public string? Memory { get; set; }
    public string? TaskRoleArn { get; set; }
    public EphemeralStorage? EphemeralStorage { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record ContainerOverride
{
    public string? Name { get; set; }
    public List<string>? Command { get; set; }
    public List<KeyValue>? Environment { get; set; }
    public int? Cpu { get; set; }
    public int? Memory { get; set; }
    public int? MemoryReservation { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record AwsVpcConfiguration
{
    public List<string>? Subnets { get; set; }
    public List<string>? SecurityGroups { get; set; }
    public string? AssignPublicIp { get; set; }
}

public sealed record NetworkConfiguration
{
    public AwsVpcConfiguration? AwsvpcConfiguration { get; set; }
}
