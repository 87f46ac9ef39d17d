using System.Text.Json.Nodes;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>A Product Owner brings a Jira backlog in through the import page: a dry run's report first, then the import.</summary>
[Collection(DemoCollection.Name)]
public sealed class ImportJourneys(DemoApp app)
{
    private static string JiraFixture => Path.Combine(RepositoryPaths.Root, "tests", "Tandem.IntegrationTests", "Imports", "Fixtures", "jira-all-fields.csv");

    [Fact]
    public async Task The_Product_Owner_uploads_a_Jira_CSV_reads_the_dry_run_report_then_imports_and_sees_the_items_in_the_backlog()
    {
        // A fresh product of the demo PO's, so the demo's own backlog stays as other journeys expect it.
        var po = await app.NewPageAsync();
        await new LoginPage(po).OpenAsync();
        await new LoginPage(po).SignInAsync("po@demo.tandem");
        var me = JsonNode.Parse(await (await po.APIRequest.GetAsync("/api/v1/auth/me")).TextAsync())!;
        var admin = await app.NewPageAsync();
        await new LoginPage(admin).OpenAsync();
        await new LoginPage(admin).SignInAsync("admin@demo.tandem");
        var key = "I" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant().Replace('0', 'Q');
        Assert.True((await admin.APIRequest.PostAsync("/api/v1/products", new() { DataObject = new { key, name = $"Imported {key}" } })).Ok);
        Assert.True((await admin.APIRequest.PostAsync($"/api/v1/products/{key}/members", new() { DataObject = new { userId = me["id"]!.GetValue<string>(), role = "product-owner" } })).Ok);

        await po.GotoAsync($"/p/{key}/backlog");
        await po.GetByTestId("import-link").ClickAsync();
        await Expect(po).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/p/{key}/import$"));

        // The dry run is the default choice: nothing is written.
        await po.GetByTestId("import-file").SetInputFilesAsync(JiraFixture);
        await po.GetByTestId("import-jira-start").ClickAsync();
        await Expect(po.GetByTestId("import-status")).ToHaveTextAsync("succeeded", new() { Timeout = 30_000 });
        await Expect(po.GetByTestId("import-created")).ToHaveTextAsync("5");
        await Expect(po.GetByTestId("import-dry-note")).ToBeVisibleAsync();
        await Expect(po.GetByTestId("import-problems")).ToContainTextAsync("Waiting for Legal");

        await po.GotoAsync($"/p/{key}/import");
        await po.GetByTestId("import-file").SetInputFilesAsync(JiraFixture);
        await po.GetByTestId("jira-import").CheckAsync();
        await po.GetByTestId("import-jira-start").ClickAsync();
        await Expect(po.GetByTestId("import-status")).ToHaveTextAsync("succeeded", new() { Timeout = 30_000 });
        await Expect(po.GetByTestId("import-created")).ToHaveTextAsync("5");
        await po.GetByTestId("import-to-backlog").ClickAsync();
        // Five imported; the backlog hides the one that Jira had done until "Show done".
        await Expect(po.GetByTestId("backlog-row")).ToHaveCountAsync(4);
        await Expect(po.GetByTestId("backlog-row").First).ToContainTextAsync("Checkout");
    }

    [Fact]
    public async Task A_CSV_larger_than_the_servers_default_body_limit_uploads_through_the_page()
    {
        // 3 MB: over Kestrel's 1 MB default, under the import's 50 MB (the page declares RequestSizeLimit).
        var file = Path.Combine(Path.GetTempPath(), $"jira-{Guid.NewGuid():N}.csv");
        var csv = new System.Text.StringBuilder("Summary,Issue key,Issue Type,Description\n");
        for (var n = 1; n <= 3_000; n++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Issue {n},BIG-{n},Story,{new string('x', 1000)}\n");
        await File.WriteAllTextAsync(file, csv.ToString());
        var po = await app.NewPageAsync();
        await new LoginPage(po).OpenAsync();
        await new LoginPage(po).SignInAsync("po@demo.tandem");
        await po.GotoAsync("/p/PAY/import");
        await po.GetByTestId("import-file").SetInputFilesAsync(file);
        await po.GetByTestId("import-jira-start").ClickAsync();
        await Expect(po.GetByTestId("import-status")).ToHaveTextAsync("succeeded", new() { Timeout = 30_000 });
        await Expect(po.GetByTestId("import-created")).ToHaveTextAsync("3000");
        File.Delete(file);
    }

    [Fact]
    public async Task A_Redmine_that_cannot_be_reached_is_reported_on_the_status_page()
    {
        var po = await app.NewPageAsync();
        await new LoginPage(po).OpenAsync();
        await new LoginPage(po).SignInAsync("po@demo.tandem");
        await po.GotoAsync("/p/PAY/import");
        // Port 9 (discard) on loopback: nothing listens, so the dry run fails at once, and writes nothing.
        await po.GetByTestId("redmine-url").FillAsync("http://127.0.0.1:9/");
        await po.GetByTestId("redmine-project").FillAsync("payments");
        await po.GetByTestId("redmine-key").FillAsync("not-a-real-key");
        await po.GetByTestId("import-redmine-start").ClickAsync();
        await Expect(po.GetByTestId("import-status")).ToHaveTextAsync("failed", new() { Timeout = 30_000 });
        await Expect(po.GetByTestId("import-problems")).ToContainTextAsync("Nothing was imported");
        await Expect(po.GetByTestId("import-problems")).Not.ToContainTextAsync("not-a-real-key");
    }
}
