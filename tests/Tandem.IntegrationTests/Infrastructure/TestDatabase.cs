using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tandem.Application.Data;

namespace Tandem.IntegrationTests.Infrastructure;

/// <summary>
/// One empty database owned by one fixture: a temporary SQLite file, or a uniquely named PostgreSQL
/// database on the server in TANDEM_TEST_POSTGRES. Dropped (or deleted) on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? dataDirectory, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>The SQLite data directory (null on PostgreSQL).</summary>
    public string? DataDirectory { get; }

    /// <summary>TANDEM_TEST_PROVIDER: Sqlite (default) or Postgres.</summary>
    public static DatabaseProvider ProviderUnderTest
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("TANDEM_TEST_PROVIDER");
            if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
            return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
                ? provider
                : throw new InvalidOperationException($"TANDEM_TEST_PROVIDER is '{value}'; use Sqlite or Postgres.");
        }
    }

    /// <summary>A new empty database, or on PostgreSQL with <paramref name="create"/> false only its unique name (Tandem must create it).</summary>
    public static async Task<TestDatabase> CreateAsync(string purpose, bool create = true)
    {
        if (ProviderUnderTest == DatabaseProvider.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), $"tandem-test-{purpose}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "tandem.db")}", dir, null);
        }

        var server = Environment.GetEnvironmentVariable("TANDEM_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            // Never skip silently: a green PostgreSQL run that tested nothing is worse than a red one.
            throw new InvalidOperationException(
                "TANDEM_TEST_PROVIDER=Postgres but TANDEM_TEST_POSTGRES is not set. Give a base connection string such as " +
                "\"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres\", or run ./test.sh which starts a server.");
        }
        var name = $"tandem_test_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}";
        if (create)
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, null, name);
    }

    /// <summary>
    /// A DbContext on this database outside any host, acting as nobody in particular, preparing on PostgreSQL as a
    /// server does (through <paramref name="statements"/> when a test wants to count what it prepared).
    /// </summary>
    public TandemDbContext NewDbContext(PreparedStatements? statements = null)
    {
        var options = new DbContextOptionsBuilder<TandemDbContext>();
        DatabaseSetup.Configure(options, Provider, ConnectionString, statements ?? new PreparedStatements(PreparedStatements.Limit));
        return new TandemDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory!, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        var server = Environment.GetEnvironmentVariable("TANDEM_TEST_POSTGRES")!;
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
