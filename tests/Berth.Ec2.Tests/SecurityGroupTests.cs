using Berth.Ec2.Api;
using Berth.TestSupport;
using static Berth.Ec2.Tests.Ec2Harness;

namespace Berth.Ec2.Tests;

public sealed class SecurityGroupTests
{
    [Fact]
    public async Task Create_NewGroup_HasTheDefaultEgressRuleAndItsTags()
    {
        using var h = new Ec2Harness();

        var created = await h.Groups.CreateAsync(new CreateSecurityGroupRequest
        {
            GroupName = "web",
            Description = "web tier",
            TagSpecifications = [new TagSpecification { ResourceType = "security-group", Tags = [new TagShape { Key = "env", Value = "dev" }] }],
        }, Ct);

        var g = await h.DescribeGroupAsync(created.GroupId);
        Assert.Equal(("web", "web tier", "vpc-0b3e7a1f00000000a"), (g.GroupName, g.Description, g.VpcId));
        Assert.Empty(g.IpPermissions);
        var egress = Assert.Single(g.IpPermissionsEgress);
        Assert.Equal(("-1", "0.0.0.0/0"), (egress.IpProtocol, Assert.Single(egress.IpRanges!).CidrIp));
        Assert.Equal("dev", Assert.Single(g.Tags).Value);
        Assert.Equal($"arn:aws:ec2:us-east-1:{Account}:security-group/{created.GroupId}", created.SecurityGroupArn);
    }

    [Fact]
    public async Task RuleAndInterfaceWrites_WakeThePacketFilter_RefusalsDoNot()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        var woken = h.FilterChanges.Count;

