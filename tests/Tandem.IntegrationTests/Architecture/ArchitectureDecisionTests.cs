using System.IO.Compression;
using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Architecture;

[Collection(TandemCollection.Name)]
public class ArchitectureDecisionTests(TandemApp app)
{
    private static readonly string[] UnknownItems = ["NOPE-1"];

    private sealed record Team(string Key, HttpClient Tl, HttpClient Dev, HttpClient Stakeholder, Person TechLead);

    private async Task<Team> TeamAsync()
    {
        var key = await app.CreateProductAsync();
        var tl = await app.CreatePersonAsync(TandemApp.Unique("Lead"));
        var dev = await app.CreatePersonAsync();
        var stakeholder = await app.CreatePersonAsync();
        await app.AssignAsync(key, tl.Id, "tech-lead");
        await app.AssignAsync(key, dev.Id, "developer");
        await app.AssignAsync(key, stakeholder.Id, "stakeholder");
        return new Team(key, await app.SignInAsync(tl.Email, tl.Password), await app.SignInAsync(dev.Email, dev.Password),
            await app.SignInAsync(stakeholder.Email, stakeholder.Password), tl);
    }

    private static async Task<JsonObject> ProposeAsync(HttpClient client, string key, string title, object? options = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/products/{key}/adrs", new
        {
            title,
            context = "We need **durable** storage.",
            decision = "Use PostgreSQL.",
            consequences = "Ops runs a database.",
            options = options ?? new[] { new { name = "PostgreSQL", pros = "Mature", cons = "Another server" }, new { name = "SQLite", pros = "Embedded", cons = "One writer" } },
        });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject adr, string action, object body) =>
        await client.PostAsJsonAsync($"/api/v1/adrs/{adr["id"]}/{action}", body);

    private static async Task<JsonObject> AcceptAsync(HttpClient tl, JsonObject adr)
    {
        using var response = await PostAsync(tl, adr, "accept", new { });
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    [Fact]
    public async Task A_developer_proposes_a_numbered_record_with_options_and_the_location_names_its_id()
    {
        var team = await TeamAsync();
        using var response = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/adrs", new { title = "Use PostgreSQL", context = "c", decision = "d", consequences = "q" });
        var first = (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
        Assert.Equal($"/api/v1/adrs/{first["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal(1, first["number"]!.GetValue<int>());
        Assert.Equal("proposed", first["status"]!.GetValue<string>());

        var second = await ProposeAsync(team.Dev, team.Key, "Queue with outbox");
        Assert.Equal(2, second["number"]!.GetValue<int>());
        Assert.Equal(["PostgreSQL", "SQLite"], second["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Equal("Mature", second["options"]![0]!["pros"]!.GetValue<string>());

        var list = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/adrs?status=proposed"))!["items"]!.AsArray();
        Assert.Equal([2, 1], list.Select(a => a!["number"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Sixteen_proposals_at_the_same_moment_all_succeed_with_distinct_consecutive_numbers()
    {
        var team = await TeamAsync();
        // Each request takes the product's next number in the transaction that saves it (issue 12): none collides, none is skipped.
        var proposals = await Task.WhenAll(Enumerable.Range(1, 16).Select(async i =>
        {
            using var response = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/adrs",
                new { title = $"Concurrent record {i}", context = "c", decision = "d", consequences = "q" });
            return (await Expect.Status(HttpStatusCode.Created, response))!["number"]!.GetValue<int>();
        }));

        Assert.Equal(Enumerable.Range(1, 16), proposals.Order());
        var next = await ProposeAsync(team.Dev, team.Key, "After the rush");
        Assert.Equal(17, next["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_list_pages_newest_first_by_cursor_and_a_cursor_it_did_not_hand_out_is_a_400()
    {
        var team = await TeamAsync();
        for (var i = 1; i <= 5; i++) await ProposeAsync(team.Dev, team.Key, $"Record {i}");

        var numbers = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/adrs?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            numbers.AddRange(page["items"]!.AsArray().Select(a => a!["number"]!.GetValue<int>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);
        Assert.Equal([5, 4, 3, 2, 1], numbers);
        Assert.Equal(3, pages);

        using var bad = await team.Dev.GetAsync($"/api/v1/products/{team.Key}/adrs?cursor=not-a-cursor");
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(problem["errors"]!["cursor"]);
    }

    [Fact]
    public async Task Missing_fields_unknown_items_and_a_bad_status_filter_are_400s_naming_each_field()
    {
        var team = await TeamAsync();
        using var response = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/adrs", new { title = " ", items = UnknownItems, options = new[] { new { name = "" } } });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("title", fields);
        Assert.Contains("context", fields);
        Assert.Contains("decision", fields);
        Assert.Contains("consequences", fields);
        Assert.Contains("items", fields);
        Assert.Contains("options[0].name", fields);
        Assert.Empty((await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/adrs"))!["items"]!.AsArray());

        using var filter = await team.Dev.GetAsync($"/api/v1/products/{team.Key}/adrs?status=maybe");
        await Expect.Problem(HttpStatusCode.BadRequest, filter);
        using var stakeholder = await team.Stakeholder.PostAsJsonAsync($"/api/v1/products/{team.Key}/adrs", new { title = "t", context = "c", decision = "d", consequences = "q" });
        await Expect.Problem(HttpStatusCode.Forbidden, stakeholder);
    }

    [Fact]
    public async Task Only_the_Tech_Lead_accepts_and_the_decision_is_logged()
    {
        var team = await TeamAsync();
        var adr = await ProposeAsync(team.Dev, team.Key, "Use PostgreSQL");

        using (var refused = await PostAsync(team.Dev, adr, "accept", new { }))
            Assert.Contains(team.TechLead.DisplayName, Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, refused)), StringComparison.Ordinal);

        var accepted = await AcceptAsync(team.Tl, adr);
        Assert.Equal("accepted", accepted["status"]!.GetValue<string>());
        Assert.Equal(team.TechLead.DisplayName, accepted["decidedBy"]!["displayName"]!.GetValue<string>());
        Assert.Equal(["proposed", "accepted"], accepted["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));

        var log = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/decision-log"))!;
        Assert.Contains(log["items"]!.AsArray(), e => e!["summary"]!.GetValue<string>().Contains("Accepted ADR 1", StringComparison.Ordinal));

        using var again = await PostAsync(team.Tl, adr, "accept", new { });
        await Expect.Problem(HttpStatusCode.Conflict, again);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_a_rejected_record_cannot_be_accepted()
    {
        var team = await TeamAsync();
        var adr = await ProposeAsync(team.Dev, team.Key, "Rewrite in Rust");
        using (var noReason = await PostAsync(team.Tl, adr, "reject", new { reason = "" }))
            await Expect.Problem(HttpStatusCode.BadRequest, noReason);
        using (var rejected = await PostAsync(team.Tl, adr, "reject", new { reason = "No team skill" }))
        {
            var body = (await Expect.Status(HttpStatusCode.OK, rejected))!;
            Assert.Equal("rejected", body["status"]!.GetValue<string>());
            Assert.Equal("No team skill", body["statusReason"]!.GetValue<string>());
        }
        using var accept = await PostAsync(team.Tl, adr, "accept", new { });
        await Expect.Problem(HttpStatusCode.Conflict, accept);
    }

    [Fact]
    public async Task An_accepted_record_keeps_its_text_while_a_proposed_one_honours_If_Match()
    {
        var team = await TeamAsync();
        var adr = await ProposeAsync(team.Dev, team.Key, "Use PostgreSQL");
        using var got = await team.Dev.GetAsync($"/api/v1/adrs/{adr["id"]}");
        await Expect.Status(HttpStatusCode.OK, got);
        var etag = got.Headers.ETag!.ToString();

        using (var edited = await PatchAsync(team.Dev, adr, new { decision = "Use PostgreSQL 17." }, etag))
            Assert.Equal("Use PostgreSQL 17.", (await Expect.Status(HttpStatusCode.OK, edited))!["decision"]!.GetValue<string>());
        using (var stale = await PatchAsync(team.Dev, adr, new { decision = "Lost update" }, etag))
            await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);

        await AcceptAsync(team.Tl, adr);
        using var immutable = await PatchAsync(team.Tl, adr, new { decision = "Something else" }, null);
        Assert.Contains("keeps its text", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, immutable)), StringComparison.Ordinal);
        var now = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/adrs/{adr["id"]}"))!;
        Assert.Equal("Use PostgreSQL 17.", now["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Superseding_shows_the_chain_both_ways_accepts_the_successor_and_refuses_to_accept_the_old_one()
    {
        var team = await TeamAsync();
        var first = await AcceptAsync(team.Tl, await ProposeAsync(team.Dev, team.Key, "Use SQLite"));
        var second = await ProposeAsync(team.Dev, team.Key, "Use PostgreSQL");

        using (var refused = await PostAsync(team.Dev, first, "supersede", new { by = second["id"] }))
            await Expect.Problem(HttpStatusCode.Forbidden, refused);
        using (var superseded = await PostAsync(team.Tl, first, "supersede", new { by = second["id"] }))
        {
            var body = (await Expect.Status(HttpStatusCode.OK, superseded))!;
            Assert.Equal("superseded", body["status"]!.GetValue<string>());
            Assert.Equal(2, body["supersededBy"]!["number"]!.GetValue<int>());
        }
        var successor = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/adrs/{second["id"]}"))!;
        Assert.Equal("accepted", successor["status"]!.GetValue<string>());
        Assert.Equal([1], successor["supersedes"]!.AsArray().Select(a => a!["number"]!.GetValue<int>()));

        using var accept = await PostAsync(team.Tl, first, "accept", new { });
        Assert.Contains("already superseded by ADR 2", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, accept)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cycle_another_products_record_or_itself_cannot_supersede_and_nothing_is_written()
    {
        var team = await TeamAsync();
        var first = await AcceptAsync(team.Tl, await ProposeAsync(team.Dev, team.Key, "A"));
        var second = await ProposeAsync(team.Dev, team.Key, "B");
        using (var ok = await PostAsync(team.Tl, first, "supersede", new { by = second["id"] }))
            await Expect.Status(HttpStatusCode.OK, ok);

        using (var cycle = await PostAsync(team.Tl, second, "supersede", new { by = first["id"] }))
            Assert.Contains("cycle", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, cycle)), StringComparison.Ordinal);
        using (var self = await PostAsync(team.Tl, second, "supersede", new { by = second["id"] }))
            await Expect.Problem(HttpStatusCode.BadRequest, self);

        var other = await TeamAsync();
        var foreign = await ProposeAsync(other.Dev, other.Key, "Elsewhere");
        using (var cross = await PostAsync(team.Tl, second, "supersede", new { by = foreign["id"] }))
            Assert.Contains(team.Key, Expect.Detail(await Expect.Problem(HttpStatusCode.BadRequest, cross)), StringComparison.Ordinal);

        var after = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/adrs/{second["id"]}"))!;
        Assert.Equal("accepted", after["status"]!.GetValue<string>());
        Assert.Null(after["supersededBy"]);
        Assert.Equal("proposed", (await other.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/adrs/{foreign["id"]}"))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deprecating_an_accepted_record_needs_a_reason()
    {
        var team = await TeamAsync();
        var adr = await AcceptAsync(team.Tl, await ProposeAsync(team.Dev, team.Key, "Use a monorepo"));
        using (var noReason = await PostAsync(team.Tl, adr, "deprecate", new { }))
            await Expect.Problem(HttpStatusCode.BadRequest, noReason);
        using var deprecated = await PostAsync(team.Tl, adr, "deprecate", new { reason = "Split into services" });
        Assert.Equal("deprecated", (await Expect.Status(HttpStatusCode.OK, deprecated))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_writes_the_common_layout_one_file_and_all_in_a_zip()
    {
        var team = await TeamAsync();
        var first = await AcceptAsync(team.Tl, await ProposeAsync(team.Dev, team.Key, "Use SQLite, embedded!"));
        var second = await ProposeAsync(team.Dev, team.Key, "Use PostgreSQL");
        using (var ok = await PostAsync(team.Tl, first, "supersede", new { by = second["id"] }))
            await Expect.Status(HttpStatusCode.OK, ok);

        using var one = await team.Dev.GetAsync($"/api/v1/adrs/{first["id"]}/markdown");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("text/markdown", one.Content.Headers.ContentType!.MediaType);
        Assert.Equal("0001-use-sqlite-embedded.md", one.Content.Headers.ContentDisposition!.FileNameStar ?? one.Content.Headers.ContentDisposition.FileName);
        var markdown = await one.Content.ReadAsStringAsync();
        Assert.StartsWith("# 1. Use SQLite, embedded!\n\nDate: ", markdown, StringComparison.Ordinal);
        foreach (var heading in new[] { "## Status\n\nSuperseded", "Superseded by [2. Use PostgreSQL](0002-use-postgresql.md)", "## Context", "## Options", "### PostgreSQL", "## Decision", "## Consequences" })
            Assert.Contains(heading, markdown, StringComparison.Ordinal);

        using var zipResponse = await team.Dev.GetAsync($"/api/v1/products/{team.Key}/adrs/export.zip");
        Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(["0001-use-sqlite-embedded.md", "0002-use-postgresql.md"], zip.Entries.Select(e => e.FullName));
        using var reader = new StreamReader(zip.Entries[1].Open());
        Assert.Contains("Supersedes [1. Use SQLite, embedded!](0001-use-sqlite-embedded.md)", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_workspace_sees_no_record_at_all()
    {
        var team = await TeamAsync();
        var adr = await ProposeAsync(team.Dev, team.Key, "Secret decision");
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        foreach (var url in new[] { $"/api/v1/adrs/{adr["id"]}", $"/api/v1/adrs/{adr["id"]}/markdown", $"/api/v1/products/{team.Key}/adrs", $"/api/v1/products/{team.Key}/adrs/export.zip" })
        {
            using var response = await globex.GetAsync(url);
            await Expect.Problem(HttpStatusCode.NotFound, response);
        }
        using var accept = await globex.PostAsJsonAsync($"/api/v1/adrs/{adr["id"]}/accept", new { });
        await Expect.Problem(HttpStatusCode.NotFound, accept);
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, JsonObject adr, object patch, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/adrs/{adr["id"]}") { Content = JsonContent.Create(patch) };
        if (etag is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }
}
