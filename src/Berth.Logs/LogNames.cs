using System.Text.RegularExpressions;

namespace Berth.Logs;

/// <summary>CloudWatch Logs name grammars.</summary>
public static partial class LogNames
{
    public static bool IsValidGroupName(string? s) => s is { Length: > 0 and <= 512 } && GroupPattern().IsMatch(s);

    public static bool IsValidStreamName(string? s) => s is { Length: > 0 and <= 512 } && !s.Contains(':', StringComparison.Ordinal) && !s.Contains('*', StringComparison.Ordinal);

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")]
    private static partial Regex GroupPattern();
}
