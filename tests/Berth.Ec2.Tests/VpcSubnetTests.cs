using Berth.Ec2.Api;
using Berth.TestSupport;
using static Berth.Ec2.Tests.Ec2Harness;

namespace Berth.Ec2.Tests;

public sealed class VpcSubnetTests
{
    [Fact]
    public async Task CreateVpc_GetsItsOwnDefaultGroupAndTags()
    {
        using var h = new Ec2Harness();

        var vpc = (await h.Vpcs.CreateAsync(new CreateVpcRequest
        {
            CidrBlock = "10.90.0.0/16",
            TagSpecifications = [new TagSpecification { ResourceType = "vpc", Tags = [new TagShape { Key = "Name", Value = "second" }] }],
        }, Ct)).Vpc;

        Assert.False(vpc.IsDefault);
        Assert.Equal("second", Assert.Single(vpc.Tags).Value);
        var groups = await h.Groups.DescribeAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter { Name = "vpc-id", Values = [vpc.VpcId] }] }, Ct);
        var group = Assert.Single(groups.SecurityGroups);
        Assert.Equal("default", group.GroupName);
        Assert.Equal(group.GroupId, Assert.Single(Assert.Single(group.IpPermissions).UserIdGroupPairs!).GroupId);
    }

    [Theory]
    [InlineData("10.89.128.0/17", "InvalidVpc.Range", "overlaps vpc-0b3e7a1f00000000a")]
    [InlineData("10.0.0.0/8", "InvalidVpc.Range", "/16 to /28")]
    [InlineData("10.90.0.1/16", "InvalidParameterValue", "not a valid CIDR")]
    [InlineData("10.90.0.0/33", "InvalidParameterValue", "not a valid CIDR")]
    public async Task CreateVpc_BadRange_IsRefused(string cidr, string code, string fragment)
    {
        using var h = new Ec2Harness();

        await AwsAssert.RefusedAsync(() => h.VpcAsync(cidr), code, fragment);

        Assert.Single((await h.Vpcs.DescribeAsync(new DescribeVpcsRequest(), Ct)).Vpcs);
    }

    [Fact]
    public async Task CreateVpc_Ipv6OrTenancy_IsRefusedByName()
    {
        using var h = new Ec2Harness();

        await AwsAssert.RefusedAsync(() => h.Vpcs.CreateAsync(new CreateVpcRequest { CidrBlock = "10.90.0.0/16", AmazonProvidedIpv6CidrBlock = true }, Ct), "InvalidParameterValue", "AmazonProvidedIpv6CidrBlock");
        await AwsAssert.RefusedAsync(() => h.Vpcs.CreateAsync(new CreateVpcRequest { CidrBlock = "10.90.0.0/16", InstanceTenancy = "dedicated" }, Ct), "InvalidParameterValue", "dedicated");
        await AwsAssert.RefusedAsync(() => h.Vpcs.CreateAsync(new CreateVpcRequest(), Ct), "MissingParameter", "CidrBlock");
    }

    [Fact]
    public async Task CreateSubnet_InsideItsVpcWithoutOverlap()
    {
        using var h = new Ec2Harness();
        var vpc = await h.VpcAsync("10.90.0.0/16");

        var subnet = (await h.Subnets.CreateAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = "10.90.1.0/24", AvailabilityZoneId = "use1-az2" }, Ct)).Subnet;

        Assert.Equal(("us-east-1b", 251, false), (subnet.AvailabilityZone, subnet.AvailableIpAddressCount, subnet.DefaultForAz));
        await AwsAssert.RefusedAsync(() => h.SubnetAsync(vpc, "10.90.1.128/25"), "InvalidSubnet.Conflict", subnet.SubnetId);
        await AwsAssert.RefusedAsync(() => h.SubnetAsync(vpc, "10.91.0.0/24"), "InvalidSubnet.Range");
        await AwsAssert.RefusedAsync(() => h.SubnetAsync(vpc, "10.90.2.0/29"), "InvalidSubnet.Range");
        await AwsAssert.RefusedAsync(() => h.SubnetAsync("vpc-00000000000000000", "10.90.2.0/24"), "InvalidVpcID.NotFound");
        await AwsAssert.RefusedAsync(() => h.Subnets.CreateAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = "10.90.2.0/24", AvailabilityZone = "us-east-1z" }, Ct), "InvalidParameterValue", "us-east-1a, us-east-1b, us-east-1c");
        Assert.Single((await h.Subnets.DescribeAsync(new DescribeSubnetsRequest { Filters = [new Filter { Name = "vpc-id", Values = [vpc] }] }, Ct)).Subnets);
    }

    [Fact]
    public async Task Delete_VpcWithSubnetsOrGroups_IsDependencyViolationThenGoesWithItsDefaultGroup()
    {
        using var h = new Ec2Harness();
        var vpc = await h.VpcAsync("10.90.0.0/16");
        var subnet = await h.SubnetAsync(vpc, "10.90.0.0/24");
        var group = await h.GroupAsync("app", vpc);
        await h.Directory.AttachAsync(new("arn:task/x", subnet, [group], "t", "amazon-ecs", []), Ct);

        await AwsAssert.RefusedAsync(() => h.Vpcs.DeleteAsync(new VpcIdRequest { VpcId = vpc }, Ct), "DependencyViolation", subnet);
        await AwsAssert.RefusedAsync(() => h.Subnets.DeleteAsync(new SubnetIdRequest { SubnetId = subnet }, Ct), "DependencyViolation", "eni-");
        await h.Directory.DetachAsync("arn:task/x", Ct);
        await h.Subnets.DeleteAsync(new SubnetIdRequest { SubnetId = subnet }, Ct);
        await AwsAssert.RefusedAsync(() => h.Vpcs.DeleteAsync(new VpcIdRequest { VpcId = vpc }, Ct), "DependencyViolation", group);
        await h.Groups.DeleteAsync(new DeleteSecurityGroupRequest { GroupId = group }, Ct);
        await h.Vpcs.DeleteAsync(new VpcIdRequest { VpcId = vpc }, Ct);

        Assert.Equal(1, h.Rows("ec2_security_groups"));
        await AwsAssert.RefusedAsync(() => h.Vpcs.DescribeAsync(new DescribeVpcsRequest { VpcIds = [vpc] }, Ct), "InvalidVpcID.NotFound");
        await h.VpcAsync("10.90.0.0/16"); // its range is free again
    }

    [Fact]
    public async Task Delete_DefaultVpcOrItsSubnets_IsNotPermitted()
    {
        using var h = new Ec2Harness();

        await AwsAssert.RefusedAsync(() => h.Vpcs.DeleteAsync(new VpcIdRequest { VpcId = "vpc-0b3e7a1f00000000a" }, Ct), "OperationNotPermitted");
        await AwsAssert.RefusedAsync(() => h.Subnets.DeleteAsync(new SubnetIdRequest { SubnetId = SubnetA }, Ct), "OperationNotPermitted");
    }

    [Fact]
    public async Task ModifySubnetAttribute_OneAttributeAtATime()
    {
        using var h = new Ec2Harness();
        var vpc = await h.VpcAsync("10.90.0.0/16");
        var subnet = await h.SubnetAsync(vpc, "10.90.0.0/24");

        await h.Subnets.ModifyAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = subnet, MapPublicIpOnLaunch = new BooleanValue { Value = true } }, Ct);
        await AwsAssert.RefusedAsync(() => h.Subnets.ModifyAttributeAsync(new ModifySubnetAttributeRequest
        {
            SubnetId = subnet,
            MapPublicIpOnLaunch = new BooleanValue { Value = false },
            PrivateDnsHostnameTypeOnLaunch = "ip-name",
        }, Ct), "InvalidParameterCombination");
        await AwsAssert.RefusedAsync(() => h.Subnets.ModifyAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = subnet, AssignIpv6AddressOnCreation = new BooleanValue { Value = true } }, Ct), "InvalidParameterValue", "IPv4 only");

        var described = Assert.Single((await h.Subnets.DescribeAsync(new DescribeSubnetsRequest { Filters = [new Filter { Name = "map-public-ip-on-launch", Values = ["true"] }, new Filter { Name = "vpc-id", Values = [vpc] }] }, Ct)).Subnets);
        Assert.Equal(subnet, described.SubnetId);
    }

    [Fact]
    public async Task Tags_CreateReplaceDeleteAndDescribe()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        var ids = new List<string> { web, SubnetA };

        await h.Tags.CreateAsync(new CreateTagsRequest { Resources = ids, Tags = [new TagShape { Key = "env", Value = "dev" }, new TagShape { Key = "team", Value = "a" }] }, Ct);
        await h.Tags.CreateAsync(new CreateTagsRequest { Resources = [web], Tags = [new TagShape { Key = "env", Value = "prod" }] }, Ct);
        await h.Tags.DeleteAsync(new CreateTagsRequest { Resources = ids, Tags = [new TagShape { Key = "team", Value = "other" }] }, Ct); // value differs: kept
        await h.Tags.DeleteAsync(new CreateTagsRequest { Resources = [SubnetA], Tags = [new TagShape { Key = "env" }] }, Ct);

        var tags = (await h.Tags.DescribeAsync(new DescribeTagsRequest(), Ct)).Tags.Select(t => $"{t.ResourceType}:{t.Key}={t.Value}").Order();
        Assert.Equal(["security-group:env=prod", "security-group:team=a", "subnet:team=a"], tags);
        await AwsAssert.RefusedAsync(() => h.Tags.CreateAsync(new CreateTagsRequest { Resources = ["vpc-00000000000000000", web], Tags = [new TagShape { Key = "x", Value = "y" }] }, Ct), "InvalidVpcID.NotFound");
        await AwsAssert.RefusedAsync(() => h.Tags.CreateAsync(new CreateTagsRequest { Resources = [web], Tags = [new TagShape { Key = "aws:x", Value = "y" }] }, Ct), "InvalidParameterValue", "aws:");
        await AwsAssert.RefusedAsync(() => h.Tags.CreateAsync(new CreateTagsRequest { Resources = ["i-1234567890abcdef0"], Tags = [new TagShape { Key = "x", Value = "y" }] }, Ct), "InvalidID");
        Assert.DoesNotContain((await h.Tags.DescribeAsync(new DescribeTagsRequest(), Ct)).Tags, t => t.Key == "x");
    }
}
