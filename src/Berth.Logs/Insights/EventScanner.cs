namespace Berth.Logs.Insights;

/// <summary>
/// Reads the events of several groups in a time range newest first, a batch at a time from each, merged by
/// (timestamp, id), so a query holds one batch per group however large the groups are.
/// </summary>
public static class EventScanner
{
    public const int Batch = 1000;

    public static async IAsyncEnumerable<(string Group, LogEvent Event)> ReadAsync(
        ILogStore store, IReadOnlyList<string> groups, long startMs, long endMs,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var sources = groups.Select(g => new Source(g)).ToList();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            Source? best = null;
            foreach (var s in sources)
            {
                if (s.Index >= s.Buffer.Count && !s.Done)
                    await s.FillAsync(store, startMs, endMs, ct);
                if (s.Index < s.Buffer.Count && (best is null || Newer(s.Head, best.Head)))
                    best = s;
            }
            if (best is null)
                yield break;
            yield return (best.Group, best.Head);
            best.Index++;
        }
    }

    static bool Newer(LogEvent a, LogEvent b) => a.Timestamp != b.Timestamp ? a.Timestamp > b.Timestamp : a.Id > b.Id;

    sealed class Source(string group)
    {
        public string Group { get; } = group;
        public IReadOnlyList<LogEvent> Buffer { get; private set; } = [];
        public int Index { get; set; }
        public bool Done { get; private set; }
        EventCursor? _after;

        public LogEvent Head => Buffer[Index];

        public async Task FillAsync(ILogStore store, long startMs, long endMs, CancellationToken ct)
        {
            Buffer = await store.ReadAsync(new EventQuery(Group, null, null, startMs, endMs, true, _after, Batch), ct);
            Index = 0;
            if (Buffer.Count < Batch)
                Done = true;
            if (Buffer.Count > 0)
                _after = new EventCursor(Buffer[^1].Timestamp, Buffer[^1].Id);
        }
    }
}
