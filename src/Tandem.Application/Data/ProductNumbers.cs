using Microsoft.EntityFrameworkCore;
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
        var next = await db.Database.SqlQuery<int>(
            $"UPDATE product_sequences SET \"Last\" = \"Last\" + {count} WHERE \"ProductId\" = {product.Id} AND \"Name\" = {sequence} RETURNING \"Last\" AS \"Value\"").ToListAsync(ct);
        return next.Count == 1 ? next[0] : null;
    }

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
