using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tandem.Domain.Products;

namespace Tandem.Application.Data;

/// <summary>The numbered series of a product; each name is one <see cref="ProductSequence"/> row.</summary>
public static class Sequences
{
    public const string Items = "items";
    public const string DecisionRecords = "adrs";
    public const string Feedback = "feedback";
    public const string Nfrs = "nfrs";
    public const string Evaluations = "evaluations";
    public const string Disagreements = "disagreements";
}

/// <summary>
/// Hands out a product's next number atomically (issue 12, ADR 21): one UPDATE … SET last = last + 1 on
/// the series' row, inside the caller's transaction. PostgreSQL holds that row's lock and SQLite its
/// write lock until the commit, so concurrent creates in one product queue for a moment instead of
/// colliding on the unique key, and a create that fails rolls its number back: no duplicates, no gaps.
/// The row is created on first use from the highest number already saved, so existing products (and
/// rows saved by the demo seed) continue where they are.
/// </summary>
public sealed class ProductNumbers(TandemDbContext db)
{
    /// <summary>
    /// The next number of <paramref name="sequence"/> in the product. Call inside a transaction that also
    /// saves the numbered row (<see cref="InTransactionAsync{T}"/>); <paramref name="highestSaved"/> is asked
    /// only the first time a product numbers this series.
    /// </summary>
    public Task<int> NextAsync(Product product, string sequence, Func<CancellationToken, Task<int?>> highestSaved, CancellationToken ct) =>
        NextAsync(product, sequence, 1, highestSaved, ct);

    /// <summary>
    /// The first of <paramref name="count"/> consecutive numbers of <paramref name="sequence"/>, taken in one
    /// statement (a batch of creates, ADR 41). The caller saves a row under each of them in the same
    /// transaction, or gives back the ones it did not use (<see cref="GiveBackAsync"/>) before it commits.
    /// </summary>
    public async Task<int> NextAsync(Product product, string sequence, int count, Func<CancellationToken, Task<int?>> highestSaved, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Numbers are handed out inside the transaction that saves the numbered row.");
        if (await IncrementAsync(product, sequence, count, ct) is { } last) return last - count + 1;
        return await StartAsync(product, sequence, count, highestSaved, ct);
    }

    /// <summary>
    /// On PostgreSQL, <see cref="NextAsync(Product, string, int, Func{CancellationToken, Task{int?}}, CancellationToken)"/>
    /// and a read of one text in one round trip: <paramref name="then"/> (a query of one column, which may use the
    /// parameters <c>@product</c> and <c>@workspace</c>) runs after the number statement in the same command, so its
    /// snapshot is taken once the series' row is held and it sees every row saved under a number taken before, from any
    /// node. Its first value is <see cref="NumbersAndRead.Read"/>. The first time a product numbers the series, the row
    /// is created instead and nothing is read (<see cref="NumbersAndRead.ReadRan"/> false). SQLite: null, nothing taken.
    /// </summary>
    public async Task<NumbersAndRead?> NextThenReadAsync(Product product, string sequence, int count, string then,
        Func<CancellationToken, Task<int?>> highestSaved, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (db.IsSqlite) return null;
        // A raw command on the context's connection and transaction: EF has no way to send a write and a read as one.
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Numbers are handed out inside the transaction that saves the numbered row.");
        command.CommandText = IncrementNamed + ";\n" + then;
        Parameter(command, "count", count);
        Parameter(command, "product", product.Id);
        Parameter(command, "series", sequence);
        Parameter(command, "workspace", product.WorkspaceId);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                var last = reader.GetInt32(0);
                await reader.NextResultAsync(ct);
                var read = await reader.ReadAsync(ct) && !reader.IsDBNull(0) ? reader.GetString(0) : null;
                return new NumbersAndRead(last - count + 1, true, read);
            }
        }
        return new NumbersAndRead(await StartAsync(product, sequence, count, highestSaved, ct), false, null);
    }

    private static void Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>The series' first numbers, creating its row from the highest number saved (a racing create increments it instead).</summary>
    private async Task<int> StartAsync(Product product, string sequence, int count, Func<CancellationToken, Task<int?>> highestSaved, CancellationToken ct)
    {
        var start = (await highestSaved(ct) ?? 0) + 1;
        // Both engines speak this form; a create racing this one inserts nothing and increments below.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO product_sequences (\"ProductId\", \"Name\", \"WorkspaceId\", \"Last\") VALUES ({product.Id}, {sequence}, {product.WorkspaceId}, {start + count - 1}) ON CONFLICT DO NOTHING", ct);
        if (inserted == 1) return start;
        return (await IncrementAsync(product, sequence, count, ct) ?? throw new InvalidOperationException($"{product.Key} has no '{sequence}' series after creating it.")) - count + 1;
    }

    /// <summary>
    /// Gives back the last <paramref name="count"/> numbers this transaction took and did not use (creates of
    /// a batch that a rule refused), so the series stays gapless. The transaction still holds the row.
    /// </summary>
    public async Task GiveBackAsync(Product product, string sequence, int count, CancellationToken ct)
    {
        if (count <= 0) return;
        await db.Database.ExecuteSqlAsync(
            $"UPDATE product_sequences SET \"Last\" = \"Last\" - {count} WHERE \"ProductId\" = {product.Id} AND \"Name\" = {sequence}", ct);
    }

    /// <summary>
    /// Increments the series and reads the number it reached in one statement (UPDATE … RETURNING, which both
    /// engines speak), so a create pays one round trip for its number; null when the series has no row yet.
    /// </summary>
    private async Task<int?> IncrementAsync(Product product, string sequence, int count, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<int>(FormattableStringFactory.Create(Increment, count, product.Id, sequence)).ToListAsync(ct);
        return next.Count == 1 ? next[0] : null;
    }

    /// <summary>
    /// The one statement that moves a series: its count, product and series name are {0}, {1} and {2}, parameters in
    /// <see cref="IncrementAsync"/> and named ones in <see cref="NextThenReadAsync"/>'s command.
    /// </summary>
    private const string Increment =
        "UPDATE product_sequences SET \"Last\" = \"Last\" + {0} WHERE \"ProductId\" = {1} AND \"Name\" = {2} RETURNING \"Last\" AS \"Value\"";

    private static readonly string IncrementNamed = string.Format(CultureInfo.InvariantCulture, System.Text.CompositeFormat.Parse(Increment), "@count", "@product", "@series");

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction that commits when it succeeds and rolls back when it
    /// returns an error (giving back any number it took). Joins the caller's transaction when there is one.
    /// </summary>
    public async Task<Result<T>> InTransactionAsync<T>(Func<Task<Result<T>>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        // SQLite's writers of this process queue here rather than on the database's lock (ADR 26); the gate is left after the transaction.
        using var gate = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        // The read caches' versions move at the commit (ChangeVersions' transaction interceptor).
        if (result.IsSuccess) await transaction.CommitWholeAsync();
        return result;
    }
}

/// <summary>The first of the numbers taken, and what the read sent with them found (<see cref="ProductNumbers.NextThenReadAsync"/>).</summary>
/// <param name="ReadRan">False when the series was started instead, and the read not sent.</param>
public readonly record struct NumbersAndRead(int First, bool ReadRan, string? Read);
