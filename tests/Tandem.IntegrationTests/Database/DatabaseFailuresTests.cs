using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tandem.Application.Data;
using Tandem.Domain.Workspaces;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>
/// A failed command or save is logged by Tandem, not by EF Core (ADR 50): a save that lost a race to another writer
/// at Debug (the request runs again or answers 409/412, ADR 46), a search for text with a NUL character on PostgreSQL
/// at Debug (answered 400), a fault at Error with its statement, as EF Core logged every one of them before. On both engines, with the host's own database setup.
/// </summary>
public class DatabaseFailuresTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddYears(57);

    [Fact]
    public async Task A_lost_race_is_logged_at_debug_and_a_fault_at_error_and_ef_core_logs_neither()
    {
        await using var database = await TestDatabase.CreateAsync("failures");
        var lines = new Lines();
        using var logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(lines));
        await using (var setup = Context(database, logs)) await DatabaseSetup.MigrateAsync(setup, CancellationToken.None);
        lines.Clear();

        // Two writers saving the same new row: the second meets the first's key.
        var workspace = Workspace.Create("Raced", Now);
        await using (var first = Context(database, logs))
        {
            first.Add(workspace);
            await first.SaveChangesAsync();
        }
        await using (var second = Context(database, logs))
        {
            second.Add(workspace);
            var lost = await Assert.ThrowsAnyAsync<DbUpdateException>(() => second.SaveChangesAsync());
            Assert.True(SaveChangesExtensions.LostRace(lost));
        }
        // Text with a NUL character searched for: PostgreSQL refuses it (22021), the exception handler answers 400.
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var searched = "a\0b"; // a parameter, as a request's text is
            await using var searching = Context(database, logs);
            await Assert.ThrowsAnyAsync<DbException>(() => searching.Workspaces.IgnoreQueryFilters().Where(w => w.Name == searched).ToListAsync());
        }
        // A fault of the code: a statement about a table there is not.
        await using (var third = Context(database, logs))
            await Assert.ThrowsAnyAsync<DbException>(() => third.Database.ExecuteSqlRawAsync("SELECT * FROM no_such_table_here"));

        var all = lines.All;
        Assert.DoesNotContain(all, l => l.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && l.Level >= LogLevel.Error);
        Assert.Contains(all, l => l is { Category: DatabaseFailures.Category, Level: LogLevel.Debug, Id: 2 } && l.Message.Contains("INSERT", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(all, l => l is { Category: DatabaseFailures.Category, Level: LogLevel.Debug, Id: 4 });
        if (database.Provider == DatabaseProvider.Postgres)
            Assert.Contains(all, l => l is { Category: DatabaseFailures.Category, Level: LogLevel.Debug, Id: 2 } && l.Message.Contains("22021", StringComparison.Ordinal));
        var fault = Assert.Single(all, l => l.Level >= LogLevel.Error);
        Assert.Equal(DatabaseFailures.Category, fault.Category);
        Assert.Contains("no_such_table_here", fault.Message, StringComparison.Ordinal);
        Assert.NotNull(fault.Exception);
    }

    [Fact]
    public void Only_a_lost_race_or_the_clients_nul_is_ordinary()
    {
        Assert.False(DatabaseFailures.Ordinary(new InvalidOperationException("a bug")));
        Assert.False(DatabaseFailures.Ordinary(new DbUpdateException("a check refused the row")));
        Assert.True(DatabaseFailures.Ordinary(new DbUpdateConcurrencyException("changed meanwhile")));
    }

    private static TandemDbContext Context(TestDatabase database, ILoggerFactory logs)
    {
        var options = new DbContextOptionsBuilder<TandemDbContext>();
        DatabaseSetup.Configure(options, database.Provider, database.ConnectionString);
        options.UseLoggerFactory(logs);
        return new TandemDbContext(options.Options);
    }

    private sealed record Line(string Category, LogLevel Level, int Id, string Message, Exception? Exception);

    private sealed class Lines : ILoggerProvider
    {
        private readonly ConcurrentQueue<Line> _lines = new();

        public List<Line> All => [.. _lines];

        public void Clear() => _lines.Clear();

        public ILogger CreateLogger(string categoryName) => new Capture(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Capture(string category, ConcurrentQueue<Line> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(new Line(category, logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}
