using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Compose.Values;

/// <summary>Compose durations ("1m30s", "10s", "500ms", "1.5h") in whole seconds, rounded up, as ECS wants them.</summary>
public static partial class Durations
{
    public static int? Seconds(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
            return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
            return bare; // ecs-params and older files write plain seconds
        var total = 0.0;
        var at = 0;
        foreach (Match m in Part().Matches(text))
        {
            if (m.Index != at)
                return null;
            at += m.Length;
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => n * 3600,
                "m" => n * 60,
                "s" => n,
                "ms" => n / 1000,
                "us" or "µs" => n / 1_000_000,
                _ => n / 1_000_000_000,
            };
        }
        return at == text.Length && at > 0 ? (int)Math.Ceiling(total) : null;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
