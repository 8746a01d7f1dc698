using Berth.Kernel;

namespace Berth.Logs.Insights;

/// <summary>
/// A query string Insights refuses: MalformedQueryException with the character range of the fault. AWS carries the range
/// in <c>queryCompileError.location</c>; Berth's JSON error body has only <c>message</c>, so the range is written there.
/// </summary>
public sealed class MalformedQuery(string message, int start, int end)
    : AwsException("MalformedQueryException", $"{message} (at characters {start}-{end})")
{
    public int StartCharOffset { get; } = start;
    public int EndCharOffset { get; } = end;
    public string Detail { get; } = message;
}
