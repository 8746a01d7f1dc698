using Berth.Kernel;

namespace Berth.Elb;

/// <summary>The ELBv2 error codes beyond <see cref="ElbErrors"/>, as the botocore model names them (all HTTP 400).</summary>
public static class ElbRefusals
{
    public static AwsException InvalidConfiguration(string message) => new("InvalidConfigurationRequest", message);
    public static AwsException InvalidAction(string message) => new("InvalidLoadBalancerAction", message);
    public static AwsException NotPermitted(string message) => new("OperationNotPermitted", message);
    public static AwsException InUse(string message) => new("ResourceInUse", message);
    public static AwsException UnsupportedProtocol(string message) => new("UnsupportedProtocol", message);

    /// <summary>The message AWS gives when a required member is absent.</summary>
    public static AwsException Missing(string member) =>
        ElbErrors.Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    public static AwsException OutOfRange(string member, long value, long min, long max) =>
        ElbErrors.Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have value between {min} and {max}");

    public static int Range(int? value, string member, int min, int max) =>
        value is null ? throw Missing(member) : value < min || value > max ? throw OutOfRange(member, value.Value, min, max) : value.Value;
}
