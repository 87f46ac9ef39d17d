using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tandem.Cli;

/// <summary>The two databases Tandem runs on, as the server's <c>Database:Provider</c> names them.</summary>
public enum BackupProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// What a backup holds besides the database, and what a restore must find again (ADR 0040): the applied
/// migrations, the rows of every table, and a checksum of the decision log, all read in the same snapshot as the copy.
/// </summary>
public sealed record BackupManifest(
    string Format,
    BackupProvider Provider,
    DateTimeOffset CreatedAt,
    string Tool,
    IReadOnlyList<string> Migrations,
    IReadOnlyDictionary<string, long> Tables,
    long DecisionLogRows,
    string DecisionLogSha256)
{
    public const string CurrentFormat = "tandem-backup/1";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The newest applied migration's id, or "none".</summary>
    public static string LastOf(IReadOnlyList<string> migrations) => migrations.Count == 0 ? "none" : migrations[^1];

    /// <summary>Every way <paramref name="restored"/> differs from this manifest; empty when the copy is faithful.</summary>
    public IReadOnlyList<string> Differences(BackupManifest restored)
    {
        var differences = new List<string>();
        if (!Migrations.SequenceEqual(restored.Migrations, StringComparer.Ordinal))
            differences.Add($"migrations: the backup has {Migrations.Count} (last {LastOf(Migrations)}), the restored copy {restored.Migrations.Count} (last {LastOf(restored.Migrations)})");
        foreach (var (table, rows) in Tables)
        {
            if (!restored.Tables.TryGetValue(table, out var found)) differences.Add($"table {table}: missing in the restored copy");
            else if (found != rows) differences.Add($"table {table}: {rows} rows in the backup, {found} restored");
        }
        foreach (var table in restored.Tables.Keys.Where(t => !Tables.ContainsKey(t))) differences.Add($"table {table}: not in the backup");
        if (DecisionLogRows != restored.DecisionLogRows || !string.Equals(DecisionLogSha256, restored.DecisionLogSha256, StringComparison.Ordinal))
            differences.Add($"decision log: {DecisionLogRows} entries with checksum {DecisionLogSha256[..12]}… in the backup, {restored.DecisionLogRows} with {restored.DecisionLogSha256[..12]}… restored");
        return differences;
    }
}

/// <summary>
/// <c>tandem admin backup</c> and <c>restore</c> (issue 16, ADR 0040). A backup is one zip file: <c>manifest.json</c> and
/// the database (SQLite's online-backup copy, or <c>pg_dump</c>'s custom format taken in the snapshot the manifest was
/// read in). A restore writes the copy, opens it, and refuses to call it done unless its migrations, the rows of
/// every table and the decision log's checksum agree with the manifest.
/// </summary>
public static class Backups
{
    private const string ManifestEntry = "manifest.json";
    private const string SqliteEntry = "tandem.db";
    private const string PostgresEntry = "tandem.pgdump";
    private const string DecisionLogTable = "decision_log";
    private const string MigrationsTable = "__EFMigrationsHistory";

    /// <summary>Writes a backup of the database to <paramref name="file"/> (through <c>FILE.part</c>, so a failure leaves no half file).</summary>
    public static async Task<BackupManifest> BackupAsync(BackupProvider provider, string connection, string file, string? pgBin, CancellationToken ct)
    {
        var part = file + ".part";
        var work = Directory.CreateTempSubdirectory("tandem-backup-");
        try
        {
            var copy = Path.Combine(work.FullName, provider == BackupProvider.Sqlite ? SqliteEntry : PostgresEntry);
            var manifest = provider == BackupProvider.Sqlite
                ? await BackupSqliteAsync(connection, copy, ct)
                : await BackupPostgresAsync(connection, copy, pgBin, ct);
            File.Delete(part);
            await using (var zip = await ZipFile.OpenAsync(part, ZipArchiveMode.Create, ct))
            {
                var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
                await using (var stream = await entry.OpenAsync(ct))
                    await JsonSerializer.SerializeAsync(stream, manifest, BackupManifest.Json, ct);
                await zip.CreateEntryFromFileAsync(copy, Path.GetFileName(copy), CompressionLevel.Optimal, ct);
            }
            File.Move(part, file, overwrite: true);
            return manifest;
        }
        finally
        {
            File.Delete(part);
            work.Delete(recursive: true);
        }
    }

