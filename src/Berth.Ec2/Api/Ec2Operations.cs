using System.Text.Json.Serialization.Metadata;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;

namespace Berth.Ec2.Api;

/// <summary>
/// The EC2 networking API (Version 2016-11-15), served by EC2's variant of the Query protocol: VPCs, subnets, security
/// groups and their rules, network interfaces, tags, zones and account attributes.
/// </summary>
public static class Ec2Operations
{
    public static readonly AwsService Service = new()
    {
        SigningName = "ec2",
        Query = new QueryService("2016-11-15", "http://ec2.amazonaws.com/doc/2016-11-15/", "ec2") { Ec2 = true },
        InvalidValueCode = "InvalidParameterValue",
    };

    internal static void Register(ServiceOperations ops, VpcService vpcs, SubnetService subnets, SecurityGroupService groups, SecurityGroupRuleService rules,
        InterfaceService interfaces, TagService tags, AccountService account, Ec2Access a)
    {
        var j = Ec2WireJson.Default;
        Add(ops, "DescribeVpcs", j.DescribeVpcsRequest, j.DescribeVpcsOutput, vpcs.DescribeAsync);
        Add(ops, "CreateVpc", j.CreateVpcRequest, j.CreateVpcOutput, vpcs.CreateAsync,
            r => a.On("CreateVpc", "vpc", null, Ec2Access.Of(r.TagSpecifications)));
        Add(ops, "DescribeVpcAttribute", j.DescribeVpcAttributeRequest, j.DescribeVpcAttributeOutput, vpcs.DescribeAttributeAsync);
        Add(ops, "ModifyVpcAttribute", j.ModifyVpcAttributeRequest, j.ReturnOutput, vpcs.ModifyAttributeAsync,
            r => a.On("ModifyVpcAttribute", "vpc", r.VpcId));
        Add(ops, "DeleteVpc", j.VpcIdRequest, j.ReturnOutput, vpcs.DeleteAsync, r => a.On("DeleteVpc", "vpc", r.VpcId));

        Add(ops, "DescribeSubnets", j.DescribeSubnetsRequest, j.DescribeSubnetsOutput, subnets.DescribeAsync);
        Add(ops, "CreateSubnet", j.CreateSubnetRequest, j.CreateSubnetOutput, subnets.CreateAsync,
            r => a.Create("CreateSubnet", "subnet", r.VpcId, Ec2Access.Of(r.TagSpecifications)));
        Add(ops, "DeleteSubnet", j.SubnetIdRequest, j.ReturnOutput, subnets.DeleteAsync, r => a.On("DeleteSubnet", "subnet", r.SubnetId));
        Add(ops, "ModifySubnetAttribute", j.ModifySubnetAttributeRequest, j.ReturnOutput, subnets.ModifyAttributeAsync,
            r => a.On("ModifySubnetAttribute", "subnet", r.SubnetId));

        Add(ops, "DescribeSecurityGroups", j.DescribeSecurityGroupsRequest, j.DescribeSecurityGroupsOutput, groups.DescribeAsync);
        Add(ops, "CreateSecurityGroup", j.CreateSecurityGroupRequest, j.CreateSecurityGroupOutput, groups.CreateAsync,
            r => a.Create("CreateSecurityGroup", "security-group", r.VpcId, Ec2Access.Of(r.TagSpecifications)));
        Add(ops, "DeleteSecurityGroup", j.DeleteSecurityGroupRequest, j.DeleteSecurityGroupOutput, groups.DeleteAsync,
            r => a.On("DeleteSecurityGroup", "security-group", r.GroupId));

        Add(ops, "AuthorizeSecurityGroupIngress", j.SecurityGroupRulesRequest, j.AuthorizeOutput, (r, ct) => rules.AuthorizeAsync(r, egress: false, ct),
            r => a.On("AuthorizeSecurityGroupIngress", "security-group", r.GroupId, Ec2Access.Of(r.TagSpecifications)));
        Add(ops, "AuthorizeSecurityGroupEgress", j.SecurityGroupRulesRequest, j.AuthorizeOutput, (r, ct) => rules.AuthorizeAsync(r, egress: true, ct),
            r => a.On("AuthorizeSecurityGroupEgress", "security-group", r.GroupId, Ec2Access.Of(r.TagSpecifications)));
        Add(ops, "RevokeSecurityGroupIngress", j.SecurityGroupRulesRequest, j.RevokeOutput, (r, ct) => rules.RevokeAsync(r, egress: false, ct),
            r => a.On("RevokeSecurityGroupIngress", "security-group", r.GroupId));
        Add(ops, "RevokeSecurityGroupEgress", j.SecurityGroupRulesRequest, j.RevokeOutput, (r, ct) => rules.RevokeAsync(r, egress: true, ct),
            r => a.On("RevokeSecurityGroupEgress", "security-group", r.GroupId));
        Add(ops, "ModifySecurityGroupRules", j.ModifySecurityGroupRulesRequest, j.ReturnOutput, rules.ModifyAsync,
            r => a.On("ModifySecurityGroupRules", "security-group", r.GroupId));
        Add(ops, "DescribeSecurityGroupRules", j.DescribeSecurityGroupRulesRequest, j.DescribeSecurityGroupRulesOutput, rules.DescribeAsync);

        Add(ops, "DescribeNetworkInterfaces", j.DescribeNetworkInterfacesRequest, j.DescribeNetworkInterfacesOutput, interfaces.DescribeAsync);

        Add(ops, "CreateTags", j.CreateTagsRequest, j.ReturnOutput, tags.CreateAsync, r => a.Tagged("CreateTags", r.Resources, r.Tags));
        Add(ops, "DeleteTags", j.CreateTagsRequest, j.ReturnOutput, tags.DeleteAsync, r => a.Tagged("DeleteTags", r.Resources, null));
        Add(ops, "DescribeTags", j.DescribeTagsRequest, j.DescribeTagsOutput, tags.DescribeAsync);

        Add(ops, "DescribeAvailabilityZones", j.DescribeAvailabilityZonesRequest, j.DescribeAvailabilityZonesOutput, account.ZonesAsync);
        Add(ops, "DescribeAccountAttributes", j.DescribeAccountAttributesRequest, j.DescribeAccountAttributesOutput, account.AttributesAsync);
    }

    /// <summary>An operation whose DryRun, once the caller is authorized, answers DryRunOperation and changes nothing.</summary>
    static void Add<TRequest, TResponse>(ServiceOperations ops, string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TResponse> response,
        Func<TRequest, CancellationToken, Task<TResponse>> handler, Func<TRequest, IReadOnlyList<AccessRequest>>? access = null)
        where TRequest : Ec2Request =>
        ops.Add(name, request, response, (r, ct) => r.DryRun == true ? throw Ec2Errors.DryRun() : handler(r, ct), access: access);
}
