using System.Globalization;
using System.Text.Json;
using Berth.Ec2.Api;

namespace Berth.Ec2;

/// <summary>
/// EC2's permissions as rules: an IpPermission (a protocol, ports, and any number of ranges and groups) is one rule per
/// peer. Protocols are normalized (<c>6</c> is <c>tcp</c>), ports checked, ranges normalized to their base, groups
/// resolved within the target's VPC. Pure: the groups it may reference are handed in.
/// </summary>
static class PermissionRules
{
    public const int MaxRulesPerDirection = 60;

    /// <summary>The rules a request's IpPermissions (or its flat CidrIp/IpProtocol/... form) ask for, without ids yet.</summary>
    public static List<SecurityGroupRuleRecord> Expand(SecurityGroupRulesRequest r, bool egress, SecurityGroupRecord target, IReadOnlyList<SecurityGroupRecord> groups, string accountId)
    {
        var flat = r.CidrIp is not null || r.IpProtocol is not null || r.FromPort is not null || r.ToPort is not null || r.SourceSecurityGroupName is not null;
        if (flat && r.IpPermissions is { Count: > 0 })
            throw Ec2Errors.Combination("The parameter 'ipPermissions' may not be used in combination with 'cidrIp', 'ipProtocol', 'fromPort', 'toPort' or 'sourceSecurityGroupName'.");
        if (r.SourceSecurityGroupOwnerId is not null && r.SourceSecurityGroupOwnerId != accountId)
            throw Ec2Errors.Unsupported("SourceSecurityGroupOwnerId", "groups of other accounts cannot be referenced.");
        var permissions = r.IpPermissions ?? [];
        if (flat)
        {
            if (r.SourceSecurityGroupName is not null && (r.CidrIp is not null || r.IpProtocol is not null || r.FromPort is not null || r.ToPort is not null))
                throw Ec2Errors.Combination("The parameter 'sourceSecurityGroupName' may not be used in combination with 'cidrIp', 'ipProtocol', 'fromPort' or 'toPort': it allows all traffic from the group.");
            permissions = r.SourceSecurityGroupName is not null
                ? [new IpPermissionShape { IpProtocol = "-1", UserIdGroupPairs = [new UserIdGroupPairShape { GroupName = r.SourceSecurityGroupName }] }]
                : [new IpPermissionShape { IpProtocol = r.IpProtocol, FromPort = r.FromPort, ToPort = r.ToPort, IpRanges = r.CidrIp is null ? null : [new IpRangeShape { CidrIp = r.CidrIp }] }];
        }
        if (permissions.Count == 0)
            throw Ec2Errors.Missing("IpPermissions");
        var rules = new List<SecurityGroupRuleRecord>();
        foreach (var p in permissions)
            rules.AddRange(Expand(p, egress, target, groups, accountId));
        return rules;
    }

    /// <summary>
    /// A revoke request without its IPv6 ranges and prefix lists (which match no rule in Berth), or null when none were
    /// given; the request is null too when nothing else is left, with what was asked for the NotFound message.
    /// </summary>
    public static (SecurityGroupRulesRequest? Request, string Asked)? WithoutIpv6(SecurityGroupRulesRequest r)
    {
        if (r.IpPermissions is not { Count: > 0 } permissions || !permissions.Any(p => p.Ipv6Ranges is { Count: > 0 } || p.PrefixListIds is { Count: > 0 }))
            return null;
        var asked = string.Join(", ", permissions.SelectMany(p => (p.Ipv6Ranges ?? []).Concat(p.PrefixListIds ?? [])).Select(Peer));
        List<IpPermissionShape> left = [.. permissions
            .Where(p => p.IpRanges is { Count: > 0 } || p.UserIdGroupPairs is { Count: > 0 })
            .Select(p => p with { Ipv6Ranges = null, PrefixListIds = null })];
        return (left.Count == 0 ? null : r with { IpPermissions = left }, asked);
    }

