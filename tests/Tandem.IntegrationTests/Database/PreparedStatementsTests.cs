using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>
/// On PostgreSQL the hottest requests' statements are prepared explicitly, once per connection, and only as many
/// distinct texts as the server's book admits (PreparedStatements; ADR 26, amended). SQLite has no such step.
/// </summary>
public class PreparedStatementsTests
{
    private static string Marked(int n) => $"SELECT {n} + {{0}} AS \"Value\" /* prepared-statements-test */";

    private static async Task<int> PreparedAsync(TandemDbContext db) => await db.Database
        .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%prepared-statements-test%' AND statement NOT LIKE '%pg_prepared_statements%'")
        .SingleAsync();

    [Fact]
    public async Task A_context_prepares_its_statements_only_once_it_asks()
    {
        await using var database = await TestDatabase.CreateAsync("prepared");
        var book = new PreparedStatements(PreparedStatements.Limit);
        await using var db = database.NewDbContext(book);
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        await db.Database.OpenConnectionAsync(); // one server connection, whose prepared statements the view lists

        Assert.Equal(42, await db.Database.SqlQueryRaw<int>(Marked(40), 2).SingleAsync());
        if (!db.IsSqlite) Assert.Equal(0, await PreparedAsync(db));
        Assert.Equal(0, book.Count);

        db.PrepareStatements = true;
        for (var use = 0; use < 3; use++)
            Assert.Equal(42 + use, await db.Database.SqlQueryRaw<int>(Marked(40), 2 + use).SingleAsync());

        if (db.IsSqlite)
        {
            Assert.Equal(0, book.Count); // the book is PostgreSQL's alone
            return;
        }
        Assert.Equal(1, await PreparedAsync(db)); // three uses, one preparation
    }

    [Fact]
    public async Task Past_the_books_limit_statements_run_unprepared()
    {
        await using var database = await TestDatabase.CreateAsync("prepared-limit");
        var book = new PreparedStatements(2);
        await using var db = database.NewDbContext(book);
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        await db.Database.OpenConnectionAsync();
        db.PrepareStatements = true;

        for (var n = 0; n < 4; n++)
            Assert.Equal(n + 1, await db.Database.SqlQueryRaw<int>(Marked(n), 1).SingleAsync());

        if (db.IsSqlite)
        {
            Assert.Equal(0, book.Count);
            return;
        }
        // The book filled on the first two; the count query and the last two statements found it full.
        Assert.Equal(2, book.Count);
        Assert.Equal(2, await PreparedAsync(db));
    }
}
