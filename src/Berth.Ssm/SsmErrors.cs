using Berth.Kernel;

namespace Berth.Ssm;

/// <summary>Parameter Store's errors, with the codes of the botocore model and, where known, AWS's wording.</summary>
static class SsmErrors
{
    public const string InvalidNextToken = "InvalidNextToken";

    public static AwsException Validation(string message) => new("ValidationException", message);

    /// <summary>A value that breaks the model's constraints (null, length, range), in AWS's words.</summary>
    public static AwsException Constraint(string message) => Validation($"1 validation error detected: {message}");

    public static AwsException NotFound(string name) => new("ParameterNotFound", $"Parameter {name} not found.");

    public static AwsException VersionNotFound(string name, long version) =>
        new("ParameterVersionNotFound", $"Systems Manager could not find version {version} of {name}. Verify the version and try again.");

    public static AwsException AlreadyExists() =>
        new("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");

    public static AwsException InvalidKeyId(string message) => new("InvalidKeyId", message);

    public static AwsException Filter(string code, string message) => new(code, message);

    public static string Required(string? value, string member, int min, int max)
    {
        if (value is null)
            throw Constraint($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        Length(value, member, min, max);
        return value;
    }

    public static void Length(string? value, string member, int min, int max)
    {
        if (value is null)
            return;
        if (value.Length < min)
            throw Constraint($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (value.Length > max)
            throw Constraint($"Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
    }

    public static void Count<T>(IReadOnlyCollection<T>? list, string member, int min, int max)
    {
        if (list is null)
            throw Constraint($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        if (list.Count < min || list.Count > max)
            throw Constraint($"Value at '{member}' failed to satisfy constraint: Member must have length {(list.Count < min ? $"greater than or equal to {min}" : $"less than or equal to {max}")}");
    }

    public static int Limit(int? value, string member, int max, int @default)
    {
        if (value is { } v && (v < 1 || v > max))
            throw Constraint($"Value '{v}' at '{member}' failed to satisfy constraint: Member must have value {(v < 1 ? "greater than or equal to 1" : $"less than or equal to {max}")}");
        return value ?? @default;
    }
}
