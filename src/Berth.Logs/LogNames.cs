using System.Text.RegularExpressions;
using Berth.Kernel;

namespace Berth.Logs;

/// <summary>CloudWatch Logs name grammars.</summary>
public static partial class LogNames
{
    public static bool IsValidGroupName(string? s) => s is { Length: > 0 and <= 512 } && GroupPattern().IsMatch(s);

    public static bool IsValidStreamName(string? s) => s is { Length: > 0 and <= 512 } && !s.Contains(':', StringComparison.Ordinal) && !s.Contains('*', StringComparison.Ordinal);

    /// <summary>A log group name, or AWS's refusal of it: its length, then its characters.</summary>
    public static string RequireGroupName(string? s, string member = "logGroupName") => IsValidGroupName(s) ? s!
        : throw AwsException.InvalidParameter(s is { Length: > 0 and <= 512 }
            ? ConstraintMessage.For(s, member, @"satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+")
            : ConstraintMessage.Length(s, member, 1, 512));

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")]
    private static partial Regex GroupPattern();
}