        await h.Rules.AuthorizeAsync(new SecurityGroupRulesRequest { GroupId = web, IpPermissions = [Tcp(80, 80, "0.0.0.0/0")] }, egress: false, Ct);
        Assert.Equal(woken + 1, h.FilterChanges.Count);
        await AwsAssert.RefusedAsync(() => h.Rules.AuthorizeAsync(new SecurityGroupRulesRequest { GroupId = web, IpPermissions = [Tcp(80, 80, "0.0.0.0/0")] }, egress: false, Ct), "InvalidPermission.Duplicate");
        Assert.Equal(woken + 1, h.FilterChanges.Count);
        await h.Rules.RevokeAsync(new SecurityGroupRulesRequest { GroupId = web, IpPermissions = [Tcp(80, 80, "0.0.0.0/0")] }, egress: false, Ct);
        await h.AttachAsync("arn:task/a", SubnetA, web);
        await h.Directory.UpdateGroupsAsync("arn:task/a", [DefaultGroup], Ct);
        await h.Directory.DetachAsync("arn:task/a", Ct);
        Assert.Equal(woken + 5, h.FilterChanges.Count);
    }

    [Theory]
    [InlineData("default", "reserved")]
    [InlineData("sg-web", "sg-*")]
    [InlineData("wéb", "Group names")]
    public async Task Create_BadName_IsRefused(string name, string fragment)
    {
        using var h = new Ec2Harness();

        await AwsAssert.RefusedAsync(() => h.Groups.CreateAsync(new CreateSecurityGroupRequest { GroupName = name, Description = "d" }, Ct), "InvalidParameterValue", fragment);
        Assert.Equal(["default"], (await h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest(), Ct)).SecurityGroups.Select(g => g.GroupName));
    }

    [Fact]
    public async Task Create_SameNameInOneVpc_IsDuplicateButAnotherVpcMayUseIt()
    {
        using var h = new Ec2Harness();
        await h.GroupAsync("web");
        var vpc = await h.VpcAsync("10.90.0.0/16");

        await AwsAssert.RefusedAsync(() => h.GroupAsync("web"), "InvalidGroup.Duplicate", "'web'");
        await h.GroupAsync("web", vpc);
    }

    [Fact]
    public async Task Create_ConcurrentSameName_OnlyOneWins()
    {
        using var h = new Ec2Harness();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            try
            {
                await h.GroupAsync("race");
                return true;
            }
            catch (Kernel.AwsException e) when (e.Code == "InvalidGroup.Duplicate")
            {
                return false;
            }
        })));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task Delete_DefaultGroup_CannotDelete()
    {
        using var h = new Ec2Harness();

        await AwsAssert.RefusedAsync(() => h.Groups.DeleteAsync(new DeleteSecurityGroupRequest { GroupId = DefaultGroup }, Ct), "CannotDelete", DefaultGroup);
    }

    [Fact]
    public async Task Delete_GroupReferencedByAnotherGroupsRule_IsDependencyViolationUntilRevoked()
    {
        using var h = new Ec2Harness();
        var lb = await h.GroupAsync("lb");
        var web = await h.GroupAsync("web");
        await h.IngressAsync(web, Tcp(80, 80, group: lb));

        await AwsAssert.RefusedAsync(() => h.Groups.DeleteAsync(new DeleteSecurityGroupRequest { GroupId = lb }, Ct), "DependencyViolation", web);
        await h.Rules.RevokeAsync(new SecurityGroupRulesRequest { GroupId = web, IpPermissions = [Tcp(80, 80, group: lb)] }, egress: false, Ct);
        await h.Groups.DeleteAsync(new DeleteSecurityGroupRequest { GroupId = lb }, Ct);

        await AwsAssert.RefusedAsync(() => h.DescribeGroupAsync(lb), "InvalidGroup.NotFound", lb);
    }

    [Fact]
    public async Task Delete_GroupOnAnInterface_IsDependencyViolationUntilDetached()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        await h.AttachAsync("arn:task/1", SubnetA, web);

        await AwsAssert.RefusedAsync(() => h.Groups.DeleteAsync(new DeleteSecurityGroupRequest { GroupName = "web" }, Ct), "DependencyViolation");
        await h.Directory.DetachAsync("arn:task/1", Ct);
        var deleted = await h.Groups.DeleteAsync(new DeleteSecurityGroupRequest { GroupName = "web" }, Ct);

        Assert.Equal(web, deleted.GroupId);
        await h.GroupAsync("web"); // the name is free again
    }

    [Fact]
    public async Task Authorize_CidrAndGroupPeers_OneRulePerPeerGroupedAsOnePermission()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");

        var added = await h.IngressAsync(web, new IpPermissionShape
        {
            IpProtocol = "6",
            FromPort = 80,
            ToPort = 81,
            IpRanges = [new IpRangeShape { CidrIp = "10.1.2.3/16", Description = "office" }],
            UserIdGroupPairs = [new UserIdGroupPairShape { GroupId = DefaultGroup }],
        });

        Assert.Equal(2, added.SecurityGroupRules.Count);
        Assert.All(added.SecurityGroupRules, r => Assert.StartsWith("sgr-", r.SecurityGroupRuleId, StringComparison.Ordinal));
        var p = Assert.Single((await h.DescribeGroupAsync(web)).IpPermissions);
        Assert.Equal(("tcp", 80, 81), (p.IpProtocol, p.FromPort, p.ToPort));
        Assert.Equal(("10.1.0.0/16", "office"), (Assert.Single(p.IpRanges!).CidrIp, p.IpRanges![0].Description));
        Assert.Equal(DefaultGroup, Assert.Single(p.UserIdGroupPairs!).GroupId);
    }

    [Fact]
    public async Task Authorize_SameRuleTwice_IsDuplicateAndChangesNothing()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        await h.IngressAsync(web, Tcp(80, 80, "0.0.0.0/0"));

        await AwsAssert.RefusedAsync(() => h.IngressAsync(web, Tcp(443, 443, "0.0.0.0/0"), Tcp(80, 80, "0.0.0.0/0")), "InvalidPermission.Duplicate", "peer: 0.0.0.0/0, TCP, from port: 80");

        Assert.Single((await h.DescribeGroupAsync(web)).IpPermissions);
    }

    [Theory]
    [InlineData("tcp", null, 80, "InvalidParameterValue", "both from and to")]
    [InlineData("tcp", 90, 80, "InvalidParameterValue", "port range")]
    [InlineData("udp", 0, 70000, "InvalidParameterValue", "port range")]
    [InlineData("icmp", -1, 3, "InvalidParameterValue", "ICMP")]
    [InlineData("gre", 0, 0, "InvalidParameterValue", "Unknown protocol")]
    [InlineData("47", 0, 0, "InvalidParameterValue", "not supported by Berth")]
    [InlineData("icmpv6", -1, -1, "InvalidParameterValue", "IPv4 only")]
    public async Task Authorize_BadProtocolOrPorts_IsRefused(string protocol, int? from, int? to, string code, string fragment)
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");

        await AwsAssert.RefusedAsync(() => h.IngressAsync(web, new IpPermissionShape { IpProtocol = protocol, FromPort = from, ToPort = to, IpRanges = [new IpRangeShape { CidrIp = "10.0.0.0/8" }] }), code, fragment);

        Assert.Empty((await h.DescribeGroupAsync(web)).IpPermissions);
    }

    [Fact]
    public async Task Authorize_AllProtocols_DropsPortsAndIcmpKeepsTypeAndCode()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");

        await h.IngressAsync(web,
            new IpPermissionShape { IpProtocol = "-1", FromPort = 5, ToPort = 6, IpRanges = [new IpRangeShape { CidrIp = "10.0.0.0/8" }] },
            new IpPermissionShape { IpProtocol = "1", FromPort = 8, ToPort = -1, IpRanges = [new IpRangeShape { CidrIp = "10.0.0.0/8" }] });

        var state = await h.Directory.ReadFirewallStateAsync(Ct);
        var rules = Assert.Single(state.Groups, g => g.GroupId == web).Ingress;
        Assert.Contains(rules, r => r is { Protocol: "-1", FromPort: null, ToPort: null, CidrIpv4: "10.0.0.0/8" });
        Assert.Contains(rules, r => r is { Protocol: "icmp", FromPort: 8, ToPort: null });
    }

    [Fact]
    public async Task Authorize_UnknownOrOtherVpcGroup_IsRefused()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        var other = await h.GroupAsync("other", await h.VpcAsync("10.90.0.0/16"));

        await AwsAssert.RefusedAsync(() => h.IngressAsync(web, Tcp(80, 80, group: "sg-00000000000000000")), "InvalidGroup.NotFound", "sg-00000000000000000");
        await AwsAssert.RefusedAsync(() => h.IngressAsync(web, Tcp(80, 80, group: other)), "InvalidGroup.NotFound", "different networks");
        await AwsAssert.RefusedAsync(() => h.IngressAsync("sg-00000000000000000", Tcp(80, 80, "10.0.0.0/8")), "InvalidGroup.NotFound");
        await AwsAssert.RefusedAsync(() => h.IngressAsync("web", Tcp(80, 80, "10.0.0.0/8")), "InvalidGroupId.Malformed");
        await AwsAssert.RefusedAsync(() => h.IngressAsync(web, Tcp(80, 80, "10.0.0/8")), "InvalidParameterValue", "malformed");
    }

    [Fact]
    public async Task Authorize_FlatFormBySourceGroupName_AllowsAllFromThatGroup()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        await h.GroupAsync("lb");

        await h.Rules.AuthorizeAsync(new SecurityGroupRulesRequest { GroupName = "web", SourceSecurityGroupName = "lb" }, egress: false, Ct);
        await AwsAssert.RefusedAsync(() => h.Rules.AuthorizeAsync(new SecurityGroupRulesRequest { GroupId = web, CidrIp = "10.0.0.0/8", IpPermissions = [Tcp(1, 1, "10.0.0.0/8")] }, false, Ct), "InvalidParameterCombination");

        var p = Assert.Single((await h.DescribeGroupAsync(web)).IpPermissions);
        Assert.Equal(("-1", "lb"), (p.IpProtocol, Assert.Single(p.UserIdGroupPairs!).GroupName));
    }

    [Fact]
    public async Task Authorize_PastSixtyRules_IsLimitExceeded()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        await h.IngressAsync(web, [.. Enumerable.Range(1, 60).Select(p => Tcp(p, p, "10.0.0.0/8"))]);

        await AwsAssert.RefusedAsync(() => h.IngressAsync(web, Tcp(61, 61, "10.0.0.0/8")), "RulesPerSecurityGroupLimitExceeded");
    }

    [Fact]
    public async Task Revoke_ByPermissionPartlyKnown_RevokesTheKnownAndReportsTheRest()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        await h.IngressAsync(web, Tcp(80, 80, "10.0.0.0/8"));

        var revoked = await h.Rules.RevokeAsync(new SecurityGroupRulesRequest { GroupId = web, IpPermissions = [Tcp(80, 80, "10.0.0.0/8"), Tcp(81, 81, "10.0.0.0/8")] }, false, Ct);

        Assert.Single(revoked.RevokedSecurityGroupRules);
        Assert.Equal(81, Assert.Single(revoked.UnknownIpPermissions!).FromPort);
        Assert.Empty((await h.DescribeGroupAsync(web)).IpPermissions);
        await AwsAssert.RefusedAsync(() => h.Rules.RevokeAsync(new SecurityGroupRulesRequest { GroupId = web, IpPermissions = [Tcp(80, 80, "10.0.0.0/8")] }, false, Ct), "InvalidPermission.NotFound");
    }

    [Fact]
    public async Task Revoke_ByRuleIds_RemovesThoseAndRefusesUnknownOrOtherDirection()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        var id = Assert.Single((await h.IngressAsync(web, Tcp(80, 80, "10.0.0.0/8"))).SecurityGroupRules).SecurityGroupRuleId;
        var egressId = (await h.Rules.DescribeAsync(new DescribeSecurityGroupRulesRequest { Filters = [new Filter { Name = "group-id", Values = [web] }] }, Ct))
            .SecurityGroupRules.Single(r => r.IsEgress).SecurityGroupRuleId;

        await AwsAssert.RefusedAsync(() => h.Rules.RevokeAsync(new SecurityGroupRulesRequest { GroupId = web, SecurityGroupRuleIds = [egressId] }, false, Ct), "InvalidSecurityGroupRuleId.NotFound");
        await AwsAssert.RefusedAsync(() => h.Rules.RevokeAsync(new SecurityGroupRulesRequest { GroupId = web, SecurityGroupRuleIds = ["sgr-00000000000000000"] }, false, Ct), "InvalidSecurityGroupRuleId.NotFound");
        await h.Rules.RevokeAsync(new SecurityGroupRulesRequest { GroupId = web, SecurityGroupRuleIds = [id] }, false, Ct);
        await h.Rules.RevokeAsync(new SecurityGroupRulesRequest { GroupId = web, SecurityGroupRuleIds = [egressId] }, true, Ct);

        var g = await h.DescribeGroupAsync(web);
        Assert.Empty(g.IpPermissions);
        Assert.Empty(g.IpPermissionsEgress);
    }

    [Fact]
    public async Task Modify_ChangesTheRuleInPlaceKeepingItsId()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        var id = Assert.Single((await h.IngressAsync(web, Tcp(80, 80, "10.0.0.0/8"))).SecurityGroupRules).SecurityGroupRuleId;

        await h.Rules.ModifyAsync(new ModifySecurityGroupRulesRequest
        {
            GroupId = web,
            SecurityGroupRules = [new RuleUpdateShape { SecurityGroupRuleId = id, SecurityGroupRule = new RuleRequestShape { IpProtocol = "tcp", FromPort = 8080, ToPort = 8080, ReferencedGroupId = DefaultGroup, Description = "app" } }],
        }, Ct);

        var rule = Assert.Single((await h.Rules.DescribeAsync(new DescribeSecurityGroupRulesRequest { SecurityGroupRuleIds = [id] }, Ct)).SecurityGroupRules);
        Assert.Equal((8080, DefaultGroup, "app", (string?)null), (rule.FromPort, rule.ReferencedGroupInfo!.GroupId, rule.Description, rule.CidrIpv4));
        await AwsAssert.RefusedAsync(() => h.Rules.ModifyAsync(new ModifySecurityGroupRulesRequest
        {
            GroupId = web,
            SecurityGroupRules = [new RuleUpdateShape { SecurityGroupRuleId = id, SecurityGroupRule = new RuleRequestShape { IpProtocol = "tcp", FromPort = 1, ToPort = 1, CidrIpv4 = "10.0.0.0/8", ReferencedGroupId = DefaultGroup } }],
        }, Ct), "InvalidParameterValue", "exactly one peer");
    }

    [Fact]
    public async Task Describe_FiltersWildcardsAndPaging()
    {
        using var h = new Ec2Harness();
        foreach (var name in new[] { "web-1", "web-2", "db" })
            await h.GroupAsync(name);

        var web = await h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter { Name = "group-name", Values = ["web-?"] }] }, Ct);
        var first = await h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest { MaxResults = 5 }, Ct);
        var page = await h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter { Name = "vpc-id", Values = ["vpc-0b3e7a1f00000000a"] }], MaxResults = 5 }, Ct);

        Assert.Equal(["web-1", "web-2"], web.SecurityGroups.Select(g => g.GroupName).Order());
        Assert.Equal(4, first.SecurityGroups.Count);
        Assert.Null(first.NextToken);
        Assert.Equal(4, page.SecurityGroups.Count);
        await AwsAssert.RefusedAsync(() => h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest { MaxResults = 4 }, Ct), "InvalidParameterValue", "5 and 1000");
        await AwsAssert.RefusedAsync(() => h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter { Name = "colour", Values = ["x"] }] }, Ct), "InvalidParameterValue", "colour");
        await AwsAssert.RefusedAsync(() => h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest { GroupNames = ["nope"] }, Ct), "InvalidGroup.NotFound", "nope");
    }

    [Fact]
    public async Task Describe_MoreThanAPage_TokensWalkEveryGroupOnce()
    {
        using var h = new Ec2Harness();
        for (var i = 0; i < 11; i++)
            await h.GroupAsync($"g{i}");

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest { MaxResults = 5, NextToken = token }, Ct);
            seen.AddRange(page.SecurityGroups.Select(g => g.GroupId));
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(12, seen.Distinct().Count());
        Assert.Equal(12, seen.Count);
    }
}
