using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tandem.Application.Data;

public static class SaveChangesExtensions
{
    /// <summary>
    /// Saves the unit of work, or answers "stale" when a row it changes was changed by someone else since
    /// it was read (the version concurrency token): the one place a handler meets
    /// <see cref="DbUpdateConcurrencyException"/>. <paramref name="what"/> names the thing for the person,
    /// e.g. "PAY-12".
    /// </summary>
    public static async Task<Error?> SaveOrStaleAsync(this TandemDbContext db, string what, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.Stale($"{what} was changed by someone else while you were saving. Reload it and try again.");
        }
    }

    /// <summary>
    /// Saves the unit of work, or answers "conflict" with <paramref name="conflict"/> when a unique rule of
    /// the database refused it because someone saved the same thing at the same moment (two votes from two
    /// tabs, two releases of one name): the one place a handler meets a unique violation.
    /// </summary>
    public static async Task<Error?> SaveOrConflictAsync(this TandemDbContext db, string conflict, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.Conflict(conflict);
        }
    }

    /// <summary>
    /// Saves a change that can meet both races: a concurrent change of a row it changes is stale (412, naming
    /// <paramref name="what"/>), a unique rule broken by a concurrent create a conflict (409, <paramref name="conflict"/>).
    /// </summary>
    public static async Task<Error?> SaveOrRefuseAsync(this TandemDbContext db, string what, string conflict, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.Stale($"{what} was changed by someone else while you were saving. Reload it and try again.");
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Error.Conflict(conflict);
        }
    }

    /// <summary>
    /// Commits the transaction whether or not the request's client is still there (ADR 45). A request's token fires
    /// when its client goes away; a commit cancelled then was rolled back, or had been applied and reported as failed,
    /// with an error in the log either way, for a write the person had already decided to make. The work before the
    /// commit stays cancellable: nothing of it is kept without the commit.
    /// </summary>
    public static Task CommitWholeAsync(this IDbContextTransaction transaction) =>
#pragma warning disable RS0030 // The one commit allowed: BannedSymbols.txt sends every other here.
        transaction.CommitAsync(CancellationToken.None);
#pragma warning restore RS0030
}
