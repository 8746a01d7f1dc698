namespace Berth.Core.Services;

/// <summary>The subnet and security group a task gets when RunTask names none (the "default VPC").</summary>
public sealed record NetworkDefaults(string DefaultSubnetId, string DefaultSecurityGroupId);
