using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;

namespace Tandem.Application.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Chooses the provider from configuration at run time. Each provider has its own migrations assembly
/// (Tandem.Migrations.Sqlite / Tandem.Migrations.Postgres); they never share a migration set.
/// </summary>
public static class DatabaseSetup
{
    /// <summary>
    /// How many idle contexts a server keeps for the next request (ADR 48): more than the writers that run at once
    /// (a request holds one, a Blazor circuit one for its life), few enough that a burst does not keep hundreds.
    /// A lease beyond it is a new context, disposed when its request ends.
    /// </summary>
    public const int ContextPoolSize = 64;

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider is '{value}'; use Sqlite or Postgres.");
    }

    /// <param name="statements">
    /// On PostgreSQL, the book through which the hottest requests' statements are prepared once per connection, one
    /// per host (<see cref="PreparedStatements"/>); none behind a pooler that cannot keep prepared statements
    /// (<c>Database:PrepareStatements=false</c>).
    /// </param>
    /// <param name="strictQueries">
    /// A query that loads two or more collections in one statement (their rows multiply: an evaluation's options ×
    /// criteria × scores) throws instead of logging EF's warning. On in the test hosts (<c>Tandem:StrictQueries</c>), so
    /// every such query the suites reach must say how it loads (<c>AsSplitQuery</c>, or <c>AsSingleQuery</c> where the
    /// product is known to be small); off in production, where the warning is logged.
    /// </param>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, PreparedStatements? statements = null,
        bool strictQueries = false)
    {
        if (strictQueries) options.ConfigureWarnings(w => w.Throw(RelationalEventId.MultipleCollectionIncludeWarning));
        options.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        // A save whose statements cannot depend on each other skips EF Core's dependency sort (ADR 49).
        options.ReplaceService<Microsoft.EntityFrameworkCore.Update.ICommandBatchPreparer, UnorderedSaves>();
        // Read-cache versions move when an explicit transaction commits (ADR 0009).
        options.AddInterceptors(ChangeVersionsInterceptor.Instance);
        // Whether a request's unit of work has made anything durable yet, for running a write that lost a race again (ADR 46).
        options.AddInterceptors(AutocommitWritesInterceptor.Instance);
        // A failed command or save is logged by Tandem, at Error only when it is not a lost race or the client's text (ADR 50).
        // A query that fails is a failed command (logged so) or an exception the request's handler or job runner logs.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.CommandError, CoreEventId.SaveChangesFailed, CoreEventId.QueryIterationFailed));
        options.AddInterceptors(DatabaseFailures.Instance);
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                UseSqlite(options, connectionString);
                break;
            case DatabaseProvider.Postgres:
                UsePostgres(options, connectionString, statements);
                break;
        }
    }

    // One method per provider, so that only the configured provider's assemblies load (ADR 26).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void UseSqlite(DbContextOptionsBuilder options, string connectionString)
    {
        options.UseSqlite(connectionString, o => o.MigrationsAssembly("Tandem.Migrations.Sqlite"));
        // synchronous=NORMAL under WAL and a busy timeout, once per physical connection (ADR 26).
        options.AddInterceptors(SqliteConnectionSettings.Instance);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void UsePostgres(DbContextOptionsBuilder options, string connectionString, PreparedStatements? statements)
    {
        // Tandem does not turn on Npgsql's automatic preparation (Max Auto Prepare): in Npgsql 10.0.3 a statement that
        // fails at the use that prepares it (a NUL in a parameter, say) leaves its pooled connection answering the next
        // run of it with "unexpected backend message DataRow", a 500 for someone else (npgsql#6391; FailedStatementTests;
        // ADR 26, amended 2026-12-06). The hot requests' statements are prepared explicitly instead, in a round trip
        // of their own, which that fault does not reach (PreparedStatements).
        options.UseNpgsql(ForTandem(connectionString), o => o.MigrationsAssembly("Tandem.Migrations.Postgres"));
        if (statements is not null) options.AddInterceptors(statements);
    }

    /// <summary>
    /// Per node, the most PostgreSQL connections Tandem opens unless the connection string says otherwise. Npgsql's own
    /// default, 100, is PostgreSQL's default <c>max_connections</c> itself: one node's burst of a hundred requests took
    /// every connection the server had and the next request met "53300: sorry, too many clients already", a 500,
    /// where it would have waited a moment for a pooled connection (ADR 46). Forty leave two nodes, migrations, backups
    /// and a person at psql under the default 100; a request holds a connection only for its statements, so forty
    /// serve thousands of requests a second.
    /// </summary>
    public const int DefaultPoolSize = 40;

    /// <summary>
    /// The connection string as Tandem uses it, each setting only where the operator did not set it:
    /// <list type="bullet">
    /// <item><c>No Reset On Close</c>: Tandem keeps no state in a PostgreSQL session (no SET, temporary table, LISTEN or
    /// session lock; its advisory locks end with their transaction), so the seven statements Npgsql otherwise sends each
    /// time a pooled connection comes back, three times per item update, are work for nothing: about a sixth of
    /// PostgreSQL's time per update (ADR 26, amended).</item>
    /// <item><c>Maximum Pool Size</c> <see cref="DefaultPoolSize"/>: under PostgreSQL's own limit, so a burst waits for a
    /// connection instead of being refused one.</item>
    /// </list>
    /// </summary>
    public static string ForTandem(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var changed = false;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            given["No Reset On Close"] = true;
            changed = true;
        }
        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size") && !given.ContainsKey("MaxPoolSize"))
        {
            given["Maximum Pool Size"] = DefaultPoolSize;
            changed = true;
        }
        return changed ? given.ConnectionString : connectionString;
    }

    /// <summary>
    /// Whether the database lacks a migration: it does not exist, has no history yet, or misses one the code has. Asked
    /// without running a failing statement, and without building the migrations' own model, which applying them with
    /// none pending still does (EF Core compares it with the code's to warn of a change no migration captures; the
    /// tests check that instead). Costs a start about 10 MiB less (ADR 47).
    /// </summary>
    public static async Task<bool> NeedsMigratingAsync(TandemDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct)) return true;
        var history = db.IsSqlite ? await db.GetService<IHistoryRepository>().ExistsAsync(ct) : await PostgresHistoryExistsAsync(db, ct);
        return !history || (await db.Database.GetPendingMigrationsAsync(ct)).Any();
    }

    // PostgreSQL's provider answers whether the history exists by reading it (efcore.pg#3407), which logs an error
    // when it does not; the catalogue answers without one. Its own method, like MigratePostgresAsync.
    private static async Task<bool> PostgresHistoryExistsAsync(TandemDbContext db, CancellationToken ct)
    {
        var table = $"\"{HistoryRepository.DefaultTableName}\"";
        return await db.Database.SqlQuery<bool>($"SELECT to_regclass({table}) IS NOT NULL AS \"Value\"").SingleAsync(ct);
    }

    /// <summary>Applies the migrations the database lacks (<see cref="MigrateAsync"/>), and only then builds what applying them needs.</summary>
    public static async Task MigrateIfNeededAsync(TandemDbContext db, CancellationToken ct)
    {
        if (await NeedsMigratingAsync(db, ct)) await MigrateAsync(db, ct);
        else if (db.IsSqlite) await db.Database.ExecuteSqlRawAsync(WriteAheadLog, ct); // a restored file may not be in it
    }

    private const string WriteAheadLog = "PRAGMA journal_mode=WAL;";

    /// <summary>
    /// Applies migrations; on SQLite also switches to write-ahead logging so readers never wait for a writer. On
    /// PostgreSQL the nodes of one database take turns (ADR 32): two nodes started together on an empty database
    /// both applied the first migrations, and the second failed ("column … already exists").
    /// </summary>
    public static async Task MigrateAsync(TandemDbContext db, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            await db.Database.MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync(WriteAheadLog, ct);
            return;
        }
        await MigratePostgresAsync(db, ct);
    }

    // Its own method, so a SQLite start never compiles (and loads) what names Npgsql (ADR 26).
    private static async Task MigratePostgresAsync(TandemDbContext db, CancellationToken ct)
    {
        // Migrate creates a missing database; the lock below needs a connection to it first.
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            try
            {
                await creator.CreateAsync(ct);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
            {
                // Another node created it between the two calls: the same outcome.
            }
        }
        // One connection for the lock and the migrations: a session's advisory lock is held by its connection.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLock})", ct);
            try
            {
                await CreateHistoryTableAsync(db, ct);
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                // Pooled connections are not reset (ForTandem): the lock must not outlive this call on one.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// PostgreSQL's provider reads the migrations' history without asking first whether its table exists
    /// (efcore.pg#3407), so the first start on an empty database logged
    /// <c>fail: … Failed executing DbCommand … "__EFMigrationsHistory"</c> for a table it then created: a false error in an
    /// operator's first log. The table is created first, with the provider's own script.
    /// </summary>
    private static async Task CreateHistoryTableAsync(TandemDbContext db, CancellationToken ct)
    {
        var script = db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript();
        await db.Database.ExecuteSqlRawAsync(script, ct);
    }

    /// <summary>The advisory lock key of migrating a PostgreSQL database ("tandemmi" in ASCII).</summary>
    private const long MigrationLock = 0x74616e64656d6d69;
}
