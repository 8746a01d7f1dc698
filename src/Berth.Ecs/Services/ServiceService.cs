using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Ecs.Model;
using Berth.Ecs.Scheduling;
using Berth.Ecs.Validation;
using Berth.Elb;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Services;

/// <summary>CreateService, UpdateService, DeleteService, DescribeServices, ListServices: they record intent; the service scheduler acts on it.</summary>
public sealed class ServiceService(
    IStateStore store, Arns arns, ClusterService clusters, TaskDefinitionService definitions, TaskService tasks, TagService tags,
    TargetRegistry targets, ServiceScheduler scheduler, TimeProvider clock, ServiceRegistries? registries = null)
{
    readonly ServiceRegistries _registries = registries ?? new ServiceRegistries();

    public async Task<EcsService> CreateAsync(CreateServiceRequest r, CancellationToken ct)
    {
        var cluster = await clusters.RequireActiveAsync(r.Cluster, ct);
        if (string.IsNullOrEmpty(r.ServiceName))
            throw AwsException.InvalidParameter("serviceName is required.");
        if (!Names.IsValidName(r.ServiceName))
            throw AwsException.InvalidParameter($"Service name '{r.ServiceName}' is not valid: use up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.");
        if (r.ClientToken is { Length: 0 or > 36 })
            throw AwsException.InvalidParameter("clientToken must be between 1 and 36 characters.");
        var existing = await store.GetAsync(EcsKinds.Services, $"{cluster.ClusterName}/{r.ServiceName}", ct);
        var fingerprint = Fingerprint(r);
        if (existing is not null && existing.Value.Service.Status != "INACTIVE")
        {
            if (r.ClientToken is not null && existing.Value.ClientToken == r.ClientToken && existing.Value.Fingerprint == fingerprint)
                return await WithTagsAsync(existing.Value.Service, ct);
            throw AwsException.InvalidParameter("Creation of service was not idempotent.");
        }

        if (r.SchedulingStrategy is not (null or "REPLICA"))
            throw AwsException.InvalidParameter(r.SchedulingStrategy == "DAEMON"
                ? "The DAEMON scheduling strategy is not supported with the Fargate launch type. Use REPLICA."
                : $"Invalid schedulingStrategy '{r.SchedulingStrategy}'. Use REPLICA.");
        if (r.DeploymentController?.Type is not (null or "ECS"))
            throw AwsException.InvalidParameter($"Deployment controller type '{r.DeploymentController.Type}' is not supported: Berth runs rolling updates (ECS).");
        CheckLaunch(r.LaunchType, r.CapacityProviderStrategy, r.PlatformVersion);
        if (r.DesiredCount is null)
            throw AwsException.InvalidParameter("desiredCount is required for a service with the REPLICA scheduling strategy.");
        CheckDesiredCount(r.DesiredCount.Value);
        CheckGracePeriod(r.HealthCheckGracePeriodSeconds);
        if (r.PropagateTags is not (null or "TASK_DEFINITION" or "SERVICE" or "NONE"))
            throw AwsException.InvalidParameter($"Invalid propagateTags '{r.PropagateTags}'. Use TASK_DEFINITION, SERVICE or NONE.");
        UnsupportedServiceFields.Refuse(r.Extra);
        var tagList = TagService.Validate(r.Tags);
        var config = DeploymentConfig(r.DeploymentConfiguration, null);
        var network = (await tasks.ValidateNetworkAsync(r.NetworkConfiguration, ct)).Config;
        var td = await ResolveDefinitionAsync(r.TaskDefinition, ct);
        var lbs = await CheckLoadBalancersAsync(r.LoadBalancers, td, ct);
        var registries = await _registries.CheckAsync(r.ServiceRegistries, td, ct);

        var now = clock.GetUtcNow();
        var service = new EcsService
        {
            ServiceRegistries = registries,
            ServiceArn = arns.Service(cluster.ClusterName!, r.ServiceName),
            ServiceName = r.ServiceName,
            ClusterArn = cluster.ClusterArn,
            LoadBalancers = lbs,
            Status = "ACTIVE",
            DesiredCount = r.DesiredCount.Value,
            LaunchType = r.CapacityProviderStrategy is { Count: > 0 } ? null : "FARGATE",
            CapacityProviderStrategy = r.CapacityProviderStrategy is { Count: > 0 } ? r.CapacityProviderStrategy : null,
            PlatformVersion = r.PlatformVersion ?? "LATEST",
            PlatformFamily = "Linux",
            DeploymentConfiguration = config,
            RoleArn = $"arn:aws:iam::{arns.AccountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
            CreatedAt = now,
            PlacementConstraints = r.PlacementConstraints ?? [],
            PlacementStrategy = r.PlacementStrategy ?? [],
            NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = network },
            HealthCheckGracePeriodSeconds = r.HealthCheckGracePeriodSeconds ?? (lbs.Count > 0 ? 0 : null),
            SchedulingStrategy = "REPLICA",
            DeploymentController = new DeploymentControllerConfig { Type = "ECS" },
            CreatedBy = $"arn:aws:iam::{arns.AccountId}:root",
            EnableECSManagedTags = r.EnableECSManagedTags ?? false,
            PropagateTags = r.PropagateTags ?? "NONE",
            EnableExecuteCommand = r.EnableExecuteCommand ?? false,
            AvailabilityZoneRebalancing = r.AvailabilityZoneRebalancing ?? "DISABLED",
        };
        Deployments.Begin(service, Deployments.New(service, td.TaskDefinitionArn!, now));
        var record = new ServiceRecord { Service = service, ClientToken = r.ClientToken, Fingerprint = fingerprint };
        var writes = new List<StoreWrite>
        {
            existing is null ? StoreWrite.Insert(EcsKinds.Services, record) : StoreWrite.Update(EcsKinds.Services, record, existing.Version),
        };
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw AwsException.InvalidParameter("Creation of service was not idempotent.");
        }
        // A service created again under the name of an INACTIVE one starts with its own tags only.
        await tags.UntagAsync(service.ServiceArn, (await tags.GetAsync(service.ServiceArn, ct)).Select(t => t.Key!), ct);
        if (tagList.Count > 0)
            await tags.TagAsync(service.ServiceArn, tagList, ct);
        scheduler.Notify();
        return service with { Tags = tagList };
    }

    public async Task<EcsService> UpdateAsync(UpdateServiceRequest r, CancellationToken ct)
    {
        if (r.DesiredCount is { } dc)
            CheckDesiredCount(dc);
        var cluster = await clusters.RequireActiveAsync(r.Cluster, ct);
        var (id, current) = await RequireAsync(cluster, r.Service, ct);
        if (current.Service.Status != "ACTIVE")
            throw new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
        CheckGracePeriod(r.HealthCheckGracePeriodSeconds);
        CheckLaunch(null, r.CapacityProviderStrategy, r.PlatformVersion);
        if (r.DeploymentController?.Type is not (null or "ECS"))
            throw AwsException.InvalidParameter("The deployment controller of a service cannot be changed.");
        if (r.PropagateTags is not (null or "TASK_DEFINITION" or "SERVICE" or "NONE"))
            throw AwsException.InvalidParameter($"Invalid propagateTags '{r.PropagateTags}'. Use TASK_DEFINITION, SERVICE or NONE.");
        UnsupportedServiceFields.Refuse(r.Extra);
        var config = r.DeploymentConfiguration is null ? null : DeploymentConfig(r.DeploymentConfiguration, current.Service.DeploymentConfiguration);
        var network = r.NetworkConfiguration is null ? null : (await tasks.ValidateNetworkAsync(r.NetworkConfiguration, ct)).Config;
        var td = r.TaskDefinition is null ? null : await ResolveDefinitionAsync(r.TaskDefinition, ct);
        var definition = td ?? (await definitions.ResolveAsync(current.Service.TaskDefinition, ct)).Value;
        var lbs = r.LoadBalancers is null ? null : await CheckLoadBalancersAsync(r.LoadBalancers, definition, ct);
        if (td is not null && lbs is null)
            await CheckLoadBalancersAsync(current.Service.LoadBalancers, td, ct);
        var registries = r.ServiceRegistries is null ? null : await _registries.CheckAsync(r.ServiceRegistries, definition, ct);
        if (td is not null && registries is null)
            await _registries.CheckAsync(current.Service.ServiceRegistries, td, ct);

        var now = clock.GetUtcNow();
        var updated = await store.MutateAsync(EcsKinds.Services, id, (rec, _) =>
        {
            var s = rec.Service;
            if (s.Status != "ACTIVE")
                return null;
            if (r.DesiredCount is { } n)
            {
                s.DesiredCount = n;
                if (Deployments.Primary(s) is { } p)
                    p.DesiredCount = n;
            }
            if (config is not null)
                s.DeploymentConfiguration = config;
            if (r.HealthCheckGracePeriodSeconds is { } g)
                s.HealthCheckGracePeriodSeconds = g;
            if (r.PropagateTags is not null)
                s.PropagateTags = r.PropagateTags;
            if (r.EnableECSManagedTags is { } m)
                s.EnableECSManagedTags = m;
            if (r.EnableExecuteCommand is { } x)
                s.EnableExecuteCommand = x;
            if (r.PlatformVersion is not null)
                s.PlatformVersion = r.PlatformVersion;
            if (network is not null)
                s.NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = network };
            if (lbs is not null)
                s.LoadBalancers = lbs;
            if (registries is not null)
                s.ServiceRegistries = registries;
            // A new task definition, network, platform or load balancers (or a forced deployment) rolls out a new deployment.
            var redeploy = r.ForceNewDeployment == true || network is not null || lbs is not null || r.PlatformVersion is not null
                || (td is not null && td.TaskDefinitionArn != s.TaskDefinition);
            if (redeploy)
            {
                Deployments.Begin(s, Deployments.New(s, td?.TaskDefinitionArn ?? s.TaskDefinition!, now));
                rec.Steady = false;
            }
            return rec;
        }, ct);
        if (updated is null || updated.Service.Status != "ACTIVE")
            throw new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
        if (registries is not null)
        {
            foreach (var gone in current.Service.ServiceRegistries.Where(o => registries.All(n => n.RegistryArn != o.RegistryArn)))
                await _registries.ForgetAsync(gone.RegistryArn!, Arns.ClusterName(current.Service.ClusterArn), current.Service.ServiceName!, ct);
        }
        scheduler.Notify();
        return updated.Service;
    }

    public async Task<EcsService> DeleteAsync(string? clusterRef, string? serviceRef, bool force, CancellationToken ct)
    {
        var cluster = await clusters.RequireActiveAsync(clusterRef, ct);
        var (id, current) = await RequireAsync(cluster, serviceRef, ct);
        if (current.Service.Status == "INACTIVE")
            throw new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
        if (!force && current.Service.DesiredCount > 0)
            throw AwsException.InvalidParameter("The service cannot be stopped while it is scaled above 0. Scale it to 0 (aws ecs update-service --desired-count 0) or use --force.");
        var deleted = await store.MutateAsync(EcsKinds.Services, id, (rec, _) =>
        {
            if (rec.Service.Status != "ACTIVE")
                return null;
            rec.Service.Status = "DRAINING";
            rec.Service.DesiredCount = 0;
            foreach (var d in rec.Service.Deployments)
                d.DesiredCount = 0;
            return rec;
        }, ct);
        scheduler.Notify();
        return deleted!.Service;
    }

    public async Task<(List<EcsService> Services, List<Failure> Failures)> DescribeAsync(string? clusterRef, IReadOnlyList<string>? refs, IReadOnlyCollection<string>? include, CancellationToken ct)
    {
        if (refs is not { Count: > 0 })
            throw AwsException.InvalidParameter("services cannot be empty.");
        if (refs.Count > 10)
            throw AwsException.InvalidParameter("You can describe up to 10 services at a time.");
        if (include?.Any(i => i != "TAGS") == true)
            throw AwsException.InvalidParameter("include accepts only TAGS.");
        var cluster = await clusters.RequireActiveOrInactiveAsync(clusterRef ?? ClusterOfService(refs[0]), ct);
        var found = new List<EcsService>();
        var failures = new List<Failure>();
        foreach (var r in refs)
        {
            var name = ServiceName(r);
            var s = name is null ? null : await store.GetAsync(EcsKinds.Services, $"{cluster.ClusterName}/{name}", ct);
            if (s is null)
            {
                failures.Add(new Failure { Arn = Arns.Parse(r) is null ? arns.Service(cluster.ClusterName!, r) : r, Reason = "MISSING" });
                continue;
            }
            found.Add(include?.Contains("TAGS") == true ? await WithTagsAsync(s.Value.Service, ct) : s.Value.Service);
        }
        return (found, failures);
    }

    public async Task<(List<string> Arns, string? NextToken)> ListAsync(string? clusterRef, string? launchType, string? schedulingStrategy,
        string? nextToken, int? maxResults, CancellationToken ct)
    {
        var cluster = await clusters.RequireActiveAsync(clusterRef, ct);
        if (launchType is not (null or "FARGATE" or "EC2" or "EXTERNAL" or "MANAGED_INSTANCES"))
            throw AwsException.InvalidParameter($"Invalid launchType '{launchType}'.");
        if (schedulingStrategy is not (null or "REPLICA" or "DAEMON"))
            throw AwsException.InvalidParameter($"Invalid schedulingStrategy '{schedulingStrategy}'.");
        var limit = Paging.Limit(maxResults, 100, 10);
        var listing = $"services|{cluster.ClusterName}|{launchType}|{schedulingStrategy}";
        var offset = Paging.Decode(nextToken, listing);
        var all = (await store.ListAsync(EcsKinds.Services, new StoreQuery { Scope = cluster.ClusterName, Statuses = ["ACTIVE", "DRAINING"] }, ct))
            .Select(s => s.Value.Service)
            .Where(s => (launchType is null or "FARGATE") && schedulingStrategy is null or "REPLICA")
            .ToList();
        var page = all.Skip(offset).Take(limit).Select(s => s.ServiceArn!).ToList();
        return (page, Paging.Encode(offset + page.Count, page.Count, limit, listing));
    }

    /// <summary>ListServicesByNamespace: the active services of every cluster whose service registry is in the Cloud Map namespace.</summary>
    public async Task<(List<string> Arns, string? NextToken)> ListByNamespaceAsync(string? ns, string? nextToken, int? maxResults, CancellationToken ct)
    {
        var found = await _registries.NamespaceAsync(ns, ct);
        var limit = Paging.Limit(maxResults, 100, 10);
        var listing = $"services-by-namespace|{found.NamespaceId}";
        var offset = Paging.Decode(nextToken, listing);
        var inNamespace = new List<string>();
        foreach (var stored in await store.ListAsync(EcsKinds.Services, new StoreQuery { Statuses = ["ACTIVE", "DRAINING"] }, ct))
        {
            var service = stored.Value.Service;
            foreach (var r in service.ServiceRegistries)
            {
                if (await _registries.NamespaceOfAsync(r.RegistryArn!, ct) == found.NamespaceId)
                {
                    inNamespace.Add(service.ServiceArn!);
                    break;
                }
            }
        }
        var page = inNamespace.Skip(offset).Take(limit).ToList();
        return (page, Paging.Encode(offset + page.Count, page.Count, limit, listing));
    }

    async Task<(string Id, ServiceRecord Record)> RequireAsync(Cluster cluster, string? serviceRef, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(serviceRef))
            throw AwsException.InvalidParameter("service is required.");
        var name = ServiceName(serviceRef) ?? throw new AwsException("ServiceNotFoundException", "Service not found.");
        var id = $"{cluster.ClusterName}/{name}";
        var s = await store.GetAsync(EcsKinds.Services, id, ct);
        return s is null ? throw new AwsException("ServiceNotFoundException", "Service not found.") : (id, s.Value);
    }

    /// <summary>The name from a service name or ARN (<c>service/cluster/name</c> or the older <c>service/name</c>).</summary>
    static string? ServiceName(string reference)
    {
        var arn = Arns.Parse(reference);
        if (arn is null)
            return Names.IsValidName(reference) ? reference : null;
        if (arn.Service != "ecs" || !arn.Resource.StartsWith("service/", StringComparison.Ordinal))
            return null;
        return arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
    }

    static string? ClusterOfService(string reference)
    {
        var arn = Arns.Parse(reference);
        var parts = arn?.Resource.Split('/');
        return parts is { Length: 3 } && parts[0] == "service" ? parts[1] : null;
    }

    async Task<EcsService> WithTagsAsync(EcsService s, CancellationToken ct) => s with { Tags = await tags.GetAsync(s.ServiceArn!, ct) };

    async Task<TaskDefinition> ResolveDefinitionAsync(string? reference, CancellationToken ct)
    {
        var td = (await definitions.ResolveAsync(reference, ct)).Value;
        if (td.Status != "ACTIVE")
            throw AwsException.Client($"TaskDefinition is inactive: {td.TaskDefinitionArn}. Register a new revision or use an ACTIVE one.");
        TaskDefinitionValidator.RequireFargate(td);
        return td;
    }

    static void CheckLaunch(string? launchType, List<CapacityProviderStrategyItem>? strategy, string? platformVersion)
    {
        if (launchType is not (null or "FARGATE"))
            throw AwsException.InvalidParameter($"launchType '{launchType}' is not available: Berth runs every service on Fargate. Use FARGATE or leave it out.");
        if (launchType is not null && strategy is { Count: > 0 })
            throw AwsException.InvalidParameter("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
        foreach (var c in strategy ?? [])
        {
            if (c.CapacityProvider is not ("FARGATE" or "FARGATE_SPOT"))
                throw AwsException.InvalidParameter($"The specified capacity provider '{c.CapacityProvider}' is not in an ACTIVE state: use FARGATE or FARGATE_SPOT.");
            if (c.Weight is < 0 or > 1000 || c.Base is < 0 or > 100000)
                throw AwsException.InvalidParameter("Capacity provider weight must be 0–1000 and base 0–100000.");
        }
        if (platformVersion is not (null or "LATEST" or "1.4.0"))
            throw AwsException.InvalidParameter($"Platform version '{platformVersion}' is not supported. Use LATEST or 1.4.0.");
    }

    static void CheckDesiredCount(int n)
    {
        if (n is < 0 or > 5000)
            throw AwsException.InvalidParameter("desiredCount must be between 0 and 5000.");
    }

    static void CheckGracePeriod(int? seconds)
    {
        if (seconds is < 0 or > 2147483647)
            throw AwsException.InvalidParameter("healthCheckGracePeriodSeconds must be between 0 and 2147483647.");
    }

    /// <summary>ECS defaults (100 % / 200 %, breaker off) and ranges, over what the service had before.</summary>
    static DeploymentConfiguration DeploymentConfig(DeploymentConfiguration? asked, DeploymentConfiguration? before)
    {
        var min = asked?.MinimumHealthyPercent ?? before?.MinimumHealthyPercent ?? RollingUpdate.DefaultMinimumHealthyPercent;
        var max = asked?.MaximumPercent ?? before?.MaximumPercent ?? RollingUpdate.DefaultMaximumPercent;
        if (min is < 0 or > 100)
            throw AwsException.InvalidParameter($"minimumHealthyPercent must be between 0 and 100 (was {min}).");
        if (max is < 100 or > 200)
            throw AwsException.InvalidParameter($"maximumPercent must be between 100 and 200 for a Fargate service (was {max}).");
        if (min == 100 && max == 100)
            throw AwsException.InvalidParameter("minimumHealthyPercent 100 with maximumPercent 100 leaves no room to replace a task: lower the minimum or raise the maximum.");
        if (asked?.Strategy is not (null or "ROLLING"))
            throw AwsException.InvalidParameter($"Deployment strategy '{asked.Strategy}' is not supported: Berth runs ROLLING deployments.");
        if (asked?.Alarms is { Enable: true })
            throw AwsException.InvalidParameter("Deployment alarms are not supported by Berth yet; use the deployment circuit breaker.");
        return new DeploymentConfiguration
        {
            MinimumHealthyPercent = min,
            MaximumPercent = max,
            DeploymentCircuitBreaker = asked?.DeploymentCircuitBreaker ?? before?.DeploymentCircuitBreaker ?? new DeploymentCircuitBreaker(),
            Alarms = asked?.Alarms ?? before?.Alarms ?? new DeploymentAlarms { Enable = false, Rollback = false },
            Strategy = "ROLLING",
        };
    }

    /// <summary>Each load balancer names a target group the service's tasks can join: an ip target group in use by a load balancer, and a container port the task definition maps.</summary>
    async Task<List<ServiceLoadBalancer>> CheckLoadBalancersAsync(List<ServiceLoadBalancer>? lbs, TaskDefinition td, CancellationToken ct)
    {
        var result = new List<ServiceLoadBalancer>();
        if (lbs is { Count: > 5 })
            throw AwsException.InvalidParameter("A service can have at most 5 load balancers.");
        foreach (var lb in lbs ?? [])
        {
            if (string.IsNullOrEmpty(lb.TargetGroupArn))
                throw AwsException.InvalidParameter(lb.LoadBalancerName is null
                    ? "targetGroupArn is required for a service behind an application load balancer."
                    : "Classic load balancers (loadBalancerName) are not supported; name an application load balancer's targetGroupArn.");
            if (string.IsNullOrEmpty(lb.ContainerName) || lb.ContainerPort is null)
                throw AwsException.InvalidParameter("containerName and containerPort are required for each load balancer.");
            var tg = await store.GetAsync(ElbKinds.TargetGroups, lb.TargetGroupArn, ct)
                ?? throw AwsException.InvalidParameter($"Unable to find target group '{lb.TargetGroupArn}'. Create it first (aws elbv2 create-target-group --target-type ip).");
            if (tg.Value.TargetType != "ip")
                throw AwsException.InvalidParameter($"The provided target group {lb.TargetGroupArn} has target type {tg.Value.TargetType}, which is incompatible with the awsvpc network mode specified in the task definition.");
            if (!await targets.InUseAsync(lb.TargetGroupArn, ct))
                throw AwsException.InvalidParameter($"The target group with targetGroupArn {lb.TargetGroupArn} does not have an associated load balancer.");
            var container = td.ContainerDefinitions?.FirstOrDefault(c => c.Name == lb.ContainerName)
                ?? throw AwsException.InvalidParameter($"The container {lb.ContainerName} does not exist in the task definition.");
            if (container.PortMappings?.Any(p => p.ContainerPort == lb.ContainerPort) != true)
                throw AwsException.InvalidParameter($"The container {lb.ContainerName} did not have a container port {lb.ContainerPort} defined.");
            if (result.Any(x => x.TargetGroupArn == lb.TargetGroupArn))
                throw AwsException.InvalidParameter($"Target group {lb.TargetGroupArn} is named twice.");
            result.Add(new ServiceLoadBalancer { TargetGroupArn = lb.TargetGroupArn, ContainerName = lb.ContainerName, ContainerPort = lb.ContainerPort });
        }
        return result;
    }

    static string Fingerprint(CreateServiceRequest r)
    {
        var json = JsonSerializer.Serialize(r with { ClientToken = null }, EcsJson.Default.CreateServiceRequest);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
