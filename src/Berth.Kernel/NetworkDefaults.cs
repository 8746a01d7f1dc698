namespace Berth.Kernel;

/// <summary>
/// The subnet and security group a task or load balancer gets when its request names none (the "default VPC").
/// Shared by ECS and ELB until the EC2 networking module owns VPCs, subnets and security groups.
/// </summary>
public sealed record NetworkDefaults(string DefaultSubnetId, string DefaultSecurityGroupId);
