using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Tandem.Application.Data;

/// <summary>
/// Prepares the statements of Tandem's hottest requests explicitly on PostgreSQL, so that the server parses and
/// plans each of them once per connection rather than on every use (issue 12; ADR 26, amended 2026-12-06).
/// <para>
/// Npgsql's automatic preparation did this until it was withdrawn: in Npgsql 10.0.3 a statement that fails at the
/// very use that prepares it corrupts its pooled connection (npgsql#6391). Explicit preparation is a round trip of
/// its own (Parse, Describe, Sync) that completes before the statement is ever bound or run, so a failure at bind
/// or execution finds a statement that is already prepared, and the connection stays sound (FailedStatementTests
/// runs the failure through this interceptor).
/// </para>
/// <para>
/// Only what a context has asked for is prepared (<see cref="TandemDbContext.PrepareStatements"/>: set by an item's
/// read, update and move, and by a batch of creates), and at most <see cref="Limit"/> distinct texts (a batch's
/// counted by its statements, <see cref="Shape"/>) per server (one book per host, shared by all its contexts), admitted as they
/// first come: a prepared statement stays on its server connection until the connection closes, and PostgreSQL
/// keeps its plan in that backend's memory, so a client sending a new shape of update with every request must not
/// be able to grow them. Past the limit a statement runs as it would without preparation.
/// </para>
/// </summary>
public sealed partial class PreparedStatements(int limit) : DbCommandInterceptor
{
    /// <summary>Distinct statement texts a server prepares; each PostgreSQL connection holds at most this many.</summary>
    public const int Limit = 128;

    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);
    private int _count; // kept apart: ConcurrentDictionary.Count takes every lock of the dictionary
    private int _full;

    /// <summary>How many distinct texts have been admitted.</summary>
    public int Count => Volatile.Read(ref _count);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (Wants(command, eventData)) command.Prepare();
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Wants(command, eventData)) await command.PrepareAsync(cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (Wants(command, eventData)) command.Prepare();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Wants(command, eventData)) await command.PrepareAsync(cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        if (Wants(command, eventData)) command.Prepare();
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        if (Wants(command, eventData)) await command.PrepareAsync(cancellationToken);
        return result;
    }

    private bool Wants(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is not TandemDbContext { PrepareStatements: true } context) return false;
        if (Admitted(command.CommandText)) return true;
        if (Interlocked.Exchange(ref _full, 1) == 0)
            context.GetService<ILoggerFactory>().CreateLogger<PreparedStatements>()
                .LogWarning("{Limit} statement texts are prepared; further ones run unprepared until Tandem restarts.", limit);
        return false;
    }

    /// <summary>
    /// Short texts of several statements (an update's save: the row, its history line, its decision) admitted by their
    /// <see cref="Shape"/>, so a repeated one is not shaped again: shaping allocated 3 KB per update.
    /// </summary>
    private readonly ConcurrentDictionary<string, bool> _shaped = new(StringComparer.Ordinal);
    private int _shapedCount;

    /// <summary>
    /// The most texts <see cref="_shaped"/> remembers, each of at most <see cref="ShapedLength"/> characters (a quarter
    /// of a MiB at most); a batch of creates, whose text grows with it, is shaped once per batch instead.
    /// </summary>
    private const int ShapedTexts = 256, ShapedLength = 4_096;

    private bool Admitted(string text)
    {
        if (_shaped.ContainsKey(text)) return true;
        var shape = Shape(text);
        if (!Admit(shape)) return false;
        if (!ReferenceEquals(shape, text) && text.Length <= ShapedLength && Volatile.Read(ref _shapedCount) < ShapedTexts && _shaped.TryAdd(text, true))
            Interlocked.Increment(ref _shapedCount);
        return true;
    }

    /// <summary>
    /// What a command makes PostgreSQL prepare, as the book counts it. Npgsql prepares each statement of a command
    /// on its own, with its parameters numbered from $1, so a save of eight new items and one of three prepare the
    /// same two statements (the item's insert and its history line's): a command of several statements is counted by
    /// its distinct statements with their parameter names set aside, sorted, and a batch of creates of any size prepares
    /// what a batch of one did. A single statement is its own text.
    /// </summary>
    public static string Shape(string text)
    {
        if (!text.Contains(StatementEnd, StringComparison.Ordinal)) return text;
        var statements = ParameterName().Replace(text, "@p")
            .Split(StatementEnd, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Sorted, so a batch that meets its kinds of rows in another order has the same shape.
        return string.Join(StatementEnd, statements.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    // How EF Core ends each statement of a batch (the terminator and a line).
    private static readonly string StatementEnd = ";" + Environment.NewLine;

    [System.Text.RegularExpressions.GeneratedRegex(@"@p\d+\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ParameterName();

    /// <summary>
    /// Whether <paramref name="text"/> may be prepared: it was admitted before, or there is room for it. Two texts
    /// admitted at the same instant may pass the limit by the number of requests racing, never by more.
    /// </summary>
    public bool Admit(string text)
    {
        if (_admitted.ContainsKey(text)) return true;
        if (Volatile.Read(ref _count) >= limit) return false;
        if (_admitted.TryAdd(text, true)) Interlocked.Increment(ref _count);
        return true;
    }
}
