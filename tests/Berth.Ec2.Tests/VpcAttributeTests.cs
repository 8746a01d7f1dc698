using System.Text.Json;
using Berth.Ec2.Api;
using Berth.TestSupport;
using static Berth.Ec2.Tests.Ec2Harness;

namespace Berth.Ec2.Tests;

/// <summary>VPC attributes say what Berth does, and the rules Terraform revokes from every new group exist or are not found.</summary>
public sealed class VpcAttributeTests
{
    [Fact]
    public async Task DescribeVpcAttribute_ReportsTheResolverAndNoHostnames()
    {
        using var h = new Ec2Harness();
        var vpc = await h.VpcAsync("10.90.0.0/16");

        var support = await h.Vpcs.DescribeAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc, Attribute = "enableDnsSupport" }, Ct);
        var hostnames = await h.Vpcs.DescribeAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc, Attribute = "enableDnsHostnames" }, Ct);

        Assert.Equal((vpc, true, null), (support.VpcId, support.EnableDnsSupport?.Value, support.EnableDnsHostnames));
        Assert.Equal((false, null), (hostnames.EnableDnsHostnames?.Value, hostnames.EnableDnsSupport));
    }

    [Theory]
    [InlineData(null, "MissingParameter", "Attribute")]
    [InlineData("instanceTenancy", "InvalidParameterValue", "enableDnsSupport")]
    public async Task DescribeVpcAttribute_BadAttribute_IsRefused(string? attribute, string code, string fragment)
    {
        using var h = new Ec2Harness();

        await AwsAssert.RefusedAsync(() => h.Vpcs.DescribeAttributeAsync(new DescribeVpcAttributeRequest { VpcId = DefaultVpc, Attribute = attribute }, Ct), code, fragment);
        await AwsAssert.RefusedAsync(() => h.Vpcs.DescribeAttributeAsync(new DescribeVpcAttributeRequest { VpcId = "vpc-0123456789abcdef0", Attribute = "enableDnsSupport" }, Ct), "InvalidVpcID.NotFound");
    }

    [Fact]
    public async Task ModifyVpcAttribute_TakesWhatBerthDoes_RefusesTheRestByName()
    {
        using var h = new Ec2Harness();

        await h.Vpcs.ModifyAttributeAsync(new ModifyVpcAttributeRequest { VpcId = DefaultVpc, EnableDnsSupport = new BooleanValue { Value = true } }, Ct);
        await h.Vpcs.ModifyAttributeAsync(new ModifyVpcAttributeRequest { VpcId = DefaultVpc, EnableDnsHostnames = new BooleanValue { Value = false } }, Ct);

        await AwsAssert.RefusedAsync(() => h.Vpcs.ModifyAttributeAsync(new ModifyVpcAttributeRequest { VpcId = DefaultVpc, EnableDnsHostnames = new BooleanValue { Value = true } }, Ct), "InvalidParameterValue", "EnableDnsHostnames");
        await AwsAssert.RefusedAsync(() => h.Vpcs.ModifyAttributeAsync(new ModifyVpcAttributeRequest { VpcId = DefaultVpc, EnableDnsSupport = new BooleanValue { Value = false } }, Ct), "InvalidParameterValue", "EnableDnsSupport");
        await AwsAssert.RefusedAsync(() => h.Vpcs.ModifyAttributeAsync(new ModifyVpcAttributeRequest { VpcId = DefaultVpc }, Ct), "MissingParameter");
        await AwsAssert.RefusedAsync(() => h.Vpcs.ModifyAttributeAsync(new ModifyVpcAttributeRequest
        {
            VpcId = DefaultVpc,
            EnableDnsSupport = new BooleanValue { Value = true },
            EnableDnsHostnames = new BooleanValue { Value = false },
        }, Ct), "InvalidParameterCombination");
        await AwsAssert.RefusedAsync(() => h.Vpcs.ModifyAttributeAsync(new ModifyVpcAttributeRequest { VpcId = "vpc-0123456789abcdef0", EnableDnsSupport = new BooleanValue { Value = true } }, Ct), "InvalidVpcID.NotFound");
    }

    [Fact]
    public async Task RevokeIpv6Only_IsNotFound_MixedRevokesTheIpv4Part()
    {
        using var h = new Ec2Harness();
        var web = await h.GroupAsync("web");
        var v6 = JsonSerializer.SerializeToElement(new { CidrIpv6 = "::/0" });

        await AwsAssert.RefusedAsync(() => h.Rules.RevokeAsync(new SecurityGroupRulesRequest
        {
            GroupId = web,
            IpPermissions = [new IpPermissionShape { IpProtocol = "-1", Ipv6Ranges = [v6] }],
        }, egress: true, Ct), "InvalidPermission.NotFound", "::/0");
        var revoked = await h.Rules.RevokeAsync(new SecurityGroupRulesRequest
        {
            GroupId = web,
            IpPermissions = [new IpPermissionShape { IpProtocol = "-1", IpRanges = [new IpRangeShape { CidrIp = "0.0.0.0/0" }], Ipv6Ranges = [v6] }],
        }, egress: true, Ct);

        Assert.Equal("0.0.0.0/0", Assert.Single(revoked.RevokedSecurityGroupRules!).CidrIpv4);
        Assert.Empty((await h.DescribeGroupAsync(web)).IpPermissionsEgress);
        await AwsAssert.RefusedAsync(() => h.Rules.AuthorizeAsync(new SecurityGroupRulesRequest
        {
            GroupId = web,
            IpPermissions = [new IpPermissionShape { IpProtocol = "-1", Ipv6Ranges = [v6] }],
        }, egress: true, Ct), "InvalidParameterValue", "Ipv6Ranges");
    }
}