    /// <summary>Reads a backup's manifest without restoring it.</summary>
    public static async Task<BackupManifest> ReadManifestAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new CliException(ExitCodes.NotFound, $"No backup at {file}.");
        try
        {
            await using var zip = await ZipFile.OpenReadAsync(file, ct);
            var entry = zip.GetEntry(ManifestEntry) ?? throw new CliException(ExitCodes.Invalid, $"{file} is not a Tandem backup: it has no {ManifestEntry}.");
            await using var stream = await entry.OpenAsync(ct);
            var manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, BackupManifest.Json, ct);
            if (manifest is null || manifest.Format != BackupManifest.CurrentFormat)
                throw new CliException(ExitCodes.Invalid, $"{file} is a backup in a format this tandem does not know ({manifest?.Format ?? "none"}; it reads {BackupManifest.CurrentFormat}).");
            return manifest;
        }
        catch (InvalidDataException e)
        {
            throw new CliException(ExitCodes.Invalid, $"{file} is not a Tandem backup: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Invalid, $"{file} has a damaged manifest: {e.Message}");
        }
    }

    /// <summary>
    /// Restores <paramref name="file"/> into the database <paramref name="connection"/> names, which must be empty unless
    /// <paramref name="force"/>, then verifies it. Answers the restored copy's own manifest.
    /// </summary>
    public static async Task<BackupManifest> RestoreAsync(string file, BackupProvider provider, string connection, bool force, string? pgBin, CancellationToken ct)
    {
        var manifest = await ReadManifestAsync(file, ct);
        if (manifest.Provider != provider)
            throw new CliException(ExitCodes.Invalid, $"{file} is a {manifest.Provider} backup; it cannot be restored into {provider}. Restore it into the database it came from and move data with the exports.");
        var work = Directory.CreateTempSubdirectory("tandem-restore-");
        try
        {
            var copy = Path.Combine(work.FullName, provider == BackupProvider.Sqlite ? SqliteEntry : PostgresEntry);
            await using (var zip = await ZipFile.OpenReadAsync(file, ct))
            {
                var entry = zip.GetEntry(Path.GetFileName(copy)) ?? throw new CliException(ExitCodes.Invalid, $"{file} has no {Path.GetFileName(copy)}.");
                await entry.ExtractToFileAsync(copy, overwrite: true, ct);
            }
            if (provider == BackupProvider.Sqlite) return Verified(manifest, await RestoreSqliteAsync(copy, connection, manifest, force, ct));
            var restored = await RestorePostgresAsync(copy, connection, force, pgBin, ct);
            if (manifest.Differences(restored).Count > 0) await EmptyPostgresAsync(connection, ct); // not a copy to run on
            return Verified(manifest, restored);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Compares a database with a backup's manifest (after a restore, or any time later).</summary>
    public static async Task<BackupManifest> VerifyAsync(string file, BackupProvider provider, string connection, CancellationToken ct)
    {
        var manifest = await ReadManifestAsync(file, ct);
        var found = provider == BackupProvider.Sqlite
            ? await ReadSqliteAsync(SqliteFile(connection), ct)
            : await ReadPostgresAsync(connection, ct);
        return Verified(manifest, found);
    }

    private static BackupManifest Verified(BackupManifest manifest, BackupManifest restored)
    {
        var differences = manifest.Differences(restored);
        if (differences.Count > 0)
            throw new CliException(ExitCodes.Failed, "The restored copy does not match the backup:\n  " + string.Join("\n  ", differences));
        return restored;
    }

    // ------------------------------------------------------------------ SQLite

    private static string SqliteFile(string connection)
    {
        var source = new SqliteConnectionStringBuilder(connection).DataSource;
        if (string.IsNullOrWhiteSpace(source) || source == ":memory:")
            throw new CliException(ExitCodes.Usage, "The SQLite connection must name a file, e.g. \"Data Source=data/tandem.db\".");
        return Path.GetFullPath(source);
    }

    /// <summary>SQLite's online backup: a consistent copy while Tandem keeps writing; the manifest is read from the copy.</summary>
    private static async Task<BackupManifest> BackupSqliteAsync(string connection, string copy, CancellationToken ct)
    {
        var source = SqliteFile(connection);
        if (!File.Exists(source)) throw new CliException(ExitCodes.NotFound, $"No SQLite database at {source}.");
        await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            await from.OpenAsync(ct);
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
        }
        return await ReadSqliteAsync(copy, ct);
    }

    private static async Task<BackupManifest> RestoreSqliteAsync(string copy, string connection, BackupManifest manifest, bool force, CancellationToken ct)
    {
        var target = SqliteFile(connection);
        if (File.Exists(target) && new FileInfo(target).Length > 0 && !force)
            throw new CliException(ExitCodes.Conflict, $"{target} already exists. Stop Tandem and give --force to replace it, or restore to a new file.");
        // Verify the copy before it replaces anything: a damaged backup leaves the target as it was.
        var found = await ReadSqliteAsync(copy, ct);
        Verified(manifest, found);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staged = target + ".restoring";
        File.Copy(copy, staged, overwrite: true);
        foreach (var journal in new[] { "-wal", "-shm", "-journal" }) File.Delete(target + journal);
        File.Move(staged, target, overwrite: true);
        return await ReadSqliteAsync(target, ct);
    }

    private static async Task<BackupManifest> ReadSqliteAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new CliException(ExitCodes.NotFound, $"No SQLite database at {file}.");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            var check = await ScalarAsync(connection, null, "PRAGMA quick_check", ct);
            if (!string.Equals(check, "ok", StringComparison.Ordinal)) throw new CliException(ExitCodes.Failed, $"{file} is damaged: {check}");
            var tables = await ListAsync(connection, null, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", ct);
            return await ManifestAsync(connection, null, BackupProvider.Sqlite, tables, q => $"\"{q}\"", ct);
        }
        catch (SqliteException e)
        {
            throw new CliException(ExitCodes.Failed, $"{file} cannot be read as a Tandem database: {e.Message}");
        }
    }

    // ------------------------------------------------------------------ PostgreSQL

    /// <summary>
    /// The manifest and <c>pg_dump</c> read one snapshot: a repeatable-read transaction exports it, counts in it, and
    /// pg_dump runs with <c>--snapshot</c> while the transaction stays open. Writes during the backup land in neither.
    /// </summary>
    private static async Task<BackupManifest> BackupPostgresAsync(string connection, string copy, string? pgBin, CancellationToken ct)
    {
        await using var db = await OpenPostgresAsync(connection, ct);
        await using var tx = await db.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var snapshot = await ScalarAsync(db, tx, "SELECT pg_export_snapshot()", ct);
        var manifest = await ReadPostgresAsync(db, tx, ct);
        await RunPgAsync(pgBin, "pg_dump", connection, ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--file={copy}"], ct);
        await tx.CommitAsync(ct);
        return manifest;
    }

    private static async Task<BackupManifest> RestorePostgresAsync(string copy, string connection, bool force, string? pgBin, CancellationToken ct)
    {
        await using (var db = await OpenPostgresAsync(connection, ct))
        {
            var tables = await ListAsync(db, null, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", ct);
            if (tables.Count > 0)
            {
                if (!force)
                    throw new CliException(ExitCodes.Conflict, $"Database {db.Database} already has {tables.Count} tables. Stop Tandem and give --force to replace them, or restore into an empty database.");
            }
        }
        if (force) await EmptyPostgresAsync(connection, ct);
        // One transaction: a restore that fails part-way leaves the database empty, not half full.
        await RunPgAsync(pgBin, "pg_restore", connection, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--dbname={new NpgsqlConnectionStringBuilder(connection).Database}", copy], ct);
        return await ReadPostgresAsync(connection, ct);
    }

    /// <summary>Drops and recreates the connection's schema: what --force replaces, and what a restore that failed its check leaves.</summary>
    private static async Task EmptyPostgresAsync(string connection, CancellationToken ct)
    {
        await using var db = await OpenPostgresAsync(connection, ct);
        var schema = await ScalarAsync(db, null, "SELECT current_schema()", ct);
        await ExecuteAsync(db, $"DROP SCHEMA \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\";", ct);
    }

    private static async Task<BackupManifest> ReadPostgresAsync(string connection, CancellationToken ct)
    {
        await using var db = await OpenPostgresAsync(connection, ct);
        await using var tx = await db.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        return await ReadPostgresAsync(db, tx, ct);
    }

    private static async Task<BackupManifest> ReadPostgresAsync(NpgsqlConnection db, NpgsqlTransaction tx, CancellationToken ct)
    {
        var tables = await ListAsync(db, tx, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name", ct);
        return await ManifestAsync(db, tx, BackupProvider.Postgres, tables, q => $"\"{q}\"", ct);
    }

    private static async Task<NpgsqlConnection> OpenPostgresAsync(string connection, CancellationToken ct)
    {
        var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        try
        {
            await db.OpenAsync(ct);
            return db;
        }
        catch (NpgsqlException e)
        {
            await db.DisposeAsync();
            throw new CliException(ExitCodes.Unreachable, $"Cannot open the PostgreSQL database: {e.Message}");
        }
    }

    /// <summary>Runs pg_dump or pg_restore with the connection's settings in libpq's environment variables (the password never on a command line).</summary>
    private static async Task RunPgAsync(string? pgBin, string tool, string connection, string[] args, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connection);
        var start = new ProcessStartInfo(pgBin is null ? tool : Path.Combine(pgBin, tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (tool == "pg_dump") start.ArgumentList.Add($"--dbname={settings.Database}");
        start.Environment["PGHOST"] = settings.Host;
        start.Environment["PGPORT"] = settings.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = settings.Username;
        if (settings.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
        start.Environment["PGSSLMODE"] = settings.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException(ExitCodes.Failed, $"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException(ExitCodes.Failed, $"{tool} was not found ({e.Message}). Install PostgreSQL's client tools (Debian: postgresql-client) or give --pg-bin.");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await stdout;
            if (process.ExitCode != 0) throw new CliException(ExitCodes.Failed, $"{tool} failed ({process.ExitCode}): {(await stderr).Trim()}");
        }
    }

    // ------------------------------------------------------------------ both

    /// <summary>The manifest of a database: migrations, every table's rows, and the decision log's SHA-256 in id order.</summary>
    private static async Task<BackupManifest> ManifestAsync(DbConnection db, DbTransaction? tx, BackupProvider provider, IReadOnlyList<string> tables, Func<string, string> quote, CancellationToken ct)
    {
        if (!tables.Contains(MigrationsTable, StringComparer.Ordinal) || !tables.Contains(DecisionLogTable, StringComparer.Ordinal))
            throw new CliException(ExitCodes.Invalid, "This database is not a Tandem database (it has no migrations history or decision log).");
        var migrations = await ListAsync(db, tx, $"SELECT {quote("MigrationId")} FROM {quote(MigrationsTable)} ORDER BY {quote("MigrationId")}", ct);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
            counts[table] = Convert.ToInt64(await ScalarObjectAsync(db, tx, $"SELECT COUNT(*) FROM {quote(table)}", ct), CultureInfo.InvariantCulture);
        var (rows, sha) = await DecisionLogChecksumAsync(db, tx, quote, ct);
        var version = typeof(Backups).Assembly.GetName().Version?.ToString() ?? "unknown";
        return new BackupManifest(BackupManifest.CurrentFormat, provider, TimeProvider.System.GetUtcNow(), $"tandem {version}", migrations, counts, rows, sha);
    }

    /// <summary>Every column of every entry, in id order, each value in its invariant text form with its length, hashed.</summary>
    private static async Task<(long Rows, string Sha256)> DecisionLogChecksumAsync(DbConnection db, DbTransaction? tx, Func<string, string> quote, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT * FROM {quote(DecisionLogTable)} ORDER BY {quote("Id")}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var order = Enumerable.Range(0, columns.Length).OrderBy(i => columns[i], StringComparer.Ordinal).ToArray();
        long rows = 0;
        while (await reader.ReadAsync(ct))
        {
            rows++;
            foreach (var i in order)
            {
                var text = reader.IsDBNull(i) ? "\0null" : Canonical(reader.GetValue(i));
                var value = Encoding.UTF8.GetBytes($"{columns[i]}={text.Length}:{text}\n");
                hash.AppendData(value);
            }
        }
        return (rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>One text per value, losing nothing: round-trip forms for times and floating point, hex for bytes.</summary>
    private static string Canonical(object value) => value switch
    {
        byte[] bytes => Convert.ToHexString(bytes),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static async Task<List<string>> ListAsync(DbConnection db, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<string>();
        while (await reader.ReadAsync(ct)) list.Add(reader.GetString(0));
        return list;
    }

    private static async Task<string> ScalarAsync(DbConnection db, DbTransaction? tx, string sql, CancellationToken ct) =>
        Convert.ToString(await ScalarObjectAsync(db, tx, sql, ct), CultureInfo.InvariantCulture) ?? "";

    private static async Task<object?> ScalarObjectAsync(DbConnection db, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task ExecuteAsync(DbConnection db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
