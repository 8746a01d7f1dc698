using Berth.Ecs.Model;
using Berth.Ecs.Services;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Api;

/// <summary>The ECS operations: each maps its request onto a Core service and the result onto its response.</summary>
public static class EcsOperations
{
    public const string Prefix = "AmazonEC2ContainerServiceV20141113";

    public static readonly AwsService Service = new() { SigningName = "ecs", JsonTargetPrefix = Prefix };

    public static void Register(ServiceOperations ops, EcsAccess a, ClusterService clusters, TaskDefinitionService defs, TaskService tasks, TagService tags, ServiceService services,
        AccountSettingService accountSettings)
    {
        var j = EcsJson.Default;

        ops.Add("CreateCluster", j.CreateClusterRequest, j.ClusterResponse, async (r, ct) =>
            new ClusterResponse(await clusters.CreateAsync(r.ClusterName, r.Tags, new ClusterService.ClusterInput
            {
                Settings = r.Settings,
                Configuration = r.Configuration,
                CapacityProviders = r.CapacityProviders,
                DefaultCapacityProviderStrategy = r.DefaultCapacityProviderStrategy,
                ServiceConnectDefaults = r.ServiceConnectDefaults,
            }, accountSettings.PrincipalOf(Caller.Current), ct)),
            access: a.CreateCluster);
        ops.Add("UpdateCluster", j.UpdateClusterRequest, j.ClusterResponse, async (r, ct) =>
            new ClusterResponse(await clusters.UpdateAsync(r.Cluster, r.Settings, r.Configuration, r.ServiceConnectDefaults, ct)),
            access: r => a.Clusters("UpdateCluster", [r.Cluster]));
        ops.Add("UpdateClusterSettings", j.UpdateClusterRequest, j.ClusterResponse, async (r, ct) =>
        {
            if (r.Configuration is not null || r.ServiceConnectDefaults is not null)
                throw AwsException.InvalidParameter("UpdateClusterSettings takes cluster and settings only: use UpdateCluster for configuration.");
            return new ClusterResponse(await clusters.UpdateSettingsAsync(r.Cluster, r.Settings, ct));
        }, access: r => a.Clusters("UpdateClusterSettings", [r.Cluster]));
        ops.Add("PutClusterCapacityProviders", j.PutClusterCapacityProvidersRequest, j.ClusterResponse, async (r, ct) =>
            new ClusterResponse(await clusters.PutCapacityProvidersAsync(r.Cluster, r.CapacityProviders, r.DefaultCapacityProviderStrategy, ct)),
            access: r => a.Clusters("PutClusterCapacityProviders", [r.Cluster]));
        ops.Add("DescribeClusters", j.DescribeClustersRequest, j.DescribeClustersResponse, async (r, ct) =>
        {
            var (found, failures) = await clusters.DescribeAsync(r.Clusters, r.Include, ct);
            return new DescribeClustersResponse(found, failures);
        }, access: r => a.Clusters("DescribeClusters", r.Clusters));
        ops.Add("ListClusters", j.ListRequest, j.ListClustersResponse, async (r, ct) =>
        {
            var (arns, next) = await clusters.ListAsync(r.NextToken, r.MaxResults, ct);
            return new ListClustersResponse(arns, next);
        });
        ops.Add("DeleteCluster", j.ClusterRequest, j.ClusterResponse, async (r, ct) =>
            new ClusterResponse(await clusters.DeleteAsync(r.Cluster, ct)),
            access: r => a.Clusters("DeleteCluster", [r.Cluster]));

        ops.Add("RegisterTaskDefinition", j.RegisterTaskDefinitionRequest, j.TaskDefinitionResponse, async (r, ct) =>
        {
            var (td, tagList) = await defs.RegisterAsync(ToDefinition(r), r.Tags, ct);
            return new TaskDefinitionResponse(td, tagList);
        }, access: a.RegisterTaskDefinition);
        ops.Add("DescribeTaskDefinition", j.DescribeTaskDefinitionRequest, j.TaskDefinitionResponse, async (r, ct) =>
        {
            if (r.Include?.Any(i => i != "TAGS") == true)
                throw AwsException.InvalidParameter("include accepts only TAGS.");
            var td = (await defs.ResolveAsync(r.TaskDefinition, ct)).Value;
            return new TaskDefinitionResponse(td, r.Include?.Contains("TAGS") == true ? await defs.TagsAsync(td.TaskDefinitionArn!, ct) : null);
        });
        ops.Add("ListTaskDefinitions", j.ListTaskDefinitionsRequest, j.ListTaskDefinitionsResponse, async (r, ct) =>
        {
            var (arns, next) = await defs.ListAsync(r.FamilyPrefix, r.Status, r.Sort, r.NextToken, r.MaxResults, ct);
            return new ListTaskDefinitionsResponse(arns, next);
        });
        ops.Add("ListTaskDefinitionFamilies", j.ListTaskDefinitionFamiliesRequest, j.ListTaskDefinitionFamiliesResponse, async (r, ct) =>
        {
            var (families, next) = await defs.ListFamiliesAsync(r.FamilyPrefix, r.Status, r.NextToken, r.MaxResults, ct);
            return new ListTaskDefinitionFamiliesResponse(families, next);
        });
        ops.Add("DeregisterTaskDefinition", j.TaskDefinitionRequest, j.TaskDefinitionResponse, async (r, ct) =>
            new TaskDefinitionResponse(await defs.DeregisterAsync(r.TaskDefinition, ct)),
            access: r => a.TaskDefinitions("DeregisterTaskDefinition", [r.TaskDefinition]));
        ops.Add("DeleteTaskDefinitions", j.DeleteTaskDefinitionsRequest, j.DeleteTaskDefinitionsResponse, async (r, ct) =>
        {
            var (deleted, failures) = await defs.DeleteAsync(r.TaskDefinitions, ct);
            return new DeleteTaskDefinitionsResponse(deleted, failures);
        }, access: r => a.TaskDefinitions("DeleteTaskDefinitions", r.TaskDefinitions ?? []));

        ops.Add("RunTask", j.RunTaskRequest, j.TasksResponse, async (r, ct) =>
        {
            var (started, failures) = await tasks.RunAsync(r, ct);
            return new TasksResponse(started, failures);
        }, access: a.RunTask);
        ops.Add("StopTask", j.StopTaskRequest, j.TaskResponse, async (r, ct) =>
            new TaskResponse(await tasks.StopAsync(r.Cluster, r.Task, r.Reason, ct)),
            access: r => a.Tasks("StopTask", r.Cluster, [r.Task]));
        ops.Add("DescribeTasks", j.DescribeTasksRequest, j.TasksResponse, async (r, ct) =>
        {
            var (found, failures) = await tasks.DescribeAsync(r.Cluster, r.Tasks, r.Include, ct);
            return new TasksResponse(found, failures);
        }, access: r => a.Tasks("DescribeTasks", r.Cluster, r.Tasks ?? []));
        ops.Add("ListTasks", j.ListTasksRequest, j.ListTasksResponse, async (r, ct) =>
        {
            var (arns, next) = await tasks.ListAsync(r.Cluster, r.Family, r.StartedBy, r.ServiceName, r.DesiredStatus, r.LaunchType, r.NextToken, r.MaxResults, ct);
            return new ListTasksResponse(arns, next);
        }, access: r => a.InCluster("ListTasks", r.Cluster));

        ops.Add("TagResource", j.TagResourceRequest, j.EmptyResponse, async (r, ct) =>
        {
            await RequireTaggable(r.ResourceArn, clusters, defs, tasks, services, ct);
            if (r.Tags is not { Count: > 0 })
                throw AwsException.InvalidParameter("tags must name at least one tag.");
            await tags.TagAsync(r.ResourceArn!, r.Tags, ct);
            return new EmptyResponse();
        }, access: r => a.Tagging("TagResource", r.ResourceArn, r.Tags));
        ops.Add("UntagResource", j.TagResourceRequest, j.EmptyResponse, async (r, ct) =>
        {
            await RequireTaggable(r.ResourceArn, clusters, defs, tasks, services, ct);
            if (r.TagKeys is null)
                throw AwsException.InvalidParameter("tagKeys is required.");
            await tags.UntagAsync(r.ResourceArn!, r.TagKeys, ct);
            return new EmptyResponse();
        }, access: r => a.Tagging("UntagResource", r.ResourceArn));
        ops.Add("ListTagsForResource", j.TagResourceRequest, j.TagsResponse, async (r, ct) =>
        {
            await RequireTaggable(r.ResourceArn, clusters, defs, tasks, services, ct);
            return new TagsResponse(await tags.GetAsync(r.ResourceArn!, ct));
        }, access: r => a.Tagging("ListTagsForResource", r.ResourceArn));
    }

