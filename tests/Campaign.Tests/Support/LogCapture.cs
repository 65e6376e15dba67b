using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Support;

/// <summary>Keeps every log line the host writes, to check what it says and what it does not.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? error, Func<TState, Exception?, string> format) =>
            capture.Lines.Enqueue($"{level} {category}: {format(state, error)} {error}");
    }
}
