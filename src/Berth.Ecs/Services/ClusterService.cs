using Berth.Ecs.Model;
using Berth.Ecs.Validation;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Services;

public sealed class ClusterService(IStateStore store, Arns arns, TagService tags)
{
    public async Task<Cluster> CreateAsync(string? name, List<Tag>? tagList, List<ClusterSetting>? settings, Cluster extra, CancellationToken ct)
    {
        name ??= "default";
        if (!Names.IsValidName(name))
            throw AwsException.InvalidParameter($"Cluster name '{name}' is not valid: use up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.");
        var tagsToSet = TagService.Validate(tagList);
        foreach (var s in settings ?? [])
        {
            if (s.Name != "containerInsights" || s.Value is not ("enabled" or "disabled" or "enhanced"))
                throw AwsException.InvalidParameter("Cluster settings: only containerInsights with enabled, disabled or enhanced is supported.");
        }
        var existing = await store.GetAsync(EcsKinds.Clusters, name, ct);
        if (existing?.Value.Status == "ACTIVE")
            return await DescribeOneAsync(existing.Value, includeTags: true, ct); // CreateCluster is idempotent in ECS.
        var cluster = new Cluster
        {
            ClusterArn = arns.Cluster(name),
            ClusterName = name,
            Status = "ACTIVE",
            Settings = settings ?? [new ClusterSetting { Name = "containerInsights", Value = "disabled" }],
            CapacityProviders = [],
            Configuration = extra.Configuration,
            ServiceConnectDefaults = extra.ServiceConnectDefaults,
        };
        var writes = new List<StoreWrite> { existing is null ? StoreWrite.Insert(EcsKinds.Clusters, cluster) : StoreWrite.Update(EcsKinds.Clusters, cluster, existing.Version) };
        if (tagsToSet.Count > 0)
        {
            await tags.UntagAsync(cluster.ClusterArn, (await tags.GetAsync(cluster.ClusterArn, ct)).Select(t => t.Key!), ct);
            await tags.TagAsync(cluster.ClusterArn, tagsToSet, ct);
        }
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Created by a concurrent request: the same answer serves both.
        }
        var stored = await store.GetAsync(EcsKinds.Clusters, name, ct);
        return await DescribeOneAsync(stored!.Value, includeTags: true, ct);
    }

    /// <summary>The ACTIVE cluster by name or ARN, or ClusterNotFoundException.</summary>
    public async Task<Cluster> RequireActiveAsync(string? clusterOrArn, CancellationToken ct)
    {
        var c = await store.GetAsync(EcsKinds.Clusters, Arns.ClusterName(clusterOrArn), ct);
        return c?.Value.Status == "ACTIVE" ? c.Value : throw AwsException.ClusterNotFound();
    }

    /// <summary>The cluster, ACTIVE or not (tasks of a deleted cluster stay describable), or ClusterNotFoundException.</summary>
    public async Task<Cluster> RequireActiveOrInactiveAsync(string? clusterOrArn, CancellationToken ct) =>
        (await store.GetAsync(EcsKinds.Clusters, Arns.ClusterName(clusterOrArn), ct))?.Value ?? throw AwsException.ClusterNotFound();

    public async Task<(List<Cluster> Clusters, List<Failure> Failures)> DescribeAsync(IReadOnlyList<string>? names, IReadOnlyCollection<string>? include, CancellationToken ct)
    {
        if (names is { Count: > 100 })
            throw AwsException.InvalidParameter("You can describe up to 100 clusters at a time.");
        foreach (var i in include ?? [])
        {
            if (i is not ("ATTACHMENTS" or "CONFIGURATIONS" or "SETTINGS" or "STATISTICS" or "TAGS"))
                throw AwsException.InvalidParameter($"Invalid include value '{i}'. Valid values: ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS.");
        }
        var clusters = new List<Cluster>();
        var failures = new List<Failure>();
        foreach (var n in names is { Count: > 0 } ? names : ["default"])
        {
            string name;
            try
            {
                name = Arns.ClusterName(n);
            }
            catch (AwsException)
            {
                failures.Add(new Failure { Arn = n, Reason = "MISSING" });
                continue;
            }
            var c = await store.GetAsync(EcsKinds.Clusters, name, ct);
            if (c is null)
            {
                failures.Add(new Failure { Arn = arns.Cluster(name), Reason = "MISSING" });
                continue;
            }
            var d = await DescribeOneAsync(c.Value, include?.Contains("TAGS") == true, ct);
            if (include?.Contains("STATISTICS") == true)
                d.Statistics = [new KeyValue { Name = "runningFargateTasksCount", Value = d.RunningTasksCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                                new KeyValue { Name = "pendingFargateTasksCount", Value = d.PendingTasksCount.ToString(System.Globalization.CultureInfo.InvariantCulture) }];
            if (include?.Contains("SETTINGS") != true)
                d.Settings = null;
            clusters.Add(d);
        }
        return (clusters, failures);
    }

    async Task<Cluster> DescribeOneAsync(Cluster stored, bool includeTags, CancellationToken ct)
    {
        var c = stored with { };
        var tasks = await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Scope = c.ClusterName }, ct);
        c.RunningTasksCount = tasks.Count(t => t.Value.Task.LastStatus == "RUNNING");
        c.PendingTasksCount = tasks.Count(t => t.Value.Task.DesiredStatus == "RUNNING" && TaskStatuses.IsPending(TaskStatuses.Parse(t.Value.Task.LastStatus)));
        c.ActiveServicesCount = await store.CountAsync(EcsKinds.Services, new StoreQuery { Scope = c.ClusterName, Statuses = ["ACTIVE"] }, ct);
        c.Statistics = [];
        c.Tags = includeTags ? await tags.GetAsync(c.ClusterArn!, ct) : null;
        return c;
    }

    public async Task<(List<string> Arns, string? NextToken)> ListAsync(string? nextToken, int? maxResults, CancellationToken ct)
    {
        var limit = Paging.Limit(maxResults, 100, 100);
        var offset = Paging.Decode(nextToken, "clusters");
        var page = await store.ListAsync(EcsKinds.Clusters, new StoreQuery { Statuses = ["ACTIVE"], Offset = offset, Limit = limit }, ct);
        return (page.Select(c => c.Value.ClusterArn!).ToList(), Paging.Encode(offset + page.Count, page.Count, limit, "clusters"));
    }

    public async Task<Cluster> DeleteAsync(string? clusterOrArn, CancellationToken ct)
    {
        var name = Arns.ClusterName(clusterOrArn ?? throw AwsException.InvalidParameter("cluster is required."));
        var stored = await store.GetAsync(EcsKinds.Clusters, name, ct);
        if (stored is null || stored.Value.Status != "ACTIVE")
            throw AwsException.ClusterNotFound();
        if (await store.CountAsync(EcsKinds.Services, new StoreQuery { Scope = name, Statuses = ["ACTIVE", "DRAINING"] }, ct) > 0)
            throw new AwsException("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active. Delete them first (aws ecs delete-service --force).");
        var active = await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Scope = name }, ct);
        if (active.Any(t => t.Value.Task.LastStatus != "STOPPED"))
            throw new AwsException("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active. Stop them first (aws ecs stop-task).");
        var c = stored.Value with { Status = "INACTIVE" };
        try
        {
            await store.CommitAsync(StoreWrite.Update(EcsKinds.Clusters, c, stored.Version), ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new AwsException("UpdateInProgressException", "The cluster changed while it was being deleted; try again.");
        }
        return c;
    }
}
