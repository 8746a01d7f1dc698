using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Berth.Cli;

/// <summary>How listing commands print: a table for people, tab-separated text for scripts, JSON for programs.</summary>
enum OutputFormat { Table, Text, Json }

/// <summary>
/// Tables for people at a terminal; plain tab-separated lines (no colour) when piped, unless <c>--output</c> says
/// otherwise. Colour follows the terminal: none when redirected or when NO_COLOR is set.
/// </summary>
static partial class Output
{
    /// <summary>The <c>--output/-o</c> option of every listing command (one instance, shared).</summary>
    public static readonly Option<string?> FormatOption = FormatOptionCreate();

    static Option<string?> FormatOptionCreate()
    {
        var option = new Option<string?>("--output", "-o")
        {
            Description = "table, text (tab-separated, one header line) or json; default: table at a terminal, text when piped",
            HelpName = "table|text|json",
        };
        option.AcceptOnlyFromAmong("table", "text", "json");
        return option;
    }

    public static bool IsTerminal => !Console.IsOutputRedirected;

    /// <summary>The terminal's width (a pseudo-terminal may not say: then 120), or 200 when piped.</summary>
    public static int Width => !IsTerminal ? 200 : Console.WindowWidth is > 0 and var w ? w : 120;

    /// <summary>The format chosen for this run (set once from the parsed command line).</summary>
    public static OutputFormat Format { get; set; } = IsTerminal ? OutputFormat.Table : OutputFormat.Text;

    /// <summary>Adds <c>--output</c> to a listing command.</summary>
    public static Command WithFormat(this Command command)
    {
        command.Options.Add(FormatOption);
        return command;
    }

    /// <summary>Reads <c>--output</c> from the parse result; called before the command runs.</summary>
    public static void Configure(ParseResult parse)
    {
        if (parse.Errors.Count == 0 && parse.GetResult(FormatOption) is not null && parse.GetValue(FormatOption) is { } format)
            Format = Enum.Parse<OutputFormat>(format, ignoreCase: true);
    }

    public static void Table(string[] headers, IReadOnlyList<string[]> rows) => Console.Write(Render(Format, headers, rows));

    /// <summary>The text a listing prints in <paramref name="format"/> (a table is laid out by Spectre for this console).</summary>
    public static string Render(OutputFormat format, string[] headers, IReadOnlyList<string[]> rows)
    {
        switch (format)
        {
            case OutputFormat.Json:
                return Json(headers, rows) + "\n";
            case OutputFormat.Text:
                var text = new StringBuilder();
                text.Append(string.Join('\t', headers)).Append('\n');
                foreach (var r in rows)
                    text.Append(string.Join('\t', r)).Append('\n');
                return text.ToString();
            default:
                var table = BuildTable(headers, rows, "(none)");
                var writer = new StringWriter();
                var console = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Out = new AnsiConsoleOutput(writer),
                    Ansi = Colour ? AnsiSupport.Detect : AnsiSupport.No,
                    ColorSystem = Colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                });
                console.Profile.Width = Width;
                console.Write(table);
                return writer.ToString();
        }
    }

    /// <summary>A Spectre table of <paramref name="rows"/>, with <paramref name="emptyCaption"/> under it when there are none.</summary>
    public static Table BuildTable(string[] headers, IReadOnlyList<string[]> rows, string emptyCaption)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in headers)
            table.AddColumn(Markup.Escape(h));
        foreach (var r in rows)
            table.AddRow(r.Select(Markup.Escape).ToArray());
        if (rows.Count == 0)
            table.Caption(Markup.Escape(emptyCaption));
        return table;
    }

    /// <summary>
    /// A JSON array with one object per row, keyed by the columns' names in camelCase ("CPU %" → cpuPercent).
    /// Counts are numbers; everything else (ids, "12.5%", "3 MiB") stays a string as printed.
    /// </summary>
    public static string Json(string[] headers, IReadOnlyList<string[]> rows)
    {
        var keys = headers.Select(JsonKey).ToArray();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var r in rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < keys.Length; i++)
                {
                    var cell = i < r.Length ? r[i] : "";
                    if (Number().IsMatch(cell))
                        json.WriteNumber(keys[i], decimal.Parse(cell, CultureInfo.InvariantCulture));
                    else
                        json.WriteString(keys[i], cell);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>"TaskDefinition" → taskDefinition, "MEM USAGE / LIMIT" → memUsageLimit, "CPU %" → cpuPercent.</summary>
    public static string JsonKey(string header)
    {
        var words = NonWord().Split(header.Replace("%", " percent "));
        var key = new StringBuilder();
        foreach (var w in words.Where(w => w.Length > 0))
        {
            var word = w.All(char.IsUpper) ? w.ToLowerInvariant() : w;
            key.Append(key.Length == 0 ? char.ToLowerInvariant(word[0]) : char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }
        return key.ToString();
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,14})(\.[0-9]+)?$")]
    private static partial Regex Number();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();

    /// <summary>Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).</summary>
    public static bool Colour => IsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public static void Error(string message)
    {
        if (Colour && !Console.IsErrorRedirected)
            AnsiConsole.MarkupLine($"[red]berth:[/] {Markup.Escape(message)}");
        else
            Console.Error.WriteLine($"berth: {message}");
    }
}
