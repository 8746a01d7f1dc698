using Spectre.Console;

namespace Berth.Cli.Deploy;

/// <summary>
/// What `berth deploy` and `berth init` print: Copilot-style ✓ lines, build output, and a live status line while
/// waiting — coloured and animated at a terminal, plain lines (no escape codes) when piped.
/// </summary>
sealed class DeployReporter
{
    public bool Interactive { get; } = Output.IsTerminal && AnsiConsole.Profile.Capabilities.Ansi;

    public void Done(string message)
    {
        if (Interactive)
            AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(message)}");
        else
            Console.WriteLine($"✓ {message}");
    }

    public void Step(string message)
    {
        if (Interactive)
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(message)}[/]");
        else
            Console.WriteLine(message);
    }

    /// <summary>An indented line of someone else's output (the image builder's, the registry push's).</summary>
    public void Detail(string line)
    {
        if (Interactive)
            AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(line)}[/]");
        else
            Console.WriteLine($"  {line}");
    }

    /// <summary>Runs <paramref name="work"/> with a spinner whose text it updates; piped, each new text is one line.</summary>
    public async Task<T> StatusAsync<T>(string initial, Func<Action<string>, Task<T>> work)
    {
        if (!Interactive)
        {
            string? last = null;
            return await work(text =>
            {
                if (text == last)
                    return;
                last = text;
                Console.WriteLine($"  {text}");
            });
        }
        return await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(initial), ctx => work(text => ctx.Status(Markup.Escape(text))));
    }
}

/// <summary>Build and push output as progress lines: every build line; of the push only each layer's final state.</summary>
sealed class ImageProgress(DeployReporter report) : IProgress<string>
{
    public void Report(string value)
    {
        // Push lines with a progress bar ("abc: Pushing [==>  ] 1MB/3MB") change many times a second: skip them.
        if (value.Contains("Pushing", StringComparison.Ordinal) || value.Contains("Preparing", StringComparison.Ordinal)
            || value.Contains("Waiting", StringComparison.Ordinal) || value.Trim().Length == 0)
            return;
        report.Detail(value.TrimEnd());
    }
}
