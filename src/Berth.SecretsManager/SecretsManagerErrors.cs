using Berth.Kernel;

namespace Berth.SecretsManager;

/// <summary>Secrets Manager's errors, with the codes of the botocore model and, where known, AWS's wording.</summary>
static class SecretsManagerErrors
{
    public const string InvalidNextToken = "InvalidNextTokenException";

    public static AwsException NotFound() => new("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");

    public static AwsException NotFound(string message) => new("ResourceNotFoundException", message);

    public static AwsException MarkedForDeletion() =>
        InvalidRequest("You can't perform this operation on the secret because it was marked for deletion.");

    public static AwsException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static AwsException InvalidRequest(string message) => new("InvalidRequestException", message);

    public static AwsException Exists(string message) => new("ResourceExistsException", message);

    public static AwsException LimitExceeded(string message) => new("LimitExceededException", message);

    public static AwsException MalformedPolicy(string message) => new("MalformedPolicyDocumentException", message);

    public static AwsException PublicPolicy(string message) => new("PublicPolicyException", message);

    /// <summary>A value that breaks the model's own constraints (length, range, enum): AWS answers these with ValidationException.</summary>
    public static AwsException Validation(string message) => new("ValidationException", $"1 validation error detected: {message}");

    public static AwsException DecryptionFailure() =>
        new("DecryptionFailure", "Secrets Manager can't decrypt the protected secret text: it was encrypted with another secrets key than this server's (secrets.key in its data directory).");

    /// <summary>Checks a string member's length as the model bounds it.</summary>
    public static void Length(string? value, string member, int min, int max)
    {
        if (value is null)
            return;
        if (value.Length < min)
            throw Validation($"Value at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (value.Length > max)
            throw Validation($"Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
    }

    public static string Required(string? value, string member, int min, int max)
    {
        if (value is null)
            throw Validation($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        Length(value, member, min, max);
        return value;
    }

    public static void Range(long? value, string member, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
            throw Validation($"Value '{v}' at '{member}' failed to satisfy constraint: Member must have value {(v < min ? $"greater than or equal to {min}" : $"less than or equal to {max}")}");
    }
}
