using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Tandem.Application.Data;

/// <summary>
/// Logs a failed database command or save in EF Core's place (ADR 50). EF Core logs every one at Error, and so did
/// Tandem's log for writes that then succeeded: a write that lost a race to another writer (a version token, a unique
/// rule, a row deleted meanwhile, a serialization failure or deadlock) is run again on the data as it is now (ADR 46)
/// or answered 409/412, and text with a NUL character is answered 400; neither is a fault of the server. EF Core's own
/// events for them are switched off (<see cref="DatabaseSetup.Configure"/>) and this interceptor logs them instead: an
/// unexpected failure at Error as before, with the statement; one of those ordinary answers at Debug. What happens
/// next is logged where it is decided: a request that still fails is logged by the exception handler at Error, a job
/// by its runner.
/// </summary>
public sealed partial class DatabaseFailures : IDbCommandInterceptor, ISaveChangesInterceptor
{
    public static readonly DatabaseFailures Instance = new();

    /// <summary>The category of the lines this interceptor writes.</summary>
    public const string Category = "Tandem.Database";

    private DatabaseFailures()
    {
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is an ordinary answer of the database to concurrent use or to the client's
    /// text, which the request turns into its own answer: a lost race (<see cref="SaveChangesExtensions.LostRace(DbException)"/>)
    /// or a NUL character PostgreSQL cannot hold (SQLSTATE 22021, answered 400 by the exception handler).
    /// </summary>
    public static bool Ordinary(Exception exception) => exception switch
    {
        DbUpdateException update => SaveChangesExtensions.LostRace(update) || update.InnerException is DbException { SqlState: "22021" },
        DbException db => SaveChangesExtensions.LostRace(db) || db.SqlState == "22021",
        _ => false,
    };

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Failed(command, eventData);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(command, eventData);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => SaveFailed(eventData);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveFailed(eventData);
        return Task.CompletedTask;
    }

    private static void Failed(DbCommand command, CommandErrorEventData eventData)
    {
        if (Logger(eventData.Context) is not { } logger) return;
        if (Ordinary(eventData.Exception)) CommandMetWriter(logger, FirstLine(eventData.Exception), eventData.Duration.TotalMilliseconds, command.CommandText);
        else CommandFailedUnexpectedly(logger, eventData.Exception, eventData.Duration.TotalMilliseconds, command.CommandText);
    }

    private static void SaveFailed(DbContextErrorEventData eventData)
    {
        if (Logger(eventData.Context) is not { } logger) return;
        if (Ordinary(eventData.Exception)) SaveMetWriter(logger, FirstLine(eventData.Exception.InnerException ?? eventData.Exception));
        else SaveFailedUnexpectedly(logger, eventData.Exception);
    }

    /// <summary>The database's message without the detail PostgreSQL adds on later lines (redacted anyway): one log line.</summary>
    private static string FirstLine(Exception exception) => exception.Message.Split('\n', 2)[0].TrimEnd();

    private static ILogger? Logger(DbContext? context) => context?.GetService<ILoggerFactory>().CreateLogger(Category);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "A database command failed after {ElapsedMs:0.0} ms: {CommandText}")]
    private static partial void CommandFailedUnexpectedly(ILogger logger, Exception exception, double elapsedMs, string commandText);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug,
        Message = "A database command met another writer or the client's text ({Reason}) after {ElapsedMs:0.0} ms; the request answers it (ADR 46): {CommandText}")]
    private static partial void CommandMetWriter(ILogger logger, string reason, double elapsedMs, string commandText);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Saving changes to the database failed")]
    private static partial void SaveFailedUnexpectedly(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Saving changes met another writer or the client's text ({Reason}); the request answers it (ADR 46)")]
    private static partial void SaveMetWriter(ILogger logger, string reason);
}
