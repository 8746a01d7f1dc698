using Berth.Kernel;

namespace Berth.Sts;

/// <summary>STS's error codes and statuses, as the botocore model and the service name them (Query codes, no "Exception").</summary>
internal static class StsErrors
{
    public static AwsException Validation(string message) => new("ValidationError", message);

    public static AwsException AccessDenied(string message) => new("AccessDenied", message, 403);

    /// <summary>STS's refusal of a caller the role's trust policy (or the role's absence) does not let in.</summary>
    public static AwsException NotAuthorized(string callerArn, string action, string resource) =>
        AccessDenied($"User: {callerArn} is not authorized to perform: {action} on resource: {resource}");

    /// <summary>A parameter Berth does not act on is refused by name, never accepted and ignored.</summary>
    public static AwsException Unsupported(string parameter, string why) =>
        Validation($"The {parameter} parameter is not supported by Berth: {why} It is refused rather than ignored; call again without it.");
}
