using System.Globalization;

namespace Berth.Cli;

/// <summary>
/// A small column chart for a terminal: one column per period, drawn with the eight block characters so each row
/// holds eight steps; a y-axis label on the top and bottom rows; periods without data stay blank, periods with
/// data show at least the lowest block.
/// </summary>
static class TerminalChart
{
    static readonly char[] Blocks = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    public static IReadOnlyList<string> Render(IReadOnlyList<double?> values, int height, double max, string unit)
    {
        height = Math.Max(1, height);
        max = max > 0 ? max : 1;
        var label = Math.Max(Axis(max, unit).Length, Axis(0, unit).Length);
        var lines = new List<string>();
        for (var row = height - 1; row >= 0; row--)
        {
            var axis = row == height - 1 ? Axis(max, unit) : row == 0 ? Axis(0, unit) : "";
            var line = new char[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                // Eighths of a row this column fills above the row's bottom edge.
                var eighths = values[i] is { } v ? (int)Math.Round(Math.Clamp(v / max, 0, 1) * height * 8) - row * 8 : 0;
                // A period with data never looks empty: the bottom row shows at least its lowest block.
                if (values[i] is not null && row == 0)
                    eighths = Math.Max(eighths, 1);
                line[i] = Blocks[Math.Clamp(eighths, 0, 8)];
            }
            lines.Add($"{axis.PadLeft(label)} │{new string(line)}");
        }
        lines.Add($"{new string(' ', label)} └{new string('─', values.Count)}");
        return lines;
    }

    static string Axis(double value, string unit) => value.ToString(value >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture) + unit;
}
