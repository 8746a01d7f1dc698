using System.Net;
using Berth.Ec2.Api;
using Berth.Kernel.Networking;
using static Berth.Ec2.Tests.Ec2Harness;

namespace Berth.Ec2.Tests;

public sealed class NetworkDirectoryTests
{
    [Fact]
    public async Task Resolve_NothingNamed_IsTheDefaultVpcsSubnetsAndDefaultGroup()
    {
        using var h = new Ec2Harness();

        var choice = await h.Directory.ResolveAsync(null, null, Ct);

        Assert.Equal(("vpc-0b3e7a1f00000000a", "10.89.0.0/16", true), (choice.Vpc.VpcId, choice.Vpc.CidrBlock, choice.Vpc.IsDefault));
        Assert.Equal([SubnetA, SubnetB, "subnet-0b3e7a1f00000000c"], choice.Subnets.Select(s => s.SubnetId));
        Assert.Equal([DefaultGroup], choice.SecurityGroupIds);
    }

    [Fact]
    public async Task Resolve_SubnetsOfAnotherVpc_GetThatVpcsDefaultGroup()
    {
        using var h = new Ec2Harness();
        var vpc = await h.VpcAsync("10.90.0.0/16");
        var subnet = await h.SubnetAsync(vpc, "10.90.0.0/24");

        var choice = await h.Directory.ResolveAsync([subnet], null, Ct);

        Assert.Equal(vpc, choice.Vpc.VpcId);
        Assert.NotEqual(DefaultGroup, Assert.Single(choice.SecurityGroupIds));
        Assert.Equal(("10.90.0.0/24", "us-east-1a"), (choice.Subnets[0].CidrBlock, choice.Subnets[0].AvailabilityZone));
    }

    [Fact]
    public async Task Resolve_UnknownOrMismatched_NamesWhatIsWrong()
    {
        using var h = new Ec2Harness();
        var vpc = await h.VpcAsync("10.90.0.0/16");
        var subnet = await h.SubnetAsync(vpc, "10.90.0.0/24");

        var unknown = await Assert.ThrowsAsync<NetworkReferenceException>(() => h.Directory.ResolveAsync(["subnet-00000000000000000"], null, Ct));
        var mixed = await Assert.ThrowsAsync<NetworkReferenceException>(() => h.Directory.ResolveAsync([SubnetA, subnet], null, Ct));
        var group = await Assert.ThrowsAsync<NetworkReferenceException>(() => h.Directory.ResolveAsync([subnet], [DefaultGroup], Ct));
        var missingGroup = await Assert.ThrowsAsync<NetworkReferenceException>(() => h.Directory.ResolveAsync(null, ["sg-00000000000000000"], Ct));

        Assert.Contains("'subnet-00000000000000000' does not exist", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("different VPCs", mixed.Message, StringComparison.Ordinal);
        Assert.Contains("same VPC", group.Message, StringComparison.Ordinal);
        Assert.Contains("'sg-00000000000000000' does not exist", missingGroup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_LowestFreeAfterTheFourReserved_IdempotentByOwner_ReusedAfterDetach()
    {
        using var h = new Ec2Harness();

        var a = await h.AttachAsync("arn:task/a");
        var b = await h.AttachAsync("arn:task/b");
        var again = await h.AttachAsync("arn:task/a");
        await h.Directory.DetachAsync("arn:task/a", Ct);
        await h.Directory.DetachAsync("arn:task/a", Ct); // nothing left to do
        var c = await h.AttachAsync("arn:task/c");

        Assert.Equal(("10.89.0.4", "10.89.0.5"), (a.PrivateIpAddress, b.PrivateIpAddress));
        AssertSame(a, again);
        Assert.Equal("10.89.0.4", c.PrivateIpAddress);
        Assert.Equal(("10.89.0.0/20", "10.89.0.0/16", "10.89.0.1", "us-east-1a", "in-use"), (a.SubnetCidr, a.VpcCidr, a.Gateway, a.AvailabilityZone, a.Status));
        Assert.Matches("^02(:[0-9a-f]{2}){5}$", a.MacAddress);
        Assert.Null(await h.Directory.FindAsync("arn:task/a", Ct));
        AssertSame(b, await h.Directory.FindAsync("arn:task/b", Ct));
    }

    [Fact]
    public async Task Attach_AddressTheHostHoldsItself_IsSkipped()
    {
        using var h = new Ec2Harness();
        h.HostAddresses.Addresses.UnionWith(["10.89.0.4", "10.89.0.6", "192.168.1.4"]); // e.g. load balancer addresses another berthd left on lo

        var a = await h.AttachAsync("arn:task/a");
        var b = await h.AttachAsync("arn:task/b");

        Assert.Equal(("10.89.0.5", "10.89.0.7"), (a.PrivateIpAddress, b.PrivateIpAddress));
    }

    [Fact]
    public async Task Attach_Concurrently_EveryInterfaceGetsItsOwnAddress()
    {
        using var h = new Ec2Harness();
        await h.Directory.ResolveAsync(null, null, Ct);

        var attached = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => h.AttachAsync($"arn:task/{i % 20}"))));

        Assert.Equal(20, attached.Select(x => x.NetworkInterfaceId).Distinct().Count());
        Assert.Equal(20, attached.Select(x => x.PrivateIpAddress).Distinct().Count());
        Assert.Equal(20, h.Rows("ec2_network_interfaces"));
        Assert.Equal(Enumerable.Range(4, 20).Select(n => $"10.89.0.{n}"), attached.Select(x => x.PrivateIpAddress).Distinct().OrderBy(x => IPAddress.Parse(x).GetAddressBytes()[3]));
    }

