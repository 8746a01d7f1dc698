namespace Berth.Ecs.Model;

/// <summary>
/// What Berth stores for a task: the ECS shape users see, plus what only Berth needs to drive it
/// (the resolved definition it was started from, the idempotency token, the per-container plan).
/// </summary>
public sealed record TaskRecord
{
    public required EcsTask Task { get; set; }
    public required TaskDefinition Definition { get; set; }
    public string? ClientToken { get; set; }
    public string? ClientTokenFingerprint { get; set; }
    public NetworkConfiguration? NetworkConfiguration { get; set; }
    /// <summary>The runtime's handle for the task's isolation boundary (the pause container).</summary>
    public string? SandboxId { get; set; }
    /// <summary>The task network's CIDR block and gateway, as the sandbox got them (the task metadata endpoint reports them).</summary>
    public string? SubnetCidr { get; set; }
    public string? Gateway { get; set; }
    /// <summary>The task's network interface, once the network directory made it (before the sandbox is created with it).</summary>
    public TaskInterface? Interface { get; set; }
    /// <summary>Set when the controller has released the sandbox; the task is then STOPPED.</summary>
    public bool Deprovisioned { get; set; }
    /// <summary>
    /// The id in the task's credentials URI when it has a task role (<see cref="TaskRole.CredentialsId"/>); a secret
    /// beside the task's address, so it is kept here and never in the ECS shape users see.
    /// </summary>
    public string? CredentialsId { get; set; }
}
