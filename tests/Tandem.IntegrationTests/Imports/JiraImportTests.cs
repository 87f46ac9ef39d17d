using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Imports;
using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Imports;

/// <summary>
/// Issue 16's Jira CSV import with files shaped like Jira's "export all fields" (repeated Labels and Sprint columns,
/// quotes, multi-line descriptions): dry run, order, epics, labels, idempotent re-import, bad files and refusals.
/// </summary>
[Collection(TandemCollection.Name)]
public class JiraImportTests(TandemApp app)
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Imports", "Fixtures", name);

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string productKey, byte[] file, bool dryRun = false)
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await client.PostAsync($"/api/v1/products/{productKey}/imports?source=jira-csv{(dryRun ? "&dryRun=true" : "")}", content);
    }

    /// <summary>Starts an import and polls its job until it ends.</summary>
    public static async Task<JsonObject> ImportAsync(HttpClient client, string productKey, string fixture, bool dryRun = false)
    {
        using var started = await PostAsync(client, productKey, await File.ReadAllBytesAsync(Fixture(fixture)), dryRun);
        var job = (await Expect.Status(HttpStatusCode.Accepted, started))!;
        Assert.Equal($"/api/v1/imports/{job["id"]}", started.Headers.Location!.OriginalString);
        return await WaitAsync(client, job["id"]!.GetValue<Guid>());
    }

    public static async Task<JsonObject> WaitAsync(HttpClient client, Guid id)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/imports/{id}"))!;
            var status = job["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed" || watch.Elapsed > TimeSpan.FromSeconds(60)) return job;
            await Task.Delay(100);
        }
    }

    private static List<string> Problems(JsonObject job) =>
        [.. job["problems"]!.AsArray().Select(p => $"{p!["row"]}|{p["column"]}|{p["message"]}")];

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_changes_nothing()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var job = await ImportAsync(team.Po, team.ProductKey, "jira-all-fields.csv", dryRun: true);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.True(job["dryRun"]!.GetValue<bool>());
        Assert.Equal(5, job["created"]!.GetValue<int>());
        Assert.Equal(0, job["updated"]!.GetValue<int>());
        Assert.Equal(5, job["progress"]!["total"]!.GetValue<int>());
        var problems = Problems(job);
        Assert.Contains(problems, p => p.Contains("Waiting for Legal", StringComparison.Ordinal) && p.StartsWith("6|Status", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("JRA-99", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'abc'", StringComparison.Ordinal));
        Assert.Empty(await team.OrderAsync());
    }

    [Fact]
    public async Task An_import_keeps_the_rank_order_links_epics_and_labels_and_a_second_import_updates_instead_of_copying()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var job = await ImportAsync(team.Po, team.ProductKey, "jira-all-fields.csv");
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal(5, job["created"]!.GetValue<int>());
        var order = await team.OrderAsync();
        Assert.Equal(5, order.Count);
        var items = new List<JsonObject>();
        foreach (var key in order) items.Add(await team.GetItemAsync(key));
        // Jira's Rank column decides the order: JRA-1, JRA-3, JRA-2, JRA-4, JRA-5.
        Assert.Equal(["Checkout", "Card declined twice", "Refund a payment, \"partially\"", "Try the new gateway", "Update the docs"],
            items.Select(i => i["title"]!.GetValue<string>()));
        var (epic, bug, story) = (items[0], items[1], items[2]);
        Assert.Equal("epic", epic["type"]!.GetValue<string>());
        Assert.Equal("bug", bug["type"]!.GetValue<string>());
        Assert.Equal("done", bug["status"]!.GetValue<string>());
        Assert.Equal(epic["key"]!.GetValue<string>(), story["epic"]!.GetValue<string>());
        Assert.Equal("As a shopper\nI want a partial refund\n\n{code}refund(amount){code}", story["description"]!.GetValue<string>());
        Assert.Equal(["payments", "quick-win"], story["labels"]!.AsArray().Select(l => l!.GetValue<string>()).Order());
        Assert.Equal("spike", items[3]["type"]!.GetValue<string>());
        Assert.Equal("ready", items[3]["status"]!.GetValue<string>());

        var again = await ImportAsync(team.Po, team.ProductKey, "jira-all-fields.csv");
        Assert.Equal("succeeded", again["status"]!.GetValue<string>());
        Assert.Equal(0, again["created"]!.GetValue<int>());
        Assert.Equal(5, again["updated"]!.GetValue<int>());
        Assert.Equal(order, await team.OrderAsync());
        Assert.Equal(["payments", "quick-win"], (await team.GetItemAsync(order[2]))["labels"]!.AsArray().Select(l => l!.GetValue<string>()).Order());
    }

    [Theory]
    [InlineData("missing-key.csv", "Issue key")]
    [InlineData("broken-quote.csv", "quote")]
    [InlineData("not-csv.json", "not valid CSV")]
    public async Task A_bad_file_fails_with_its_problems_and_creates_nothing(string fixture, string problem)
    {
        var team = await BacklogTeam.CreateAsync(app);
        var job = await ImportAsync(team.Po, team.ProductKey, fixture);
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Contains(Problems(job), p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Equal(0, job["created"]!.GetValue<int>());
        Assert.Empty(await team.OrderAsync());
    }

    [Fact]
    public async Task A_job_that_cannot_start_is_tried_again_then_answered_as_failed_instead_of_staying_queued()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var id = Guid.CreateVersion7();
        using (var scope = app.Services.CreateScope())
        {
            // A queued job whose person is gone: every attempt to start it as that person fails.
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var product = await db.Products.IgnoreQueryFilters().FirstAsync(p => p.Key == team.ProductKey);
            var now = TimeProvider.System.GetUtcNow();
            db.Add(new ImportJob
            {
                Id = id, WorkspaceId = product.WorkspaceId, ProductId = product.Id, ProductKey = product.Key, Source = ImportsFeature.JiraCsvSource,
                DryRun = true, RequestedById = team.ProductOwner.Id, Node = "test", QueuedAt = now, HeartbeatAt = now,
            });
            await db.SaveChangesAsync();
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        app.Services.GetRequiredService<ImportQueue>().Enqueue(new ImportWork(id, Guid.NewGuid(), [], null));

        var job = await WaitAsync(team.Po, id);
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Contains(Problems(job), p => p.Contains("could not run on the server", StringComparison.Ordinal));
        // Three attempts, a second and two seconds apart: answered long before the heartbeat's 90 s run out.
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(ImportsFeature.HeartbeatTimeout.TotalSeconds / 2));
        Assert.Empty(await team.OrderAsync());
    }

    [Fact]
    public async Task Someone_who_may_not_add_items_is_refused_with_who_decides_and_a_bad_source_is_a_400()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var file = await File.ReadAllBytesAsync(Fixture("jira-all-fields.csv"));
        using var refused = await PostAsync(team.Stakeholder, team.ProductKey, file);
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, refused);
        Assert.Contains("Product Owner", Expect.Detail(problem), StringComparison.Ordinal);

        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var badSource = await team.Po.PostAsync($"/api/v1/products/{team.ProductKey}/imports?source=trello", content);
        await Expect.Problem(HttpStatusCode.BadRequest, badSource);
        Assert.Empty(await team.OrderAsync());
    }
}

