using System.Globalization;

namespace Berth.Kernel.Auth;

internal static class SigV4Time
{
    private const string IsoBasic = "yyyyMMdd'T'HHmmss'Z'";

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(IsoBasic, CultureInfo.InvariantCulture);

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static string FormatDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Parses the ISO-8601 basic format used by <c>X-Amz-Date</c>, e.g. <c>20150830T123600Z</c>.</summary>
    public static bool TryParseIsoBasic(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            value, IsoBasic, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>Parses a <c>Date</c> header: ISO-8601 basic format or RFC 1123.</summary>
    public static bool TryParseDateHeader(string value, out DateTimeOffset time) =>
        TryParseIsoBasic(value, out time)
        || DateTimeOffset.TryParseExact(
            value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>Finds the request time: <c>X-Amz-Date</c>, else <c>Date</c>. Returns the raw value (null if neither header).</summary>
    public static string? RawRequestDate(IReadOnlyList<KeyValuePair<string, string>> headers, out bool isAmzDate)
    {
        var amzDate = SigV4Headers.First(headers, SigV4Constants.AmzDateHeader);
        isAmzDate = amzDate is not null;
        return amzDate ?? SigV4Headers.First(headers, SigV4Constants.DateHeader);
    }

    public static bool TryParseRequestDate(string raw, bool isAmzDate, out DateTimeOffset time) =>
        isAmzDate ? TryParseIsoBasic(raw.Trim(), out time) : TryParseDateHeader(raw.Trim(), out time);
}
