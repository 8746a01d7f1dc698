using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.TaskRole;
using Berth.Ecs.Validation;
using Berth.Kernel;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Services;

/// <summary>A checked awsvpcConfiguration (as the task or service records it) and where it places tasks.</summary>
public sealed record TaskNetwork(AwsVpcConfiguration Config, NetworkChoice Choice);

/// <summary>RunTask, StopTask, DescribeTasks, ListTasks: they record intent; the task controller acts on it.</summary>
public sealed class TaskService(
    IStateStore store, Arns arns, ClusterService clusters, TaskDefinitionService definitions, TagService tags,
    ITaskWaker controller, INetworkDirectory network, TimeProvider clock, TaskRoleCredentials? roleCredentials = null)
{
    /// <summary>Without the host's (no STS), no role can be assumed and a task with one is refused.</summary>
    readonly TaskRoleCredentials _roles = roleCredentials ?? new TaskRoleCredentials(arns, clock);

    public async Task<(List<EcsTask> Tasks, List<Failure> Failures)> RunAsync(RunTaskRequest req, CancellationToken ct)
    {
        var cluster = await clusters.RequireActiveAsync(req.Cluster, ct);
        var count = req.Count ?? 1;
        if (count is < 1 or > 10)
            throw AwsException.InvalidParameter("count must be between 1 and 10.");
        if (req.LaunchType is not (null or "FARGATE"))
            throw AwsException.InvalidParameter($"launchType '{req.LaunchType}' is not available: Berth runs every task on Fargate. Use --launch-type FARGATE or leave it out.");
        if (req.StartedBy is { Length: > 128 })
            throw AwsException.InvalidParameter("startedBy can be at most 128 characters.");
        if (req.ClientToken is { Length: 0 or > 64 })
            throw AwsException.InvalidParameter("clientToken must be between 1 and 64 characters.");
        if (req.PlatformVersion is not (null or "LATEST" or "1.4.0"))
            throw AwsException.InvalidParameter($"Platform version '{req.PlatformVersion}' is not supported. Use LATEST or 1.4.0.");
        var tagList = TagService.Validate(req.Tags);
        var awsvpc = await ValidateNetworkAsync(req.NetworkConfiguration, ct);

        var idemKey = req.ClientToken is null ? null : $"RunTask|{cluster.ClusterName}|{req.ClientToken}";
        var fingerprint = Fingerprint(req);
        if (idemKey is not null && await ReplayAsync(idemKey, fingerprint, ct) is { } replay)
            return replay;

        var td = (await definitions.ResolveAsync(req.TaskDefinition, ct)).Value;
        if (td.Status == "DELETE_IN_PROGRESS")
            throw AwsException.Client($"Task definition {td.TaskDefinitionArn} is being deleted and cannot run new tasks.");
        TaskDefinitionValidator.RequireFargate(td);
        var (cpu, memory) = TaskSize(td, req.Overrides);
        CheckOverrides(td, req.Overrides);

        // RunTask places its tasks in the first subnet named (the default VPC's first when none was).
        var subnets = Enumerable.Repeat(awsvpc.Choice.Subnets[0], count).ToList();
        return await LaunchAsync(cluster, td, req, awsvpc.Config, subnets, cpu, memory, tagList, idemKey, fingerprint, ct, openRoleSessions: true);
    }

    /// <summary>
    /// Records <paramref name="count"/> new tasks of a validated request (the service scheduler's path too:
    /// its tags may carry the <c>aws:ecs:</c> managed tags users cannot set), one in each of <paramref name="subnets"/>.
    /// </summary>
    public Task<(List<EcsTask> Tasks, List<Failure> Failures)> LaunchAsync(Cluster cluster, TaskDefinition td, RunTaskRequest req,
        AwsVpcConfiguration awsvpc, IReadOnlyList<SubnetPlacement> subnets, List<Tag> tagList, CancellationToken ct)
    {
        var (cpu, memory) = TaskSize(td, req.Overrides);
        return LaunchAsync(cluster, td, req, awsvpc, subnets, cpu, memory, tagList, null, "", ct);
    }

    async Task<(List<EcsTask> Tasks, List<Failure> Failures)> LaunchAsync(Cluster cluster, TaskDefinition td, RunTaskRequest req,
        AwsVpcConfiguration awsvpc, IReadOnlyList<SubnetPlacement> subnets, int cpu, int memory, List<Tag> tagList, string? idemKey, string fingerprint,
        CancellationToken ct, bool openRoleSessions = false)
    {
        var now = clock.GetUtcNow();
        var records = subnets.Select(subnet => NewTask(cluster, td, req, awsvpc, subnet, cpu, memory, now)).ToList();
        if (openRoleSessions)
            await OpenRoleSessionsAsync(records, ct);
        var writes = records.Select(r => StoreWrite.Insert(EcsKinds.Tasks, r)).ToList();
        foreach (var r in records)
        {
            if (TagService.Initial(r.Task.TaskArn!, tagList) is { } w)
                writes.Add(w);
        }
        if (idemKey is not null)
        {
            writes.Add(StoreWrite.Insert(EcsKinds.Idempotency, new IdempotencyRecord
            {
                Key = idemKey,
                Fingerprint = fingerprint,
                Arns = records.Select(r => r.Task.TaskArn!).ToList(),
                CreatedAt = now.ToUnixTimeMilliseconds(),
            }));
        }
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException) when (idemKey is not null)
        {
            // A concurrent request with the same token won; answer as it did.
            DropRoleSessions(records);
            if (await ReplayAsync(idemKey, fingerprint, ct) is { } winner)
                return winner;
            throw;
        }
        catch
        {
            DropRoleSessions(records);
            throw;
        }
        foreach (var r in records)
            controller.Notify(Arns.TaskId(r.Task.TaskArn!));
        return (records.Select(r => r.Task with { Tags = tagList }).ToList(), []);
    }

    /// <summary>
    /// RunTask opens each task's role session before anything is stored, so a role ECS cannot assume is refused as ECS
    /// refuses it (ClientException) rather than by a task that stops; the task's start then finds the session open.
    /// </summary>
    async Task OpenRoleSessionsAsync(List<TaskRecord> records, CancellationToken ct)
    {
        try
        {
            foreach (var r in records.Where(r => r.CredentialsId is not null))
                await _roles.EnsureAsync(r, ct);
        }
        catch (TaskRoleRefusedException e)
        {
            DropRoleSessions(records);
            throw AwsException.Client(e.Message);
        }
    }

    void DropRoleSessions(List<TaskRecord> records)
    {
        foreach (var r in records)
            _roles.Drop(r.Task.TaskArn!);
    }

    async Task<(List<EcsTask>, List<Failure>)?> ReplayAsync(string key, string fingerprint, CancellationToken ct)
    {
        var prior = await store.GetAsync(EcsKinds.Idempotency, key, ct);
        if (prior is null)
            return null;
        if (prior.Value.Fingerprint != fingerprint)
            throw new AwsException("ConflictException", $"The RunTask request could not be processed due to conflicts. The provided clientToken is already in use with a different RunTask request. The resourceIds are the existing task ARNs which are already associated with the clientToken: {string.Join(", ", prior.Value.Arns)}.");
        var tasks = new List<EcsTask>();
        foreach (var arn in prior.Value.Arns)
        {
            if (await store.GetAsync(EcsKinds.Tasks, Arns.TaskId(arn), ct) is { } t)
                tasks.Add(t.Value.Task with { Tags = await tags.GetAsync(arn, ct) });
        }
        return (tasks, []);
    }

    /// <summary>A digest of everything in the request but the token, to tell a retry from a different request.</summary>
    static string Fingerprint(RunTaskRequest req)
    {
        var json = JsonSerializer.Serialize(req with { ClientToken = null }, EcsJson.Default.RunTaskRequest);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>
    /// The awsvpc configuration a task gets: the given one checked, its subnets and groups found in one VPC through the
    /// network directory, or the default VPC's subnets and default group when none is given.
    /// </summary>
    public async Task<TaskNetwork> ValidateNetworkAsync(NetworkConfiguration? nc, CancellationToken ct)
    {
        var vpc = nc?.AwsvpcConfiguration;
        if (vpc is not null)
        {
            if (vpc.Subnets is not { Count: > 0 and <= 16 } || vpc.Subnets.Any(string.IsNullOrWhiteSpace))
                throw AwsException.InvalidParameter("subnets can not be empty: name between 1 and 16 subnets in awsvpcConfiguration.");
            if (vpc.SecurityGroups is { Count: > 5 })
                throw AwsException.InvalidParameter("At most 5 security groups can be named in awsvpcConfiguration.");
            if (vpc.SecurityGroups?.Any(string.IsNullOrWhiteSpace) == true)
                throw AwsException.InvalidParameter("securityGroups can not contain an empty id.");
            if (vpc.AssignPublicIp is not (null or "ENABLED" or "DISABLED"))
                throw AwsException.InvalidParameter($"assignPublicIp '{vpc.AssignPublicIp}' is not valid: use ENABLED or DISABLED.");
        }
        NetworkChoice choice;
        try
        {
            choice = await network.ResolveAsync(vpc?.Subnets?.Distinct(StringComparer.Ordinal).ToList(), vpc?.SecurityGroups?.Distinct(StringComparer.Ordinal).ToList(), ct);
        }
        catch (NetworkReferenceException e)
        {
            throw AwsException.InvalidParameter(e.Message);
        }
        if (choice.Subnets.Count == 0)
            throw AwsException.InvalidParameter("The default VPC has no subnets: name subnets in awsvpcConfiguration.");
        var config = new AwsVpcConfiguration
        {
            Subnets = choice.Subnets.Select(s => s.SubnetId).ToList(),
            SecurityGroups = [.. choice.SecurityGroupIds],
            AssignPublicIp = vpc?.AssignPublicIp ?? "DISABLED",
        };
        return new TaskNetwork(config, choice);
    }

    static (int Cpu, int Memory) TaskSize(TaskDefinition td, TaskOverride? o)
    {
        var cpu = o?.Cpu is null ? FargateSizes.ParseCpu(td.Cpu) : FargateSizes.ParseCpu(o.Cpu) ?? throw AwsException.InvalidParameter($"Invalid cpu override '{o.Cpu}'.");
        var memory = o?.Memory is null ? FargateSizes.ParseMemory(td.Memory) : FargateSizes.ParseMemory(o.Memory) ?? throw AwsException.InvalidParameter($"Invalid memory override '{o.Memory}'.");
        if (cpu is null || memory is null)
            throw AwsException.Client("The task definition has no task size; register it with cpu and memory.");
        if (!FargateSizes.IsValid(cpu.Value, memory.Value))
            throw AwsException.InvalidParameter(FargateSizes.Explain(cpu.Value, memory.Value));
        return (cpu.Value, memory.Value);
    }

    static void CheckOverrides(TaskDefinition td, TaskOverride? o)
    {
        foreach (var co in o?.ContainerOverrides ?? [])
        {
            if (td.ContainerDefinitions!.All(c => c.Name != co.Name))
                throw AwsException.InvalidParameter($"Override for container named {co.Name} is not a container in the TaskDefinition.");
            if (co.Memory is < 6 || co.MemoryReservation is < 6)
                throw AwsException.InvalidParameter($"Container override for {co.Name}: memory must be at least 6 MiB.");
            if (co.Cpu is < 0)
                throw AwsException.InvalidParameter($"Container override for {co.Name}: cpu must not be negative.");
            if (co.Environment?.Any(e => string.IsNullOrEmpty(e.Name)) == true)
                throw AwsException.InvalidParameter($"Container override for {co.Name}: every environment variable needs a name.");
        }
        if (o?.EphemeralStorage is { } es && es.SizeInGiB is < 21 or > 200)
            throw AwsException.InvalidParameter("ephemeralStorage override must be between 21 and 200 GiB.");
        TaskRoles.Validate(o?.TaskRoleArn);
    }

    TaskRecord NewTask(Cluster cluster, TaskDefinition td, RunTaskRequest req, AwsVpcConfiguration vpc, SubnetPlacement subnet, int cpu, int memory, DateTimeOffset now)
    {
        var id = Arns.NewTaskId();
        var arn = arns.Task(cluster.ClusterName!, id);
        var eniId = Guid.NewGuid().ToString();
        var task = new EcsTask
        {
            Attachments =
            [
                new Attachment
                {
                    Id = eniId, Type = "ElasticNetworkInterface", Status = "PRECREATED",
                    Details = [new KeyValue { Name = "subnetId", Value = subnet.SubnetId }],
                },
            ],
            Attributes = [],
            AvailabilityZone = subnet.AvailabilityZone,
            ClusterArn = cluster.ClusterArn,
            Connectivity = "CONNECTED",
            Containers = td.ContainerDefinitions!.Select(c => new TaskContainer
            {
                ContainerArn = arns.Container(cluster.ClusterName!, id, Guid.NewGuid().ToString()),
                TaskArn = arn,
                Name = c.Name,
                Image = c.Image,
                LastStatus = "PENDING",
                NetworkInterfaces = [],
                HealthStatus = "UNKNOWN",
                Cpu = (req.Overrides?.ContainerOverrides?.FirstOrDefault(o => o.Name == c.Name)?.Cpu ?? c.Cpu).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Memory = c.Memory?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MemoryReservation = c.MemoryReservation?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).ToList(),
            Cpu = cpu.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = now,
            DesiredStatus = "RUNNING",
            EnableExecuteCommand = req.EnableExecuteCommand,
            Group = req.Group ?? $"family:{td.Family}",
            HealthStatus = "UNKNOWN",
            LastStatus = "PROVISIONING",
            LaunchType = "FARGATE",
            Memory = memory.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Overrides = req.Overrides ?? new TaskOverride { ContainerOverrides = [] },
            PlatformVersion = "1.4.0",
            PlatformFamily = "Linux",
            StartedBy = req.StartedBy,
            TaskArn = arn,
            TaskDefinitionArn = td.TaskDefinitionArn,
            Version = 1,
            EphemeralStorage = new EphemeralStorage { SizeInGiB = req.Overrides?.EphemeralStorage?.SizeInGiB ?? td.EphemeralStorage?.SizeInGiB ?? 20 },
            FargateEphemeralStorage = new TaskEphemeralStorage { SizeInGiB = req.Overrides?.EphemeralStorage?.SizeInGiB ?? td.EphemeralStorage?.SizeInGiB ?? 20 },
        };
        return new TaskRecord
        {
            Task = task,
            Definition = td,
            ClientToken = req.ClientToken,
            NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = vpc },
            CredentialsId = TaskRoles.Of(td, req.Overrides) is null ? null : CredentialsId.New(),
        };
    }

    public async Task<EcsTask> StopAsync(string? clusterRef, string? taskRef, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(taskRef))
            throw AwsException.InvalidParameter("task is required.");
        if (reason is { Length: > 1024 })
            throw AwsException.InvalidParameter("reason can be at most 1024 characters.");
        var cluster = await clusters.RequireActiveAsync(clusterRef ?? Arns.ClusterOfTask(taskRef), ct);
        var id = Arns.TaskId(taskRef);
        var rec = await store.MutateAsync(id, r => r.Task.ClusterArn == cluster.ClusterArn
            && TaskWorker.RequestStop(r, StopCodes.UserInitiated, reason ?? "Task stopped by user", clock.GetUtcNow()), ct);
        if (rec is null || rec.Task.ClusterArn != cluster.ClusterArn)
            throw AwsException.InvalidParameter("The referenced task was not found.");
        controller.Notify(id);
        return rec.Task with { Tags = await tags.GetAsync(rec.Task.TaskArn!, ct) };
    }

    public async Task<(List<EcsTask> Tasks, List<Failure> Failures)> DescribeAsync(string? clusterRef, IReadOnlyList<string>? taskRefs, IReadOnlyCollection<string>? include, CancellationToken ct)
    {
        if (taskRefs is not { Count: > 0 })
            throw AwsException.InvalidParameter("Tasks cannot be empty.");
        if (taskRefs.Count > 100)
            throw AwsException.InvalidParameter("You can describe up to 100 tasks at a time.");
        if (include?.Any(i => i != "TAGS") == true)
            throw AwsException.InvalidParameter("include accepts only TAGS.");
        var cluster = await clusters.RequireActiveOrInactiveAsync(clusterRef ?? Arns.ClusterOfTask(taskRefs[0]), ct);
        var result = new List<EcsTask>();
        var failures = new List<Failure>();
        foreach (var r in taskRefs)
        {
            string id;
            try
            {
                id = Arns.TaskId(r);
            }
            catch (AwsException)
            {
                failures.Add(new Failure { Arn = r, Reason = "MISSING" });
                continue;
            }
            var t = await store.GetAsync(EcsKinds.Tasks, id, ct);
            if (t is null || t.Value.Task.ClusterArn != cluster.ClusterArn)
            {
                failures.Add(new Failure { Arn = Arns.Parse(r) is null ? arns.Task(cluster.ClusterName!, r) : r, Reason = "MISSING" });
                continue;
            }
            result.Add(t.Value.Task with { Tags = include?.Contains("TAGS") == true ? await tags.GetAsync(t.Value.Task.TaskArn!, ct) : null });
        }
        return (result, failures);
    }

    public async Task<(List<string> Arns, string? NextToken)> ListAsync(
        string? clusterRef, string? family, string? startedBy, string? serviceName, string? desiredStatus, string? launchType,
        string? nextToken, int? maxResults, CancellationToken ct)
    {
        var cluster = await clusters.RequireActiveAsync(clusterRef, ct);
        if (desiredStatus is not (null or "RUNNING" or "PENDING" or "STOPPED"))
            throw AwsException.InvalidParameter($"Invalid desiredStatus '{desiredStatus}'. Valid values: RUNNING, PENDING, STOPPED.");
        if (launchType is not (null or "FARGATE" or "EC2" or "EXTERNAL" or "MANAGED_INSTANCES"))
            throw AwsException.InvalidParameter($"Invalid launchType '{launchType}'.");
        var limit = Paging.Limit(maxResults, 100, 100);
        var listing = $"tasks|{cluster.ClusterName}|{family}|{startedBy}|{serviceName}|{desiredStatus}|{launchType}";
        var offset = Paging.Decode(nextToken, listing);
        var wanted = desiredStatus ?? "RUNNING";
        var all = await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Scope = cluster.ClusterName, Name = family }, ct);
        var page = all.Select(t => t.Value.Task)
            .Where(t => t.DesiredStatus == wanted)
            .Where(t => startedBy is null || t.StartedBy == startedBy)
            .Where(t => serviceName is null || t.Group == $"service:{serviceName}")
            .Where(t => launchType is null || t.LaunchType == launchType)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.TaskArn, StringComparer.Ordinal)
            .Skip(offset).Take(limit).Select(t => t.TaskArn!).ToList();
        return (page, Paging.Encode(offset + page.Count, page.Count, limit, listing));
    }
}
