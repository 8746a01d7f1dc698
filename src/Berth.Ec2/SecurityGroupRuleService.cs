using Berth.Ec2.Api;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>A group's rules: authorized, revoked (by permission or by rule id), modified in place and described by id.</summary>
public sealed class SecurityGroupRuleService(Ec2Resources res)
{
    public async Task<AuthorizeOutput> AuthorizeAsync(SecurityGroupRulesRequest r, bool egress, CancellationToken ct)
    {
        if (r.SecurityGroupRuleIds is { Count: > 0 })
            throw new AwsException("UnknownParameter", "The parameter SecurityGroupRuleId is not recognized");
        if (egress && r.GroupName is not null)
            throw new AwsException("UnknownParameter", "The parameter GroupName is not recognized");
        var target = (await res.GroupAsync(r.GroupId, r.GroupName, ct)).Value;
        var groups = await res.AllAsync(Ec2Kinds.SecurityGroups, ct);
        var tags = Ec2Tagging.FromSpecifications(r.TagSpecifications, "security-group-rule");
        var added = PermissionRules.Expand(r, egress, target, groups, res.AccountId)
            .Select(x => x with { RuleId = Ec2Ids.New(Ec2Ids.SecurityGroupRule), Tags = tags }).ToList();
        await res.Store.MutateAsync(Ec2Kinds.SecurityGroups, target.GroupId, (g, _) =>
        {
            PermissionRules.CheckAdd(g.Rules, added);
            return g with { Rules = [.. g.Rules, .. added] };
        }, ct);
        res.FilterInputChanged();
        return new AuthorizeOutput(true, [.. added.Select(x => Shape(target, x))]);
    }

    public async Task<RevokeOutput> RevokeAsync(SecurityGroupRulesRequest r, bool egress, CancellationToken ct)
    {
        if (egress && r.GroupName is not null)
            throw new AwsException("UnknownParameter", "The parameter GroupName is not recognized");
        var target = (await res.GroupAsync(r.GroupId, r.GroupName, ct)).Value;
        var byIds = r.SecurityGroupRuleIds is { Count: > 0 };
        if (byIds && (r.IpPermissions is { Count: > 0 } || r.CidrIp is not null || r.IpProtocol is not null || r.SourceSecurityGroupName is not null))
            throw Ec2Errors.Combination("Specify SecurityGroupRuleIds or IpPermissions, not both.");
        foreach (var id in r.SecurityGroupRuleIds ?? [])
        {
            if (!Ec2Ids.IsValid(id, Ec2Ids.SecurityGroupRule))
                throw Ec2Errors.RuleMalformed(id);
        }
        if (!byIds && PermissionRules.WithoutIpv6(r) is var (ipv4, ipv6Only))
        {
            // No IPv6 or prefix-list rule can exist in Berth: revoking only such rules finds nothing, as AWS answers
            // for a rule that is not there (Terraform revokes the default ::/0 egress rule of every new group).
            if (ipv4 is null)
                throw new AwsException("InvalidPermission.NotFound", $"The specified rule does not exist in this security group: {ipv6Only}");
            r = ipv4;
        }
        var asked = byIds ? [] : PermissionRules.Expand(r, egress, target, await res.AllAsync(Ec2Kinds.SecurityGroups, ct), res.AccountId);
        List<SecurityGroupRuleRecord> revoked = [];
        List<SecurityGroupRuleRecord> unknown = [];
        await res.Store.MutateAsync(Ec2Kinds.SecurityGroups, target.GroupId, (g, _) =>
        {
            var rules = g.Rules.Where(x => x.IsEgress == egress).ToList();
            if (byIds)
            {
                var missing = r.SecurityGroupRuleIds!.FirstOrDefault(id => !rules.Any(x => x.RuleId == id));
                if (missing is not null)
                    throw Ec2Errors.RuleNotFound(missing);
                revoked = [.. rules.Where(x => r.SecurityGroupRuleIds!.Contains(x.RuleId))];
                unknown = [];
            }
            else
            {
                revoked = [.. rules.Where(x => asked.Any(a => a.Identity == x.Identity))];
                unknown = [.. asked.Where(a => !rules.Any(x => x.Identity == a.Identity))];
                if (revoked.Count == 0)
                    throw new AwsException("InvalidPermission.NotFound", $"The specified rule does not exist in this security group: \"{PermissionRules.Describe(asked[0])}\"");
            }
            return g with { Rules = [.. g.Rules.Where(x => !revoked.Contains(x))] };
        }, ct);
        res.FilterInputChanged();
        var groups = (await res.AllAsync(Ec2Kinds.SecurityGroups, ct)).ToDictionary(g => g.GroupId);
        return new RevokeOutput
        {
            UnknownIpPermissions = unknown.Count > 0 ? PermissionRules.Permissions(unknown, groups, res.AccountId) : null,
            RevokedSecurityGroupRules = [.. revoked.Select(x => new RevokedRuleShape
            {
                SecurityGroupRuleId = x.RuleId, GroupId = target.GroupId, IsEgress = x.IsEgress, IpProtocol = x.Protocol,
                FromPort = x.FromPort ?? -1, ToPort = x.ToPort ?? -1, CidrIpv4 = x.CidrIpv4, ReferencedGroupId = x.ReferencedGroupId, Description = x.Description,
            })],
        };
    }

