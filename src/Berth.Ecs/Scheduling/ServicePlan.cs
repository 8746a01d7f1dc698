using Berth.Ecs.Model;
using Berth.Elb;

namespace Berth.Ecs.Scheduling;

/// <summary>
/// What one reconcile step of a service decided, in buckets as Nomad's reconciler returns them. Applied in this
/// order — register, deregister, stop, launch, commit <see cref="Record"/> — and every effect is idempotent, so a
/// step cut short is simply taken again from a fresh observation.
/// </summary>
/// <param name="Record">The service record to commit: counts (the launch below included), deployments, rollout
/// states, circuit breaker, draining and accounting bookkeeping, events.</param>
/// <param name="Drain">Tasks that begin draining in this step (their targets are in <see cref="Deregister"/>; they are in
/// <see cref="ServiceRecord.Draining"/> of <see cref="Record"/>, and stop in a later step).</param>
/// <param name="Events">The messages this step added to the service's events, oldest first.</param>
/// <param name="Registry">Cloud Map registrations to make, mark or remove (applied before the stops).</param>
internal sealed record ServicePlan(
    ServiceRecord Record,
    IReadOnlyList<TargetRegistration> Register,
    IReadOnlyList<TargetDeregistration> Deregister,
    IReadOnlyList<TaskStop> Stop,
    IReadOnlyList<string> Drain,
    TaskLaunch? Launch,
    IReadOnlyList<string> Events,
    IReadOnlyList<RegistryChange> Registry);

/// <summary>Running tasks that are to be targets of one target group (one per load balancer entry of the service).</summary>
internal sealed record TargetRegistration(string TargetGroupArn, IReadOnlyList<TargetRef> Targets);

internal enum DeregistrationCause
{
    /// <summary>The task behind the address stopped on its own, and no live task of the service has the address.</summary>
    TaskStopped,
    /// <summary>The task leaves the service: it drains before it stops.</summary>
    Draining,
    /// <summary>The task is draining, but its target was registered again meanwhile.</summary>
    Reregistered,
}

/// <summary>One target to take out of a group; one that is already gone is no error.</summary>
internal sealed record TargetDeregistration(string TargetGroupArn, string Ip, int? Port, DeregistrationCause Cause);

internal sealed record TaskStop(string TaskId, string StopCode, string Reason);

/// <summary>New tasks of a deployment: <see cref="Count"/> of them, started as one RunTask would.</summary>
internal sealed record TaskLaunch(string DeploymentId, string TaskDefinition, NetworkConfiguration? NetworkConfiguration, int Count);

internal enum RegistryChangeKind
{
    Register,
    SetHealth,
    Deregister,
}

/// <summary>One change to a task's instance in a Cloud Map service (<c>serviceRegistries</c>).</summary>
internal sealed record RegistryChange(string RegistryArn, string InstanceId, RegistryChangeKind Kind, IReadOnlyDictionary<string, string>? Attributes, bool Healthy);