    [Fact]
    public async Task Attach_FullSubnet_IsRefusedNamingIt()
    {
        using var h = new Ec2Harness();
        var vpc = await h.VpcAsync("10.90.0.0/16");
        var subnet = await h.SubnetAsync(vpc, "10.90.0.0/28");
        for (var i = 0; i < 11; i++)
            await h.AttachAsync($"arn:task/{i}", subnet, (await h.Directory.ResolveAsync([subnet], null, Ct)).SecurityGroupIds[0]);

        var full = await Assert.ThrowsAsync<NetworkReferenceException>(() => h.AttachAsync("arn:task/full", subnet));

        Assert.Contains("no free address", full.Message, StringComparison.Ordinal);
        var last = await h.Directory.FindAsync("arn:task/10", Ct);
        Assert.Equal("10.90.0.14", last!.PrivateIpAddress); // .15 is the subnet's last address, kept by AWS
    }

    [Fact]
    public async Task UpdateGroups_KeepsTheAddress_RefusesUnknownOrForeignGroups_AndIgnoresOwnersWithoutInterface()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        var lb = await h.GroupAsync("lb");
        var eni = await h.AttachAsync("arn:lb/a", SubnetA, web);

        var updated = await h.Directory.UpdateGroupsAsync("arn:lb/a", [lb, web], Ct);
        Assert.Equal((eni.PrivateIpAddress, eni.NetworkInterfaceId), (updated!.PrivateIpAddress, updated.NetworkInterfaceId));
        Assert.Equal([lb, web], (await h.Directory.FindAsync("arn:lb/a", Ct))!.SecurityGroupIds);

        var other = await h.GroupAsync("other", await h.VpcAsync("10.90.0.0/16"));
        await Assert.ThrowsAsync<NetworkReferenceException>(() => h.Directory.UpdateGroupsAsync("arn:lb/a", ["sg-00000000000000000"], Ct));
        var foreign = await Assert.ThrowsAsync<NetworkReferenceException>(() => h.Directory.UpdateGroupsAsync("arn:lb/a", [other], Ct));
        Assert.Contains("not in the interface's VPC", foreign.Message, StringComparison.Ordinal);
        Assert.Equal([lb, web], (await h.Directory.FindAsync("arn:lb/a", Ct))!.SecurityGroupIds);
        Assert.Null(await h.Directory.UpdateGroupsAsync("arn:lb/none", [lb], Ct));
    }

    [Fact]
    public async Task DescribeNetworkInterfaces_ShowsTheAttachmentAddressGroupsAndTags()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        var eni = await h.AttachAsync("arn:task/a", SubnetB, web);

        var described = Assert.Single((await h.Interfaces.DescribeAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [new Filter { Name = "group-name", Values = ["web"] }, new Filter { Name = "attachment.status", Values = ["attached"] }],
        }, Ct)).NetworkInterfaces);

        Assert.Equal((eni.NetworkInterfaceId, "10.89.16.4", SubnetB, "us-east-1b", "amazon-ecs", "task arn:task/a"),
            (described.NetworkInterfaceId, described.PrivateIpAddress, described.SubnetId, described.AvailabilityZone, described.RequesterId, described.Description));
        Assert.Equal(("web", "attached"), (Assert.Single(described.Groups).GroupName, described.Attachment.Status));
        Assert.Equal("ip-10-89-16-4.ec2.internal", described.PrivateDnsName);
        Assert.Equal("aws:ecs:clusterName", Assert.Single(described.TagSet).Key);
        Assert.Empty((await h.Interfaces.DescribeAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter { Name = "subnet-id", Values = [SubnetA] }] }, Ct)).NetworkInterfaces);
    }

    [Fact]
    public async Task VpcOf_AddressInsideAVpc_IsThatVpc_OutsideIsNull()
    {
        using var h = new Ec2Harness();
        var vpc = await h.VpcAsync("10.90.0.0/16");

        Assert.Equal(vpc, (await h.Directory.VpcOfAsync(IPAddress.Parse("10.90.3.4"), Ct))?.VpcId);
        Assert.True((await h.Directory.VpcOfAsync(IPAddress.Parse("10.89.0.4"), Ct))!.IsDefault);
        Assert.Null(await h.Directory.VpcOfAsync(IPAddress.Parse("127.0.0.1"), Ct));
        Assert.Null(await h.Directory.VpcOfAsync(IPAddress.IPv6Loopback, Ct));
    }

    [Fact]
    public async Task ReadFirewallState_HasEveryVpcGroupRuleAndInterface()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        await h.IngressAsync(web, Tcp(80, 80, group: DefaultGroup));
        var eni = await h.AttachAsync("arn:task/a", SubnetA, web);

        var state = await h.Directory.ReadFirewallStateAsync(Ct);

        Assert.Single(state.Vpcs);
        var rules = Assert.Single(state.Groups, g => g.GroupId == web);
        Assert.Equal(new FirewallRule("tcp", 80, 80, null, DefaultGroup), Assert.Single(rules.Ingress));
        Assert.Equal(new FirewallRule("-1", null, null, "0.0.0.0/0", null), Assert.Single(rules.Egress));
        AssertSame(eni, Assert.Single(state.Interfaces));
    }

    /// <summary>Records compare lists by reference: compare the groups by value and the rest as records.</summary>
    static void AssertSame(NetworkInterfaceInfo expected, NetworkInterfaceInfo? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.SecurityGroupIds, actual.SecurityGroupIds);
        Assert.Equal(expected with { SecurityGroupIds = [] }, actual with { SecurityGroupIds = [] });
    }
}
