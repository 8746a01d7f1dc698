namespace Berth.Runtime.Docker.Engine;

public enum LogStream
{
    Stdout,
    Stderr,
}

/// <summary>One line of container output, without its line terminator.</summary>
public sealed record LogLine(LogStream Stream, DateTimeOffset Timestamp, string Text);
