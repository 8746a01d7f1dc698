using Berth.Ecs.Runtime;

namespace Berth.Ecs.Controllers;

/// <summary>
/// One thing a task's worker does, as <see cref="TaskNext"/> decided it; <see cref="TaskApplier"/> carries it out.
/// Changes to the stored task are <see cref="TaskChange"/>s; the others act on the engine or the log store.
/// </summary>
abstract record TaskAction;

/// <summary>Creates an awslogs group the definition allows to create (<c>awslogs-create-group</c>).</summary>
sealed record CreateLogGroup(string Group) : TaskAction;

/// <summary>Opens the session of the task's role unless ECS holds one; a role ECS cannot assume stops the task.</summary>
sealed record OpenRoleSession : TaskAction;

/// <summary>Forgets the credentials of the task's role (the task has stopped).</summary>
sealed record DropRoleSession(string TaskArn) : TaskAction;

/// <summary>
/// Has the network directory make (or find) the task's interface in its subnet, then records it
/// (<see cref="InterfaceAttached"/>); a subnet that is full or gone stops the task instead.
/// </summary>
sealed record AttachInterface(Kernel.Networking.InterfaceRequest Request) : TaskAction;

/// <summary>Deletes the task's interface, freeing its address (nothing happens when it has none).</summary>
sealed record DetachInterface(string TaskArn) : TaskAction;

/// <summary>Creates (or finds) the task's sandbox, then records its address (<see cref="Provisioned"/>).</summary>
sealed record EnsureSandbox(SandboxSpec Spec) : TaskAction;

/// <summary>
/// Pulls the images in turn, then records their digests (<see cref="Pulled"/>); the first that cannot be pulled
/// stops the task instead (<see cref="TaskNext.PullFailed"/>).
/// </summary>
sealed record PullImages(IReadOnlyList<string> Images) : TaskAction;

/// <summary>Creates a container in the sandbox, with the platform's environment added when it is created.</summary>
sealed record CreateContainer(SandboxSpec Task, Sandbox Sandbox, ContainerSpec Spec) : TaskAction;

sealed record StartContainer(string Name, string RuntimeId) : TaskAction;

/// <summary>Copies a started container's output to its awslogs stream, unless that is under way already.</summary>
sealed record CollectLogs(string RuntimeId, string Group, string Stream) : TaskAction;

/// <summary>Stops the containers together, each with SIGTERM and SIGKILL after its timeout; returns when all stopped.</summary>
sealed record StopContainers(IReadOnlyList<ContainerStop> Containers) : TaskAction;

sealed record ContainerStop(string Name, string RuntimeId, TimeSpan Timeout);

/// <summary>Waits (at most <paramref name="Timeout"/>) for the last output of the containers to reach the log store.</summary>
sealed record DrainLogs(IReadOnlyList<string> RuntimeIds, TimeSpan Timeout) : TaskAction;

/// <summary>Tears down the task's sandbox (network namespace, cgroup); the stopped containers stay for inspection.</summary>
sealed record ReleaseSandbox(string TaskArn) : TaskAction;
