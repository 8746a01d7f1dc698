namespace Berth.Logs;

// The CloudWatch Logs shapes Berth serves. Timestamps here are milliseconds since the epoch, as in that API.

public sealed record LogGroup
{
    public string? LogGroupName { get; set; }
    public long CreationTime { get; set; }
    public int? RetentionInDays { get; set; }
    public int MetricFilterCount { get; set; }
    public string? Arn { get; set; }
    public long StoredBytes { get; set; }
    public string? LogGroupClass { get; set; }
    public string? LogGroupArn { get; set; }
}

public sealed record LogStream
{
    public string? LogStreamName { get; set; }
    public long CreationTime { get; set; }
    public long? FirstEventTimestamp { get; set; }
    public long? LastEventTimestamp { get; set; }
    public long? LastIngestionTime { get; set; }
    public string? Arn { get; set; }
    public long StoredBytes { get; set; }
}

public sealed record LogEvent(string Stream, long Timestamp, long IngestionTime, long Id, string Message);

public sealed record InputLogEvent(long Timestamp, string Message);

/// <summary>One page of a query and the cursor to the next (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);

public sealed record EventQuery(
    string Group,
    IReadOnlyCollection<string>? Streams,
    string? StreamPrefix,
    long? StartTime,
    long? EndTime,
    bool Backward,
    EventCursor? After,
    int Limit);

/// <summary>A position in (timestamp, id) order: events strictly past it are returned.</summary>
public sealed record EventCursor(long Timestamp, long Id);
