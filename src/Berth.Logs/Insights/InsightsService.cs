using System.Collections.Concurrent;
using System.Text;
using Berth.Kernel;
using Microsoft.Extensions.Logging;

namespace Berth.Logs.Insights;

/// <summary>
/// CloudWatch Logs Insights: StartQuery parses and checks a query, then it runs in the background (Scheduled → Running
/// → Complete, or Failed, Cancelled, Timeout) over the log store, at most <see cref="InsightsOptions.Parallelism"/> at a
/// time; GetQueryResults, StopQuery and DescribeQueries read and steer it; GetLogRecord reads one event by its @ptr.
/// Queries and their results live in memory for a bounded time.
/// </summary>
public sealed partial class InsightsService(ILogStore store, Arns arns, TimeProvider clock, InsightsOptions options, ILogger<InsightsService> log) : IDisposable
{
    public const int DefaultLimit = 10_000;
    public const int MaxGroups = 50;
    public const int MaxQueryLength = 10_000;

    readonly ConcurrentDictionary<string, QueryRun> _runs = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _slots = new(options.Parallelism);
    readonly CancellationTokenSource _shutdown = new();
    readonly Lock _startLock = new();

    long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<string> StartQueryAsync(StartQueryInput input, CancellationToken ct)
    {
        if (input.QueryLanguage is not (null or "CWLI"))
            throw AwsException.InvalidParameter(input.QueryLanguage is "SQL" or "PPL"
                ? $"Berth implements the Logs Insights query language (CWLI) only; queryLanguage {input.QueryLanguage} is not supported."
                : "queryLanguage must be CWLI, SQL or PPL.");
        var groups = GroupsOf(input);
        if (input.StartTime is not { } start || input.EndTime is not { } end)
            throw AwsException.InvalidParameter("startTime and endTime are required (seconds since the epoch).");
        if (start < 0 || end < 0)
            throw AwsException.InvalidParameter("startTime and endTime must not be negative.");
        if (end < start)
            throw AwsException.InvalidParameter("endTime must not be before startTime.");
        if (start > MaxSeconds || end > MaxSeconds)
            throw AwsException.InvalidParameter("startTime and endTime are seconds since the epoch; this one is too large (milliseconds?).");
        if (input.QueryString is null)
            throw AwsException.InvalidParameter("queryString is required.");
        if (input.QueryString.Length > MaxQueryLength)
            throw AwsException.InvalidParameter($"queryString must be at most {MaxQueryLength} characters.");
        var limit = Paging.Limit(input.Limit, QueryParser.MaxLimit, DefaultLimit, "limit");
        var query = QueryParser.Parse(input.QueryString);
        foreach (var g in groups)
            if (await store.GetGroupAsync(g, ct) is null)
                throw AwsException.ResourceNotFound($"Log group '{g}' does not exist for account ID '{arns.AccountId}'.");

        var spec = new QuerySpec(input.QueryString, query, groups, start * 1000, (end * 1000) + 999, limit);
        QueryRun run;
        lock (_startLock)
        {
            Forget();
            if (_runs.Values.Count(r => QueryStatus.IsActive(r.Status)) >= options.MaxActiveQueries)
                throw new AwsException("LimitExceededException", $"Account has reached the limit of {options.MaxActiveQueries} concurrent queries; wait for one to finish or stop one with StopQuery.");
            run = new QueryRun(Guid.NewGuid().ToString(), spec, NowMs);
            _runs[run.Id] = run;
        }
        run.Completion = Task.Run(() => RunAsync(run), CancellationToken.None);
        return run.Id;
    }

    // The largest epoch second whose milliseconds fit in a long with room for the inclusive end.
    const long MaxSeconds = (long.MaxValue / 1000) - 1;

