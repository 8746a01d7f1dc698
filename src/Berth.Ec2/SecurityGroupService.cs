using System.Text.RegularExpressions;
using Berth.Ec2.Api;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>Security groups: created with the default egress rule, described with EC2's filters, deleted when nothing uses them.</summary>
public sealed partial class SecurityGroupService(Ec2Resources res)
{
    public async Task<DescribeSecurityGroupsOutput> DescribeAsync(DescribeSecurityGroupsRequest r, CancellationToken ct)
    {
        foreach (var id in r.GroupIds ?? [])
        {
            if (!Ec2Ids.IsValid(id, Ec2Ids.SecurityGroup))
                throw Ec2Errors.GroupMalformed(id);
        }
        var all = await res.AllAsync(Ec2Kinds.SecurityGroups, ct);
        var byId = all.ToDictionary(g => g.GroupId);
        var named = Ec2Resources.Named(all, r.GroupIds, g => g.GroupId, Ec2Errors.GroupNotFound);
        if (r.GroupNames is { Count: > 0 })
        {
            // GroupName names groups of the default VPC, as in EC2.
            named = [.. named.Where(g => g.VpcId == DefaultNetwork.VpcId && r.GroupNames.Contains(g.GroupName))];
            if (r.GroupNames.FirstOrDefault(n => !named.Any(g => g.GroupName == n)) is { } missing)
                throw Ec2Errors.GroupNameNotFound(missing, DefaultNetwork.VpcId);
        }
        var matching = Ec2Filters.Apply(named, r.Filters, g => name => name switch
        {
            "group-id" => Ec2Filters.One(g.GroupId),
            "group-name" => Ec2Filters.One(g.GroupName),
            "description" => Ec2Filters.One(g.Description),
            "vpc-id" => Ec2Filters.One(g.VpcId),
            "owner-id" => Ec2Filters.One(res.AccountId),
            "ip-permission.protocol" => Rules(g, false).Select(x => x.Protocol),
            "ip-permission.from-port" => Rules(g, false).Select(x => Port(x.FromPort)),
            "ip-permission.to-port" => Rules(g, false).Select(x => Port(x.ToPort)),
            "ip-permission.cidr" => Rules(g, false).Select(x => x.CidrIpv4),
            "ip-permission.group-id" => Rules(g, false).Select(x => x.ReferencedGroupId),
            "egress.ip-permission.protocol" => Rules(g, true).Select(x => x.Protocol),
            "egress.ip-permission.from-port" => Rules(g, true).Select(x => Port(x.FromPort)),
            "egress.ip-permission.to-port" => Rules(g, true).Select(x => Port(x.ToPort)),
            "egress.ip-permission.cidr" => Rules(g, true).Select(x => x.CidrIpv4),
            "egress.ip-permission.group-id" => Rules(g, true).Select(x => x.ReferencedGroupId),
            _ => null,
        }, g => g.Tags);
        var (page, next) = Ec2Resources.Page(matching, r.MaxResults, r.NextToken, "DescribeSecurityGroups", r.GroupIds is { Count: > 0 } || r.GroupNames is { Count: > 0 });
        return new DescribeSecurityGroupsOutput { SecurityGroups = [.. page.Select(g => Shape(g, byId))], NextToken = next };
    }

    static IEnumerable<SecurityGroupRuleRecord> Rules(SecurityGroupRecord g, bool egress) => g.Rules.Where(x => x.IsEgress == egress);

