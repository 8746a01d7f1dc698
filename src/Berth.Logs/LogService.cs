using System.Globalization;
using Berth.Kernel;

namespace Berth.Logs;

/// <summary>The CloudWatch Logs operations over the log store: names checked, pages and tokens as AWS issues them.</summary>
public sealed class LogService(ILogStore store, Arns arns)
{
    public async Task CreateGroupAsync(string? name, CancellationToken ct)
    {
        RequireGroupName(name);
        if (!await store.CreateGroupAsync(name!, ct))
            throw new AwsException("ResourceAlreadyExistsException", "The specified log group already exists");
    }

    public async Task DeleteGroupAsync(string? name, CancellationToken ct)
    {
        RequireGroupName(name);
        if (!await store.DeleteGroupAsync(name!, ct))
            throw NotFound("log group");
    }

    public async Task<(List<LogGroup> Groups, string? NextToken)> DescribeGroupsAsync(string? prefix, string? nextToken, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit, 50, 50, "limit");
        var after = nextToken is null ? null : Decode(nextToken, "g");
        var groups = await store.ListGroupsAsync(prefix, after, n, ct);
        foreach (var g in groups)
        {
            g.Arn = arns.LogGroup(g.LogGroupName!);
            g.LogGroupArn = g.Arn[..^2];
        }
        return (groups.ToList(), groups.Count == n ? Encode("g", groups[^1].LogGroupName!) : null);
    }

    public async Task CreateStreamAsync(string? group, string? stream, CancellationToken ct)
    {
        RequireGroupName(group);
        if (!LogNames.IsValidStreamName(stream))
            throw AwsException.InvalidParameter("logStreamName must be 1 to 512 characters and contain no ':' or '*'.");
        await RequireGroupAsync(group!, ct);
        if (!await store.CreateStreamAsync(group!, stream!, ct))
            throw new AwsException("ResourceAlreadyExistsException", "The specified log stream already exists");
    }

    public async Task<(List<LogStream> Streams, string? NextToken)> DescribeStreamsAsync(string? group, string? prefix, string? orderBy, bool descending, string? nextToken, int? limit, CancellationToken ct)
    {
        RequireGroupName(group);
        if (orderBy is not (null or "LogStreamName" or "LastEventTime"))
            throw AwsException.InvalidParameter(ConstraintMessage.Enum(orderBy, "orderBy", "LogStreamName", "LastEventTime"));
        if (orderBy == "LastEventTime" && prefix is not null)
            throw AwsException.InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        await RequireGroupAsync(group!, ct);
        var n = Paging.Limit(limit, 50, 50, "limit");
        var offset = Paging.Decode(nextToken, $"streams|{group}|{prefix}|{orderBy}|{descending}");
        var streams = await store.ListStreamsAsync(group!, prefix, orderBy == "LastEventTime", descending, offset, n, ct);
        foreach (var s in streams)
            s.Arn = arns.LogStream(group!, s.LogStreamName!);
        return (streams.ToList(), Paging.Encode(offset + streams.Count, streams.Count, n, $"streams|{group}|{prefix}|{orderBy}|{descending}"));
    }

    public async Task PutEventsAsync(string? group, string? stream, IReadOnlyList<InputLogEvent>? events, CancellationToken ct)
    {
        RequireGroupName(group);
        if (!LogNames.IsValidStreamName(stream))
            throw AwsException.InvalidParameter("logStreamName must be 1 to 512 characters and contain no ':' or '*'.");
        if (events is not { Count: > 0 and <= 10_000 })
            throw AwsException.InvalidParameter("logEvents must hold between 1 and 10000 events.");
        await RequireStreamAsync(group!, stream!, ct);
        await store.AppendAsync(group!, stream!, events.OrderBy(e => e.Timestamp).ToList(), ct);
    }

    /// <summary>GetLogEvents: one stream, forward from the head or backward from the tail, with AWS's f/ and b/ tokens.</summary>
    public async Task<(List<LogEvent> Events, string Forward, string Backward)> GetEventsAsync(
        string? group, string? stream, long? start, long? end, string? nextToken, int? limit, bool? startFromHead, CancellationToken ct)
    {
        RequireGroupName(group);
        if (string.IsNullOrEmpty(stream))
            throw AwsException.InvalidParameter("logStreamName is required.");
        await RequireStreamAsync(group!, stream, ct);
        var n = Paging.Limit(limit, 10_000, 10_000, "limit");
        var backward = !(startFromHead ?? false);
        EventCursor? cursor = null;
        if (nextToken is not null)
        {
            backward = nextToken.StartsWith("b/", StringComparison.Ordinal);
            cursor = ParseCursor(nextToken);
        }
        // GetLogEvents leaves out events at endTime itself (FilterLogEvents keeps them).
        var events = (await store.ReadAsync(new EventQuery(group!, [stream], null, start, end - 1, backward, cursor, n), ct)).ToList();
        if (backward)
            events.Reverse();
        // An empty page keeps the cursor where it was, so a follower can poll the same token for new events.
        var first = events.Count > 0 ? new EventCursor(events[0].Timestamp, events[0].Id) : cursor ?? new EventCursor(long.MaxValue, long.MaxValue);
        var last = events.Count > 0 ? new EventCursor(events[^1].Timestamp, events[^1].Id) : cursor ?? new EventCursor(long.MinValue, long.MinValue);
        return (events, Cursor("f", last), Cursor("b", first));
    }

    /// <summary>FilterLogEvents: events of a group (optionally some streams) in time order matching a term pattern.</summary>
    public async Task<(List<LogEvent> Events, List<string> Streams, string? NextToken)> FilterEventsAsync(
        string? group, IReadOnlyCollection<string>? streams, string? streamPrefix, long? start, long? end, string? pattern, string? nextToken, int? limit, CancellationToken ct)
    {
        RequireGroupName(group);
        if (streams is { Count: > 0 } && streamPrefix is not null)
            throw AwsException.InvalidParameter("logStreamNames and logStreamNamePrefix cannot both be specified.");
        if (streams is { Count: > 100 })
            throw AwsException.InvalidParameter("At most 100 logStreamNames can be specified.");
        await RequireGroupAsync(group!, ct);
        var n = Paging.Limit(limit, 10_000, 10_000, "limit");
        var filter = FilterPattern.Parse(pattern);
        var cursor = nextToken is null ? null : ParseCursor(nextToken);
        var matched = new List<LogEvent>();
        const int Scan = 1000;
        for (var scanned = 0; matched.Count < n && scanned < 100_000; scanned += Scan)
        {
            var batch = await store.ReadAsync(new EventQuery(group!, streams is { Count: > 0 } ? streams : null, streamPrefix, start, end, false, cursor, Scan), ct);
            foreach (var e in batch)
            {
                cursor = new EventCursor(e.Timestamp, e.Id);
                if (filter.Matches(e.Message) && matched.Count < n)
                    matched.Add(e);
                if (matched.Count == n)
                    break;
            }
            if (batch.Count < Scan)
            {
                cursor = matched.Count == n ? cursor : null;
                break;
            }
        }
        var searched = matched.Select(e => e.Stream).Distinct().ToList();
        return (matched, searched, cursor is null ? null : Cursor("f", cursor));
    }

    async Task RequireGroupAsync(string group, CancellationToken ct)
    {
        if (await store.GetGroupAsync(group, ct) is null)
            throw NotFound("log group");
    }

    async Task RequireStreamAsync(string group, string stream, CancellationToken ct)
    {
        await RequireGroupAsync(group, ct);
        var streams = await store.ListStreamsAsync(group, stream, false, false, 0, 1, ct);
        if (streams.FirstOrDefault()?.LogStreamName != stream)
            throw NotFound("log stream");
    }

    static void RequireGroupName(string? name) => LogNames.RequireGroupName(name);

    static AwsException NotFound(string what) => AwsException.ResourceNotFound($"The specified {what} does not exist.");

    static string Cursor(string direction, EventCursor c) =>
        $"{direction}/{c.Timestamp.ToString(CultureInfo.InvariantCulture)}/{c.Id.ToString(CultureInfo.InvariantCulture)}";

    static EventCursor ParseCursor(string token)
    {
        var parts = token.Split('/');
        if (parts.Length == 3 && parts[0] is "f" or "b"
            && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts)
            && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
            return new EventCursor(ts, id);
        throw AwsException.InvalidParameter("The specified nextToken is invalid.");
    }

    static string Encode(string kind, string value) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{kind}|{value}"));

    static string Decode(string token, string kind)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(kind + "|", StringComparison.Ordinal))
                return text[(kind.Length + 1)..];
        }
        catch (FormatException)
        {
            // Refused below.
        }
        throw AwsException.InvalidParameter("The specified nextToken is invalid.");
    }
}
