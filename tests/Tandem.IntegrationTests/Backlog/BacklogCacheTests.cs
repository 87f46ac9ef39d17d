using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// The backlog page is served from a cache under a version that every write moves (ADR 0009). Each test
/// reads the page twice first, so the second read is a cached one, then writes through the API and
/// expects the very next read to show the write; and authorization is decided afresh on every read.
/// </summary>
[Collection(TandemCollection.Name)]
public class BacklogCacheTests(TandemApp app)
{
    [Fact]
    public async Task A_move_shows_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(3);
        await WarmAsync(team);

        using (var move = await team.MoveAsync(k[2], new { position = "top" })) await Expect.Status(HttpStatusCode.OK, move);

        Assert.Equal([k[2], k[0], k[1]], Keys(await PageAsync(team.Po, team.ProductKey)));
        Assert.Equal([k[2], k[0], k[1]], Keys(await PageAsync(team.Dev, team.ProductKey)));
    }

    [Fact]
    public async Task An_edit_shows_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(2);
        await WarmAsync(team);

        await team.PatchAsync(k[1], new { title = "Pay by bank transfer", status = "ready", assignee = team.ProductOwner.Id });

        var item = ItemOf(await PageAsync(team.Po, team.ProductKey), k[1]);
        Assert.Equal("Pay by bank transfer", item["title"]!.GetValue<string>());
        Assert.Equal("ready", item["status"]!.GetValue<string>());
        Assert.Equal(team.ProductOwner.DisplayName, item["assignee"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_item_shows_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(2);
        await WarmAsync(team);

        var created = BacklogTeam.Key(await team.CreateItemAsync("Added after the read", "bug", team.Dev));

        Assert.Equal([k[0], k[1], created], Keys(await PageAsync(team.Po, team.ProductKey)));
    }

    [Fact]
    public async Task A_label_added_or_removed_shows_on_the_next_read_and_in_the_label_filter()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(2);
        await WarmAsync(team);
        await WarmAsync(team, "&label=quick-win");

        using (var add = await team.Dev.PostAsJsonAsync($"/api/v1/items/{k[0]}/labels", new { label = "Quick Win" }))
            await Expect.Status(HttpStatusCode.OK, add);

        Assert.Equal(["quick-win"], Labels(ItemOf(await PageAsync(team.Po, team.ProductKey), k[0])));
        Assert.Equal([k[0]], Keys(await PageAsync(team.Po, team.ProductKey, "&label=quick-win")));

        using (var remove = await team.Dev.DeleteAsync($"/api/v1/items/{k[0]}/labels/quick-win"))
            await Expect.Status(HttpStatusCode.OK, remove);

        Assert.Empty(Labels(ItemOf(await PageAsync(team.Po, team.ProductKey), k[0])));
        Assert.Empty(Keys(await PageAsync(team.Po, team.ProductKey, "&label=quick-win")));
    }

    [Fact]
    public async Task A_status_change_and_an_acceptance_show_on_the_next_read_and_in_the_status_filter()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(2);
        await WarmAsync(team);
        await WarmAsync(team, "&status=done");

        await team.PatchAsync(k[0], new { status = "done" }, team.Dev);
        Assert.Equal("done", ItemOf(await PageAsync(team.Po, team.ProductKey), k[0])["status"]!.GetValue<string>());
        Assert.Equal([k[0]], Keys(await PageAsync(team.Po, team.ProductKey, "&status=done")));

        await team.DecideAsync(k[0], "accept");
        Assert.Equal("accepted", ItemOf(await PageAsync(team.Po, team.ProductKey), k[0])["status"]!.GetValue<string>());
        Assert.Empty(Keys(await PageAsync(team.Po, team.ProductKey, "&status=done")));
    }

    [Fact]
    public async Task A_bulk_move_and_a_bulk_label_show_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(4);
        var url = $"/api/v1/products/{team.ProductKey}/backlog/bulk";
        await WarmAsync(team);

        using (var top = await team.Po.PostAsJsonAsync(url, new { action = "move-to-top", keys = new[] { k[3], k[2] } }))
            await Expect.Status(HttpStatusCode.OK, top);
        Assert.Equal([k[2], k[3], k[0], k[1]], Keys(await PageAsync(team.Po, team.ProductKey)));

        using (var label = await team.Dev.PostAsJsonAsync(url, new { action = "add-label", keys = new[] { k[0], k[1] }, label = "Tech Debt" }))
            await Expect.Status(HttpStatusCode.OK, label);
        var page = await PageAsync(team.Po, team.ProductKey);
        Assert.Equal(["tech-debt"], Labels(ItemOf(page, k[0])));
        Assert.Equal(["tech-debt"], Labels(ItemOf(page, k[1])));
    }

    [Fact]
    public async Task Prioritisation_and_a_rank_by_score_show_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(3);
        await WarmAsync(team);

        using (var low = await team.Po.PutAsJsonAsync($"/api/v1/items/{k[0]}/prioritisation", new { reach = 100, impact = 1, confidence = 50, effort = 2 }))
            await Expect.Status(HttpStatusCode.OK, low);
        using (var high = await team.Po.PutAsJsonAsync($"/api/v1/items/{k[2]}/prioritisation", new { reach = 1000, impact = 2, confidence = 80, effort = 3 }))
            await Expect.Status(HttpStatusCode.OK, high);
        Assert.Equal(25m, ItemOf(await PageAsync(team.Po, team.ProductKey), k[0])["rice"]!.GetValue<decimal>());
        await WarmAsync(team);

        using (var apply = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/backlog/rank-by-score", new { method = "rice", keys = new[] { k[0], k[2] } }))
            await Expect.Status(HttpStatusCode.OK, apply);

        // The ticked items take the head in score order (ADR 29).
        Assert.Equal([k[2], k[0], k[1]], Keys(await PageAsync(team.Po, team.ProductKey)));
    }

    [Fact]
    public async Task An_accepted_rank_suggestion_shows_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(3);
        JsonObject suggestion;
        using (var suggest = await team.Dev.PostAsJsonAsync($"/api/v1/items/{k[2]}/suggestions", new { kind = "rank", position = "top" }))
            suggestion = (await Expect.Status(HttpStatusCode.Created, suggest))!.AsObject();
        await WarmAsync(team);

        // Accepting applies the move inside a transaction: the version must move at its commit.
        using (var accept = await team.Po.PostAsJsonAsync($"/api/v1/suggestions/{suggestion["id"]!.GetValue<Guid>()}/decision", new { decision = "accept" }))
            await Expect.Status(HttpStatusCode.OK, accept);

        Assert.Equal([k[2], k[0], k[1]], Keys(await PageAsync(team.Po, team.ProductKey)));
    }

    [Fact]
    public async Task A_later_page_of_the_cursor_follows_a_move_too()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(4);
        var first = await PageAsync(team.Po, team.ProductKey, "", limit: 2);
        var cursor = first["nextCursor"]!.GetValue<string>();
        var filter = $"&cursor={Uri.EscapeDataString(cursor)}";
        Assert.Equal([k[2], k[3]], Keys(await PageAsync(team.Po, team.ProductKey, filter, limit: 2)));
        Assert.Equal([k[2], k[3]], Keys(await PageAsync(team.Po, team.ProductKey, filter, limit: 2)));

        using (var move = await team.MoveAsync(k[3], new { position = "top" })) await Expect.Status(HttpStatusCode.OK, move);

        Assert.Equal([k[2]], Keys(await PageAsync(team.Po, team.ProductKey, filter, limit: 2)));
    }

    [Fact]
    public async Task A_removed_role_refuses_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        await team.CreateItemsAsync(2);
        var person = await app.CreatePersonAsync();
        await app.AssignAsync(team.ProductKey, person.Id, "developer");
        using var member = await app.SignInAsync(person.Email, person.Password);
        await PageAsync(member, team.ProductKey);
        await PageAsync(member, team.ProductKey);

        using var admin = await app.SignInAsync(TandemApp.Admin);
        using (var remove = await admin.DeleteAsync($"/api/v1/products/{team.ProductKey}/members/{person.Id}"))
            await Expect.Status(HttpStatusCode.OK, remove);

        using var refused = await member.GetAsync($"/api/v1/products/{team.ProductKey}/backlog?limit=100");
        Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        await Expect.Problem(refused.StatusCode, refused);

        // A role given back applies at once as well.
        await app.AssignAsync(team.ProductKey, person.Id, "stakeholder");
        Assert.Equal(2, Keys(await PageAsync(member, team.ProductKey)).Count);
    }

    [Fact]
    public async Task Another_workspace_never_gets_a_cached_page()
    {
        using var acme = await app.SignInAsync(TandemApp.AcmePo);
        using (var warm = await acme.GetAsync("/api/v1/products/PAY/backlog?limit=100")) await Expect.Status(HttpStatusCode.OK, warm);
        using (var warm = await acme.GetAsync("/api/v1/products/PAY/backlog?limit=100")) await Expect.Status(HttpStatusCode.OK, warm);

        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        using var response = await globex.GetAsync("/api/v1/products/PAY/backlog?limit=100");
        await Expect.Problem(HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task The_entity_tag_answers_304_until_the_backlog_changes()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(2);
        var url = $"/api/v1/products/{team.ProductKey}/backlog?limit=100";
        string etag;
        using (var first = await team.Po.GetAsync(url))
        {
            await Expect.Status(HttpStatusCode.OK, first);
            etag = first.Headers.ETag!.ToString();
        }

        using (var unchanged = await Conditional(team.Dev, url, etag))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        }

        using (var move = await team.MoveAsync(k[1], new { position = "top" })) await Expect.Status(HttpStatusCode.OK, move);

        using var changed = await Conditional(team.Dev, url, etag);
        var page = (await Expect.Status(HttpStatusCode.OK, changed))!.AsObject();
        Assert.NotEqual(etag, changed.Headers.ETag!.ToString());
        Assert.Equal([k[1], k[0]], Keys(page));
    }

    [Fact]
    public async Task A_cached_page_is_the_same_json_as_a_fresh_one()
    {
        var team = await BacklogTeam.CreateAsync(app);
        await team.CreateItemsAsync(3);
        await team.PatchAsync($"{team.ProductKey}-2", new { assignee = team.ProductOwner.Id });
        var url = $"/api/v1/products/{team.ProductKey}/backlog?limit=100";

        using var fresh = await team.Po.GetAsync(url);
        using var cached = await team.Po.GetAsync(url);

        Assert.Equal("application/json; charset=utf-8", cached.Content.Headers.ContentType!.ToString());
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await cached.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> Conditional(HttpClient client, string url, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request);
    }

    /// <summary>Reads the page twice, as the Product Owner and as a developer, so that it is in the cache.</summary>
    private static async Task WarmAsync(BacklogTeam team, string filter = "")
    {
        await PageAsync(team.Po, team.ProductKey, filter);
        await PageAsync(team.Po, team.ProductKey, filter);
        await PageAsync(team.Dev, team.ProductKey, filter);
    }

    private static async Task<JsonObject> PageAsync(HttpClient client, string productKey, string filter = "", int limit = 100)
    {
        using var response = await client.GetAsync($"/api/v1/products/{productKey}/backlog?limit={limit}{filter}");
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    private static List<string> Keys(JsonObject page) => page["items"]!.AsArray().Select(i => BacklogTeam.Key(i!)).ToList();

    private static JsonObject ItemOf(JsonObject page, string key) =>
        page["items"]!.AsArray().Single(i => BacklogTeam.Key(i!) == key)!.AsObject();

    private static List<string> Labels(JsonObject item) => item["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
}
