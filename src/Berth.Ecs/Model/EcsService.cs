using Berth.Kernel.Tagging;

namespace Berth.Ecs.Model;

/// <summary>The ECS <c>Service</c> shape, as DescribeServices returns it.</summary>
public sealed record EcsService
{
    public string? ServiceArn { get; set; }
    public string? ServiceName { get; set; }
    public string? ClusterArn { get; set; }
    public List<ServiceLoadBalancer> LoadBalancers { get; set; } = [];
    public List<ServiceRegistry> ServiceRegistries { get; set; } = [];
    /// <summary>ACTIVE | DRAINING | INACTIVE</summary>
    public string? Status { get; set; }
    public int DesiredCount { get; set; }
    public int RunningCount { get; set; }
    public int PendingCount { get; set; }
    public string? LaunchType { get; set; }
    public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
    public string? PlatformVersion { get; set; }
    public string? PlatformFamily { get; set; }
    public string? TaskDefinition { get; set; }
    public DeploymentConfiguration? DeploymentConfiguration { get; set; }
    public List<ServiceDeployment> Deployments { get; set; } = [];
    public string? RoleArn { get; set; }
    public List<ServiceEvent> Events { get; set; } = [];
    public DateTimeOffset? CreatedAt { get; set; }
    public List<PlacementItem> PlacementConstraints { get; set; } = [];
    public List<PlacementItem> PlacementStrategy { get; set; } = [];
    public NetworkConfiguration? NetworkConfiguration { get; set; }
    public int? HealthCheckGracePeriodSeconds { get; set; }
    public string? SchedulingStrategy { get; set; }
    public DeploymentControllerConfig? DeploymentController { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? CreatedBy { get; set; }
    public bool EnableECSManagedTags { get; set; }
    public string? PropagateTags { get; set; }
    public bool EnableExecuteCommand { get; set; }
    public string? AvailabilityZoneRebalancing { get; set; }
}

/// <summary>The ECS <c>LoadBalancer</c> shape: which container port of the service's tasks a target group serves.</summary>
public sealed record ServiceLoadBalancer
{
    public string? TargetGroupArn { get; set; }
    public string? LoadBalancerName { get; set; }
    public string? ContainerName { get; set; }
    public int? ContainerPort { get; set; }
}

public sealed record ServiceRegistry
{
    public string? RegistryArn { get; set; }
    public int? Port { get; set; }
    public string? ContainerName { get; set; }
    public int? ContainerPort { get; set; }
}

public sealed record CapacityProviderStrategyItem
{
    public string? CapacityProvider { get; set; }
    public int? Weight { get; set; }
    public int? Base { get; set; }
}

public sealed record PlacementItem
{
    public string? Type { get; set; }
    public string? Expression { get; set; }
    public string? Field { get; set; }
}

public sealed record DeploymentConfiguration
{
    public DeploymentCircuitBreaker? DeploymentCircuitBreaker { get; set; }
    public int? MaximumPercent { get; set; }
    public int? MinimumHealthyPercent { get; set; }
    public DeploymentAlarms? Alarms { get; set; }
    public string? Strategy { get; set; }
}

public sealed record DeploymentCircuitBreaker
{
    public bool Enable { get; set; }
    public bool Rollback { get; set; }
}

public sealed record DeploymentAlarms
{
    public List<string> AlarmNames { get; set; } = [];
    public bool Enable { get; set; }
    public bool Rollback { get; set; }
}

public sealed record DeploymentControllerConfig
{
    public string? Type { get; set; }
}

/// <summary>The ECS <c>Deployment</c> shape: one task definition the service is rolling to (PRIMARY) or away from (ACTIVE).</summary>
public sealed record ServiceDeployment
{
    public string? Id { get; set; }
    /// <summary>PRIMARY | ACTIVE | INACTIVE</summary>
    public string? Status { get; set; }
    public string? TaskDefinition { get; set; }
    public int DesiredCount { get; set; }
    public int PendingCount { get; set; }
    public int RunningCount { get; set; }
    public int FailedTasks { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? LaunchType { get; set; }
    public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
    public string? PlatformVersion { get; set; }
    public string? PlatformFamily { get; set; }
    public NetworkConfiguration? NetworkConfiguration { get; set; }
    /// <summary>IN_PROGRESS | COMPLETED | FAILED</summary>
    public string? RolloutState { get; set; }
    public string? RolloutStateReason { get; set; }
}

public sealed record ServiceEvent
{
    public string? Id { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public string? Message { get; set; }
}

/// <summary>
/// What Berth stores for a service: the ECS shape users see plus the scheduler's own bookkeeping, so a
/// restarted controller carries on where the last one stopped.
/// </summary>
public sealed record ServiceRecord
{
    public required EcsService Service { get; set; }
    public string? ClientToken { get; set; }
    public string? Fingerprint { get; set; }
    /// <summary>Tasks the scheduler is taking out of service: deregistered from their target groups, stopped once drained.</summary>
    public Dictionary<string, DrainingTask> Draining { get; set; } = [];
    /// <summary>Stopped tasks already accounted for (failure counts), so a task is counted once.</summary>
    public List<string> Accounted { get; set; } = [];
    /// <summary>Task launches that failed in a row; resets when a task becomes healthy. Drives the launch back-off.</summary>
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? LastFailureAt { get; set; }
    public DateTimeOffset? NextLaunchAt { get; set; }
    /// <summary>The task definition of the last deployment that completed: where the circuit breaker rolls back to.</summary>
    public string? LastCompletedTaskDefinition { get; set; }
    public string? LastCompletedDeploymentId { get; set; }
    public bool Steady { get; set; }
}

public sealed record DrainingTask
{
    public DateTimeOffset Since { get; set; }
    public string StopCode { get; set; } = StopCodes.ServiceSchedulerInitiated;
    public string? Reason { get; set; }
}
