using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OnlineChat.Integration.Tests;

/// <summary>Keeps every message the AppHost logs, and lets a test look at the moment one is written.</summary>
public sealed class AppHostLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    /// <summary>Called as each message is logged, before the AppHost goes on: a probe of the system at that instant.</summary>
    public Action<string>? OnMessage { get; set; }

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(AppHostLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            log._messages.Enqueue(message);
            log.OnMessage?.Invoke(message);
        }
    }
}