    static string Port(int? p) => (p ?? -1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<CreateSecurityGroupOutput> CreateAsync(CreateSecurityGroupRequest r, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(r.GroupName))
            throw Ec2Errors.Missing("GroupName");
        if (r.Description is null)
            throw Ec2Errors.Missing("GroupDescription");
        if (r.GroupName.Length > 255 || !Allowed().IsMatch(r.GroupName))
            throw Ec2Errors.InvalidValue("GroupName", r.GroupName, "Group names are 1–255 characters: a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*.");
        if (r.GroupName.StartsWith("sg-", StringComparison.OrdinalIgnoreCase))
            throw Ec2Errors.InvalidValue("Group names may not be in the format sg-*.");
        if (r.GroupName.Equals("default", StringComparison.OrdinalIgnoreCase))
            throw Ec2Errors.InvalidValue("Cannot use reserved security group name: default");
        if (r.Description.Length is 0 or > 255 || !Allowed().IsMatch(r.Description))
            throw Ec2Errors.InvalidValue("GroupDescription", r.Description, "Descriptions are 1–255 characters: a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*.");
        var vpc = await res.VpcAsync(r.VpcId ?? DefaultNetwork.VpcId, ct);
        var tags = Ec2Tagging.FromSpecifications(r.TagSpecifications, "security-group");
        var group = new SecurityGroupRecord
        {
            GroupId = Ec2Ids.New(Ec2Ids.SecurityGroup),
            GroupName = r.GroupName,
            Description = r.Description,
            VpcId = vpc.VpcId,
            Tags = tags,
            Created = res.Clock.GetUtcNow(),
            Rules = [new SecurityGroupRuleRecord { RuleId = Ec2Ids.New(Ec2Ids.SecurityGroupRule), IsEgress = true, Protocol = "-1", CidrIpv4 = "0.0.0.0/0" }],
        };
        try
        {
            await res.Store.CommitAsync(
            [
                StoreWrite.Insert(Ec2Kinds.Keys, new UniqueKey(UniqueKey.GroupName(vpc.VpcId, group.GroupName), group.GroupId)),
                StoreWrite.Insert(Ec2Kinds.SecurityGroups, group),
            ], ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new AwsException("InvalidGroup.Duplicate", $"The security group '{r.GroupName}' already exists for VPC '{vpc.VpcId}'");
        }
        return new CreateSecurityGroupOutput { GroupId = group.GroupId, Tags = tags.Count > 0 ? Ec2Tagging.Shapes(tags) : null, SecurityGroupArn = res.Arn("security-group", group.GroupId) };
    }

    [GeneratedRegex(@"^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]+$")]
    private static partial Regex Allowed();

    public async Task<DeleteSecurityGroupOutput> DeleteAsync(DeleteSecurityGroupRequest r, CancellationToken ct)
    {
        var stored = await res.GroupAsync(r.GroupId, r.GroupName, ct);
        var group = stored.Value;
        if (group.IsDefault)
            throw new AwsException("CannotDelete", $"the specified group: \"{group.GroupId}\" name: \"default\" cannot be deleted by a user");
        var referencing = (await res.AllAsync(Ec2Kinds.SecurityGroups, ct))
            .Where(g => g.GroupId != group.GroupId && g.Rules.Any(x => x.ReferencedGroupId == group.GroupId)).Select(g => g.GroupId).ToList();
        if (referencing.Count > 0)
            throw Ec2Errors.Dependency($"resource {group.GroupId} has a dependent object: it is referenced by the rules of {string.Join(", ", referencing)}");
        var attached = (await res.AllAsync(Ec2Kinds.Interfaces, ct)).Where(i => i.SecurityGroupIds.Contains(group.GroupId)).Select(i => i.NetworkInterfaceId).ToList();
        if (attached.Count > 0)
            throw Ec2Errors.Dependency($"resource {group.GroupId} has a dependent object: it is attached to {string.Join(", ", attached)}");
        List<StoreWrite> writes = [StoreWrite.Delete(Ec2Kinds.SecurityGroups, group.GroupId, stored.Version)];
        if (await res.Store.GetAsync(Ec2Kinds.Keys, UniqueKey.GroupName(group.VpcId, group.GroupName), ct) is { } key)
            writes.Add(StoreWrite.Delete(Ec2Kinds.Keys, key.Value.Key, key.Version));
        await res.Store.CommitAsync(writes, ct);
        res.FilterInputChanged();
        return new DeleteSecurityGroupOutput(true, group.GroupId);
    }

    internal SecurityGroupShape Shape(SecurityGroupRecord g, IReadOnlyDictionary<string, SecurityGroupRecord> groups) => new()
    {
        GroupId = g.GroupId,
        GroupName = g.GroupName,
        Description = g.Description,
        VpcId = g.VpcId,
        OwnerId = res.AccountId,
        SecurityGroupArn = res.Arn("security-group", g.GroupId),
        Tags = Ec2Tagging.Shapes(g.Tags),
        IpPermissions = PermissionRules.Permissions(Rules(g, false), groups, res.AccountId),
        IpPermissionsEgress = PermissionRules.Permissions(Rules(g, true), groups, res.AccountId),
    };
}
