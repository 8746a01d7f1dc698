using System.Text.Json.Serialization;
using Berth.Kernel.Json;

namespace Berth.Ec2.Api;

/// <summary>
/// The contracts EC2's codec reads requests into and writes answers from: camelCase XML names (the model's
/// locationName where it differs), epoch-second times written as ISO 8601 by the codec.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ReturnOutput))]
[JsonSerializable(typeof(DescribeVpcsRequest))]
[JsonSerializable(typeof(DescribeVpcsOutput))]
[JsonSerializable(typeof(DescribeVpcAttributeRequest))]
[JsonSerializable(typeof(DescribeVpcAttributeOutput))]
[JsonSerializable(typeof(ModifyVpcAttributeRequest))]
[JsonSerializable(typeof(CreateVpcRequest))]
[JsonSerializable(typeof(CreateVpcOutput))]
[JsonSerializable(typeof(VpcIdRequest))]
[JsonSerializable(typeof(DescribeSubnetsRequest))]
[JsonSerializable(typeof(DescribeSubnetsOutput))]
[JsonSerializable(typeof(CreateSubnetRequest))]
[JsonSerializable(typeof(CreateSubnetOutput))]
[JsonSerializable(typeof(SubnetIdRequest))]
[JsonSerializable(typeof(ModifySubnetAttributeRequest))]
[JsonSerializable(typeof(DescribeSecurityGroupsRequest))]
[JsonSerializable(typeof(DescribeSecurityGroupsOutput))]
[JsonSerializable(typeof(CreateSecurityGroupRequest))]
[JsonSerializable(typeof(CreateSecurityGroupOutput))]
[JsonSerializable(typeof(DeleteSecurityGroupRequest))]
[JsonSerializable(typeof(DeleteSecurityGroupOutput))]
[JsonSerializable(typeof(SecurityGroupRulesRequest))]
[JsonSerializable(typeof(AuthorizeOutput))]
[JsonSerializable(typeof(RevokeOutput))]
[JsonSerializable(typeof(ModifySecurityGroupRulesRequest))]
[JsonSerializable(typeof(DescribeSecurityGroupRulesRequest))]
[JsonSerializable(typeof(DescribeSecurityGroupRulesOutput))]
[JsonSerializable(typeof(DescribeNetworkInterfacesRequest))]
[JsonSerializable(typeof(DescribeNetworkInterfacesOutput))]
[JsonSerializable(typeof(CreateTagsRequest))]
[JsonSerializable(typeof(DescribeTagsRequest))]
[JsonSerializable(typeof(DescribeTagsOutput))]
[JsonSerializable(typeof(DescribeAvailabilityZonesRequest))]
[JsonSerializable(typeof(DescribeAvailabilityZonesOutput))]
[JsonSerializable(typeof(DescribeAccountAttributesRequest))]
[JsonSerializable(typeof(DescribeAccountAttributesOutput))]
internal sealed partial class Ec2WireJson : JsonSerializerContext;
