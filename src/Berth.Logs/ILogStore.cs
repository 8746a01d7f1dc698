namespace Berth.Logs;

/// <summary>Durable storage of log groups, streams and events (the awslogs destination).</summary>
public interface ILogStore
{
    /// <summary>Creates the group; false when it already exists.</summary>
    Task<bool> CreateGroupAsync(string group, CancellationToken ct);
    Task<bool> DeleteGroupAsync(string group, CancellationToken ct);
    Task<LogGroup?> GetGroupAsync(string group, CancellationToken ct);
    Task<IReadOnlyList<LogGroup>> ListGroupsAsync(string? prefix, string? afterName, int limit, CancellationToken ct);

    /// <summary>Creates the stream; false when it already exists. The group must exist.</summary>
    Task<bool> CreateStreamAsync(string group, string stream, CancellationToken ct);
    Task<IReadOnlyList<LogStream>> ListStreamsAsync(string group, string? prefix, bool byLastEventTime, bool descending, int offset, int limit, CancellationToken ct);

    /// <summary>Appends events to a stream, creating the stream if needed. The group must exist.</summary>
    Task AppendAsync(string group, string stream, IReadOnlyList<InputLogEvent> events, CancellationToken ct);

    /// <summary>
    /// Events ordered by (timestamp, id), forward or backward, strictly past the cursor <see cref="EventQuery.After"/>; message filtering is the caller's.
    /// </summary>
    Task<IReadOnlyList<LogEvent>> ReadAsync(EventQuery query, CancellationToken ct);

    // Retention, stream deletion and the metric filters' feed.

    /// <summary>Deletes the stream and its events; false when it does not exist.</summary>
    Task<bool> DeleteStreamAsync(string group, string stream, CancellationToken ct);

    /// <summary>Sets (or with null clears) the group's retention in days; false when the group does not exist.</summary>
    Task<bool> SetRetentionAsync(string group, int? days, CancellationToken ct);

    /// <summary>Deletes the group's events with a timestamp before <paramref name="before"/>, keeping streams' stored bytes and first event right; returns how many went.</summary>
    Task<long> DeleteEventsBeforeAsync(string group, long before, CancellationToken ct);

    /// <summary>The id of the newest event stored (0 when none): events appended later have greater ids.</summary>
    Task<long> LastEventIdAsync(CancellationToken ct);

    /// <summary>The group's events with an id greater than <paramref name="afterId"/>, in id (ingestion) order.</summary>
    Task<IReadOnlyList<LogEvent>> ReadIngestedAsync(string group, long afterId, int limit, CancellationToken ct);
}