    /// <summary>An IPv6 range's CidrIpv6 or a prefix list's id, as the request named it.</summary>
    static string Peer(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.EnumerateObject().FirstOrDefault(p => p.Name is "CidrIpv6" or "PrefixListId").Value is { ValueKind: JsonValueKind.String } v
            ? v.GetString()! : e.ToString();

    static IEnumerable<SecurityGroupRuleRecord> Expand(IpPermissionShape p, bool egress, SecurityGroupRecord target, IReadOnlyList<SecurityGroupRecord> groups, string accountId)
    {
        if (p.Ipv6Ranges is { Count: > 0 })
            throw Ec2Errors.Unsupported("IpPermissions.N.Ipv6Ranges", "Berth's VPCs are IPv4 only.");
        if (p.PrefixListIds is { Count: > 0 })
            throw Ec2Errors.Unsupported("IpPermissions.N.PrefixListIds", "there are no managed prefix lists in Berth.");
        var (protocol, from, to) = ProtocolAndPorts(p.IpProtocol, p.FromPort, p.ToPort);
        var ranges = p.IpRanges ?? [];
        var pairs = p.UserIdGroupPairs ?? [];
        if (ranges.Count == 0 && pairs.Count == 0)
            throw Ec2Errors.Missing("IpPermissions.N.IpRanges or IpPermissions.N.Groups (a peer: an IPv4 range or a security group)");
        foreach (var range in ranges)
        {
            yield return new SecurityGroupRuleRecord
            {
                RuleId = "",
                IsEgress = egress,
                Protocol = protocol,
                FromPort = from,
                ToPort = to,
                CidrIpv4 = Cidr(range.CidrIp),
                Description = Description(range.Description),
            };
        }
        foreach (var pair in pairs)
        {
            yield return new SecurityGroupRuleRecord
            {
                RuleId = "",
                IsEgress = egress,
                Protocol = protocol,
                FromPort = from,
                ToPort = to,
                ReferencedGroupId = Referenced(pair, target, groups, accountId),
                Description = Description(pair.Description),
            };
        }
    }

    /// <summary>A ModifySecurityGroupRules rule: one peer, as SecurityGroupRuleRequest gives it.</summary>
    public static SecurityGroupRuleRecord FromRequest(RuleRequestShape r, SecurityGroupRuleRecord existing, SecurityGroupRecord target, IReadOnlyList<SecurityGroupRecord> groups, string accountId)
    {
        if (r.CidrIpv6 is not null)
            throw Ec2Errors.Unsupported("SecurityGroupRule.N.SecurityGroupRule.CidrIpv6", "Berth's VPCs are IPv4 only.");
        if (r.PrefixListId is not null)
            throw Ec2Errors.Unsupported("SecurityGroupRule.N.SecurityGroupRule.PrefixListId", "there are no managed prefix lists in Berth.");
        if ((r.CidrIpv4 is null) == (r.ReferencedGroupId is null))
            throw Ec2Errors.InvalidValue("A security group rule needs exactly one peer: CidrIpv4 or ReferencedGroupId.");
        var (protocol, from, to) = ProtocolAndPorts(r.IpProtocol, r.FromPort, r.ToPort);
        return existing with
        {
            Protocol = protocol,
            FromPort = from,
            ToPort = to,
            CidrIpv4 = r.CidrIpv4 is null ? null : Cidr(r.CidrIpv4),
            ReferencedGroupId = r.ReferencedGroupId is null ? null : Referenced(new UserIdGroupPairShape { GroupId = r.ReferencedGroupId }, target, groups, accountId),
            Description = Description(r.Description),
        };
    }

    /// <summary>The protocol as EC2 stores it (<c>-1</c>, <c>tcp</c>, <c>udp</c>, <c>icmp</c>) and its ports (none for -1; -1 means all ICMP types or codes).</summary>
    public static (string Protocol, int? From, int? To) ProtocolAndPorts(string? ipProtocol, int? fromPort, int? toPort)
    {
        var protocol = (ipProtocol ?? throw Ec2Errors.Missing("IpProtocol")).ToLowerInvariant() switch
        {
            "-1" or "all" => "-1",
            "tcp" or "6" => "tcp",
            "udp" or "17" => "udp",
            "icmp" or "1" => "icmp",
            "icmpv6" or "58" => throw Ec2Errors.Unsupported("IpProtocol icmpv6", "Berth's VPCs are IPv4 only."),
            var other when int.TryParse(other, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 255 =>
                throw Ec2Errors.Unsupported($"IpProtocol {other}", "Berth filters tcp (6), udp (17), icmp (1) and all traffic (-1)."),
            _ => throw Ec2Errors.InvalidValue($"Invalid value '{ipProtocol}' for IP protocol. Unknown protocol."),
        };
        switch (protocol)
        {
            case "-1":
                return (protocol, null, null);
            case "icmp":
                if (fromPort is null || toPort is null)
                    throw Ec2Errors.InvalidValue("Invalid value 'Must specify both ICMP type (FromPort) and code (ToPort); -1 means all.'");
                if (fromPort is < -1 or > 255 || toPort is < -1 or > 255 || (fromPort == -1 && toPort != -1))
                    throw Ec2Errors.InvalidValue($"Invalid ICMP type/code: type {fromPort}, code {toPort} (each -1 to 255; code -1 when type is -1).");
                return (protocol, fromPort, toPort);
            default:
                if (fromPort is null || toPort is null)
                    throw Ec2Errors.InvalidValue("Invalid value 'Must specify both from and to ports with TCP/UDP.'");
                if (fromPort is < 0 or > 65535 || toPort is < 0 or > 65535 || fromPort > toPort)
                    throw Ec2Errors.InvalidValue($"Invalid TCP/UDP port range: from {fromPort} to {toPort} (0 to 65535, from not above to).");
                return (protocol, fromPort, toPort);
        }
    }

    /// <summary>An IPv4 range, normalized to its base (<c>10.0.0.5/24</c> is <c>10.0.0.0/24</c>, as EC2 stores it).</summary>
    public static string Cidr(string? cidr)
    {
        if (string.IsNullOrEmpty(cidr))
            throw Ec2Errors.Missing("CidrIp");
        return Ipv4Cidr.TryParse(cidr, out var parsed, out _)
            ? parsed.ToString()
            : throw Ec2Errors.InvalidValue($"CIDR block {cidr} is malformed");
    }

    static string? Description(string? d)
    {
        if (d is null)
            return null;
        if (d.Length > 255)
            throw Ec2Errors.InvalidValue("Description", d[..32] + "...", "Descriptions are at most 255 characters long.");
        return d;
    }

    static string Referenced(UserIdGroupPairShape pair, SecurityGroupRecord target, IReadOnlyList<SecurityGroupRecord> groups, string accountId)
    {
        if (pair.VpcPeeringConnectionId is not null)
            throw Ec2Errors.Unsupported("Groups.N.VpcPeeringConnectionId", "there is no VPC peering in Berth.");
        if (pair.UserId is not null && pair.UserId != accountId)
            throw Ec2Errors.Unsupported("Groups.N.UserId", $"groups of other accounts cannot be referenced (this account is {accountId}).");
        SecurityGroupRecord? group;
        if (pair.GroupId is not null)
        {
            group = groups.FirstOrDefault(g => g.GroupId == pair.GroupId) ?? throw Ec2Errors.GroupNotFound(pair.GroupId);
        }
        else if (pair.GroupName is not null)
        {
            group = groups.FirstOrDefault(g => g.GroupName == pair.GroupName && g.VpcId == target.VpcId)
                ?? throw Ec2Errors.GroupNameNotFound(pair.GroupName, target.VpcId);
        }
        else
        {
            throw Ec2Errors.Missing("Groups.N.GroupId");
        }
        if (group.VpcId != target.VpcId)
            throw new Kernel.AwsException("InvalidGroup.NotFound", $"You have specified two resources that belong to different networks: {group.GroupId} is in {group.VpcId}, {target.GroupId} in {target.VpcId}.");
        return group.GroupId;
    }

    /// <summary>How EC2 names a rule in its duplicate and not-found messages.</summary>
    public static string Describe(SecurityGroupRuleRecord r) =>
        $"peer: {r.CidrIpv4 ?? r.ReferencedGroupId}, {(r.Protocol == "-1" ? "ALL" : r.Protocol.ToUpperInvariant())}, from port: {r.FromPort?.ToString(CultureInfo.InvariantCulture) ?? "-1"}, to port: {r.ToPort?.ToString(CultureInfo.InvariantCulture) ?? "-1"}, ALLOW";

    /// <summary>Refuses a rule that is there already (or twice in one request), and a direction past its limit.</summary>
    public static void CheckAdd(IReadOnlyList<SecurityGroupRuleRecord> existing, IReadOnlyList<SecurityGroupRuleRecord> added)
    {
        var seen = existing.Select(r => r.Identity).ToHashSet();
        foreach (var rule in added)
        {
            if (!seen.Add(rule.Identity))
                throw new Kernel.AwsException("InvalidPermission.Duplicate", $"the specified rule \"{Describe(rule)}\" already exists");
        }
        foreach (var egress in new[] { false, true })
        {
            if (existing.Count(r => r.IsEgress == egress) + added.Count(r => r.IsEgress == egress) > MaxRulesPerDirection)
                throw new Kernel.AwsException("RulesPerSecurityGroupLimitExceeded", $"The maximum number of {(egress ? "outbound" : "inbound")} rules per security group ({MaxRulesPerDirection}) has been reached.");
        }
    }

    /// <summary>Rules as DescribeSecurityGroups writes them: one IpPermission per protocol and port range, with its ranges and groups.</summary>
    public static List<IpPermissionShape> Permissions(IEnumerable<SecurityGroupRuleRecord> rules, IReadOnlyDictionary<string, SecurityGroupRecord> groups, string accountId) =>
        [.. rules.GroupBy(r => (r.Protocol, r.FromPort, r.ToPort)).Select(g => new IpPermissionShape
        {
            IpProtocol = g.Key.Protocol,
            FromPort = g.Key.FromPort,
            ToPort = g.Key.ToPort,
            IpRanges = [.. g.Where(r => r.CidrIpv4 is not null).Select(r => new IpRangeShape { CidrIp = r.CidrIpv4, Description = r.Description })],
            UserIdGroupPairs = [.. g.Where(r => r.ReferencedGroupId is not null).Select(r => new UserIdGroupPairShape
            {
                GroupId = r.ReferencedGroupId, UserId = accountId, Description = r.Description,
                GroupName = groups.GetValueOrDefault(r.ReferencedGroupId!)?.GroupName,
            })],
            Ipv6Ranges = [],
            PrefixListIds = [],
        })];
}
