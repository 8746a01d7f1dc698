namespace Berth.Logs.Insights;

/// <summary>The statuses of a Logs Insights query, as GetQueryResults and DescribeQueries name them.</summary>
public static class QueryStatus
{
    public const string Scheduled = "Scheduled";
    public const string Running = "Running";
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";
    public const string Timeout = "Timeout";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Scheduled, Running, Complete, Failed, Cancelled, Timeout, "Unknown" };

    public static bool IsActive(string status) => status is Scheduled or Running;
}

/// <summary>What a query asked for, fixed when it starts.</summary>
public sealed record QuerySpec(string QueryString, InsightsQuery Query, IReadOnlyList<string> Groups, long StartMs, long EndMs, int Limit);

/// <summary>
/// One query's life: its status, statistics as it scans, and its results once done. Written by its runner, read by the
/// API; guarded by its own lock.
/// </summary>
public sealed class QueryRun(string id, QuerySpec spec, long createdMs)
{
    readonly Lock _lock = new();
    readonly CancellationTokenSource _stop = new();

    public string Id { get; } = id;
    public QuerySpec Spec { get; } = spec;
    public long CreatedMs { get; } = createdMs;
    public string Status { get; private set; } = QueryStatus.Scheduled;
    public long? EndedMs { get; private set; }
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Results { get; private set; } = [];
    public string? FailureReason { get; private set; }
    public Task Completion { get; set; } = Task.CompletedTask;

    public long RecordsScanned;
    public long BytesScanned;
    public long RecordsMatched;

    public CancellationToken StopToken => _stop.Token;

    /// <summary>Moves Scheduled → Running; false if the query was stopped first.</summary>
    public bool Begin()
    {
        lock (_lock)
        {
            if (Status != QueryStatus.Scheduled)
                return false;
            Status = QueryStatus.Running;
            return true;
        }
    }

    /// <summary>Records the outcome, unless StopQuery already ended the query.</summary>
    public void End(string status, long nowMs, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>? results = null, string? reason = null)
    {
        lock (_lock)
        {
            if (!QueryStatus.IsActive(Status))
                return;
            Status = status;
            EndedMs = nowMs;
            Results = results ?? [];
            FailureReason = reason;
        }
    }

    /// <summary>StopQuery: true if the query was still scheduled or running (it is now Cancelled).</summary>
    public bool Stop(long nowMs)
    {
        lock (_lock)
        {
            if (!QueryStatus.IsActive(Status))
                return false;
            Status = QueryStatus.Cancelled;
            EndedMs = nowMs;
        }
        _stop.Cancel();
        return true;
    }
}
