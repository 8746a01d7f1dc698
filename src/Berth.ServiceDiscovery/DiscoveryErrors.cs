using Berth.Kernel;

namespace Berth.ServiceDiscovery;

/// <summary>Cloud Map's errors, with the codes of the botocore model (<c>servicediscovery</c> 2017-03-14).</summary>
static class DiscoveryErrors
{
    public static AwsException Invalid(string message) => new("InvalidInput", message);

    public static AwsException NamespaceNotFound(string id) => new("NamespaceNotFound", $"Namespace not found: {id}.");

    public static AwsException ServiceNotFound(string id) => new("ServiceNotFound", $"Service not found: {id}.");

    public static AwsException InstanceNotFound(string serviceId, string instanceId) =>
        new("InstanceNotFound", $"Instance {instanceId} not found in service {serviceId}.");

    public static AwsException OperationNotFound(string id) => new("OperationNotFound", $"Operation not found: {id}.");

    public static AwsException InUse(string message) => new("ResourceInUse", message);

    public static AwsException Duplicate(string operationId) =>
        new("DuplicateRequest", $"The request uses a request id another request already used: it started operation {operationId}. Use a new CreatorRequestId.");

    public static AwsException LimitExceeded(string message) => new("ResourceLimitExceeded", message);

    public static AwsException ResourceNotFound(string arn) => new("ResourceNotFoundException", $"Resource not found: {arn}.");

    public static AwsException TooManyTags(string arn) => new("TooManyTagsException", $"A resource can have at most {DiscoveryTags.MaxTags} tags: {arn}.");

    public static string Required(string? value, string member, int max, int min = 1)
    {
        if (value is null)
            throw Invalid($"{member} is required.");
        Length(value, member, max, min);
        return value;
    }

    public static void Length(string? value, string member, int max, int min = 0)
    {
        if (value is null)
            return;
        if (value.Length < min)
            throw Invalid($"{member} must be at least {min} characters long.");
        if (value.Length > max)
            throw Invalid($"{member} must be at most {max} characters long.");
    }

    public static int Limit(int? value, string member, int max, int @default)
    {
        if (value is { } v && (v < 1 || v > max))
            throw Invalid($"{member} must be between 1 and {max}.");
        return value ?? @default;
    }

    /// <summary>A value of one of the model's enums; null stays null.</summary>
    public static string? OneOf(string? value, string member, params string[] allowed) =>
        value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Invalid($"{member} must be one of {string.Join(", ", allowed)}; '{value}' is not.");
}
