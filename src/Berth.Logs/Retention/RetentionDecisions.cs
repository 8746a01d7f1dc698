namespace Berth.Logs.Retention;

/// <summary>What the retention controller deletes: per group with a retention, the events timestamped before now minus it.</summary>
public static class RetentionDecisions
{
    public sealed record Expiry(string Group, long DeleteBefore);

    public static IReadOnlyList<Expiry> Expiries(IEnumerable<LogGroup> groups, DateTimeOffset now) =>
        groups.Where(g => g.RetentionInDays is > 0)
            .Select(g => new Expiry(g.LogGroupName!, (now - TimeSpan.FromDays(g.RetentionInDays!.Value)).ToUnixTimeMilliseconds()))
            .ToList();
}
