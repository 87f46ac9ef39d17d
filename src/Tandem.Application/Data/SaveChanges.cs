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
    /// Whether <paramref name="e"/> says the save met another writer, not a fault of the request: a row it changed had
    /// been changed or deleted since it was read (the version token), a unique rule refused what someone saved the same
    /// moment, a row it points at was deleted meanwhile, or PostgreSQL gave up on a serialization or a deadlock. The
    /// save left nothing behind, and the same request run on the data as it is now answers what it would have answered
    /// a moment later (ADR 46). A check, a NOT NULL or a value too long is a fault of the code and is not a race.
    /// </summary>
    public static bool LostRace(DbUpdateException e) =>
        e is DbUpdateConcurrencyException || e.InnerException is System.Data.Common.DbException db && LostRace(db);

    /// <summary><see cref="LostRace(DbUpdateException)"/> for the database's own exception, as a command that failed outside a save throws it.</summary>
    public static bool LostRace(System.Data.Common.DbException db) =>
        db.SqlState is "23505" or "23503" or "40001" or "40P01"
        // By name first, so a PostgreSQL node never loads SQLite's client to ask (ADR 26).
        || db.GetType().FullName == "Microsoft.Data.Sqlite.SqliteException" && SqliteLostRace(db);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool SqliteLostRace(System.Data.Common.DbException db) =>
        // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_FOREIGNKEY.
        db is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 or 787 };

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