    /// <summary>Exactly one of logGroupName, logGroupNames, logGroupIdentifiers (names or ARNs), up to 50 groups.</summary>
    List<string> GroupsOf(StartQueryInput input)
    {
        var given = (input.LogGroupName is not null ? 1 : 0) + (input.LogGroupNames is not null ? 1 : 0) + (input.LogGroupIdentifiers is not null ? 1 : 0);
        if (given != 1)
            throw AwsException.InvalidParameter("Specify exactly one of logGroupName, logGroupNames or logGroupIdentifiers (Berth does not implement the SOURCE command).");
        var names = input.LogGroupName is { } one ? [one] : input.LogGroupNames ?? input.LogGroupIdentifiers!.Select(GroupOfIdentifier).ToList();
        if (names.Count is 0 or > MaxGroups)
            throw AwsException.InvalidParameter($"A query takes 1 to {MaxGroups} log groups.");
        foreach (var n in names)
            if (!LogNames.IsValidGroupName(n))
                throw AwsException.InvalidParameter($"'{n}' is not a valid log group name.");
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    string GroupOfIdentifier(string id)
    {
        if (!id.StartsWith("arn:", StringComparison.Ordinal))
            return id;
        if (id.EndsWith(":*", StringComparison.Ordinal))
            throw AwsException.InvalidParameter($"A log group ARN in logGroupIdentifiers must not end in ':*': {id}");
        var parts = id.Split(':', 7);
        if (parts.Length != 7 || parts[2] != "logs" || parts[5] != "log-group")
            throw AwsException.InvalidParameter($"'{id}' is not a log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME).");
        var name = parts[6];
        if (parts[4] != arns.AccountId || parts[3] != arns.Region)
            throw AwsException.ResourceNotFound($"Log group '{name}' does not exist for account ID '{parts[4]}' in {parts[3]}.");
        return name;
    }

    async Task RunAsync(QueryRun run)
    {
        var spec = run.Spec;
        using var timeout = new CancellationTokenSource(options.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.StopToken, timeout.Token, _shutdown.Token);
        var ct = linked.Token;
        var entered = false;
        try
        {
            await _slots.WaitAsync(ct);
            entered = true;
            if (!run.Begin())
                return;
            var pipeline = new QueryPipeline(spec.Query, spec.Limit, options.MaxHeldBytes);
            await foreach (var (group, e) in EventScanner.ReadAsync(store, spec.Groups, spec.StartMs, spec.EndMs, ct))
            {
                Interlocked.Increment(ref run.RecordsScanned);
                Interlocked.Add(ref run.BytesScanned, Encoding.UTF8.GetByteCount(e.Message));
                var more = pipeline.Push(new QueryRow(e, group, arns.AccountId));
                Interlocked.Exchange(ref run.RecordsMatched, pipeline.Matched);
                if (!more)
                    break;
            }
            var results = pipeline.Finish();
            run.End(QueryStatus.Complete, NowMs, results.Select(r => (IReadOnlyList<KeyValuePair<string, string>>)r).ToList());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            run.End(QueryStatus.Timeout, NowMs, reason: $"The query ran longer than {options.Timeout}.");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped (StopQuery already recorded Cancelled) or the server is shutting down.
            run.End(QueryStatus.Cancelled, NowMs);
        }
        catch (Exception e) when (e is QueryTooLargeException or MalformedQuery)
        {
            run.End(QueryStatus.Failed, NowMs, reason: e.Message);
        }
        catch (Exception e)
        {
            LogQueryFailed(log, e, run.Id);
            run.End(QueryStatus.Failed, NowMs, reason: e.Message);
        }
        finally
        {
            if (entered)
                _slots.Release();
        }
    }

    public QueryRun GetQuery(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 256)
            throw AwsException.InvalidParameter("queryId must be 1 to 256 characters.");
        Forget();
        return _runs.TryGetValue(id, out var run) ? run : throw AwsException.ResourceNotFound($"Query {id} does not exist (Berth keeps query results in memory for {options.ResultRetention.TotalHours:0} hours, and not across restarts).");
    }