    public async Task<ReturnOutput> ModifyAsync(ModifySecurityGroupRulesRequest r, CancellationToken ct)
    {
        var target = (await res.GroupAsync(r.GroupId ?? throw Ec2Errors.Missing("GroupId"), null, ct)).Value;
        if (r.SecurityGroupRules is not { Count: > 0 })
            throw Ec2Errors.Missing("SecurityGroupRule");
        var groups = await res.AllAsync(Ec2Kinds.SecurityGroups, ct);
        await res.Store.MutateAsync(Ec2Kinds.SecurityGroups, target.GroupId, (g, _) =>
        {
            var rules = g.Rules.ToList();
            foreach (var update in r.SecurityGroupRules)
            {
                var id = update.SecurityGroupRuleId ?? throw Ec2Errors.Missing("SecurityGroupRule.N.SecurityGroupRuleId");
                var index = rules.FindIndex(x => x.RuleId == id);
                if (index < 0)
                    throw Ec2Errors.RuleNotFound(id);
                var changed = PermissionRules.FromRequest(update.SecurityGroupRule ?? throw Ec2Errors.Missing("SecurityGroupRule.N.SecurityGroupRule"), rules[index], g, groups, res.AccountId);
                rules.RemoveAt(index);
                PermissionRules.CheckAdd(rules, [changed]);
                rules.Insert(index, changed);
            }
            return g with { Rules = rules };
        }, ct);
        res.FilterInputChanged();
        return new ReturnOutput();
    }

    public async Task<DescribeSecurityGroupRulesOutput> DescribeAsync(DescribeSecurityGroupRulesRequest r, CancellationToken ct)
    {
        foreach (var id in r.SecurityGroupRuleIds ?? [])
        {
            if (!Ec2Ids.IsValid(id, Ec2Ids.SecurityGroupRule))
                throw Ec2Errors.RuleMalformed(id);
        }
        var all = (await res.AllAsync(Ec2Kinds.SecurityGroups, ct)).SelectMany(g => g.Rules.Select(x => (Group: g, Rule: x))).ToList();
        var named = Ec2Resources.Named(all, r.SecurityGroupRuleIds, x => x.Rule.RuleId, Ec2Errors.RuleNotFound);
        var matching = Ec2Filters.Apply(named, r.Filters, x => name => name switch
        {
            "group-id" => Ec2Filters.One(x.Group.GroupId),
            "security-group-rule-id" => Ec2Filters.One(x.Rule.RuleId),
            _ => null,
        }, x => x.Rule.Tags);
        var (page, next) = Ec2Resources.Page(matching, r.MaxResults, r.NextToken, "DescribeSecurityGroupRules", r.SecurityGroupRuleIds is { Count: > 0 });
        return new DescribeSecurityGroupRulesOutput { SecurityGroupRules = [.. page.Select(x => Shape(x.Group, x.Rule))], NextToken = next };
    }

    SecurityGroupRuleShape Shape(SecurityGroupRecord g, SecurityGroupRuleRecord x) => new()
    {
        SecurityGroupRuleId = x.RuleId,
        GroupId = g.GroupId,
        GroupOwnerId = res.AccountId,
        IsEgress = x.IsEgress,
        IpProtocol = x.Protocol,
        FromPort = x.FromPort ?? -1,
        ToPort = x.ToPort ?? -1,
        CidrIpv4 = x.CidrIpv4,
        ReferencedGroupInfo = x.ReferencedGroupId is null ? null : new ReferencedGroupShape(x.ReferencedGroupId, res.AccountId),
        Description = x.Description,
        Tags = Ec2Tagging.Shapes(x.Tags),
        SecurityGroupRuleArn = res.Arn("security-group-rule", x.RuleId),
    };
}
