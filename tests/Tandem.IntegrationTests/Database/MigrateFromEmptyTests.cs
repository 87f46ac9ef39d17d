using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>The provider under test (TANDEM_TEST_PROVIDER) migrates an empty database to the current model.</summary>
public class MigrateFromEmptyTests
{
    [Fact]
    public async Task An_empty_database_migrates_to_the_current_model()
    {
        await using var database = await TestDatabase.CreateAsync("migrate");
        await using var db = database.NewDbContext();
        Assert.Equal(database.Provider == DatabaseProvider.Sqlite, db.IsSqlite);

        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures; add a migration for each provider.");
        Assert.False(await db.Workspaces.AnyAsync());
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        await using var database = await TestDatabase.CreateAsync("remigrate");
        await using (var first = database.NewDbContext()) await DatabaseSetup.MigrateAsync(first, CancellationToken.None);
        await using var second = database.NewDbContext();
        await DatabaseSetup.MigrateAsync(second, CancellationToken.None);
        Assert.Empty(await second.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_database_that_does_not_exist_yet_is_created_and_migrated()
    {
        await using var database = await TestDatabase.CreateAsync("migratenew", create: false);
        await using (var db = database.NewDbContext()) await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        await using var after = database.NewDbContext();
        Assert.Empty(await after.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrating_an_empty_database_logs_no_error()
    {
        // PostgreSQL's provider logged a failed read of the history table it was about to create (efcore.pg#3407).
        await using var database = await TestDatabase.CreateAsync("migratelog");
        var errors = new ErrorLog();
        using var logging = LoggerFactory.Create(b => b.AddProvider(errors));
        await using (var db = NewDbContext(database, logging)) await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        Assert.Empty(errors.Lines);
        await using var again = NewDbContext(database, logging);
        Assert.Empty(await again.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Two_nodes_migrating_one_empty_database_at_once_both_succeed()
    {
        await using var database = await TestDatabase.CreateAsync("migratetwice");
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var db = database.NewDbContext();
            await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        }));
        await using var after = database.NewDbContext();
        Assert.Empty(await after.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_start_migrates_only_a_database_that_lacks_a_migration_and_asks_without_an_error()
    {
        // ADR 47: a start on a migrated database does not apply migrations (which builds their model to compare).
        await using var missing = await TestDatabase.CreateAsync("needsnew", create: false);
        await using (var db = missing.NewDbContext()) Assert.True(await DatabaseSetup.NeedsMigratingAsync(db, CancellationToken.None));

        await using var database = await TestDatabase.CreateAsync("needs");
        var errors = new ErrorLog();
        using var logging = LoggerFactory.Create(b => b.AddProvider(errors));
        await using (var empty = NewDbContext(database, logging))
        {
            Assert.True(await DatabaseSetup.NeedsMigratingAsync(empty, CancellationToken.None));
            await DatabaseSetup.MigrateIfNeededAsync(empty, CancellationToken.None);
        }
        await using (var migrated = NewDbContext(database, logging))
        {
            Assert.False(await DatabaseSetup.NeedsMigratingAsync(migrated, CancellationToken.None));
            Assert.Empty(await migrated.Database.GetPendingMigrationsAsync());
            await DatabaseSetup.MigrateIfNeededAsync(migrated, CancellationToken.None);
            // One migration forgotten: the history no longer has the last one, and the next start applies it again.
            var last = (await migrated.Database.GetAppliedMigrationsAsync()).Last();
            await migrated.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}");
            Assert.True(await DatabaseSetup.NeedsMigratingAsync(migrated, CancellationToken.None));
        }
        Assert.Equal("", string.Join(" | ", errors.Lines));
    }

    private static TandemDbContext NewDbContext(TestDatabase database, ILoggerFactory logging)
    {
        var options = new DbContextOptionsBuilder<TandemDbContext>();
        DatabaseSetup.Configure(options, database.Provider, database.ConnectionString, new PreparedStatements(PreparedStatements.Limit));
        options.UseLoggerFactory(logging);
        return new TandemDbContext(options.Options);
    }

    /// <summary>Every entry at Error or above, as a line.</summary>
    private sealed class ErrorLog : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) _lines.Enqueue($"{logLevel} {eventId}: {formatter(state, exception)}");
        }

        public void Dispose()
        {
        }
    }
}
