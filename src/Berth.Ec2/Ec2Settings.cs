namespace Berth.Ec2;

/// <summary>
/// The default VPC's range: Berth's task network (BERTH_SUBNET, 10.89.0.0/16 unless set). Its subnets are the first
/// three /20s (or quarters of a smaller range), one per availability zone.
/// </summary>
public sealed record Ec2Settings(string DefaultVpcCidr = "10.89.0.0/16");
