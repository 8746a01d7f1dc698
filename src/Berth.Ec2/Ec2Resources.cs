using Berth.Kernel;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>
/// What every EC2 rule reads: the resources, with the default network seeded first (so the first call of a fresh
/// berthd sees it), their ARNs, the account and region, the clock; and who is told when the packet filter's input
/// changed (a rule, an interface, a VPC), so it holds the change at once instead of at its next poll.
/// </summary>
public sealed class Ec2Resources(IStateStore store, Arns arns, DefaultNetwork defaults, AvailabilityZones zones, TimeProvider clock,
    INetworkChangeNotifier? changes = null)
{
    public IStateStore Store => store;
    public AvailabilityZones Zones => zones;
    public TimeProvider Clock => clock;
    public string AccountId => arns.AccountId;
    public string Region => arns.Region;

    /// <summary>Called after a committed write the packet filter is rendered from.</summary>
    public void FilterInputChanged() => changes?.Notify();

    public string Arn(string type, string id) => $"arn:aws:ec2:{arns.Region}:{arns.AccountId}:{type}/{id}";

    public async Task<IReadOnlyList<T>> AllAsync<T>(ResourceKind<T> kind, CancellationToken ct, string? scope = null)
    {
        await defaults.EnsureAsync(ct);
        return [.. (await store.ListAsync(kind, new StoreQuery { Scope = scope }, ct)).Select(s => s.Value)];
    }

    public async Task<Stored<T>?> GetAsync<T>(ResourceKind<T> kind, string id, CancellationToken ct)
    {
        await defaults.EnsureAsync(ct);
        return await store.GetAsync(kind, id, ct);
    }

    public async Task<VpcRecord> VpcAsync(string? id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id))
            throw Ec2Errors.Missing("VpcId");
        if (!Ec2Ids.IsValid(id, Ec2Ids.Vpc))
            throw Ec2Errors.VpcMalformed(id);
        return (await GetAsync(Ec2Kinds.Vpcs, id, ct))?.Value ?? throw Ec2Errors.VpcNotFound(id);
    }

    public async Task<SubnetRecord> SubnetAsync(string? id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id))
            throw Ec2Errors.Missing("SubnetId");
        if (!Ec2Ids.IsValid(id, Ec2Ids.Subnet))
            throw Ec2Errors.SubnetMalformed(id);
        return (await GetAsync(Ec2Kinds.Subnets, id, ct))?.Value ?? throw Ec2Errors.SubnetNotFound(id);
    }

    /// <summary>A group by id, or by name in the default VPC (EC2's rule for GroupName without a VPC).</summary>
    public async Task<Stored<SecurityGroupRecord>> GroupAsync(string? id, string? name, CancellationToken ct)
    {
        if (id is not null && name is not null)
            throw Ec2Errors.Combination("Specify GroupId or GroupName, not both.");
        if (id is not null)
        {
            if (!Ec2Ids.IsValid(id, Ec2Ids.SecurityGroup))
                throw Ec2Errors.GroupMalformed(id);
            return await GetAsync(Ec2Kinds.SecurityGroups, id, ct) ?? throw Ec2Errors.GroupNotFound(id);
        }
        if (string.IsNullOrEmpty(name))
            throw Ec2Errors.Missing("GroupId");
        var key = await GetAsync(Ec2Kinds.Keys, UniqueKey.GroupName(DefaultNetwork.VpcId, name), ct);
        return (key is null ? null : await store.GetAsync(Ec2Kinds.SecurityGroups, key.Value.ResourceId, ct))
            ?? throw Ec2Errors.GroupNameNotFound(name, DefaultNetwork.VpcId);
    }

    /// <summary>One page of <paramref name="items"/>: MaxResults 5–1000 (all when absent), NextToken bound to the listing.</summary>
    public static (List<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> items, int? maxResults, string? nextToken, string listing, bool idsGiven)
    {
        if (maxResults is not null && idsGiven)
            throw Ec2Errors.Combination("The parameter MaxResults cannot be used with the parameter naming ids.");
        if (maxResults is < 5 or > 1000)
            throw Ec2Errors.InvalidValue("MaxResults", maxResults?.ToString(System.Globalization.CultureInfo.InvariantCulture), "Value must be between 5 and 1000.");
        var offset = Paging.Decode(nextToken, listing, "InvalidParameterValue");
        var limit = maxResults ?? int.MaxValue;
        var page = items.Skip(offset).Take(limit).ToList();
        var more = offset + page.Count < items.Count;
        return (page, more ? Paging.Encode(offset + page.Count, page.Count, page.Count, listing) : null);
    }

    /// <summary>The records named by <paramref name="ids"/> (all when none), in the listing's order; an unknown id is refused.</summary>
    public static List<T> Named<T>(IReadOnlyList<T> all, List<string>? ids, Func<T, string> id, Func<string, Kernel.AwsException> notFound)
    {
        if (ids is not { Count: > 0 })
            return [.. all];
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var found = all.Where(x => wanted.Contains(id(x))).ToList();
        var missing = ids.FirstOrDefault(i => !found.Any(x => id(x) == i));
        return missing is null ? found : throw notFound(missing);
    }
}
