using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// The console's line format: one line per entry, with the trace id of the request or job that wrote it, so a line
/// leads to its trace and to every other line of the same request (ADR 0033):
/// <c>info: Category[event] trace=4bf92f3577b34da6a3ce929d0e0e4736 message</c>; <c>trace=-</c> outside any.
/// </summary>
/// <remarks>
/// The console logger formats on the caller's thread, so <see cref="Activity.Current"/> is the writer's. The request
/// log writes its lines later, from its own queue: its entries carry their request's trace id as the TraceId
/// argument, which is used first. Simple console's scopes would print the same id among a dozen others.
/// </remarks>
public sealed class TraceConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "tandem";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null) return;
        var settings = options.CurrentValue;
        if (settings.TimestampFormat is { } format)
        {
            var now = settings.UseUtcTimestamp ? TimeProvider.System.GetUtcNow() : TimeProvider.System.GetLocalNow();
            textWriter.Write(now.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        }
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] trace=");
        textWriter.Write(TraceId(logEntry.State));
        textWriter.Write(' ');
        WriteOneLine(textWriter, message);
        if (logEntry.Exception is not null)
        {
            textWriter.Write(' ');
            WriteOneLine(textWriter, logEntry.Exception.ToString());
        }
        textWriter.Write(Environment.NewLine);
    }

    /// <summary>The entry's own TraceId argument (the request log), else the current activity's, else "-".</summary>
    internal static string TraceId<TState>(TState state)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
                if (key == "TraceId" && value is string { Length: > 0 } id) return id;
        }
        return Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : "-";
    }

    private static void WriteOneLine(TextWriter writer, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        writer.Write(text.ReplaceLineEndings(" "));
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