    static TaskDefinition ToDefinition(RegisterTaskDefinitionRequest r) => new()
    {
        Family = r.Family,
        TaskRoleArn = r.TaskRoleArn,
        ExecutionRoleArn = r.ExecutionRoleArn,
        NetworkMode = r.NetworkMode,
        ContainerDefinitions = r.ContainerDefinitions,
        RequiresCompatibilities = r.RequiresCompatibilities,
        Cpu = r.Cpu,
        Memory = r.Memory,
        PidMode = r.PidMode,
        IpcMode = r.IpcMode,
        EphemeralStorage = r.EphemeralStorage,
        RuntimePlatform = r.RuntimePlatform,
        EnableFaultInjection = r.EnableFaultInjection,
        PlacementConstraints = r.PlacementConstraints,
        Extra = r.Extra,
    };

    /// <summary>Tags attach only to resources that exist: a cluster, a task definition revision or a task.</summary>
    static async Task RequireTaggable(string? arn, ClusterService clusters, TaskDefinitionService defs, TaskService tasks, ServiceService services, CancellationToken ct)
    {
        var parsed = Arns.Parse(arn) ?? throw AwsException.InvalidParameter($"resourceArn '{arn}' is not a valid ARN.");
        var resource = parsed.Resource;
        try
        {
            if (resource.StartsWith("cluster/", StringComparison.Ordinal))
                await clusters.RequireActiveAsync(arn, ct);
            else if (resource.StartsWith("task-definition/", StringComparison.Ordinal))
                await defs.ResolveAsync(arn, ct);
            else if (resource.StartsWith("task/", StringComparison.Ordinal))
            {
                var (found, _) = await tasks.DescribeAsync(null, [arn!], null, ct);
                if (found.Count == 0)
                    throw AwsException.ResourceNotFound("The specified task is not found.");
            }
            else if (resource.StartsWith("service/", StringComparison.Ordinal))
            {
                var (found, _) = await services.DescribeAsync(null, [arn!], null, ct);
                if (found.Count == 0 || found[0].Status == "INACTIVE")
                    throw AwsException.ResourceNotFound("The specified service is not found.");
            }
            else
                throw AwsException.InvalidParameter($"resourceArn '{arn}' does not name a cluster, task definition, task or service.");
        }
        catch (AwsException e) when (e.Code is "ClusterNotFoundException" or "ClientException")
        {
            throw AwsException.ResourceNotFound($"The specified resource is not found: {arn}");
        }
    }
}
