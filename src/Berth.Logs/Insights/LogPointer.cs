using System.Globalization;
using System.Text;

namespace Berth.Logs.Insights;

/// <summary>
/// The <c>@ptr</c> of a result row: opaque to callers, it names the event's group and its place in the group's
/// (timestamp, id) order, which is enough for GetLogRecord to read it back.
/// </summary>
public sealed record LogPointer(string Group, long Timestamp, long Id)
{
    const string Version = "b1";

    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Version}\n{Timestamp.ToString(CultureInfo.InvariantCulture)}\n{Id.ToString(CultureInfo.InvariantCulture)}\n{Group}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static LogPointer? Decode(string? pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer.Length > 2048)
            return null;
        try
        {
            var b64 = pointer.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split('\n', 4);
            if (parts.Length == 4 && parts[0] == Version
                && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && LogNames.IsValidGroupName(parts[3]))
                return new LogPointer(parts[3], ts, id);
        }
        catch (FormatException)
        {
            // Not one of ours: null below.
        }
        return null;
    }
}
