using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.Ecs;

/// <summary>The resources ECS stores: clusters, task definitions, tasks, services, and client-token answers.</summary>
public static class EcsKinds
{
    public static readonly ResourceKind<Cluster> Clusters = new(
        "clusters", c => c.ClusterName!, _ => null, c => c.ClusterName, c => c.Status, _ => 0, EcsJson.Default.Cluster);

    public static readonly ResourceKind<TaskDefinition> TaskDefinitions = new(
        "task_definitions", td => $"{td.Family}:{td.Revision}", _ => null, td => td.Family, td => td.Status,
        td => td.Revision, EcsJson.Default.TaskDefinition);

    /// <summary>Tasks by id; scope = cluster name, name = family, status = lastStatus, sort = created time.</summary>
    public static readonly ResourceKind<TaskRecord> Tasks = new(
        "tasks", t => Arns.TaskId(t.Task.TaskArn!), t => Arns.ClusterName(t.Task.ClusterArn), t => t.Definition.Family,
        t => t.Task.LastStatus, t => t.Task.CreatedAt?.ToUnixTimeMilliseconds() ?? 0, EcsJson.Default.TaskRecord);

    /// <summary>Services by <c>cluster/name</c>; scope = cluster name, name = service name, status = ACTIVE/DRAINING/INACTIVE.</summary>
    public static readonly ResourceKind<ServiceRecord> Services = new(
        "services", s => $"{Arns.ClusterName(s.Service.ClusterArn)}/{s.Service.ServiceName}", s => Arns.ClusterName(s.Service.ClusterArn),
        s => s.Service.ServiceName, s => s.Service.Status, s => s.Service.CreatedAt?.ToUnixTimeMilliseconds() ?? 0, EcsJson.Default.ServiceRecord);

    /// <summary>Account settings by <c>principalArn|name</c>; scope = principal ARN, name = setting name.</summary>
    public static readonly ResourceKind<AccountSetting> AccountSettings = new(
        "ecs_account_settings", s => $"{s.PrincipalArn}|{s.Name}", s => s.PrincipalArn, s => s.Name, _ => null, _ => 0, EcsJson.Default.AccountSetting);

    public static readonly ResourceKind<IdempotencyRecord> Idempotency = new(
        "idempotency", r => r.Key, _ => null, _ => null, _ => null, r => r.CreatedAt, EcsJson.Default.IdempotencyRecord);
}

/// <summary>What a request with a client token produced, so a retry gets the same answer.</summary>
public sealed record IdempotencyRecord
{
    public required string Key { get; set; }
    public required string Fingerprint { get; set; }
    public List<string> Arns { get; set; } = [];
    public long CreatedAt { get; set; }
}