/// <summary>The 50,000-row budget (docs/performance.md), opt-in: TANDEM_IMPORT_BENCH=1.</summary>
[Collection(TandemCollection.Name)]
public class JiraImportBench(TandemApp app)
{
    [Fact]
    public async Task Fifty_thousand_rows_import_within_a_minute()
    {
        if (Environment.GetEnvironmentVariable("TANDEM_IMPORT_BENCH") != "1") return;
        var team = await BacklogTeam.CreateAsync(app);
        var csv = new System.Text.StringBuilder("Summary,Issue key,Issue Type,Status,Sprint,Sprint,Labels,Labels,Description,Custom field (Epic Link),Custom field (Story Points)\n");
        for (var n = 1; n <= 50_000; n++)
        {
            var type = n % 100 == 1 ? "Epic" : n % 7 == 0 ? "Bug" : "Story";
            var epic = n % 100 == 1 ? "" : $"BIG-{n / 100 * 100 + 1}";
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"Issue {n}, \"\"imported\"\"\",BIG-{n},{type},{(n % 3 == 0 ? "Done" : "To Do")},S1,S2,bulk,label-{n % 10},\"Line one\nline two of {n}\",{epic},{n % 8}\n");
        }
        var file = System.Text.Encoding.UTF8.GetBytes(csv.ToString());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var started = await JiraImportTests.PostAsync(team.Po, team.ProductKey, file);
        var id = (await Expect.Status(HttpStatusCode.Accepted, started))!["id"]!.GetValue<Guid>();
        var job = await JiraImportTests.WaitAsync(team.Po, id);
        watch.Stop();
        await File.AppendAllTextAsync(Path.Combine(Path.GetTempPath(), "tandem-import-bench.txt"), $"{Environment.GetEnvironmentVariable("TANDEM_TEST_PROVIDER")}: 50,000 rows ({file.Length / 1024 / 1024} MB): {job["status"]} in {watch.Elapsed.TotalSeconds:F1} s, created {job["created"]}\n");
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal(50_000, job["created"]!.GetValue<int>());
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"{watch.Elapsed}");
    }
}
