using Berth.Kernel;

namespace Berth.CloudWatch;

/// <summary>CloudWatch's error codes, as the botocore model names them (the Query protocol's codes).</summary>
public static class CloudWatchErrors
{
    public static AwsException InvalidParameterValue(string message) => new("InvalidParameterValue", message);

    public static AwsException MissingParameter(string name) => new("MissingParameter", $"The parameter {name} is required.");

    public static AwsException InvalidParameterCombination(string message) => new("InvalidParameterCombination", message);

    public static AwsException InvalidNextToken() => new("InvalidNextToken", "The service returned an invalid NextToken: it was not issued for this request. Start again without NextToken.");

    public static AwsException LimitExceeded(string message) => new("LimitExceeded", message);

    public static AwsException ResourceNotFound(string message) => new("ResourceNotFound", message, 404);

    /// <summary>The newer APIs' not-found (tagging), distinct from the alarm API's ResourceNotFound.</summary>
    public static AwsException ResourceNotFoundException(string message) => new("ResourceNotFoundException", message, 404);

    public static AwsException InvalidFormat(string message) => new("InvalidFormat", message);

    /// <summary>A request the model allows but Berth cannot answer truthfully (e.g. an unsupported expression).</summary>
    public static AwsException Validation(string message) => new("ValidationError", message);
}
