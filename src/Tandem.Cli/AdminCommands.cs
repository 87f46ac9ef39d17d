using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;

namespace Tandem.Cli;

/// <summary>
/// <c>tandem admin backup|restore|verify</c> (issue 16, ADR 0040): the operator's commands. They work on the database
/// itself, not the API, so they take the server's own settings: <c>--provider</c> and <c>--connection</c>, else the
/// environment variables the server reads (<c>Database__Provider</c>, <c>ConnectionStrings__Tandem</c>).
/// </summary>
public static class AdminCommands
{
    private static readonly Option<string?> ProviderOption = new("--provider")
    {
        Description = "sqlite or postgres (default: $Database__Provider, else sqlite)",
        Recursive = true,
    };

    private static readonly Option<string?> ConnectionOption = new("--connection")
    {
        Description = "The database's connection string (default: $ConnectionStrings__Tandem, else Data Source=data/tandem.db)",
        Recursive = true,
    };

    private static readonly Option<string?> PgBinOption = new("--pg-bin")
    {
        Description = "The directory of pg_dump and pg_restore when they are not on the PATH",
        Recursive = true,
    };

    public static Command Build()
    {
        var admin = new Command("admin", "Operator commands on the database itself: backup, restore, verify (ADR 40)");
        admin.Options.Add(ProviderOption);
        admin.Options.Add(ConnectionOption);
        admin.Options.Add(PgBinOption);
        admin.Subcommands.Add(Backup());
        admin.Subcommands.Add(Restore());
        admin.Subcommands.Add(Verify());
        return admin;
    }

    private static Command Backup()
    {
        var file = new Argument<string>("file") { Description = "Where to write the backup, e.g. tandem-2026-12-05.zip" };
        var command = new Command("backup", "Copy the database, with a manifest of its migrations, row counts and the decision log's checksum, into one file. Safe while Tandem runs.") { file };
        command.SetAction(async (result, ct) =>
        {
            var (provider, connection) = Database(result);
            var path = Path.GetFullPath(result.GetValue(file)!);
            var started = Stopwatch.GetTimestamp();
            var manifest = await Output.Error.Status().StartAsync($"Backing up the {provider} database", _ =>
                Backups.BackupAsync(provider, connection, path, result.GetValue(PgBinOption), ct));
            Report(result, manifest, $"Backed up to {path} ({new FileInfo(path).Length / 1024.0:0} KiB) in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Restore()
    {
        var file = new Argument<string>("file") { Description = "A backup written by tandem admin backup" };
        var force = new Option<bool>("--force") { Description = "Replace a database that already has data (stop Tandem first)" };
        var command = new Command("restore", "Restore a backup into an empty database (or, with --force, over one), then verify it: it opens, the migrations match, every table's rows and the decision log's checksum agree.") { file, force };
        command.SetAction(async (result, ct) =>
        {
            var (provider, connection) = Database(result);
            var path = Path.GetFullPath(result.GetValue(file)!);
            var started = Stopwatch.GetTimestamp();
            var restored = await Output.Error.Status().StartAsync($"Restoring into the {provider} database", _ =>
                Backups.RestoreAsync(path, provider, connection, result.GetValue(force), result.GetValue(PgBinOption), ct));
            Report(result, restored, $"Restored and verified in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: migrations, {restored.Tables.Count} tables and {restored.DecisionLogRows} decision-log entries agree with the backup.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify()
    {
        var file = new Argument<string>("file") { Description = "A backup written by tandem admin backup" };
        var command = new Command("verify", "Compare a database with a backup's manifest (exit 0 when they agree, 1 with each difference when not)") { file };
        command.SetAction(async (result, ct) =>
        {
            var (provider, connection) = Database(result);
            var found = await Backups.VerifyAsync(Path.GetFullPath(result.GetValue(file)!), provider, connection, ct);
            Report(result, found, $"The database agrees with the backup: migrations, {found.Tables.Count} tables and {found.DecisionLogRows} decision-log entries.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Report(ParseResult result, BackupManifest manifest, string summary)
    {
        if (result.GetValue<bool>("--json"))
        {
            Output.Raw(JsonSerializer.Serialize(manifest, BackupManifest.Json));
            return;
        }
        Output.Out.MarkupLineInterpolated($"[green]{summary}[/]");
        Output.Out.MarkupLineInterpolated($"Last migration {BackupManifest.LastOf(manifest.Migrations)}; {manifest.Tables.Values.Sum()} rows; decision log SHA-256 {manifest.DecisionLogSha256}.");
    }

    private static (BackupProvider Provider, string Connection) Database(ParseResult result)
    {
        var name = result.GetValue(ProviderOption) ?? Environment.GetEnvironmentVariable("Database__Provider") ?? "sqlite";
        if (!Enum.TryParse<BackupProvider>(name, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
            throw new CliException(ExitCodes.Usage, $"--provider is '{name}'; use sqlite or postgres.");
        var connection = result.GetValue(ConnectionOption) ?? Environment.GetEnvironmentVariable("ConnectionStrings__Tandem");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == BackupProvider.Postgres) throw new CliException(ExitCodes.Usage, "Give --connection (or set ConnectionStrings__Tandem) for PostgreSQL.");
            connection = "Data Source=data/tandem.db";
        }
        return (provider, connection);
    }
}
