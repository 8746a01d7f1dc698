using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Api;

/// <summary>
/// What each ECS request asks to do, as IAM sees it (the Service Authorization Reference for ECS): the resources of each
/// action (cluster, task definition, task, service ARNs — <c>*</c> where ECS has no resource-level permission) and the
/// condition keys ECS sets (<c>ecs:cluster</c>, <c>ecs:task-definition</c>, <c>aws:RequestTag/…</c>, <c>aws:TagKeys</c>).
/// A task definition named by family alone stands for its latest revision, written <c>family:*</c>.
/// </summary>
public sealed class EcsAccess(Arns arns)
{
    static AccessRequest On(string operation, params string[] resources) => new($"ecs:{operation}", resources.Length == 0 ? AccessRequest.AllResources : resources);

    public string Cluster(string? nameOrArn) => arns.Cluster(Arns.ClusterName(nameOrArn));

    public string TaskDefinition(string? reference)
    {
        var r = reference ?? "";
        if (Arns.Parse(r) is { } arn)
            return arn.Resource.Contains(':', StringComparison.Ordinal) ? r : r + ":*";
        var colon = r.LastIndexOf(':');
        return colon > 0 && int.TryParse(r[(colon + 1)..], out var revision)
            ? arns.TaskDefinition(r[..colon], revision)
            : $"arn:aws:ecs:{arns.Region}:{arns.AccountId}:task-definition/{r}:*";
    }

    public string Task(string? cluster, string? taskOrArn) =>
        Arns.Parse(taskOrArn) is not null && Arns.ClusterOfTask(taskOrArn!) is not null ? taskOrArn! : arns.Task(Arns.ClusterName(cluster), Arns.TaskId(taskOrArn ?? ""));

    public string Service(string? cluster, string? serviceOrArn) =>
        Arns.Parse(serviceOrArn) is not null ? serviceOrArn! : arns.Service(Arns.ClusterName(cluster), serviceOrArn ?? "");

    static AccessRequest WithCluster(AccessRequest a, string clusterArn) =>
        a with { Context = new Dictionary<string, IReadOnlyList<string>>(a.Context) { ["ecs:cluster"] = [clusterArn] } };

    /// <summary>The tags a request sets, as <c>aws:RequestTag/KEY</c> and <c>aws:TagKeys</c>.</summary>
    static AccessRequest WithTags(AccessRequest a, IReadOnlyCollection<Tag>? tags)
    {
        return tags is { Count: > 0 } ? a with { Context = RequestTagKeys.Add(tags.Select(t => (t.Key, t.Value)), a.Context) } : a;
    }

    public IReadOnlyList<AccessRequest> CreateCluster(CreateClusterRequest r) =>
        [WithTags(On("CreateCluster", arns.Cluster(r.ClusterName ?? "default")), r.Tags)];

    public IReadOnlyList<AccessRequest> Clusters(string operation, IEnumerable<string?>? clusters) =>
        [On(operation, [.. (clusters ?? [null]).Select(Cluster)])];

    public IReadOnlyList<AccessRequest> RegisterTaskDefinition(RegisterTaskDefinitionRequest r) =>
        [WithTags(On("RegisterTaskDefinition"), r.Tags), .. PassRoles(r.TaskRoleArn, r.ExecutionRoleArn)];

    /// <summary>
    /// Naming a role for ECS to use is passing it: the caller needs <c>iam:PassRole</c> on it, with
    /// <c>iam:PassedToService</c> = <c>ecs-tasks.amazonaws.com</c>, as IAM requires of anyone handing a role to a service.
    /// </summary>
    public IEnumerable<AccessRequest> PassRoles(params string?[] roles) =>
        roles.Where(r => !string.IsNullOrEmpty(r)).Distinct().Select(r => new AccessRequest("iam:PassRole", [RoleArn(r!)])
        {
            Context = new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = ["ecs-tasks.amazonaws.com"] },
        });

    string RoleArn(string role) => role.StartsWith("arn:", StringComparison.Ordinal) ? role : $"arn:aws:iam::{arns.AccountId}:role/{role}";

    public IReadOnlyList<AccessRequest> TaskDefinitions(string operation, IEnumerable<string?> definitions) =>
        [On(operation, [.. definitions.Select(TaskDefinition)])];

    public IReadOnlyList<AccessRequest> RunTask(RunTaskRequest r) =>
        [WithTags(WithCluster(On("RunTask", TaskDefinition(r.TaskDefinition)), Cluster(r.Cluster)), r.Tags),
         .. PassRoles(r.Overrides?.TaskRoleArn, r.Overrides?.ExecutionRoleArn)];

    public IReadOnlyList<AccessRequest> Tasks(string operation, string? cluster, IEnumerable<string?> tasks) =>
        [WithCluster(On(operation, [.. tasks.Select(t => Task(cluster, t))]), Cluster(cluster))];

    public IReadOnlyList<AccessRequest> InCluster(string operation, string? cluster) => [WithCluster(On(operation), Cluster(cluster))];

    public IReadOnlyList<AccessRequest> CreateService(CreateServiceRequest r)
    {
        var a = WithTags(WithCluster(On("CreateService", Service(r.Cluster, r.ServiceName)), Cluster(r.Cluster)), r.Tags);
        return [a with { Context = new Dictionary<string, IReadOnlyList<string>>(a.Context) { ["ecs:task-definition"] = [TaskDefinition(r.TaskDefinition)] } }];
    }

    public IReadOnlyList<AccessRequest> Services(string operation, string? cluster, IEnumerable<string?> services) =>
        [WithCluster(On(operation, [.. services.Select(s => Service(cluster, s))]), Cluster(cluster))];

    /// <summary>Tagging acts on the resource the ARN names; its tags are request tags.</summary>
    public IReadOnlyList<AccessRequest> Tagging(string operation, string? resourceArn, IReadOnlyCollection<Tag>? tags = null) =>
        [WithTags(On(operation, resourceArn ?? "*"), tags)];
}
