using Berth.Kernel;

namespace Berth.AutoScaling;

/// <summary>The error codes of Application Auto Scaling's model.</summary>
public static class AutoScalingErrors
{
    public static AwsException Validation(string message) => new("ValidationException", message);

    public static AwsException ObjectNotFound(string message) => new("ObjectNotFoundException", message);

    public static AwsException LimitExceeded(string message) => new("LimitExceededException", message);

    public static AwsException ConcurrentUpdate() =>
        new("ConcurrentUpdateException", "Another request changed this resource at the same time. Try again.");

    public static AwsException InvalidNextToken() => new("InvalidNextTokenException", "The NextToken is not valid for this request.");

    public static AwsException ResourceNotFound(string arn) => new("ResourceNotFoundException", $"No scalable target found for ARN {arn}.");

    public static AwsException TooManyTags() => new("TooManyTagsException", "A scalable target can have at most 50 tags.");
}
