namespace Berth.Logs.Insights;

/// <summary>The bounds of Logs Insights in Berth.</summary>
public sealed record InsightsOptions
{
    /// <summary>Scheduled and running queries at once before StartQuery answers LimitExceededException (the Insights quota is 30).</summary>
    public int MaxActiveQueries { get; init; } = 30;

    /// <summary>Queries that scan at the same time; the rest wait as Scheduled.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>A query running longer ends as Timeout (Insights: 60 minutes).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How long a finished query's results stay readable. Kept in memory: a restart forgets them.</summary>
    public TimeSpan ResultRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Finished queries kept at most, the oldest forgotten first, so results cannot grow without bound.</summary>
    public int MaxFinishedQueries { get; init; } = 100;

    /// <summary>What one query's sort and stats may hold.</summary>
    public long MaxHeldBytes { get; init; } = 256L << 20;
}

/// <summary>Which finished queries to forget: past their retention, then the oldest beyond the count kept. Active ones stay.</summary>
public static class QueryRetention
{
    public static IReadOnlyList<string> Expired(IEnumerable<QueryRun> runs, long nowMs, InsightsOptions options)
    {
        var finished = runs.Where(r => !QueryStatus.IsActive(r.Status)).OrderByDescending(r => r.EndedMs ?? r.CreatedMs).ThenByDescending(r => r.CreatedMs).ToList();
        var maxAge = (long)options.ResultRetention.TotalMilliseconds;
        return finished
            .Where((r, i) => i >= options.MaxFinishedQueries || nowMs - (r.EndedMs ?? r.CreatedMs) > maxAge)
            .Select(r => r.Id)
            .ToList();
    }
}
