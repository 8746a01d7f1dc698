using System.Text.Json.Serialization;
using Berth.Kernel.Json;
using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>The EC2 resources by id: subnets and groups scoped by VPC, interfaces by subnet and named by owner.</summary>
public static class Ec2Kinds
{
    public static readonly ResourceKind<VpcRecord> Vpcs = new(
        "ec2_vpcs", v => v.VpcId, _ => null, _ => null, _ => null, v => v.Created.ToUnixTimeMilliseconds(), Ec2Json.Default.VpcRecord);

    public static readonly ResourceKind<SubnetRecord> Subnets = new(
        "ec2_subnets", s => s.SubnetId, s => s.VpcId, s => s.AvailabilityZone, _ => null, s => s.Created.ToUnixTimeMilliseconds(), Ec2Json.Default.SubnetRecord);

    public static readonly ResourceKind<SecurityGroupRecord> SecurityGroups = new(
        "ec2_security_groups", g => g.GroupId, g => g.VpcId, g => g.GroupName, _ => null, g => g.Created.ToUnixTimeMilliseconds(), Ec2Json.Default.SecurityGroupRecord);

    public static readonly ResourceKind<InterfaceRecord> Interfaces = new(
        "ec2_network_interfaces", i => i.NetworkInterfaceId, i => i.SubnetId, i => i.OwnerArn, _ => null, i => i.Created.ToUnixTimeMilliseconds(), Ec2Json.Default.InterfaceRecord);

    public static readonly ResourceKind<UniqueKey> Keys = new(
        "ec2_keys", k => k.Key, _ => null, k => k.ResourceId, _ => null, _ => 0, Ec2Json.Default.UniqueKey);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(VpcRecord))]
[JsonSerializable(typeof(SubnetRecord))]
[JsonSerializable(typeof(SecurityGroupRecord))]
[JsonSerializable(typeof(InterfaceRecord))]
[JsonSerializable(typeof(UniqueKey))]
internal sealed partial class Ec2Json : JsonSerializerContext;
