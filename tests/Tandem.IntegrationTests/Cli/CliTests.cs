using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Cli;

/// <summary>
/// Issue 16's command line, run as a process (<c>dotnet tandem.dll …</c>) against the running test host on its
/// loopback port, each test with its own configuration directory. What a script relies on is asserted: stdout, the
/// exit code, the refusal naming who decides, and the token file readable by its owner only.
/// </summary>
[Collection(TandemCollection.Name)]
public sealed class CliTests(TandemApp app) : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("tandem-cli-").FullName;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private sealed record Run(int Exit, string Out, string Err);

    private async Task<Run> TandemAsync(params string[] args)
    {
        var run = await CliProcess.RunAsync(_config, null, null, args);
        return new Run(run.Exit, run.Out, run.Err);
    }

    private async Task<string> TokenAsync(Person person)
    {
        using var client = await app.SignInAsync(person.Email, person.Password);
        using var created = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "cli", expiresInDays = 30 });
        return (await Expect.Status(HttpStatusCode.Created, created))!["token"]!.GetValue<string>();
    }

    private async Task LoginAsync(Person person)
    {
        var login = await TandemAsync("login", "--url", app.BaseAddress.ToString(), "--token", await TokenAsync(person));
        Assert.True(login.Exit == 0, $"login: {login.Exit} {login.Out} {login.Err}");
        Assert.Contains(person.DisplayName, login.Out, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Login_keeps_the_token_for_its_owner_only_and_a_bad_token_or_server_has_its_own_exit_code()
    {
        var person = await app.CreatePersonAsync();
        await LoginAsync(person);
        var file = Path.Combine(_config, "tandem", "config.json");
        Assert.True(File.Exists(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_config, "tandem")));

        var bad = await TandemAsync("login", "--url", app.BaseAddress.ToString(), "--token", "tdm_not_a_real_token");
        Assert.Equal(3, bad.Exit);
        var unreachable = await TandemAsync("login", "--url", "http://127.0.0.1:9", "--token", "x");
        Assert.Equal(8, unreachable.Exit);
        Assert.Contains("Cannot reach", unreachable.Err, StringComparison.Ordinal);
        var usage = await TandemAsync("backlog", "move", "PAY-1");
        Assert.Equal(2, usage.Exit);
        Assert.Contains("exactly one of --top", usage.Err, StringComparison.Ordinal);

        Assert.Equal(0, (await TandemAsync("logout")).Exit);
        var signedOut = await TandemAsync("products");
        Assert.Equal(3, signedOut.Exit);
        Assert.Contains("tandem login", signedOut.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_product_owner_creates_lists_moves_and_accepts_and_json_is_what_the_api_answers()
    {
        var team = await BacklogTeam.CreateAsync(app);
        await LoginAsync(team.ProductOwner);

        var first = await TandemAsync("backlog", "create", team.ProductKey, "--title", "Pay by bank transfer");
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains($"Created {team.ProductKey}-", first.Out, StringComparison.Ordinal);
        var second = await TandemAsync("backlog", "create", team.ProductKey, "--title", "Refund a payment", "--type", "bug", "--json");
        var created = JsonNode.Parse(second.Out)!;
        var secondKey = created["key"]!.GetValue<string>();
        Assert.Equal("bug", created["type"]!.GetValue<string>());

        Assert.Equal(0, (await TandemAsync("backlog", "move", secondKey, "--top")).Exit);
        var list = await TandemAsync("backlog", "list", team.ProductKey, "--json");
        Assert.Equal(0, list.Exit);
        var page = JsonNode.Parse(list.Out)!.AsObject();
        Assert.True(page.ContainsKey("items") && page.ContainsKey("nextCursor"), list.Out);
        Assert.Equal(await team.OrderAsync(), page["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()).ToList());
        Assert.Equal(secondKey, page["items"]![0]!["key"]!.GetValue<string>());

        var table = await TandemAsync("backlog", "list", team.ProductKey);
        Assert.Contains("Pay by bank transfer", table.Out, StringComparison.Ordinal);
        var products = await TandemAsync("products");
        Assert.Contains(team.ProductKey, products.Out, StringComparison.Ordinal);

        await team.PatchAsync(secondKey, new { status = "done" });
        var accepted = await TandemAsync("backlog", "accept", secondKey);
        Assert.True(accepted.Exit == 0, accepted.Err);
        Assert.Equal("accepted", (await team.GetItemAsync(secondKey))["status"]!.GetValue<string>());

        var decisions = await TandemAsync("decisions", team.ProductKey, "--json");
        Assert.Contains(JsonNode.Parse(decisions.Out)!["items"]!.AsArray(), e => e!["summary"]!.GetValue<string>() == $"Accepted {secondKey}");

        var csv = Path.Combine(_config, "backlog.csv");
        var export = await TandemAsync("export", "backlog", team.ProductKey, "--output", csv);
        Assert.True(export.Exit == 0, export.Err);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.StartsWith("position,key,type,title", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("Pay by bank transfer", StringComparison.Ordinal));
        Assert.False(File.Exists(csv + ".part"));
    }

    [Fact]
    public async Task A_refusal_prints_who_decides_and_a_missing_product_or_bad_value_has_its_exit_code()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var item = BacklogTeam.Key(await team.CreateItemAsync("Only the PO ranks"));
        var developer = await app.CreatePersonAsync();
        await app.AssignAsync(team.ProductKey, developer.Id, "developer");
        await LoginAsync(developer);

        var refused = await TandemAsync("backlog", "move", item, "--top");
        Assert.Equal(4, refused.Exit);
        Assert.Contains("Only the Product Owner", refused.Err, StringComparison.Ordinal);
        Assert.Contains(team.ProductOwner.DisplayName, refused.Err, StringComparison.Ordinal);

        Assert.Equal(5, (await TandemAsync("backlog", "list", "NOPE404")).Exit);
        var invalid = await TandemAsync("backlog", "list", team.ProductKey, "--status", "nearly");
        Assert.Equal(7, invalid.Exit);
        Assert.Contains("status", invalid.Err, StringComparison.Ordinal);
        var badExport = await TandemAsync("export", "backlog", team.ProductKey, "--format", "xml", "-o", Path.Combine(_config, "x.xml"));
        Assert.Equal(7, badExport.Exit);
        Assert.False(File.Exists(Path.Combine(_config, "x.xml")));
    }

    [Fact]
    public async Task Import_jira_shows_progress_reports_a_dry_run_and_exits_by_the_jobs_outcome()
    {
        var team = await BacklogTeam.CreateAsync(app);
        await LoginAsync(team.ProductOwner);
        var fixture = Imports.JiraImportTests.Fixture("jira-all-fields.csv");
        var dry = await TandemAsync("import", "jira", team.ProductKey, fixture, "--dry-run");
        Assert.True(dry.Exit == 0, $"{dry.Exit} {dry.Out} {dry.Err}");
        Assert.Contains("Dry run: nothing changed", dry.Err, StringComparison.Ordinal);
        Assert.Contains("5 created", dry.Err, StringComparison.Ordinal);
        Assert.Empty(await team.OrderAsync());

        var real = await TandemAsync("import", "jira", team.ProductKey, fixture, "--json");
        Assert.True(real.Exit == 0, $"{real.Exit} {real.Out} {real.Err}");
        Assert.Equal("succeeded", JsonNode.Parse(real.Out)!["status"]!.GetValue<string>());
        Assert.Equal(5, (await team.OrderAsync()).Count);

        var bad = await TandemAsync("import", "jira", team.ProductKey, Imports.JiraImportTests.Fixture("missing-key.csv"));
        Assert.Equal(7, bad.Exit);
        Assert.Contains("Issue key", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_redmine_reads_a_Redmine_project_with_a_dry_run_first_and_reports_a_wrong_key_by_issue()
    {
        await using var redmine = await Imports.RedmineReplay.StartAsync();
        var team = await BacklogTeam.CreateAsync(app);
        await LoginAsync(team.ProductOwner);
        var url = redmine.BaseAddress.AbsoluteUri;
        var dry = await TandemAsync("import", "redmine", team.ProductKey, "--url", url, "--api-key", Imports.RedmineReplay.Key, "--project", "tandem-pay", "--dry-run");
        Assert.True(dry.Exit == 0, $"{dry.Exit} {dry.Out} {dry.Err}");
        Assert.Contains("6 created", dry.Err, StringComparison.Ordinal);
        Assert.Contains("issue #6 (relations)", dry.Err, StringComparison.Ordinal);
        Assert.Empty(await team.OrderAsync());

        var real = await TandemAsync("import", "redmine", team.ProductKey, "--url", url, "--api-key", Imports.RedmineReplay.Key, "--project", "tandem-pay", "--json");
        Assert.True(real.Exit == 0, $"{real.Exit} {real.Out} {real.Err}");
        Assert.Equal(6, (await team.OrderAsync()).Count);

        var refused = await TandemAsync("import", "redmine", team.ProductKey, "--url", url, "--api-key", "wrong", "--project", "tandem-pay");
        Assert.Equal(7, refused.Exit);
        Assert.Contains("401", refused.Err, StringComparison.Ordinal);
    }
}
