namespace Berth.Kernel;

/// <summary>
/// An error the caller caused or must handle, reported on the wire as <c>{"__type": Code, "message": ...}</c>.
/// Anything else that escapes a handler is a server fault.
/// </summary>
public class AwsException(string code, string message, int statusCode = 400) : Exception(message)
{
    public string Code { get; } = code;
    public int StatusCode { get; } = statusCode;

    public static AwsException InvalidParameter(string message) => new("InvalidParameterException", message);
    public static AwsException Client(string message) => new("ClientException", message);
    public static AwsException ClusterNotFound() => new("ClusterNotFoundException", "Cluster not found.");
    public static AwsException ResourceNotFound(string message) => new("ResourceNotFoundException", message);
}
