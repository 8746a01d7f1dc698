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
}
