namespace Berth.CloudWatch.Api;

/// <summary>What the CloudWatch operations call, in both protocols.</summary>
public sealed record CloudWatchServices(MetricService Metrics, MetricDataQueries Data, AlarmService Alarms)
{
    /// <summary>The model's error shape for each Query error code (awsQueryCompatible JSON answers name the shape).</summary>
    public static readonly IReadOnlyDictionary<string, string> ErrorShapes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["InvalidParameterValue"] = "InvalidParameterValueException",
        ["MissingParameter"] = "MissingRequiredParameterException",
        ["InvalidParameterCombination"] = "InvalidParameterCombinationException",
        ["InvalidNextToken"] = "InvalidNextToken",
        ["LimitExceeded"] = "LimitExceededFault",
        ["ResourceNotFound"] = "ResourceNotFound",
        ["InvalidFormat"] = "InvalidFormatFault",
        ["InternalServiceError"] = "InternalServiceFault",
        ["ValidationError"] = "ValidationException",
    };
}
