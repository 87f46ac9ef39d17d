using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>
/// A statement that fails inside a transaction leaves its connection fit for the next request. With Npgsql's
/// automatic preparation on (Npgsql 10.0.3, issue npgsql#6391), a statement that failed at the very use that
/// prepared it corrupted its connection: the next run of it answered "Received unexpected backend message DataRow",
/// a 500 for whoever drew that pooled connection next (found by OpenApiFuzzTests, 2026-12-06). Tandem no longer
/// turns automatic preparation on; it prepares its hot statements explicitly (PreparedStatements, ADR 26, amended),
/// and this test runs the failure through that preparation.
/// </summary>
public class FailedStatementTests
{
    [Fact]
    public async Task A_statement_that_fails_in_a_transaction_runs_again_on_the_same_connection()
    {
        await using var database = await TestDatabase.CreateAsync("failed-statement");
        var book = new PreparedStatements(PreparedStatements.Limit);
        await using var db = database.NewDbContext(book);
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        var existing = (await db.Database.GetAppliedMigrationsAsync()).First();
        db.PrepareStatements = true;
        // One server connection throughout, so that each failure meets the next use on the connection it damaged.
        await db.Database.OpenConnectionAsync();

        // A statement that returns a row, run a few times, then failing in a transaction (on PostgreSQL a NUL in a
        // parameter, refused while binding, as the fuzz test sent; on SQLite a migration id that is already there),
        // then run again. A statement of its own per count of earlier uses, so that whatever the preparation
        // threshold, one of them fails at the use that reaches it. The rows it adds are removed at the end.
        for (var before = 0; before < 8; before++)
        {
            var sql = $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({{0}}, {{1}}) RETURNING \"MigrationId\" AS \"Value\" /* {before} */";
            for (var use = 0; use < before; use++)
                Assert.Single(await db.Database.SqlQueryRaw<string>(sql, $"test-{Guid.NewGuid()}", "test").ToListAsync());
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await Assert.ThrowsAnyAsync<Exception>(() => db.Database.SqlQueryRaw<string>(sql, db.IsSqlite ? existing : "test-\0", "test").ToListAsync());
                await transaction.RollbackAsync();
            }
            // The same connection runs it again, as for the next request that draws it from the pool.
            var again = await Record.ExceptionAsync(() => db.Database.SqlQueryRaw<string>(sql, $"test-{Guid.NewGuid()}", "test").ToListAsync());
            Assert.True(again is null, $"The statement failed at use {before + 1}, and its next use threw: {again}");
        }
        if (!db.IsSqlite)
        {
            // Each of the eight statements went through explicit preparation, failing use included.
            Assert.Equal(8, book.Count);
            var prepared = await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO \"__EFMigrationsHistory\"%'").SingleAsync();
            Assert.Equal(8, prepared);
        }
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE 'test-%'");
        Assert.DoesNotContain(await db.Database.GetAppliedMigrationsAsync(), m => m.StartsWith("test-", StringComparison.Ordinal));
    }
}
