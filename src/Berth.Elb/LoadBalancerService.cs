using System.Security.Cryptography;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Elb;

/// <summary>
/// CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer and the load balancer's attributes. Berth runs
/// application load balancers; the data plane serves them and moves their state from provisioning to active.
/// </summary>
public sealed partial class LoadBalancerService(
    IStateStore store, Arns arns, LoadBalancerSettings settings, LoadBalancerNetwork network, ILoadBalancerDataPlane dataPlane, TimeProvider clock)
{
    public const int MaxLoadBalancers = 50;

    public async Task<LoadBalancer> CreateAsync(CreateLoadBalancerRequest r, CancellationToken ct)
    {
        var name = ElbNames.RequireLoadBalancerName(r.Name);
        if (r.Type is not (null or "application"))
            throw r.Type is "network" or "gateway"
                ? ElbErrors.Validation($"Load balancer type '{r.Type}' is not supported: Berth runs application load balancers (Type application, HTTP listeners).")
                : ElbErrors.Validation($"Load balancer type '{r.Type}' is not valid: use application.");
        var scheme = r.Scheme ?? "internet-facing";
        if (scheme is not ("internet-facing" or "internal"))
            throw new AwsException("InvalidScheme", $"Scheme '{scheme}' is not valid: use internet-facing or internal.");
        if (r.IpAddressType is not (null or "ipv4"))
            throw ElbErrors.Validation($"IP address type '{r.IpAddressType}' is not supported: Berth load balancers are IPv4 only.");
        if (r.Subnets is not null && r.SubnetMappings is not null)
            throw ElbErrors.Validation("Specify Subnets or SubnetMappings, not both.");
        var choice = await network.ResolveAsync(r.Subnets ?? r.SubnetMappings, r.SecurityGroups, ct);
        var subnets = choice.Subnets.Select(s => s.SubnetId).ToList();
        var groups = choice.SecurityGroupIds.ToList();
        var tagList = ElbTags.Validate(r.Tags);
        var zones = ZonesOf(choice);

        var existing = (await store.ListAsync(ElbKinds.LoadBalancers, new StoreQuery { Name = name }, ct)).FirstOrDefault()?.Value;
        if (existing is not null)
        {
            // As on AWS, the same request again answers with the load balancer it made.
            var same = existing.Scheme == scheme && existing.AvailabilityZones.Select(z => z.SubnetId).SequenceEqual(subnets)
                && existing.SecurityGroups.SequenceEqual(groups);
            return same ? existing : throw new AwsException("DuplicateLoadBalancerName", $"A load balancer with the name '{name}' already exists");
        }
        if (await store.CountAsync(ElbKinds.LoadBalancers, new StoreQuery(), ct) >= MaxLoadBalancers)
            throw new AwsException("TooManyLoadBalancers", $"You have reached the limit of {MaxLoadBalancers} load balancers.");

        var arn = arns.LoadBalancer(name, Arns.NewElbId());
        // The interface first: a request refused for want of an address leaves no load balancer behind.
        var eni = await network.AttachAsync(arn, subnets[0], groups, ct);
        var lb = new LoadBalancer
        {
            LoadBalancerArn = arn,
            LoadBalancerName = name,
            DNSName = $"{(scheme == "internal" ? "internal-" : "")}{name}-{RandomNumberGenerator.GetInt32(1, 10)}{RandomNumberGenerator.GetInt32(0, 1_000_000_000):D9}.{arns.Region}.{settings.DnsDomain}".ToLowerInvariant(),
            CanonicalHostedZoneId = ElbDefaults.CanonicalHostedZoneId,
            CreatedTime = clock.GetUtcNow(),
            Scheme = scheme,
            VpcId = choice.Vpc.VpcId,
            State = new LoadBalancerState { Code = "provisioning" },
            Type = "application",
            AvailabilityZones = zones,
            SecurityGroups = groups,
            IpAddressType = "ipv4",
            NetworkInterfaceId = eni.NetworkInterfaceId,
            InterfaceSubnetId = eni.SubnetId,
            PrivateIpAddress = eni.PrivateIpAddress,
        };
        var writes = new List<StoreWrite> { StoreWrite.Insert(ElbKinds.LoadBalancers, lb) };
        if (TagService.Initial(lb.LoadBalancerArn, tagList) is { } tagWrite)
            writes.Add(tagWrite);
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            await network.DetachAsync(arn, ct);
            throw new AwsException("DuplicateLoadBalancerName", $"A load balancer with the name '{name}' already exists");
        }
        dataPlane.Notify();
        return lb;
    }

    public async Task<LoadBalancer> RequireAsync(string? arn, CancellationToken ct, string member = "loadBalancerArn") =>
        (await store.GetAsync(ElbKinds.LoadBalancers, ElbNames.LoadBalancerArn(arn, member), ct))?.Value ?? throw ElbErrors.LoadBalancerNotFound(arn);

    public async Task<(List<LoadBalancer> LoadBalancers, string? NextMarker)> DescribeAsync(
        IReadOnlyList<string>? loadBalancerArns, IReadOnlyList<string>? names, string? marker, int? pageSize, CancellationToken ct)
    {
        if (loadBalancerArns is { Count: > 0 } && names is { Count: > 0 })
            throw ElbErrors.Validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
        if ((loadBalancerArns?.Count ?? 0) > 20 || (names?.Count ?? 0) > 20)
            throw ElbErrors.Validation("You can describe at most 20 load balancers by ARN or name at a time.");
        List<LoadBalancer> found = [];
        if (loadBalancerArns is { Count: > 0 })
        {
            foreach (var arn in loadBalancerArns.Distinct(StringComparer.Ordinal))
                found.Add(await RequireAsync(arn, ct, "loadBalancerArns.member"));
        }
        else if (names is { Count: > 0 })
        {
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                found.Add((await store.ListAsync(ElbKinds.LoadBalancers, new StoreQuery { Name = name }, ct)).FirstOrDefault()?.Value
                    ?? throw new AwsException("LoadBalancerNotFound", $"Load balancers '[{name}]' not found"));
            }
        }
        else
        {
            found = (await store.ListAsync(ElbKinds.LoadBalancers, new StoreQuery(), ct)).Select(s => s.Value).ToList();
        }
        var listing = $"lb|{string.Join(',', loadBalancerArns ?? [])}|{string.Join(',', names ?? [])}";
        return ElbPaging.Page(found, marker, pageSize, listing);
    }

    /// <summary>Deletes the load balancer with its listeners and rules; an ARN that names nothing succeeds, as on AWS.</summary>
    public async Task DeleteAsync(string? arn, CancellationToken ct)
    {
        ElbNames.LoadBalancerArn(arn);
        var stored = await store.GetAsync(ElbKinds.LoadBalancers, arn!, ct);
        if (stored is null)
            return;
        if (AttributeSet.Merge(LoadBalancerAttributes.Rules, stored.Value.Attributes)[LoadBalancerAttributes.DeletionProtection] == "true")
            throw ElbRefusals.NotPermitted($"Load balancer '{arn}' cannot be deleted because deletion protection is enabled");
        var writes = new List<StoreWrite> { StoreWrite.Delete(ElbKinds.LoadBalancers, arn!, stored.Version) };
        var owned = new List<string> { arn! };
        foreach (var l in await store.ListAsync(ElbKinds.Listeners, new StoreQuery { Scope = arn }, ct))
        {
            writes.Add(StoreWrite.Delete(ElbKinds.Listeners, l.Value.ListenerArn, l.Version));
            owned.Add(l.Value.ListenerArn);
            foreach (var rule in await store.ListAsync(ElbKinds.ListenerRules, new StoreQuery { Scope = l.Value.ListenerArn }, ct))
            {
                writes.Add(StoreWrite.Delete(ElbKinds.ListenerRules, rule.Value.RuleArn, rule.Version));
                owned.Add(rule.Value.RuleArn);
            }
        }
        writes.AddRange(await TagDeletesAsync(store, owned, ct));
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw ElbRefusals.InUse($"Load balancer '{arn}' changed while it was being deleted; try again.");
        }
        await network.DetachAsync(arn!, ct);
        dataPlane.Notify();
    }

    public async Task<Dictionary<string, string>> DescribeAttributesAsync(string? arn, CancellationToken ct) =>
        AttributeSet.Merge(LoadBalancerAttributes.Rules, (await RequireAsync(arn, ct)).Attributes);

    public async Task<Dictionary<string, string>> ModifyAttributesAsync(string? arn, IReadOnlyList<ElbAttribute>? attributes, CancellationToken ct)
    {
        var lb = await RequireAsync(arn, ct);
        AttributeSet.Apply(LoadBalancerAttributes.Rules, lb.Attributes, attributes);
        var updated = await store.MutateAsync(ElbKinds.LoadBalancers, lb.LoadBalancerArn,
            (l, _) => l with { Attributes = AttributeSet.Apply(LoadBalancerAttributes.Rules, l.Attributes, attributes) }, ct)
            ?? throw ElbErrors.LoadBalancerNotFound(arn);
        dataPlane.Notify();
        return AttributeSet.Merge(LoadBalancerAttributes.Rules, updated.Attributes);
    }

    /// <summary>The writes that drop the tags of resources being deleted.</summary>
    internal static async Task<List<StoreWrite>> TagDeletesAsync(IStateStore store, IEnumerable<string> arns, CancellationToken ct)
    {
        var writes = new List<StoreWrite>();
        foreach (var a in arns)
        {
            if (await store.GetAsync(TagKinds.Tags, a, ct) is { } t)
                writes.Add(StoreWrite.Delete(TagKinds.Tags, a, t.Version));
        }
        return writes;
    }
}