    /// <summary>One page of a query's results: up to <paramref name="maxItems"/> (10,000 at most) from the token's offset.</summary>
    public (QueryRun Run, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Rows, string? NextToken) GetResults(string? id, int? maxItems, string? nextToken)
    {
        var run = GetQuery(id);
        var n = Paging.Limit(maxItems, 10_000, 10_000, "maxItems");
        var listing = $"insights|{run.Id}";
        var offset = Paging.Decode(nextToken, listing);
        var all = run.Results;
        var page = all.Skip(offset).Take(n).ToList();
        var next = offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, page.Count, listing) : null;
        return (run, page, next);
    }

    public void Stop(string? id)
    {
        var run = GetQuery(id);
        if (!run.Stop(NowMs))
            throw AwsException.InvalidParameter($"Query {run.Id} is not running: it is {run.Status}.");
    }

    /// <summary>Recent queries, newest first, optionally of one group or in one status.</summary>
    public (List<QueryRun> Queries, string? NextToken) Describe(string? group, string? status, int? maxResults, string? nextToken)
    {
        if (status is not null && !QueryStatus.All.Contains(status))
            throw AwsException.InvalidParameter("status must be one of Scheduled, Running, Complete, Failed, Cancelled, Timeout, Unknown.");
        if (group is not null && !LogNames.IsValidGroupName(group))
            throw AwsException.InvalidParameter($"'{group}' is not a valid log group name.");
        var n = Paging.Limit(maxResults, 1000, 1000, "maxResults");
        var listing = $"describe-queries|{group}|{status}";
        var offset = Paging.Decode(nextToken, listing);
        Forget();
        var matching = _runs.Values
            .Where(r => (group is null || r.Spec.Groups.Contains(group)) && (status is null || r.Status == status))
            .OrderByDescending(r => r.CreatedMs).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var page = matching.Skip(offset).Take(n).ToList();
        return (page, offset + page.Count < matching.Count ? Paging.Encode(offset + page.Count, page.Count, page.Count, listing) : null);
    }

    /// <summary>GetLogRecord: every field of the event a result's @ptr names.</summary>
    public async Task<Dictionary<string, string>> GetLogRecordAsync(string? pointer, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(pointer))
            throw AwsException.InvalidParameter("logRecordPointer is required.");
        var ptr = LogPointer.Decode(pointer) ?? throw AwsException.InvalidParameter("logRecordPointer is not a pointer GetQueryResults returned (@ptr).");
        var found = await store.ReadAsync(new EventQuery(ptr.Group, null, null, ptr.Timestamp, ptr.Timestamp, false, new EventCursor(ptr.Timestamp, ptr.Id - 1), 1), ct);
        if (found.Count == 0 || found[0].Id != ptr.Id)
            throw AwsException.ResourceNotFound("The log record does not exist: its log group, stream or event has been deleted.");
        return new QueryRow(found[0], ptr.Group, arns.AccountId).Record();
    }

    /// <summary>The group a pointer names, for authorization; null when it is not a pointer.</summary>
    public static string? GroupOfPointer(string? pointer) => LogPointer.Decode(pointer)?.Group;

    void Forget()
    {
        foreach (var id in QueryRetention.Expired(_runs.Values, NowMs, options))
            _runs.TryRemove(id, out _);
    }

    /// <summary>The task that ends when the query does (tests wait on it instead of polling).</summary>
    internal Task CompletionOf(string id) => _runs[id].Completion;

    /// <summary>Cancels running queries at shutdown (the semaphore and token stay undisposed: runners may still touch them).</summary>
    public void Dispose() => _shutdown.Cancel();

    [LoggerMessage(Level = LogLevel.Error, Message = "Logs Insights query {QueryId} failed")]
    static partial void LogQueryFailed(ILogger logger, Exception e, string queryId);
}

/// <summary>StartQuery's parameters, as the API received them.</summary>
public sealed record StartQueryInput(
    string? QueryLanguage, string? LogGroupName, List<string>? LogGroupNames, List<string>? LogGroupIdentifiers,
    long? StartTime, long? EndTime, string? QueryString, int? Limit);
