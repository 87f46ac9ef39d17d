using Microsoft.EntityFrameworkCore;
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
    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider is '{value}'; use Sqlite or Postgres.");
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        options.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        // Read-cache versions move when an explicit transaction commits (ADR 0009).
        options.AddInterceptors(ChangeVersionsInterceptor.Instance);
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                UseSqlite(options, connectionString);
                break;
            case DatabaseProvider.Postgres:
                UsePostgres(options, connectionString);
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
    private static void UsePostgres(DbContextOptionsBuilder options, string connectionString)
    {
        // The connection string as the operator gives it. Tandem no longer adds automatic preparation (Max Auto Prepare):
        // in Npgsql 10.0.3 a statement that fails at the use that prepares it (a NUL in a parameter, say) leaves its
        // pooled connection answering the next run of it with "unexpected backend message DataRow", a 500 for someone
        // else (npgsql#6391; FailedStatementTests; ADR 26, amended 2026-12-06).
        options.UseNpgsql(connectionString, o => o.MigrationsAssembly("Tandem.Migrations.Postgres"));
    }

    /// <summary>Applies migrations; on SQLite also switches to write-ahead logging so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(TandemDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        if (db.IsSqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
