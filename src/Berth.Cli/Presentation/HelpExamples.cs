using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Berth.Cli;

/// <summary>An "Examples:" section at the end of each command's <c>--help</c>, from lines the command declares.</summary>
static class HelpExamples
{
    static readonly ConditionalWeakTable<Command, string[]> Lines = new();

    /// <summary>Declares the example command lines shown by <c>berth COMMAND --help</c>.</summary>
    public static Command Examples(this Command command, params string[] lines)
    {
        Lines.AddOrUpdate(command, lines);
        return command;
    }

    /// <summary>Makes the root's help option (which every subcommand inherits) print the examples after the options.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction standard)
                help.Action = new WithExamples(standard);
        }
    }

    /// <summary>The standard help, then the command's examples.</summary>
    sealed class WithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var rc = standard.Invoke(parseResult);
            if (Lines.TryGetValue(parseResult.CommandResult.Command, out var lines) && lines.Length > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var line in lines)
                    output.WriteLine("  " + line);
                output.WriteLine();
            }
            return rc;
        }
    }
}
