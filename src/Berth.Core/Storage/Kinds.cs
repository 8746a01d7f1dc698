using Berth.Core.Json;
using Berth.Core.Model;

namespace Berth.Core.Storage;

/// <summary>Every kind of resource the control plane stores.</summary>
public static class Kinds
{
    public static readonly ResourceKind<Cluster> Clusters = new(
        "clusters", c => c.ClusterName!, _ => null, c => c.ClusterName, c => c.Status, _ => 0, CoreJson.Default.Cluster);

    public static readonly ResourceKind<TaskDefinition> TaskDefinitions = new(
        "task_definitions", td => $"{td.Family}:{td.Revision}", _ => null, td => td.Family, td => td.Status,
        td => td.Revision, CoreJson.Default.TaskDefinition);

    /// <summary>Tasks by id; scope = cluster name, name = family, status = lastStatus, sort = created time.</summary>
    public static readonly ResourceKind<TaskRecord> Tasks = new(
        "tasks", t => Arns.TaskId(t.Task.TaskArn!), t => Arns.ClusterName(t.Task.ClusterArn), t => t.Definition.Family,
        t => t.Task.LastStatus, t => t.Task.CreatedAt?.ToUnixTimeMilliseconds() ?? 0, CoreJson.Default.TaskRecord);

    public static readonly ResourceKind<Registry.Repository> Repositories = new(
        "repositories", r => r.RepositoryName!, _ => null, r => r.RepositoryName, _ => null, r => r.CreatedAt?.ToUnixTimeMilliseconds() ?? 0, CoreJson.Default.Repository);

    /// <summary>Manifests by <c>repository@digest</c>; scope = repository, sort = pushed time.</summary>
    public static readonly ResourceKind<Registry.ImageRecord> Images = new(
        "images", i => $"{i.Repository}@{i.Digest}", i => i.Repository, i => i.Repository, _ => null, i => i.PushedAt.ToUnixTimeMilliseconds(), CoreJson.Default.ImageRecord);

    public static readonly ResourceKind<ResourceTags> Tags = new(
        "tags", r => r.Arn, _ => null, _ => null, _ => null, _ => 0, CoreJson.Default.ResourceTags);

    /// <summary>Services by <c>cluster/name</c>; scope = cluster name, name = service name, status = ACTIVE/DRAINING/INACTIVE.</summary>
    public static readonly ResourceKind<ServiceRecord> Services = new(
        "services", s => $"{Arns.ClusterName(s.Service.ClusterArn)}/{s.Service.ServiceName}", s => Arns.ClusterName(s.Service.ClusterArn),
        s => s.Service.ServiceName, s => s.Service.Status, s => s.Service.CreatedAt?.ToUnixTimeMilliseconds() ?? 0, CoreJson.Default.ServiceRecord);

    /// <summary>ELBv2 resources by ARN; listeners scoped by load balancer, rules by listener.</summary>
    public static readonly ResourceKind<LoadBalancing.LoadBalancer> LoadBalancers = new(
        "load_balancers", l => l.LoadBalancerArn, _ => null, l => l.LoadBalancerName, l => l.State.Code, l => l.CreatedTime.ToUnixTimeMilliseconds(), CoreJson.Default.LoadBalancer);

    public static readonly ResourceKind<LoadBalancing.TargetGroup> TargetGroups = new(
        "target_groups", g => g.TargetGroupArn, _ => null, g => g.TargetGroupName, _ => null, g => g.CreatedTime.ToUnixTimeMilliseconds(), CoreJson.Default.TargetGroup);

    public static readonly ResourceKind<LoadBalancing.Listener> Listeners = new(
        "listeners", l => l.ListenerArn, l => l.LoadBalancerArn, _ => null, _ => null, l => l.Port, CoreJson.Default.Listener);

    public static readonly ResourceKind<LoadBalancing.ListenerRule> ListenerRules = new(
        "listener_rules", r => r.RuleArn, r => r.ListenerArn, _ => null, _ => null, r => r.Priority, CoreJson.Default.ListenerRule);

    /// <summary>CloudWatch metric alarms by name; scope = the owning scaling policy ARN (null for a user's alarm), status = state.</summary>
    public static readonly ResourceKind<Metrics.MetricAlarm> Alarms = new(
        "alarms", a => a.AlarmName, a => a.OwnedBy, a => a.AlarmName, a => a.StateValue, _ => 0, CoreJson.Default.MetricAlarm);

    public static readonly ResourceKind<IdempotencyRecord> Idempotency = new(
        "idempotency", r => r.Key, _ => null, _ => null, _ => null, r => r.CreatedAt, CoreJson.Default.IdempotencyRecord);
}

/// <summary>What a request with a client token produced, so a retry gets the same answer.</summary>
public sealed record IdempotencyRecord
{
    public required string Key { get; set; }
    public required string Fingerprint { get; set; }
    public List<string> Arns { get; set; } = [];
    public long CreatedAt { get; set; }
}

/// <summary>The tags of one resource, by ARN (ECS keeps tags apart from the resources they label).</summary>
public sealed record ResourceTags
{
    public required string Arn { get; set; }
    public List<Tag> Tags { get; set; } = [];
}
