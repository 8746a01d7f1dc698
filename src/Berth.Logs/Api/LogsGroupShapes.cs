using System.Text.Json.Serialization;
using Berth.Logs.MetricFilters;

namespace Berth.Logs.Api;

// Shapes of the retention, tagging, stream deletion, metric filter and refused operations.

public sealed record DeleteLogStreamRequest
{
    public string? LogGroupName { get; set; }
    public string? LogStreamName { get; set; }
}

public sealed record RetentionPolicyRequest
{
    public string? LogGroupName { get; set; }
    public int? RetentionInDays { get; set; }
}

public sealed record ResourceTagsRequest
{
    public string? ResourceArn { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed record TagLogGroupRequest
{
    public string? LogGroupName { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

public sealed record UntagLogGroupRequest
{
    public string? LogGroupName { get; set; }
    public List<string>? Tags { get; set; }
}

public sealed record TagsResponse(Dictionary<string, string> Tags);

public sealed record DescribeMetricFiltersRequest
{
    public string? LogGroupName { get; set; }
    public string? FilterNamePrefix { get; set; }
    public string? NextToken { get; set; }
    public int? Limit { get; set; }
    public string? MetricName { get; set; }
    public string? MetricNamespace { get; set; }
}

public sealed record DescribeMetricFiltersResponse(List<MetricFilter> MetricFilters, string? NextToken);

public sealed record DeleteMetricFilterRequest
{
    public string? LogGroupName { get; set; }
    public string? FilterName { get; set; }
}

public sealed record TestMetricFilterRequest
{
    public string? FilterPattern { get; set; }
    public List<string?>? LogEventMessages { get; set; }
}

public sealed record MetricFilterMatchRecord(long EventNumber, string EventMessage, Dictionary<string, string> ExtractedValues);

public sealed record TestMetricFilterResponse(List<MetricFilterMatchRecord> Matches);

/// <summary>The fields the refused operations look at (which group, which thing) before they answer.</summary>
public sealed record RefusedRequest
{
    public string? LogGroupName { get; set; }
    public string? LogGroupIdentifier { get; set; }
    public string? FilterName { get; set; }
    public string? TaskId { get; set; }
    public string? AnomalyDetectorArn { get; set; }
    public string? Name { get; set; }
    public string? Id { get; set; }
    public string? DestinationName { get; set; }
}

/// <summary>The answer of a Describe/List of things Berth never has: the one list the operation returns, empty.</summary>
public sealed record EmptyListResponse
{
    public List<string>? SubscriptionFilters { get; set; }
    public List<string>? ExportTasks { get; set; }
    public List<string>? AnomalyDetectors { get; set; }
    public List<string>? Anomalies { get; set; }
    public List<string>? Deliveries { get; set; }
    public List<string>? DeliverySources { get; set; }
    public List<string>? DeliveryDestinations { get; set; }
    public List<string>? Destinations { get; set; }
    public string? LogGroupIdentifier { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeleteLogStreamRequest))]
[JsonSerializable(typeof(RetentionPolicyRequest))]
[JsonSerializable(typeof(ResourceTagsRequest))]
[JsonSerializable(typeof(TagLogGroupRequest))]
[JsonSerializable(typeof(UntagLogGroupRequest))]
[JsonSerializable(typeof(TagsResponse))]
[JsonSerializable(typeof(MetricFilterDefinition))]
[JsonSerializable(typeof(DescribeMetricFiltersRequest))]
[JsonSerializable(typeof(DescribeMetricFiltersResponse))]
[JsonSerializable(typeof(DeleteMetricFilterRequest))]
[JsonSerializable(typeof(TestMetricFilterRequest))]
[JsonSerializable(typeof(TestMetricFilterResponse))]
[JsonSerializable(typeof(RefusedRequest))]
[JsonSerializable(typeof(EmptyListResponse))]
[JsonSerializable(typeof(NoContent))]
internal sealed partial class LogsGroupJson : JsonSerializerContext;
