using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth completion bash|zsh|fish</c>: a script that asks berth itself what can come next (System.CommandLine's
/// <c>[suggest:N]</c> directive), so commands, options and the server's cluster and service names complete.
/// </summary>
static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var cmd = new Command("completion", "Print a shell completion script for berth") { shell };
        cmd.Examples(
            "source <(berth completion bash)          # this bash session",
            "berth completion bash > /etc/bash_completion.d/berth",
            "berth completion zsh > \"${fpath[1]}/_berth\"",
            "berth completion fish > ~/.config/fish/completions/berth.fish");
        cmd.SetAction(parse => Console.Write(Script(parse.GetValue(shell)!)));
        return cmd;
    }

    static string Script(string shell) => shell switch
    {
        "bash" => """
            # berth completion for bash: source <(berth completion bash)
            _berth_complete() {
              local IFS=$'\n'
              COMPREPLY=($(command berth "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null | grep -v '^[/?]\|^-?$'))
            }
            complete -o default -F _berth_complete berth

            """,
        "zsh" => """
            #compdef berth
            # berth completion for zsh: berth completion zsh > "${fpath[1]}/_berth"
            _berth() {
              local -a completions
              completions=("${(@f)$(command berth "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null | grep -v '^[/?]\|^-?$')}")
              compadd -- "${completions[@]}"
            }
            compdef _berth berth

            """,
        _ => """
            # berth completion for fish: berth completion fish > ~/.config/fish/completions/berth.fish
            complete -c berth -f -a '(set -l line (commandline -cp); command berth "[suggest:"(string length -- $line)"]" "$line" 2>/dev/null)'

            """,
    };
}
