using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Berth.Cli;

/// <summary>
/// Progress lines in the format ecs-cli printed (logrus's text format), which its users grep:
/// <c>INFO[0002] Starting container... container="2f10bddd-.../test"</c>; the number is seconds since the command began.
/// The level and field names are coloured only when stderr (where logrus wrote) is a terminal.
/// </summary>
sealed class LogrusLog
{
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly bool _colour = !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
    readonly object _gate = new();

    public void Info(string message, params (string Key, string Value)[] fields) => Write("INFO", 36, message, fields);

    public void Warn(string message, params (string Key, string Value)[] fields) => Write("WARN", 33, message, fields);

    public void Error(string message, params (string Key, string Value)[] fields) => Write("ERRO", 31, message, fields);

    /// <summary>The line as it is printed, without colour (tests and pipes see exactly this).</summary>
    public static string Format(string level, long seconds, string message, IEnumerable<(string Key, string Value)> fields, int colour = 0)
    {
        var b = new StringBuilder();
        b.Append(colour > 0 ? $"\u001b[{colour}m{level}\u001b[0m" : level).Append('[').Append(seconds.ToString("0000", CultureInfo.InvariantCulture)).Append("] ").Append(message);
        foreach (var (key, value) in fields)
            b.Append(' ').Append(colour > 0 ? $"\u001b[{colour}m{key}\u001b[0m" : key).Append('=').Append(Quote(value));
        return b.ToString();
    }

    /// <summary>As logrus quoted a value: anything beyond letters, digits, '-' and '.' goes in double quotes.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? value : "\"" + value.Replace("\"", "\\\"") + "\"";

    string? _status;

    /// <summary>
    /// A live status line under the log at a terminal (redrawn in place, erased before each log line and at the end);
    /// nothing when stderr is not a terminal. Null clears it.
    /// </summary>
    public void Status(string? text)
    {
        if (!_colour)
            return;
        if (text is { Length: > 100 })
            text = text[..99] + "…"; // one line, or \r cannot take it back
        lock (_gate)
        {
            _status = text;
            Console.Error.Write("\r\u001b[2K" + (text is null ? "" : $"\u001b[2m{text}\u001b[0m"));
        }
    }

    void Write(string level, int colour, string message, (string, string)[] fields)
    {
        var line = Format(level, (long)_clock.Elapsed.TotalSeconds, message, fields, _colour ? colour : 0);
        lock (_gate)
        {
            // Progress goes to stderr as logrus wrote it, so stdout stays for what a command prints as its result.
            if (_status is not null)
                Console.Error.Write("\r\u001b[2K");
            Console.Error.WriteLine(line);
            if (_status is not null)
                Console.Error.Write($"\u001b[2m{_status}\u001b[0m");
        }
    }
}
