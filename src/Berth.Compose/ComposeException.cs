namespace Berth.Compose;

/// <summary>A mistake in a compose file, an env file or ecs-params.yml, reported as <c>file:line: message</c>.</summary>
public sealed class ComposeException : Exception
{
    public ComposeException(string file, int line, string detail)
        : base(line > 0 ? $"{file}:{line}: {detail}" : $"{file}: {detail}")
    {
        File = file;
        Line = line;
        Detail = detail;
    }

    public ComposeException(string message) : base(message)
    {
        File = "";
        Detail = message;
    }

    public string File { get; }
    public int Line { get; }
    public string Detail { get; }
}
