using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.TestSupport;

/// <summary>A strict reader of the Prometheus text format: every line must be a HELP, a TYPE or a sample.</summary>
public static partial class PrometheusText
{
    /// <summary>Samples by series (<c>name{labels}</c> as written); throws <see cref="FormatException"/> on any other line.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
                continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                if (!TypeLine().IsMatch(line))
                    throw new FormatException($"not a TYPE line: {line}");
                continue;
            }
            var m = Sample().Match(line);
            if (!m.Success)
                throw new FormatException($"not a sample line: {line}");
            var value = m.Groups["value"].Value;
            samples[m.Groups["series"].Value] = value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture);
        }
        return samples;
    }

    [GeneratedRegex(@"^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex("""^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})?) (?<value>\S+)$""")]
    private static partial Regex Sample();
}
