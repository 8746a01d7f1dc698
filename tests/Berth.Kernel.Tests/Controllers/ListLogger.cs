using Microsoft.Extensions.Logging;

namespace Berth.Kernel.Tests.Controllers;

/// <summary>Keeps what was logged, for tests that check a failure was reported.</summary>
sealed class ListLogger : ILogger
{
    readonly List<(LogLevel Level, Exception? Error, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, Exception? Error, string Message)> Entries
    {
        get
        {
            lock (_entries)
                return [.. _entries];
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
            _entries.Add((logLevel, exception, formatter(state, exception)));
    }
}
