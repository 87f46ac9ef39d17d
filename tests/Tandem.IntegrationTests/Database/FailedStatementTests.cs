using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>
/// A statement that fails inside a transaction leaves its connection fit for the next request. With Npgsql's
/// automatic preparation on (Npgsql 10.0.3, issue npgsql#6391), a statement that failed at the very use that
/// prepared it corrupted its connection: the next run of it answered "Received unexpected backend message DataRow",
/// a 500 for whoever drew that pooled connection next (found by OpenApiFuzzTests, 2026-12-06). Tandem no longer
/// turns automatic preparation on (ADR 26, amended).
/// </summary>
public class FailedStatementTests
{
    [Fact]
    public async Task A_statement_that_fails_in_a_transaction_runs_again_on_the_same_connection()
    {
        await using var database = await TestDatabase.CreateAsync("failed-statement");
        await using var db = database.NewDbContext();
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        var existing = (await db.Database.GetAppliedMigrationsAsync()).First();

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
            // The connection went back to the pool and is drawn again, as by the next request.
            var again = await Record.ExceptionAsync(() => db.Database.SqlQueryRaw<string>(sql, $"test-{Guid.NewGuid()}", "test").ToListAsync());
            Assert.True(again is null, $"The statement failed at use {before + 1}, and its next use threw: {again}");
        }
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE 'test-%'");
        Assert.DoesNotContain(await db.Database.GetAppliedMigrationsAsync(), m => m.StartsWith("test-", StringComparison.Ordinal));
    }
}
