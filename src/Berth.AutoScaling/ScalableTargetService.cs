using Berth.Ecs;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.AutoScaling;

/// <summary>RegisterScalableTarget, DeregisterScalableTarget, DescribeScalableTargets and the tag operations: they record intent; the scaler acts.</summary>
public sealed class ScalableTargetService(IStateStore store, Arns arns, TimeProvider clock)
{
    const int MaxCapacityLimit = 5000;

    public async Task<string> RegisterAsync(string? serviceNamespace, string? resourceId, string? dimension, int? min, int? max,
        SuspendedState? suspended, string? roleArn, Dictionary<string, string>? tags, CancellationToken ct)
    {
        var r = EcsResource.Parse(serviceNamespace, resourceId, dimension);
        CheckCapacity(min, "MinCapacity");
        CheckCapacity(max, "MaxCapacity");
        CheckTags(tags);
        var service = await store.GetAsync(EcsKinds.Services, $"{r.Cluster}/{r.Service}", ct);
        if (service is null || service.Value.Service.Status == "INACTIVE")
            throw AutoScalingErrors.Validation($"ECS service doesn't exist: {r.ResourceId}");

        var existing = await store.GetAsync(AutoScalingKinds.Targets, r.Key, ct);
        if (existing is null)
        {
            if (min is null || max is null)
                throw AutoScalingErrors.Validation("MinCapacity and MaxCapacity are required to register a new scalable target.");
            CheckRange(min.Value, max.Value);
            var record = new ScalableTargetRecord
            {
                Target = new ScalableTarget
                {
                    ServiceNamespace = EcsResource.Namespace,
                    ResourceId = r.ResourceId,
                    ScalableDimension = EcsResource.Dimension,
                    MinCapacity = min.Value,
                    MaxCapacity = max.Value,
                    RoleARN = roleArn ?? AutoScalingArns.DefaultRole(arns),
                    CreationTime = clock.GetUtcNow(),
                    SuspendedState = Merge(null, suspended),
                    ScalableTargetARN = AutoScalingArns.Target(arns, Guid.NewGuid().ToString("N")),
                },
                Tags = tags ?? [],
            };
            await CommitAsync(StoreWrite.Insert(AutoScalingKinds.Targets, record), ct);
            return record.Target.ScalableTargetARN!;
        }

        var t = existing.Value.Target;
        CheckRange(min ?? t.MinCapacity, max ?? t.MaxCapacity);
        t.MinCapacity = min ?? t.MinCapacity;
        t.MaxCapacity = max ?? t.MaxCapacity;
        t.SuspendedState = Merge(t.SuspendedState, suspended);
        if (roleArn is not null)
            t.RoleARN = roleArn;
        foreach (var (k, v) in tags ?? [])
            existing.Value.Tags[k] = v;
        if (existing.Value.Tags.Count > 50)
            throw AutoScalingErrors.TooManyTags();
        await CommitAsync(StoreWrite.Update(AutoScalingKinds.Targets, existing.Value, existing.Version), ct);
        return t.ScalableTargetARN!;
    }

    /// <summary>Removes the target with its policies, their alarms, and its scheduled actions, in one commit.</summary>
    public async Task DeregisterAsync(string? serviceNamespace, string? resourceId, string? dimension, CancellationToken ct)
    {
        var r = EcsResource.Parse(serviceNamespace, resourceId, dimension);
        var existing = await store.GetAsync(AutoScalingKinds.Targets, r.Key, ct)
            ?? throw AutoScalingErrors.ObjectNotFound($"No scalable target found for {r.Describe()}");
        var writes = new List<StoreWrite> { StoreWrite.Delete(AutoScalingKinds.Targets, r.Key, existing.Version) };
        foreach (var p in await store.ListAsync(AutoScalingKinds.Policies, new StoreQuery { Scope = r.Key }, ct))
        {
            writes.Add(StoreWrite.Delete(AutoScalingKinds.Policies, AutoScalingKinds.Policies.Id(p.Value), p.Version));
            writes.AddRange(await ScalingPolicyService.AlarmDeletesAsync(store, p.Value.PolicyARN, ct));
        }
        foreach (var a in await store.ListAsync(AutoScalingKinds.ScheduledActions, new StoreQuery { Scope = r.Key }, ct))
            writes.Add(StoreWrite.Delete(AutoScalingKinds.ScheduledActions, AutoScalingKinds.ScheduledActions.Id(a.Value), a.Version));
        await CommitAsync(writes, ct);
    }

