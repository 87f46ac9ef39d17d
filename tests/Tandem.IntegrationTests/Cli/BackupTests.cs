using System.IO.Compression;
using Tandem.Application.Data;
using Microsoft.EntityFrameworkCore;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Cli;

/// <summary>
/// <c>tandem admin backup|restore|verify</c> (issue 16, ADR 0040), run as a process on the provider under test: a backup
/// of the live test host's database while other tests write to it, restored into an empty database that then opens
/// with no pending migration and the same rows; a damaged copy, a refused overwrite and a file that is not a backup
/// each end with their own exit code and change nothing.
/// </summary>
[Collection(TandemCollection.Name)]
public sealed class BackupTests(TandemApp app) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tandem-backup-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<CliRun> TandemAsync(TestDatabase database, params string[] args) =>
        CliProcess.RunAsync(_dir, new Dictionary<string, string?>
        {
            ["Database__Provider"] = database.Provider.ToString(),
            ["ConnectionStrings__Tandem"] = database.ConnectionString,
        }, TimeSpan.FromMinutes(3), args);

    [Fact]
    public async Task A_backup_of_the_live_database_restores_into_an_empty_one_that_opens_current_and_agrees_row_for_row()
    {
        var file = Path.Combine(_dir, "tandem.zip");
        var backup = await TandemAsync(app.Database, "admin", "backup", file, "--json");
        Assert.True(backup.Exit == 0, backup.ToString());
        Assert.False(File.Exists(file + ".part"));
        var manifest = JsonNode.Parse(backup.Out)!;
        Assert.Equal("tandem-backup/1", manifest["format"]!.GetValue<string>());
        Assert.True(manifest["tables"]!["backlog_items"]!.GetValue<long>() > 0, backup.Out);
        Assert.True(manifest["decisionLogRows"]!.GetValue<long>() > 0, backup.Out);
        Assert.Matches("^[0-9a-f]{64}$", manifest["decisionLogSha256"]!.GetValue<string>());

        await using var target = await TestDatabase.CreateAsync("restore");
        var restore = await TandemAsync(target, "admin", "restore", file);
        Assert.True(restore.Exit == 0, restore.ToString());
        Assert.Contains("Restored and verified", restore.Out, StringComparison.Ordinal);

        // The restored copy opens with this build's model: nothing to migrate, and the rows the manifest counted.
        await using (var db = target.NewDbContext())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(manifest["decisionLogRows"]!.GetValue<long>(), await db.DecisionLog.IgnoreQueryFilters().LongCountAsync());
            Assert.Equal(manifest["tables"]!["products"]!.GetValue<long>(), await db.Products.IgnoreQueryFilters().LongCountAsync());
        }
        Assert.Equal(0, (await TandemAsync(target, "admin", "verify", file)).Exit);

        // A second restore over data is refused without --force, and changes nothing.
        var again = await TandemAsync(target, "admin", "restore", file);
        Assert.Equal(6, again.Exit);
        Assert.Contains("--force", again.Err, StringComparison.Ordinal);
        Assert.Equal(0, (await TandemAsync(target, "admin", "verify", file)).Exit);

        // A decision-log entry changed behind Tandem's back: verify names the difference and fails.
        await using (var db = target.NewDbContext())
        {
            var id = await db.DecisionLog.IgnoreQueryFilters().OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE decision_log SET \"Summary\" = 'rewritten' WHERE \"Id\" = {id}");
        }
        var tampered = await TandemAsync(target, "admin", "verify", file);
        Assert.Equal(1, tampered.Exit);
        Assert.Contains("decision log", tampered.Err, StringComparison.Ordinal);

        // --force replaces it, and the copy is faithful again.
        var forced = await TandemAsync(target, "admin", "restore", file, "--force");
        Assert.True(forced.Exit == 0, forced.ToString());
        Assert.Equal(0, (await TandemAsync(target, "admin", "verify", file)).Exit);
    }

    [Fact]
    public async Task A_file_that_is_not_a_backup_or_is_damaged_or_is_for_the_other_database_is_refused_and_the_target_stays_empty()
    {
        await using var target = await TestDatabase.CreateAsync("restore-bad");
        var notZip = Path.Combine(_dir, "notes.zip");
        await File.WriteAllTextAsync(notZip, "this is not a backup");
        var refused = await TandemAsync(target, "admin", "restore", notZip);
        Assert.Equal(7, refused.Exit);
        Assert.Contains("not a Tandem backup", refused.Err, StringComparison.Ordinal);

        // A real backup whose manifest claims other rows than its copy holds: the copy is checked before it lands.
        var file = Path.Combine(_dir, "tandem.zip");
        Assert.Equal(0, (await TandemAsync(app.Database, "admin", "backup", file)).Exit);
        using (var zip = ZipFile.Open(file, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            JsonNode manifest;
            using (var reader = new StreamReader(entry.Open())) manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;
            manifest["tables"]!["backlog_items"] = manifest["tables"]!["backlog_items"]!.GetValue<long>() + 1;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            await writer.WriteAsync(manifest.ToJsonString());
        }
        var damaged = await TandemAsync(target, "admin", "restore", file);
        Assert.Equal(1, damaged.Exit);
        Assert.Contains("table backlog_items", damaged.Err, StringComparison.Ordinal);

        var other = target.Provider == DatabaseProvider.Sqlite ? "postgres" : "sqlite";
        var wrong = await TandemAsync(target, "admin", "restore", file, "--provider", other, "--connection", other == "sqlite" ? $"Data Source={Path.Combine(_dir, "x.db")}" : "Host=127.0.0.1;Database=x");
        Assert.Equal(7, wrong.Exit);

        if (target.Provider == DatabaseProvider.Sqlite)
        {
            Assert.False(File.Exists(Path.Combine(target.DataDirectory!, "tandem.db")), "A refused restore left a database file behind.");
        }
        else
        {
            await using var db = target.NewDbContext();
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        }
    }
}
