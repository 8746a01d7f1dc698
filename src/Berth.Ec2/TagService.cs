using Berth.Ec2.Api;
using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>CreateTags, DeleteTags and DescribeTags over every taggable EC2 resource Berth has (by the id's prefix).</summary>
public sealed class TagService(Ec2Resources res)
{
    public static readonly IReadOnlyDictionary<string, string> ResourceTypes = new Dictionary<string, string>
    {
        [Ec2Ids.Vpc] = "vpc",
        [Ec2Ids.Subnet] = "subnet",
        [Ec2Ids.SecurityGroup] = "security-group",
        [Ec2Ids.NetworkInterface] = "network-interface",
        [Ec2Ids.SecurityGroupRule] = "security-group-rule",
    };

    public async Task<ReturnOutput> CreateAsync(CreateTagsRequest r, CancellationToken ct)
    {
        var resources = Resources(r.Resources);
        if (r.Tags is not { Count: > 0 })
            throw Ec2Errors.Missing("Tag");
        var tags = Ec2Tagging.Checked(r.Tags);
        await ChangeAsync(resources, existing => Ec2Tagging.Merge(existing, tags), ct);
        return new ReturnOutput();
    }

    public async Task<ReturnOutput> DeleteAsync(CreateTagsRequest r, CancellationToken ct)
    {
        var resources = Resources(r.Resources);
        foreach (var t in r.Tags ?? [])
        {
            if (string.IsNullOrEmpty(t.Key))
                throw Ec2Errors.Missing("Tag.N.Key");
        }
        await ChangeAsync(resources, existing => Ec2Tagging.Remove(existing, r.Tags), ct);
        return new ReturnOutput();
    }

    static List<string> Resources(List<string>? ids)
    {
        if (ids is not { Count: > 0 })
            throw Ec2Errors.Missing("ResourceId");
        foreach (var id in ids)
        {
            if (Ec2Ids.PrefixOf(id) is not { } prefix || !ResourceTypes.ContainsKey(prefix))
                throw new Kernel.AwsException("InvalidID", $"The ID '{id}' is not valid");
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Checks every resource exists before changing any, then changes each (a lost race re-reads that one).</summary>
    async Task ChangeAsync(List<string> ids, Func<List<Ec2Tag>, List<Ec2Tag>> change, CancellationToken ct)
    {
        foreach (var id in ids)
            await ExistsAsync(id, ct);
        foreach (var id in ids)
        {
            switch (Ec2Ids.PrefixOf(id))
            {
                case Ec2Ids.Vpc:
                    await res.Store.MutateAsync(Ec2Kinds.Vpcs, id, (v, _) => v with { Tags = change(v.Tags) }, ct);
                    break;
                case Ec2Ids.Subnet:
                    await res.Store.MutateAsync(Ec2Kinds.Subnets, id, (s, _) => s with { Tags = change(s.Tags) }, ct);
                    break;
                case Ec2Ids.SecurityGroup:
                    await res.Store.MutateAsync(Ec2Kinds.SecurityGroups, id, (g, _) => g with { Tags = change(g.Tags) }, ct);
                    break;
                case Ec2Ids.NetworkInterface:
                    await res.Store.MutateAsync(Ec2Kinds.Interfaces, id, (i, _) => i with { Tags = change(i.Tags) }, ct);
                    break;
                default:
                    var group = await RuleGroupAsync(id, ct);
                    await res.Store.MutateAsync(Ec2Kinds.SecurityGroups, group, (g, _) =>
                        g with { Rules = [.. g.Rules.Select(x => x.RuleId == id ? x with { Tags = change(x.Tags) } : x)] }, ct);
                    break;
            }
        }
    }

    async Task ExistsAsync(string id, CancellationToken ct)
    {
        var missing = Ec2Ids.PrefixOf(id) switch
        {
            Ec2Ids.Vpc when await res.GetAsync(Ec2Kinds.Vpcs, id, ct) is null => Ec2Errors.VpcNotFound(id),
            Ec2Ids.Subnet when await res.GetAsync(Ec2Kinds.Subnets, id, ct) is null => Ec2Errors.SubnetNotFound(id),
            Ec2Ids.SecurityGroup when await res.GetAsync(Ec2Kinds.SecurityGroups, id, ct) is null => Ec2Errors.GroupNotFound(id),
            Ec2Ids.NetworkInterface when await res.GetAsync(Ec2Kinds.Interfaces, id, ct) is null => Ec2Errors.InterfaceNotFound(id),
            _ => null,
        };
        if (missing is not null)
            throw missing;
        if (Ec2Ids.PrefixOf(id) == Ec2Ids.SecurityGroupRule)
            await RuleGroupAsync(id, ct);
    }

    async Task<string> RuleGroupAsync(string ruleId, CancellationToken ct) =>
        (await res.AllAsync(Ec2Kinds.SecurityGroups, ct)).FirstOrDefault(g => g.Rules.Any(x => x.RuleId == ruleId))?.GroupId
            ?? throw Ec2Errors.RuleNotFound(ruleId);

    public async Task<DescribeTagsOutput> DescribeAsync(DescribeTagsRequest r, CancellationToken ct)
    {
        var groups = await res.AllAsync(Ec2Kinds.SecurityGroups, ct);
        var all = (await res.AllAsync(Ec2Kinds.Vpcs, ct)).SelectMany(v => Described(v.VpcId, v.Tags))
            .Concat((await res.AllAsync(Ec2Kinds.Subnets, ct)).SelectMany(s => Described(s.SubnetId, s.Tags)))
            .Concat(groups.SelectMany(g => Described(g.GroupId, g.Tags)))
            .Concat(groups.SelectMany(g => g.Rules).SelectMany(x => Described(x.RuleId, x.Tags)))
            .Concat((await res.AllAsync(Ec2Kinds.Interfaces, ct)).SelectMany(i => Described(i.NetworkInterfaceId, i.Tags)))
            .OrderBy(t => t.ResourceId, StringComparer.Ordinal).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        var matching = Ec2Filters.Apply(all, r.Filters, t => name => name switch
        {
            "key" => Ec2Filters.One(t.Key),
            "value" => Ec2Filters.One(t.Value),
            "resource-id" => Ec2Filters.One(t.ResourceId),
            "resource-type" => Ec2Filters.One(t.ResourceType),
            _ => null,
        });
        var (page, next) = Ec2Resources.Page(matching, r.MaxResults, r.NextToken, "DescribeTags", idsGiven: false);
        return new DescribeTagsOutput { Tags = page, NextToken = next };
    }

    static IEnumerable<TagDescriptionShape> Described(string id, IEnumerable<Ec2Tag> tags) =>
        tags.Select(t => new TagDescriptionShape(t.Key, id, ResourceTypes[Ec2Ids.PrefixOf(id)!], t.Value));
}
