using Berth.Ecs.Model;
using Berth.Ecs.Validation;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Services;

/// <summary>
/// CreateCluster, DescribeClusters, ListClusters, DeleteCluster, UpdateCluster, UpdateClusterSettings and
/// PutClusterCapacityProviders. A new cluster without a containerInsights setting takes the creator's account setting.
/// </summary>
public sealed class ClusterService(IStateStore store, Arns arns, TagService tags, AccountSettingService? accountSettings = null)
{
    readonly AccountSettingService _accountSettings = accountSettings ?? new AccountSettingService(store, arns);

    /// <summary>What CreateCluster may set besides name and tags.</summary>
    public sealed record ClusterInput
    {
        public List<ClusterSetting>? Settings { get; init; }
        public System.Text.Json.JsonElement? Configuration { get; init; }
        public List<string>? CapacityProviders { get; init; }
        public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; init; }
        public System.Text.Json.JsonElement? ServiceConnectDefaults { get; init; }
    }

    public async Task<Cluster> CreateAsync(string? name, List<Tag>? tagList, ClusterInput input, string? principalArn, CancellationToken ct)
    {
        name ??= "default";
        if (!Names.IsValidName(name))
            throw AwsException.InvalidParameter($"Cluster name '{name}' is not valid: use up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.");
        var tagsToSet = TagService.Validate(tagList);
        ClusterRules.CheckSettings(input.Settings);
        var configuration = ClusterRules.CheckConfiguration(input.Configuration);
        ClusterRules.RefuseServiceConnectDefaults(input.ServiceConnectDefaults);
        ClusterRules.CheckCapacityProviders(input.CapacityProviders, input.DefaultCapacityProviderStrategy);
        var existing = await store.GetAsync(EcsKinds.Clusters, name, ct);
        if (existing?.Value.Status == "ACTIVE")
            return await DescribeOneAsync(existing.Value, includeTags: true, ct); // CreateCluster is idempotent in ECS.
        var settings = input.Settings ?? [];
        if (settings.All(s => s.Name != "containerInsights"))
        {
            var insights = await _accountSettings.EffectiveAsync("containerInsights", principalArn ?? _accountSettings.PrincipalOf(null), ct);
            settings = [.. settings, new ClusterSetting { Name = "containerInsights", Value = insights.Value }];
        }
        var cluster = new Cluster
        {
            ClusterArn = arns.Cluster(name),
            ClusterName = name,
            Status = "ACTIVE",
            Settings = settings,
            CapacityProviders = input.CapacityProviders ?? [],
            DefaultCapacityProviderStrategy = input.DefaultCapacityProviderStrategy ?? [],
            Configuration = configuration,
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

    /// <summary>UpdateCluster: settings merge by name; a configuration given replaces the one the cluster had.</summary>
    public async Task<Cluster> UpdateAsync(string? clusterRef, List<ClusterSetting>? settings, System.Text.Json.JsonElement? configuration, System.Text.Json.JsonElement? serviceConnectDefaults, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clusterRef))
            throw AwsException.InvalidParameter("cluster is required.");
        ClusterRules.CheckSettings(settings);
        var checkedConfiguration = ClusterRules.CheckConfiguration(configuration);
        ClusterRules.RefuseServiceConnectDefaults(serviceConnectDefaults);
        return await MutateActiveAsync(clusterRef, c =>
        {
            if (settings is not null)
                c.Settings = ClusterRules.Merge(c.Settings, settings);
            if (checkedConfiguration is not null)
                c.Configuration = checkedConfiguration;
            return c;
        }, ct);
    }

    public async Task<Cluster> UpdateSettingsAsync(string? clusterRef, List<ClusterSetting>? settings, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clusterRef))
            throw AwsException.InvalidParameter("cluster is required.");
        if (settings is null)
            throw AwsException.InvalidParameter("settings is required.");
        ClusterRules.CheckSettings(settings);
        return await MutateActiveAsync(clusterRef, c =>
        {
            c.Settings = ClusterRules.Merge(c.Settings, settings);
            return c;
        }, ct);
    }

    /// <summary>
    /// PutClusterCapacityProviders replaces both lists. A provider a service's strategy still names cannot leave,
    /// as ECS answers: ResourceInUseException.
    /// </summary>
    public async Task<Cluster> PutCapacityProvidersAsync(string? clusterRef, List<string>? providers, List<CapacityProviderStrategyItem>? strategy, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clusterRef))
            throw AwsException.InvalidParameter("cluster is required.");
        if (providers is null)
            throw AwsException.InvalidParameter("capacityProviders is required (an empty list removes them all).");
        if (strategy is null)
            throw AwsException.InvalidParameter("defaultCapacityProviderStrategy is required (an empty list removes it).");
        ClusterRules.CheckCapacityProviders(providers, strategy);
        var cluster = await RequireActiveAsync(clusterRef, ct);
        var services = await store.ListAsync(EcsKinds.Services, new StoreQuery { Scope = cluster.ClusterName, Statuses = ["ACTIVE", "DRAINING"] }, ct);
        foreach (var s in services)
        {
            if (s.Value.Service.CapacityProviderStrategy?.FirstOrDefault(i => !providers.Contains(i.CapacityProvider!)) is { } used)
                throw new AwsException("ResourceInUseException", $"The specified capacity provider {used.CapacityProvider} is in use by service {s.Value.Service.ServiceName} and cannot be removed from the cluster.");
        }
        return await MutateActiveAsync(clusterRef, c =>
        {
            c.CapacityProviders = [.. providers];
            c.DefaultCapacityProviderStrategy = [.. strategy];
            return c;
        }, ct);
    }

    async Task<Cluster> MutateActiveAsync(string clusterRef, Func<Cluster, Cluster> change, CancellationToken ct)
    {
        var name = Arns.ClusterName(clusterRef);
        var updated = await store.MutateAsync(EcsKinds.Clusters, name, (c, _) => c.Status == "ACTIVE" ? change(c with { }) : null, ct);
        if (updated is null || updated.Status != "ACTIVE")
            throw AwsException.ClusterNotFound();
        return await DescribeOneAsync(updated, includeTags: true, ct);
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
            if (include?.Contains("CONFIGURATIONS") != true)
                d.Configuration = null;
            // Attachments are the capacity providers' resources (EC2 Auto Scaling); Fargate's have none.
            if (include?.Contains("ATTACHMENTS") == true)
                d.Attachments = [];
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
