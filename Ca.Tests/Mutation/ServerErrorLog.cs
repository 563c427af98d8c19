using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ca.Tests.Mutation;

/// <summary>
/// Keeps the errors the service logs (level Error and above, with their exception), so a failing case can
/// show the server's stack trace next to the request that caused it.
/// </summary>
internal sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    /// <summary>Everything logged since the last call, emptied.</summary>
    public IReadOnlyList<string> Drain()
    {
        var drained = new List<string>();
        while (entries.TryDequeue(out var entry))
        {
            drained.Add(entry);
        }

        return drained;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && entries.Count < 1_000)
            {
                entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
            }
        }
    }
}
