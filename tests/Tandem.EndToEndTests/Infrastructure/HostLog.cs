using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Tandem.EndToEndTests.Infrastructure;

/// <summary>
/// The in-process host's warnings and errors, written to <c>TestResults/e2e-hosts/</c> so that a journey that
/// failed on a shared machine can be read beside what the server said at that moment (test.sh prints the end
/// of these files when the end-to-end run fails). The test runner shows none of the host's console output.
/// </summary>
public sealed class HostLog : ILoggerProvider
{
    private readonly StreamWriter _file;
    private readonly Lock _gate = new();

    public HostLog(string name)
    {
        var directory = Environment.GetEnvironmentVariable("TANDEM_E2E_HOST_LOGS") is { Length: > 0 } set
            ? set
            : System.IO.Path.Combine(RepositoryPaths.Root, "TestResults", "e2e-hosts");
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, $"{name}-{TimeProvider.System.GetLocalNow().ToString("HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}.log");
        _file = new StreamWriter(FilePath, append: false) { AutoFlush = true };
    }

    public string FilePath { get; }

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    public void Dispose()
    {
        lock (_gate) _file.Dispose();
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        var line = $"{TimeProvider.System.GetUtcNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {level} {category}: {message}";
        lock (_gate)
        {
            if (!_file.BaseStream.CanWrite) return;
            _file.WriteLine(line);
            if (exception is not null) _file.WriteLine(exception.ToString());
        }
    }

    private sealed class Writer(HostLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.Write(category, logLevel, formatter(state, exception), exception);
        }
    }
}
