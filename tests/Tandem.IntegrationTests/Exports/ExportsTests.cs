using System.Globalization;
using CsvHelper;
using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Exports;

/// <summary>Issue 16's exports: the backlog with every field, and the decision log for auditors, each in two formats.</summary>
[Collection(TandemCollection.Name)]
public class ExportsTests(TandemApp app)
{
    private static List<string[]> ReadCsv(string text)
    {
        using var reader = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        return rows;
    }

    [Fact]
    public async Task The_backlog_exports_every_item_in_backlog_order_with_its_epic_labels_and_hostile_titles_kept_as_text()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var epic = BacklogTeam.Key(await team.CreateItemAsync("Checkout", "epic"));
        var formula = BacklogTeam.Key(await team.CreateItemAsync("=HYPERLINK(\"http://evil\",\"x\")"));
        var quoted = BacklogTeam.Key(await team.CreateItemAsync("Pay, \"quickly\"\nand twice", description: "Line one\nline two"));
        await team.PatchAsync(quoted, new { epic, businessValue = 8 });
        using (var l = await team.Po.PostAsJsonAsync($"/api/v1/items/{quoted}/labels", new { label = "Quick Win" })) await Expect.Status(HttpStatusCode.OK, l);
        using (var m = await team.MoveAsync(quoted, new { position = "top" })) await Expect.Status(HttpStatusCode.OK, m);
        var order = await team.OrderAsync();

        using var csvResponse = await team.Stakeholder.GetAsync($"/api/v1/products/{team.ProductKey}/backlog/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"{team.ProductKey}-backlog.csv", csvResponse.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var rows = ReadCsv(await csvResponse.Content.ReadAsStringAsync());
        var header = rows[0].ToList();
        var body = rows.Skip(1).ToList();
        Assert.Equal(order, body.Select(r => r[header.IndexOf("key")]).ToList());
        Assert.Equal(["1", "2", "3"], body.Select(r => r[header.IndexOf("position")]));
        var row = body.Single(r => r[header.IndexOf("key")] == quoted);
        Assert.Equal("Pay, \"quickly\"\nand twice", row[header.IndexOf("title")]);
        Assert.Equal("Line one\nline two", row[header.IndexOf("description")]);
        Assert.Equal(epic, row[header.IndexOf("epic_key")]);
        Assert.Equal("Checkout", row[header.IndexOf("epic_title")]);
        Assert.Equal("quick-win", row[header.IndexOf("labels")]);
        Assert.Equal("8", row[header.IndexOf("business_value")]);
        // A spreadsheet must not run a title as a formula: CsvHelper escapes the leading '='.
        var hostile = body.Single(r => r[header.IndexOf("key")] == formula)[header.IndexOf("title")];
        Assert.StartsWith("'=", hostile, StringComparison.Ordinal);

        using var jsonResponse = await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/backlog/export?format=json");
        var json = (await Expect.Status(HttpStatusCode.OK, jsonResponse))!.AsArray();
        Assert.Equal(order, json.Select(i => i!["key"]!.GetValue<string>()).ToList());
        var item = json.Single(i => i!["key"]!.GetValue<string>() == quoted)!;
        Assert.Equal("=HYPERLINK(\"http://evil\",\"x\")", json.Single(i => i!["key"]!.GetValue<string>() == formula)!["title"]!.GetValue<string>());
        Assert.Equal(["quick-win"], item["labels"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(team.ProductOwner.DisplayName, item["createdBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_decision_log_exports_oldest_first_with_the_auditors_filters_in_csv_and_json_lines()
    {
        var key = await app.CreateProductAsync();
        var a = await app.CreatePersonAsync();
        await app.AssignAsync(key, a.Id, "product-owner");
        await app.AssignAsync(key, a.Id, "developer");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var listed = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log"))!["items"]!.AsArray();

        using var lines = await admin.GetAsync($"/api/v1/products/{key}/decision-log/export?format=jsonl");
        Assert.Equal(HttpStatusCode.OK, lines.StatusCode);
        var entries = (await lines.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(listed.Select(e => e!["id"]!.GetValue<long>()).Reverse(), entries.Select(e => e["id"]!.GetValue<long>()));
        Assert.All(entries, e => Assert.Equal("membership", e["area"]!.GetValue<string>()));

        using var csv = await admin.GetAsync($"/api/v1/products/{key}/decision-log/export?format=csv&area=membership&subject={a.Id}");
        var rows = ReadCsv(await csv.Content.ReadAsStringAsync());
        Assert.Equal(["id", "at_utc", "actor_id", "actor", "role", "area", "operation", "summary", "reason", "subject_type", "subject_key"], rows[0]);
        Assert.Equal(2, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal(a.Id.ToString(), r[10]));

        var today = entries[^1]["at"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (var inDay = await admin.GetAsync($"/api/v1/products/{key}/decision-log/export?format=jsonl&from={today}&to={today}"))
            Assert.Equal(entries.Count, (await inDay.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        using (var before = await admin.GetAsync($"/api/v1/products/{key}/decision-log/export?format=jsonl&to=2001-01-01"))
            Assert.Empty((await before.Content.ReadAsStringAsync()).Trim());
        var filtered = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?to=2001-01-01"))!["items"]!.AsArray();
        Assert.Empty(filtered);
    }

    [Fact]
    public async Task A_bad_format_or_day_is_a_400_naming_the_field_and_the_log_is_refused_to_people_outside_the_team()
    {
        var team = await BacklogTeam.CreateAsync(app);
        foreach (var (url, field) in new[]
        {
            ($"/api/v1/products/{team.ProductKey}/backlog/export?format=xml", "format"),
            ($"/api/v1/products/{team.ProductKey}/decision-log/export?format=csv&from=yesterday", "from"),
            ($"/api/v1/products/{team.ProductKey}/decision-log/export?format=csv&from=2026-02-02&to=2026-02-01", "to"),
            ($"/api/v1/products/{team.ProductKey}/decision-log/export?format=jsonl&area=weather", "area"),
            ($"/api/v1/products/{team.ProductKey}/decision-log/export?format=parquet", "format"),
        })
        {
            using var response = await team.Po.GetAsync(url);
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
            Assert.NotNull(problem["errors"]![field]);
        }

        var outsider = await app.CreatePersonAsync();
        using var client = await app.SignInAsync(outsider.Email, outsider.Password);
        using (var refused = await client.GetAsync($"/api/v1/products/{team.ProductKey}/decision-log/export?format=csv"))
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{refused.StatusCode}");
        using (var missing = await team.Po.GetAsync("/api/v1/products/NOPE404/backlog/export"))
            await Expect.Problem(HttpStatusCode.NotFound, missing);
        using (var anonymous = await app.Anonymous().GetAsync($"/api/v1/products/{team.ProductKey}/backlog/export"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
