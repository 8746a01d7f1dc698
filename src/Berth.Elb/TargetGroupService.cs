using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Elb;

/// <summary>
/// CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup and target group attributes.
/// Berth's target groups are HTTP groups of type ip: ECS tasks register by their awsvpc address.
/// </summary>
public sealed class TargetGroupService(IStateStore store, Arns arns, LoadBalancerNetwork network, ILoadBalancerDataPlane dataPlane, TimeProvider clock)
{
    public const int MaxTargetGroups = 3000;

    public async Task<TargetGroupDescription> CreateAsync(CreateTargetGroupRequest r, CancellationToken ct)
    {
        var name = ElbNames.RequireTargetGroupName(r.Name);
        if (r.TargetType is not (null or "ip"))
            throw ElbErrors.Validation($"Target type '{r.TargetType}' is not supported: Berth tasks register by their IP address, so use target type ip.");
        if (r.Protocol is null)
            throw ElbErrors.Validation("A protocol must be specified for a target group of type ip.");
        if (r.Protocol != "HTTP")
            throw ElbErrors.Validation($"Target group protocol '{r.Protocol}' is not supported: Berth load balancers forward HTTP to their targets.");
        if (r.ProtocolVersion is not (null or "" or "HTTP1")) // Terraform sends an empty version when none is set: the default
            throw ElbErrors.Validation($"Protocol version '{r.ProtocolVersion}' is not supported: Berth target groups speak HTTP1.");
        if (r.IpAddressType is not (null or "ipv4"))
            throw ElbErrors.Validation($"IP address type '{r.IpAddressType}' is not supported: Berth tasks have IPv4 addresses.");
        if (r.Port is null)
            throw ElbErrors.Validation("A port must be specified for a target group of type ip.");
        var port = ElbRefusals.Range(r.Port, "port", 1, 65535);
        var tagList = ElbTags.Validate(r.Tags);
        var vpcId = await network.TargetGroupVpcAsync(r.VpcId, ct);
        var tg = HealthCheckValidator.Apply(new TargetGroup
        {
            TargetGroupArn = arns.TargetGroup(name, Arns.NewElbId()),
            TargetGroupName = name,
            Protocol = "HTTP",
            ProtocolVersion = "HTTP1",
            Port = port,
            VpcId = vpcId,
            TargetType = "ip",
            IpAddressType = "ipv4",
            CreatedTime = clock.GetUtcNow(),
        }, r.HealthCheck);

        var existing = (await store.ListAsync(ElbKinds.TargetGroups, new StoreQuery { Name = name }, ct)).FirstOrDefault()?.Value;
        if (existing is not null)
        {
            // The same request again answers with the group it made; other settings under the same name are refused.
            return SameSettings(existing, tg) ? await DescribeOneAsync(existing, ct)
                : throw new AwsException("DuplicateTargetGroupName", $"A target group with the same name '{name}' exists, but with different settings");
        }
        if (await store.CountAsync(ElbKinds.TargetGroups, new StoreQuery(), ct) >= MaxTargetGroups)
            throw new AwsException("TooManyTargetGroups", $"You have reached the limit of {MaxTargetGroups} target groups.");
        var writes = new List<StoreWrite> { StoreWrite.Insert(ElbKinds.TargetGroups, tg) };
        if (TagService.Initial(tg.TargetGroupArn, tagList) is { } tagWrite)
            writes.Add(tagWrite);
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new AwsException("DuplicateTargetGroupName", $"A target group with the same name '{name}' exists, but with different settings");
        }
        return new TargetGroupDescription(tg, []);
    }

    static bool SameSettings(TargetGroup a, TargetGroup b) =>
        a.Protocol == b.Protocol && a.Port == b.Port && a.VpcId == b.VpcId && a.TargetType == b.TargetType
        && a.HealthCheckProtocol == b.HealthCheckProtocol && a.HealthCheckPort == b.HealthCheckPort && a.HealthCheckEnabled == b.HealthCheckEnabled
        && a.HealthCheckPath == b.HealthCheckPath && a.HealthCheckIntervalSeconds == b.HealthCheckIntervalSeconds
        && a.HealthCheckTimeoutSeconds == b.HealthCheckTimeoutSeconds && a.HealthyThresholdCount == b.HealthyThresholdCount
        && a.UnhealthyThresholdCount == b.UnhealthyThresholdCount && a.MatcherHttpCode == b.MatcherHttpCode;

    public async Task<TargetGroup> RequireAsync(string? arn, CancellationToken ct, string member = "targetGroupArn") =>
        (await store.GetAsync(ElbKinds.TargetGroups, ElbNames.TargetGroupArn(arn, member), ct))?.Value ?? throw ElbErrors.TargetGroupNotFound(arn);

    async Task<TargetGroupDescription> DescribeOneAsync(TargetGroup tg, CancellationToken ct) =>
        new(tg, (await ElbAssociations.LoadAsync(store, ct)).LoadBalancersOf(tg.TargetGroupArn));

    public async Task<(List<TargetGroupDescription> TargetGroups, string? NextMarker)> DescribeAsync(
        string? loadBalancerArn, IReadOnlyList<string>? targetGroupArns, IReadOnlyList<string>? names, string? marker, int? pageSize, CancellationToken ct)
    {
        var filters = (loadBalancerArn is not null ? 1 : 0) + (targetGroupArns is { Count: > 0 } ? 1 : 0) + (names is { Count: > 0 } ? 1 : 0);
        if (filters > 1)
            throw ElbErrors.Validation("Specify at most one of LoadBalancerArn, TargetGroupArns and Names.");
        var associations = await ElbAssociations.LoadAsync(store, ct);
        List<TargetGroup> found = [];
        if (targetGroupArns is { Count: > 0 })
        {
            foreach (var arn in targetGroupArns.Distinct(StringComparer.Ordinal))
                found.Add(await RequireAsync(arn, ct, "targetGroupArns.member"));
        }
        else if (names is { Count: > 0 })
        {
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                found.Add((await store.ListAsync(ElbKinds.TargetGroups, new StoreQuery { Name = name }, ct)).FirstOrDefault()?.Value
                    ?? throw new AwsException("TargetGroupNotFound", $"Target groups '[{name}]' not found"));
            }
        }
        else
        {
            if (loadBalancerArn is not null && await store.GetAsync(ElbKinds.LoadBalancers, ElbNames.LoadBalancerArn(loadBalancerArn), ct) is null)
                throw ElbErrors.LoadBalancerNotFound(loadBalancerArn);
            found = (await store.ListAsync(ElbKinds.TargetGroups, new StoreQuery(), ct)).Select(s => s.Value)
                .Where(g => loadBalancerArn is null || associations.LoadBalancersOf(g.TargetGroupArn).Contains(loadBalancerArn)).ToList();
        }
        var all = found.Select(g => new TargetGroupDescription(g, associations.LoadBalancersOf(g.TargetGroupArn))).ToList();
        return ElbPaging.Page(all, marker, pageSize, $"tg|{loadBalancerArn}|{string.Join(',', targetGroupArns ?? [])}|{string.Join(',', names ?? [])}");
    }

    public async Task<TargetGroupDescription> ModifyAsync(string? arn, HealthCheckSettings settings, CancellationToken ct)
    {
        var tg = await RequireAsync(arn, ct);
        HealthCheckValidator.Apply(tg, settings);
        var updated = await store.MutateAsync(ElbKinds.TargetGroups, tg.TargetGroupArn, (g, _) => HealthCheckValidator.Apply(g, settings), ct)
            ?? throw ElbErrors.TargetGroupNotFound(arn);
        dataPlane.Notify();
        return await DescribeOneAsync(updated, ct);
    }

    /// <summary>Deletes a target group no listener or rule forwards to; an ARN that names nothing succeeds, as on AWS.</summary>
    public async Task DeleteAsync(string? arn, CancellationToken ct)
    {
        ElbNames.TargetGroupArn(arn);
        var stored = await store.GetAsync(ElbKinds.TargetGroups, arn!, ct);
        if (stored is null)
            return;
        if ((await ElbAssociations.LoadAsync(store, ct)).IsInUse(arn!))
            throw ElbRefusals.InUse($"Target group '{arn}' is currently in use by a listener or a rule");
        var writes = new List<StoreWrite> { StoreWrite.Delete(ElbKinds.TargetGroups, arn!, stored.Version) };
        writes.AddRange(await LoadBalancerService.TagDeletesAsync(store, [arn!], ct));
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw ElbRefusals.InUse($"Target group '{arn}' changed while it was being deleted; try again.");
        }
        dataPlane.Notify();
    }

    public async Task<Dictionary<string, string>> DescribeAttributesAsync(string? arn, CancellationToken ct) =>
        AttributeSet.Merge(TargetGroupAttributeRules.Rules, (await RequireAsync(arn, ct)).Attributes);

    public async Task<Dictionary<string, string>> ModifyAttributesAsync(string? arn, IReadOnlyList<ElbAttribute>? attributes, CancellationToken ct)
    {
        var tg = await RequireAsync(arn, ct);
        AttributeSet.Apply(TargetGroupAttributeRules.Rules, tg.Attributes, attributes);
        var updated = await store.MutateAsync(ElbKinds.TargetGroups, tg.TargetGroupArn,
            (g, _) => g with { Attributes = AttributeSet.Apply(TargetGroupAttributeRules.Rules, g.Attributes, attributes) }, ct)
            ?? throw ElbErrors.TargetGroupNotFound(arn);
        dataPlane.Notify();
        return AttributeSet.Merge(TargetGroupAttributeRules.Rules, updated.Attributes);
    }
}
