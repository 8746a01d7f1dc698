using Berth.Kernel.Storage;
using static Berth.Elb.Tests.ElbHarness;

namespace Berth.Elb.Tests;

/// <summary>Load balancers in VPCs: subnets and groups resolved through the network directory, the interface, SetSecurityGroups and SetSubnets.</summary>
public sealed class LoadBalancerNetworkTests : IDisposable
{
    readonly ElbHarness _h = new();

    public LoadBalancerNetworkTests()
    {
        _h.Network.AddVpc("10.20.0.0/16", id: "vpc-blue", defaultGroupId: "sg-bluedefault");
        _h.Network.AddSubnet("vpc-blue", "10.20.1.0/24", "us-east-1a", id: "subnet-blue1");
        _h.Network.AddSubnet("vpc-blue", "10.20.2.0/24", "us-east-1b", id: "subnet-blue2");
        _h.Network.AddSubnet("vpc-blue", "10.20.3.0/24", "us-east-1a", id: "subnet-blue1b");
        _h.Network.AddGroup("vpc-blue", id: "sg-web");
        _h.Network.AddGroup("vpc-blue", id: "sg-alb");
    }

    public void Dispose() => _h.Dispose();

    Task<LoadBalancer> CreateAsync(string name = "blue", List<string>? subnets = null, List<string>? groups = null) =>
        _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = name, Subnets = subnets ?? ["subnet-blue1", "subnet-blue2"], SecurityGroups = groups }, Ct);

    [Fact]
    public async Task Create_SubnetsOfAVpc_VpcZonesDefaultGroupAndAnInterfaceOwnedByTheLoadBalancer()
    {
        var lb = await CreateAsync();

        Assert.Equal("vpc-blue", lb.VpcId);
        Assert.Equal([("us-east-1a", "subnet-blue1"), ("us-east-1b", "subnet-blue2")], lb.AvailabilityZones.Select(z => (z.ZoneName, z.SubnetId)));
        Assert.Equal(["sg-bluedefault"], lb.SecurityGroups);
        var eni = Assert.Single(_h.Network.Interfaces);
        Assert.Equal(lb.LoadBalancerArn, eni.OwnerArn);
        Assert.Equal("subnet-blue1", eni.SubnetId);
        Assert.Equal(["sg-bluedefault"], eni.SecurityGroupIds);
        Assert.Equal(eni.PrivateIpAddress, lb.PrivateIpAddress);
        Assert.Equal(eni.NetworkInterfaceId, lb.NetworkInterfaceId);
        Assert.StartsWith("10.20.1.", lb.PrivateIpAddress, StringComparison.Ordinal);
        var stored = (await _h.Store.GetAsync(ElbKinds.LoadBalancers, lb.LoadBalancerArn, Ct))!.Value;
        Assert.Equal((eni.NetworkInterfaceId, eni.SubnetId, eni.PrivateIpAddress), (stored.NetworkInterfaceId, stored.InterfaceSubnetId, stored.PrivateIpAddress));
    }

    [Fact]
    public void Description_IsElbAppNameId() =>
        Assert.Equal("ELB app/web/0123456789abcdef", LoadBalancerNetwork.Description("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef"));

    [Fact]
    public async Task Create_BadNetworks_RefusedWithTheModelsCodes_NothingMade()
    {
        await Refused(() => CreateAsync(subnets: ["subnet-nowhere"]), "SubnetNotFound", "subnet-nowhere");
        await Refused(() => CreateAsync(subnets: ["subnet-blue1", "subnet-a"]), "InvalidSubnet", "different VPCs");
        await Refused(() => CreateAsync(subnets: ["subnet-blue1", "subnet-blue1b"]), "InvalidConfigurationRequest", "same Availability Zone");
        await Refused(() => CreateAsync(groups: ["sg-nothing"]), "InvalidSecurityGroup", "sg-nothing");
        await Refused(() => CreateAsync(groups: ["sg-default"]), "InvalidSecurityGroup", "sg-default");
        _h.Network.AddSubnet("vpc-blue", "10.20.9.0/24", "us-east-1c", id: "subnet-full", capacity: 0);
        await Refused(() => CreateAsync(subnets: ["subnet-full"]), "InvalidSubnet", "subnet-full");

        Assert.Equal(0, await _h.Store.CountAsync(ElbKinds.LoadBalancers, new StoreQuery(), Ct));
        Assert.Empty(_h.Network.Interfaces);
    }

    [Fact]
    public async Task Delete_DetachesTheInterface()
    {
        var lb = await CreateAsync();

        await _h.LoadBalancers.DeleteAsync(lb.LoadBalancerArn, Ct);

        Assert.Empty(_h.Network.Interfaces);
    }

    [Fact]
    public async Task SetSecurityGroups_ReplacesGroupsOnTheLoadBalancerAndItsInterface()
    {
        var lb = await CreateAsync();
        var notified = _h.DataPlane.Notifications;

        var groups = await _h.LoadBalancers.SetSecurityGroupsAsync(lb.LoadBalancerArn, ["sg-alb", "sg-web"], null, Ct);

        Assert.Equal(["sg-alb", "sg-web"], groups);
        var stored = await _h.LoadBalancers.RequireAsync(lb.LoadBalancerArn, Ct);
        Assert.Equal(["sg-alb", "sg-web"], stored.SecurityGroups);
        var eni = Assert.Single(_h.Network.Interfaces);
        Assert.Equal(["sg-alb", "sg-web"], eni.SecurityGroupIds);
        Assert.Equal(lb.PrivateIpAddress, eni.PrivateIpAddress);
        Assert.True(_h.DataPlane.Notifications > notified);
    }

    [Fact]
    public async Task SetSecurityGroups_BadInput_RefusedAndNothingChanges()
    {
        var lb = await CreateAsync(groups: ["sg-web"]);

        await Refused(() => _h.LoadBalancers.SetSecurityGroupsAsync(lb.LoadBalancerArn, ["sg-default"], null, Ct), "InvalidSecurityGroup", "sg-default");
        await Refused(() => _h.LoadBalancers.SetSecurityGroupsAsync(lb.LoadBalancerArn, ["sg-missing"], null, Ct), "InvalidSecurityGroup");
        await Refused(() => _h.LoadBalancers.SetSecurityGroupsAsync(lb.LoadBalancerArn, ["bad"], null, Ct), "InvalidSecurityGroup");
        await Refused(() => _h.LoadBalancers.SetSecurityGroupsAsync(lb.LoadBalancerArn, [], null, Ct), "InvalidConfigurationRequest", "at least one");
        await Refused(() => _h.LoadBalancers.SetSecurityGroupsAsync(lb.LoadBalancerArn, null, null, Ct), "ValidationError", "securityGroups");
        await Refused(() => _h.LoadBalancers.SetSecurityGroupsAsync(lb.LoadBalancerArn, ["sg-alb"], "on", Ct), "InvalidConfigurationRequest", "Network Load Balancers");
        await Refused(() => _h.LoadBalancers.SetSecurityGroupsAsync(lb.LoadBalancerArn.Replace("blue/", "gone/", StringComparison.Ordinal), ["sg-alb"], null, Ct), "LoadBalancerNotFound");

        Assert.Equal(["sg-web"], (await _h.LoadBalancers.RequireAsync(lb.LoadBalancerArn, Ct)).SecurityGroups);
        Assert.Equal(["sg-web"], Assert.Single(_h.Network.Interfaces).SecurityGroupIds);
    }

    [Fact]
    public async Task SetSubnets_WithinTheVpc_ZonesChange_InterfaceMovesOnlyWhenItsSubnetIsLeft()
    {
        var lb = await CreateAsync();
        _h.Network.AddSubnet("vpc-blue", "10.20.4.0/24", "us-east-1c", id: "subnet-blue3");

        var zones = await _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, ["subnet-blue1", "subnet-blue3"], null, null, null, Ct);

        Assert.Equal(["subnet-blue1", "subnet-blue3"], zones.Select(z => z.SubnetId));
        Assert.Equal(lb.PrivateIpAddress, (await _h.LoadBalancers.RequireAsync(lb.LoadBalancerArn, Ct)).PrivateIpAddress);

        await _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, null, ["subnet-blue2", "subnet-blue3"], null, null, Ct);

        var moved = await _h.LoadBalancers.RequireAsync(lb.LoadBalancerArn, Ct);
        Assert.Equal(["us-east-1b", "us-east-1c"], moved.AvailabilityZones.Select(z => z.ZoneName));
        var eni = Assert.Single(_h.Network.Interfaces);
        Assert.Equal("subnet-blue2", eni.SubnetId);
        Assert.Equal(eni.PrivateIpAddress, moved.PrivateIpAddress);
        Assert.StartsWith("10.20.2.", moved.PrivateIpAddress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetSubnets_BadInput_RefusedAndNothingChanges()
    {
        var lb = await CreateAsync();
        _h.Network.AddSubnet("vpc-blue", "10.20.9.0/24", "us-east-1c", id: "subnet-full", capacity: 0);

        await Refused(() => _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, ["subnet-a", "subnet-b"], null, null, null, Ct), "InvalidConfigurationRequest", "another VPC");
        await Refused(() => _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, ["subnet-nowhere"], null, null, null, Ct), "SubnetNotFound");
        await Refused(() => _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, ["subnet-blue1", "subnet-blue1b"], null, null, null, Ct), "InvalidConfigurationRequest", "same Availability Zone");
        await Refused(() => _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, null, null, null, null, Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, ["subnet-blue1"], ["subnet-blue1"], null, null, Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, ["subnet-blue1"], null, "dualstack", null, Ct), "ValidationError", "IPv4");
        await Refused(() => _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, ["subnet-blue1"], null, null, "on", Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.LoadBalancers.SetSubnetsAsync(lb.LoadBalancerArn, ["subnet-full"], null, null, null, Ct), "InvalidSubnet", "subnet-full");

        var after = await _h.LoadBalancers.RequireAsync(lb.LoadBalancerArn, Ct);
        Assert.Equal(["subnet-blue1", "subnet-blue2"], after.AvailabilityZones.Select(z => z.SubnetId));
        var eni = Assert.Single(_h.Network.Interfaces);
        Assert.Equal("subnet-blue1", eni.SubnetId);
        Assert.Equal(eni.PrivateIpAddress, after.PrivateIpAddress);
    }

    [Fact]
    public async Task TargetGroup_UnknownVpcRefused_ForwardAcrossVpcsRefused()
    {
        await Refused(() => _h.TargetGroups.CreateAsync(new CreateTargetGroupRequest { Name = "x", Protocol = "HTTP", Port = 80, VpcId = "vpc-nope" }, Ct), "ValidationError", "vpc-nope");
        var blue = (await _h.TargetGroups.CreateAsync(new CreateTargetGroupRequest { Name = "blue-tg", Protocol = "HTTP", Port = 80, VpcId = "vpc-blue" }, Ct)).TargetGroup;
        Assert.Equal("vpc-blue", blue.VpcId);
        var inDefault = await _h.LoadBalancerAsync("web");

        await Refused(() => _h.ListenerAsync(inDefault, blue.TargetGroupArn), "InvalidConfigurationRequest", "its own VPC");
        var lb = await CreateAsync();
        await _h.ListenerAsync(lb.LoadBalancerArn, blue.TargetGroupArn);
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("203.0.113.7", false)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.31.0.9", true)]
    [InlineData("192.168.4.4", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("172.32.0.1", false)]
    public async Task RegisterTargets_PublicAddressesOutsideTheVpcRefused(string ip, bool accepted)
    {
        var tg = await _h.TargetGroupAsync();

        var register = () => _h.Targets.RegisterAsync(tg, [new TargetRef(ip, 80)], Ct);

        if (accepted)
            await register();
        else
            await Refused(register, "InvalidTarget", ip);
    }

    [Fact]
    public async Task RegisterTargets_PublicAddressInsideTheTargetGroupsVpc_Accepted()
    {
        _h.Network.AddVpc("198.51.100.0/24", id: "vpc-public", defaultGroupId: "sg-pub");
        var tg = (await _h.TargetGroups.CreateAsync(new CreateTargetGroupRequest { Name = "pub", Protocol = "HTTP", Port = 80, VpcId = "vpc-public" }, Ct)).TargetGroup;

        await _h.Targets.RegisterAsync(tg.TargetGroupArn, [new TargetRef("198.51.100.20", 80)], Ct);
        var other = await _h.TargetGroupAsync();
        await Refused(() => _h.Targets.RegisterAsync(other, [new TargetRef("198.51.100.20", 80)], Ct), "InvalidTarget");
    }
}
