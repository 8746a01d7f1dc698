using System.Text.Json.Serialization;

namespace Berth.Logs.Api;

// Request and response shapes of the CloudWatch Logs operations Berth serves (timestamps in milliseconds).

public sealed record LogGroupRequest
{
    public string? LogGroupName { get; set; }
    public string? LogGroupIdentifier { get; set; }
    public string? LogGroupNamePrefix { get; set; }
    public string? LogStreamName { get; set; }
    public string? LogStreamNamePrefix { get; set; }
    public List<string>? LogStreamNames { get; set; }
    public string? OrderBy { get; set; }
    public bool? Descending { get; set; }
    public string? NextToken { get; set; }
    public int? Limit { get; set; }
    public long? StartTime { get; set; }
    public long? EndTime { get; set; }
    public bool? StartFromHead { get; set; }
    public string? FilterPattern { get; set; }
    public bool? Interleaved { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public string? KmsKeyId { get; set; }
    public string? LogGroupClass { get; set; }
    public bool? DeletionProtectionEnabled { get; set; }
    public List<InputEvent>? LogEvents { get; set; }
    public string? SequenceToken { get; set; }
}

public sealed record InputEvent
{
    public long? Timestamp { get; set; }
    public string? Message { get; set; }
}

public sealed record NoContent;

public sealed record DescribeLogGroupsResponse(List<LogGroup> LogGroups, string? NextToken);

public sealed record DescribeLogStreamsResponse(List<LogStream> LogStreams, string? NextToken);

public sealed record OutputLogEvent(long Timestamp, string Message, long IngestionTime);

public sealed record GetLogEventsResponse(List<OutputLogEvent> Events, string NextForwardToken, string NextBackwardToken);

public sealed record FilteredLogEvent(string LogStreamName, long Timestamp, string Message, long IngestionTime, string EventId);

public sealed record SearchedLogStream(string LogStreamName, bool SearchedCompletely);

public sealed record FilterLogEventsResponse(List<FilteredLogEvent> Events, List<SearchedLogStream> SearchedLogStreams, string? NextToken);

public sealed record PutLogEventsResponse(string NextSequenceToken);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LogGroupRequest))]
[JsonSerializable(typeof(NoContent))]
[JsonSerializable(typeof(DescribeLogGroupsResponse))]
[JsonSerializable(typeof(DescribeLogStreamsResponse))]
[JsonSerializable(typeof(GetLogEventsResponse))]
[JsonSerializable(typeof(FilterLogEventsResponse))]
[JsonSerializable(typeof(PutLogEventsResponse))]
internal sealed partial class LogsJson : JsonSerializerContext;
