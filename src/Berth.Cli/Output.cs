using Spectre.Console;

namespace Berth.Cli;

/// <summary>Tables for people at a terminal; plain tab-separated lines (no colour) when piped.</summary>
static class Output
{
    public static bool IsTerminal => !Console.IsOutputRedirected;

    public static void Table(string[] headers, IReadOnlyList<string[]> rows)
    {
        if (!IsTerminal)
        {
            Console.WriteLine(string.Join('\t', headers));
            foreach (var r in rows)
                Console.WriteLine(string.Join('\t', r));
            return;
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in headers)
            table.AddColumn(h);
        foreach (var r in rows)
            table.AddRow(r.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }

    public static void Error(string message)
    {
        if (IsTerminal && !Console.IsErrorRedirected)
            AnsiConsole.MarkupLine($"[red]berth:[/] {Markup.Escape(message)}");
        else
            Console.Error.WriteLine($"berth: {message}");
    }
}
