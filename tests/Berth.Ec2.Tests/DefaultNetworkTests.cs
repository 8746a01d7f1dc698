using Berth.Ec2.Api;

namespace Berth.Ec2.Tests;

public sealed class DefaultNetworkTests
{
    [Fact]
    public void Plan_SixteenBitRange_OneTwentyBitSubnetPerZoneWithTheIdsStoredBefore()
    {
        var (vpc, subnets, group) = DefaultNetwork.Plan(new Ec2Settings(), new AvailabilityZones("us-east-1"), DateTimeOffset.UnixEpoch);

        Assert.Equal(("vpc-0b3e7a1f00000000a", "10.89.0.0/16", true), (vpc.VpcId, vpc.CidrBlock, vpc.IsDefault));
        Assert.Equal(["10.89.0.0/20", "10.89.16.0/20", "10.89.32.0/20"], subnets.Select(s => s.CidrBlock));
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], subnets.Select(s => s.AvailabilityZone));
        Assert.Equal(["use1-az1", "use1-az2", "use1-az3"], subnets.Select(s => s.AvailabilityZoneId));
        Assert.Equal("subnet-0b3e7a1f00000000a", subnets[0].SubnetId);
        Assert.All(subnets, s => Assert.True(s.DefaultForAz));
        Assert.Equal(("sg-0b3e7a1f00000000a", "default"), (group.GroupId, group.GroupName));
        var ingress = Assert.Single(group.Rules, r => !r.IsEgress);
        Assert.Equal(("-1", "sg-0b3e7a1f00000000a"), (ingress.Protocol, ingress.ReferencedGroupId));
        var egress = Assert.Single(group.Rules, r => r.IsEgress);
        Assert.Equal(("-1", "0.0.0.0/0"), (egress.Protocol, egress.CidrIpv4));
    }

    [Fact]
    public void Plan_SmallRange_QuartersIt()
    {
        var (_, subnets, _) = DefaultNetwork.Plan(new Ec2Settings("192.168.7.0/24"), new AvailabilityZones("eu-west-2"), DateTimeOffset.UnixEpoch);

        Assert.Equal(["192.168.7.0/26", "192.168.7.64/26", "192.168.7.128/26"], subnets.Select(s => s.CidrBlock));
        Assert.Equal(["eu-west-2a", "eu-west-2b", "eu-west-2c"], subnets.Select(s => s.AvailabilityZone));
        Assert.Equal("euw2-az1", subnets[0].AvailabilityZoneId);
    }

    [Theory]
    [InlineData("10.89.0.0")]
    [InlineData("10.89.0.0/27")]
    [InlineData("fd00::/64")]
    public void Plan_UnusableRange_Throws(string cidr) =>
        Assert.Throws<InvalidOperationException>(() => DefaultNetwork.Plan(new Ec2Settings(cidr), new AvailabilityZones("us-east-1"), DateTimeOffset.UnixEpoch));

    [Fact]
    public async Task Ensure_TwiceAndAfterARestart_SeedsOnce()
    {
        using var h = new Ec2Harness();
        await h.Defaults.EnsureAsync(Ec2Harness.Ct);
        await h.Defaults.EnsureAsync(Ec2Harness.Ct);
        await new DefaultNetwork(h.Store, h.Settings, h.Zones, h.Clock).EnsureAsync(Ec2Harness.Ct);

        Assert.Equal(1, h.Rows("ec2_vpcs"));
        Assert.Equal(3, h.Rows("ec2_subnets"));
        Assert.Equal(1, h.Rows("ec2_security_groups"));
    }

    [Fact]
    public async Task Ensure_ConcurrentStarts_SeedOnce()
    {
        using var h = new Ec2Harness();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new DefaultNetwork(h.Store, h.Settings, h.Zones, h.Clock).EnsureAsync(Ec2Harness.Ct))));

        Assert.Equal(1, h.Rows("ec2_vpcs"));
        Assert.Equal(3, h.Rows("ec2_subnets"));
        Assert.Equal(1, h.Rows("ec2_security_groups"));
    }

    [Fact]
    public async Task Ensure_KeepsWhatUsersChanged()
    {
        using var h = new Ec2Harness();
        await h.Tags.CreateAsync(new CreateTagsRequest { Resources = ["vpc-0b3e7a1f00000000a"], Tags = [new TagShape { Key = "Name", Value = "tasks" }] }, Ec2Harness.Ct);

        await new DefaultNetwork(h.Store, h.Settings, h.Zones, h.Clock).EnsureAsync(Ec2Harness.Ct);

        var vpc = Assert.Single((await h.Vpcs.DescribeAsync(new DescribeVpcsRequest(), Ec2Harness.Ct)).Vpcs);
        Assert.Equal("tasks", Assert.Single(vpc.Tags).Value);
    }
}
