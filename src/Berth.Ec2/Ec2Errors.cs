using Berth.Kernel;

namespace Berth.Ec2;

/// <summary>EC2's error codes and wording (EC2 answers them in its own XML error document, HTTP 400).</summary>
static class Ec2Errors
{
    public static AwsException InvalidValue(string message) => new("InvalidParameterValue", message);

    public static AwsException InvalidValue(string parameter, string? value, string why) =>
        new("InvalidParameterValue", $"Value ({value}) for parameter {parameter} is invalid. {why}");

    public static AwsException Missing(string parameter) => new("MissingParameter", $"The request must contain the parameter {parameter}");

    public static AwsException Combination(string message) => new("InvalidParameterCombination", message);

    /// <summary>A field AWS has that Berth does not offer: refused by name rather than accepted and ignored.</summary>
    public static AwsException Unsupported(string parameter, string why) =>
        new("InvalidParameterValue", $"The parameter {parameter} is not supported by Berth: {why}");

    public static AwsException GroupNotFound(string id) => new("InvalidGroup.NotFound", $"The security group '{id}' does not exist");

    public static AwsException GroupNameNotFound(string name, string vpcId) =>
        new("InvalidGroup.NotFound", $"The security group '{name}' does not exist in VPC '{vpcId}'");

    public static AwsException GroupMalformed(string id) => new("InvalidGroupId.Malformed", $"Invalid id: \"{id}\" (expecting \"sg-...\")");

    public static AwsException VpcNotFound(string id) => new("InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist");

    public static AwsException VpcMalformed(string id) => new("InvalidVpcID.Malformed", $"Invalid id: \"{id}\" (expecting \"vpc-...\")");

    public static AwsException SubnetNotFound(string id) => new("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist");

    public static AwsException SubnetMalformed(string id) => new("InvalidSubnetID.Malformed", $"Invalid id: \"{id}\" (expecting \"subnet-...\")");

    public static AwsException InterfaceNotFound(string id) => new("InvalidNetworkInterfaceID.NotFound", $"The networkInterface ID '{id}' does not exist");

    public static AwsException InterfaceMalformed(string id) => new("InvalidNetworkInterfaceID.Malformed", $"Invalid id: \"{id}\" (expecting \"eni-...\")");

    public static AwsException RuleNotFound(string id) => new("InvalidSecurityGroupRuleId.NotFound", $"The security group rule ID '{id}' does not exist");

    public static AwsException RuleMalformed(string id) => new("InvalidSecurityGroupRuleId.Malformed", $"Invalid id: \"{id}\" (expecting \"sgr-...\")");

    public static AwsException Dependency(string message) => new("DependencyViolation", message);

    public static AwsException DryRun() => new("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
}