    public async Task<(List<ScalableTarget> Targets, string? NextToken)> DescribeAsync(string? serviceNamespace, List<string>? resourceIds,
        string? dimension, int? maxResults, string? nextToken, CancellationToken ct)
    {
        EcsResource.RequireNamespace(serviceNamespace);
        if (resourceIds is { Count: > 50 })
            throw AutoScalingErrors.Validation("ResourceIds can name at most 50 resources.");
        if (resourceIds?.Any(string.IsNullOrEmpty) == true)
            throw AutoScalingErrors.Validation("ResourceIds cannot contain an empty resource ID.");
        var keys = resourceIds?.Select(id => EcsResource.OptionalKey(id, dimension)!).ToList();
        EcsResource.OptionalKey(null, dimension);
        var all = await store.ListAsync(AutoScalingKinds.Targets, new StoreQuery { Scope = EcsResource.Namespace, Ids = keys is { Count: > 0 } ? keys : null }, ct);
        var listing = $"targets|{string.Join(',', keys ?? [])}";
        var (page, next) = AutoScalingPaging.Page(all.Select(s => s.Value.Target).ToList(), maxResults, nextToken, listing);
        return (page, next);
    }

    public async Task<Dictionary<string, string>> ListTagsAsync(string? arn, CancellationToken ct) =>
        (await RequireByArnAsync(arn, ct)).Value.Tags;

    public async Task TagAsync(string? arn, Dictionary<string, string>? tags, CancellationToken ct)
    {
        if (tags is null)
            throw AutoScalingErrors.Validation("Tags is required.");
        CheckTags(tags);
        var target = await RequireByArnAsync(arn, ct);
        foreach (var (k, v) in tags)
            target.Value.Tags[k] = v;
        if (target.Value.Tags.Count > 50)
            throw AutoScalingErrors.TooManyTags();
        await CommitAsync(StoreWrite.Update(AutoScalingKinds.Targets, target.Value, target.Version), ct);
    }

    public async Task UntagAsync(string? arn, List<string>? keys, CancellationToken ct)
    {
        if (keys is null)
            throw AutoScalingErrors.Validation("TagKeys is required.");
        if (keys.Any(string.IsNullOrEmpty))
            throw AutoScalingErrors.Validation("TagKeys cannot contain an empty key.");
        if (keys.Count > 200)
            throw AutoScalingErrors.Validation("TagKeys can name at most 200 keys.");
        var target = await RequireByArnAsync(arn, ct);
        foreach (var k in keys)
            target.Value.Tags.Remove(k);
        await CommitAsync(StoreWrite.Update(AutoScalingKinds.Targets, target.Value, target.Version), ct);
    }

    async Task<Stored<ScalableTargetRecord>> RequireByArnAsync(string? arn, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(arn))
            throw AutoScalingErrors.Validation("ResourceARN is required.");
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || !arn.Contains(":application-autoscaling:", StringComparison.Ordinal))
            throw AutoScalingErrors.Validation($"Invalid ResourceARN '{arn}': tags apply to scalable targets (arn:aws:application-autoscaling:REGION:ACCOUNT:scalable-target/ID).");
        var all = await store.ListAsync(AutoScalingKinds.Targets, new StoreQuery(), ct);
        return all.FirstOrDefault(t => t.Value.Target.ScalableTargetARN == arn) ?? throw AutoScalingErrors.ResourceNotFound(arn);
    }

    async Task CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken ct)
    {
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw AutoScalingErrors.ConcurrentUpdate();
        }
    }

    Task CommitAsync(StoreWrite write, CancellationToken ct) => CommitAsync([write], ct);

    static SuspendedState? Merge(SuspendedState? current, SuspendedState? given) =>
        given is null ? current : new SuspendedState
        {
            DynamicScalingInSuspended = given.DynamicScalingInSuspended ?? current?.DynamicScalingInSuspended ?? false,
            DynamicScalingOutSuspended = given.DynamicScalingOutSuspended ?? current?.DynamicScalingOutSuspended ?? false,
            ScheduledScalingSuspended = given.ScheduledScalingSuspended ?? current?.ScheduledScalingSuspended ?? false,
        };

    static void CheckCapacity(int? value, string name)
    {
        if (value is < 0 or > MaxCapacityLimit)
            throw AutoScalingErrors.Validation($"{name} must be between 0 and {MaxCapacityLimit}.");
    }

    static void CheckRange(int min, int max)
    {
        if (min > max)
            throw AutoScalingErrors.Validation($"Minimum capacity ({min}) cannot be greater than maximum capacity ({max}).");
    }

    internal static void CheckTags(Dictionary<string, string>? tags)
    {
        if (tags is null)
            return;
        if (tags.Count > 50)
            throw AutoScalingErrors.TooManyTags();
        foreach (var (k, v) in tags)
        {
            if (k.Length is 0 or > 128 || k.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw AutoScalingErrors.Validation($"Invalid tag key '{k}': use 1 to 128 characters, not starting with aws:.");
            if (v is null || v.Length > 256)
                throw AutoScalingErrors.Validation($"Invalid value for tag '{k}': use up to 256 characters.");
        }
    }
}
