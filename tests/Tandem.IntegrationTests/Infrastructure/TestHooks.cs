using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Tandem.IntegrationTests.Infrastructure;

/// <summary>Keeps the host's request-log lines (category <c>Tandem.Request</c>) so tests can read what was logged.</summary>
public sealed class RequestLogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, object?>> _lines = new();

    public ILogger CreateLogger(string categoryName) =>
        categoryName == Tandem.Web.Infrastructure.RequestLog.Category ? new Capture(_lines) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>The first line that matches, waiting for it: the host writes its log lines in the background.</summary>
    public async Task<IReadOnlyDictionary<string, object?>> WaitForAsync(Func<IReadOnlyDictionary<string, object?>, bool> match, TimeSpan? timeout = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var line = _lines.FirstOrDefault(match);
            if (line is not null) return line;
            if (waited.Elapsed > (timeout ?? TimeSpan.FromSeconds(10))) throw new Xunit.Sdk.XunitException($"No such request-log line among {_lines.Count}.");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Capture(ConcurrentQueue<IReadOnlyDictionary<string, object?>> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
                lines.Enqueue(values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal));
        }
    }
}

/// <summary>
/// A request that fails inside the real pipeline: <see cref="Path"/> throws after every middleware and
/// endpoint of the app has had its turn, so the exception travels back through the app's own exception
/// handler and request log, as a bug in an endpoint would. Nothing else answers to this path.
/// </summary>
public sealed class FailingPath : IStartupFilter
{
    public const string Path = "/api/v1/test-only/fail";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use((context, following) => context.Request.Path == Path
            ? throw new InvalidOperationException("A deliberate failure for the request-log test.")
            : following(context));
    };
}
