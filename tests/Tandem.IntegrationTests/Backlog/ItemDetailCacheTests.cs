using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Identity;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Nfrs;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// One item's detail is served from a cache under versions that every write to what it shows moves (ADR 0025).
/// Each test reads the item until it is cached, writes through the API (or, for a display name, the user
/// store), and expects the very next read to show the new value; tags answer 304 until then, If-Match keeps
/// working on them, and who may read is decided afresh on every read.
/// </summary>
[Collection(TandemCollection.Name)]
public class ItemDetailCacheTests(TandemApp app)
{
    private static readonly string[] Ledger = ["ledger"];
    private static readonly string[] DoneLines = ["Reviewed", "Released behind a flag"];

    [Fact]
    public async Task A_second_read_serves_the_same_bytes_and_tag()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card", description: "**Fast** checkout"));
        await team.PatchAsync(key, new { assignee = team.ProductOwner.Id });

        var (first, firstTag) = await ReadAsync(team.Po, key);
        var (second, secondTag) = await ReadAsync(team.Dev, key);

        Assert.Equal(first, second);
        Assert.Equal(firstTag, secondTag);
        Assert.StartsWith("\"", firstTag, StringComparison.Ordinal);
        var item = JsonNode.Parse(second)!;
        Assert.Equal("Pay by card", item["title"]!.GetValue<string>());
        Assert.Equal(team.ProductOwner.DisplayName, item["assignee"]!["displayName"]!.GetValue<string>());
        // The tag starts with the item's version, which is what If-Match compares.
        Assert.StartsWith($"\"{item["version"]!.GetValue<int>()}.", firstTag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comment_shows_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        await WarmAsync(team, key);

        using (var comment = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/comments", new { text = "Needs the *new* provider" }))
            await Expect.Status(HttpStatusCode.OK, comment);

        var item = await ItemAsync(team.Po, key);
        var only = Assert.Single(item["comments"]!.AsArray())!;
        Assert.Equal("Needs the *new* provider", only["text"]!.GetValue<string>());
        Assert.Contains("<em>new</em>", only["html"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_criterion_added_and_ticked_shows_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        await WarmAsync(team, key);

        Guid id;
        using (var add = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/criteria", new { given = "a saved card", when = "I pay", then = "I am charged once" }))
            id = (await Expect.Status(HttpStatusCode.Created, add))!["acceptanceCriteria"]![0]!["id"]!.GetValue<Guid>();

        var criterion = Assert.Single((await ItemAsync(team.Dev, key))["acceptanceCriteria"]!.AsArray())!;
        Assert.Equal("I am charged once", criterion["then"]!.GetValue<string>());
        Assert.False(criterion["isMet"]!.GetValue<bool>());
        await WarmAsync(team, key);

        using (var tick = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/criteria/{id}/tick", new { met = true }))
            await Expect.Status(HttpStatusCode.OK, tick);

        Assert.True((await ItemAsync(team.Po, key))["acceptanceCriteria"]![0]!["isMet"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_label_shows_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        await WarmAsync(team, key);

        using (var add = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/labels", new { label = "Quick Win" }))
            await Expect.Status(HttpStatusCode.OK, add);

        Assert.Equal(["quick-win"], (await ItemAsync(team.Po, key))["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public async Task A_link_and_then_a_retitle_of_the_linked_item_show_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        var other = BacklogTeam.Key(await team.CreateItemAsync("Card vault"));
        await WarmAsync(team, key);

        using (var link = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/links", new { kind = "blocked-by", target = other }))
            await Expect.Status(HttpStatusCode.OK, link);
        var shown = Assert.Single((await ItemAsync(team.Po, key))["links"]!.AsArray())!;
        Assert.Equal(other, shown["item"]!.GetValue<string>());
        Assert.Equal("Card vault", shown["title"]!.GetValue<string>());
        await WarmAsync(team, key);

        // The other item changes, not this one: its title is part of this item's detail all the same.
        await team.PatchAsync(other, new { title = "Card vault with tokens" });

        Assert.Equal("Card vault with tokens", (await ItemAsync(team.Po, key))["links"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_estimate_and_an_assessment_show_on_the_next_read()
    {
        var team = await NfrTeam.CreateAsync(app);
        var key = await CreateItemAsync(team.Po, team.ProductKey, "Pay by card");
        await WarmAsync(team.Po, team.Dev, key);

        using (var estimate = await team.Tl.PutAsJsonAsync($"/api/v1/items/{key}/estimate", new { points = 5 }))
            await Expect.Status(HttpStatusCode.OK, estimate);
        Assert.Equal(5m, (await ItemAsync(team.Po, key))["estimate"]!.GetValue<decimal>());
        await WarmAsync(team.Po, team.Dev, key);

        using (var assess = await team.Tl.PutAsJsonAsync($"/api/v1/items/{key}/assessment",
                   new { feasibility = "feasible", risk = "medium", riskReason = "A new provider", confidence = "medium", components = Ledger, notes = "Spike first" }))
            await Expect.Status(HttpStatusCode.OK, assess);

        var assessment = (await ItemAsync(team.Dev, key))["assessment"]!;
        Assert.Equal("feasible", assessment["feasibility"]!.GetValue<string>());
        Assert.Equal("Spike first", assessment["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Definition_of_Done_edit_and_an_NFR_link_show_on_the_next_read()
    {
        var team = await NfrTeam.CreateAsync(app);
        var key = await CreateItemAsync(team.Po, team.ProductKey, "Pay by card");
        await WarmAsync(team.Po, team.Dev, key);

        using (var done = await team.Po.PutAsJsonAsync($"/api/v1/products/{team.ProductKey}/definitions/done", new { entries = DoneLines }))
            await Expect.Status(HttpStatusCode.OK, done);
        Assert.Equal(["Reviewed", "Released behind a flag"],
            (await ItemAsync(team.Dev, key))["definitionOfDone"]!["product"]!.AsArray().Select(l => l!.GetValue<string>()));
        await WarmAsync(team.Po, team.Dev, key);

        var nfr = await team.ProposeAsync();
        using (var link = await team.Dev.PostAsJsonAsync($"/api/v1/nfrs/{nfr["id"]!.GetValue<Guid>()}/links", new { kind = "item", target = key }))
            await Expect.Status(HttpStatusCode.OK, link);

        var check = Assert.Single((await ItemAsync(team.Po, key))["definitionOfDone"]!["nfrs"]!.AsArray())!;
        Assert.Equal(nfr["code"]!.GetValue<string>(), check["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_display_name_shows_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        await team.PatchAsync(key, new { assignee = team.ProductOwner.Id });
        await WarmAsync(team, key);

        // No endpoint renames a person yet; the user store is where a rename would save.
        var renamed = TandemApp.Unique("Renamed");
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
            var user = (await users.FindByIdAsync(team.ProductOwner.Id.ToString()))!;
            user.DisplayName = renamed;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        var item = await ItemAsync(team.Dev, key);
        Assert.Equal(renamed, item["assignee"]!["displayName"]!.GetValue<string>());
        Assert.All(item["activity"]!.AsArray(), a => Assert.Equal(renamed, a!["actor"]!["displayName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_patch_a_move_and_an_acceptance_show_on_the_next_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var first = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by bank"));
        await WarmAsync(team, key);

        await team.PatchAsync(key, new { title = "Pay by bank transfer", status = "done" }, team.Dev);
        var patched = await ItemAsync(team.Po, key);
        Assert.Equal("Pay by bank transfer", patched["title"]!.GetValue<string>());
        Assert.Equal("done", patched["status"]!.GetValue<string>());
        var rank = patched["rank"]!.GetValue<string>();
        await WarmAsync(team, key);

        using (var move = await team.MoveAsync(key, new { before = first })) await Expect.Status(HttpStatusCode.OK, move);
        var moved = await ItemAsync(team.Dev, key);
        Assert.NotEqual(rank, moved["rank"]!.GetValue<string>());
        Assert.True(string.CompareOrdinal(moved["rank"]!.GetValue<string>(), (await ItemAsync(team.Dev, first))["rank"]!.GetValue<string>()) < 0);
        await WarmAsync(team, key);

        await team.DecideAsync(key, "accept");
        Assert.Equal("accepted", (await ItemAsync(team.Dev, key))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_tag_answers_304_without_a_body_until_the_item_changes_then_200_with_a_new_tag()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        var (_, etag) = await ReadAsync(team.Po, key);

        using (var unchanged = await ConditionalAsync(team.Dev, key, etag))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Equal(etag, unchanged.Headers.ETag!.ToString());
            Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        }

        // A comment does not change the item's version, but it changes what the tag names.
        using (var comment = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/comments", new { text = "Seen it" }))
            await Expect.Status(HttpStatusCode.OK, comment);

        using var changed = await ConditionalAsync(team.Dev, key, etag);
        var item = (await Expect.Status(HttpStatusCode.OK, changed))!;
        Assert.NotEqual(etag, changed.Headers.ETag!.ToString());
        Assert.Equal("Seen it", item["comments"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_tag_of_a_read_is_an_If_Match_that_saves_and_a_stale_one_is_412()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        var (_, etag) = await ReadAsync(team.Po, key);

        using (var saved = await PatchIfMatchAsync(team.Po, key, new { title = "Pay by debit card" }, etag))
            Assert.Equal("Pay by debit card", (await Expect.Status(HttpStatusCode.OK, saved))!["title"]!.GetValue<string>());

        using (var stale = await PatchIfMatchAsync(team.Dev, key, new { title = "Lost update" }, etag))
            await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal("Pay by debit card", (await ItemAsync(team.Po, key))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_read_access_a_cached_item_is_refused_as_an_uncached_one()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var cached = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        var uncached = BacklogTeam.Key(await team.CreateItemAsync("Pay by bank"));
        await WarmAsync(team, cached);

        // Someone in the workspace with no role on the product.
        var outsider = await app.CreatePersonAsync();
        using var stranger = await app.SignInAsync(outsider.Email, outsider.Password);
        using var refusedCached = await stranger.GetAsync($"/api/v1/items/{cached}");
        using var refusedFresh = await stranger.GetAsync($"/api/v1/items/{uncached}");
        var cachedProblem = await Expect.Problem(HttpStatusCode.Forbidden, refusedCached);
        var freshProblem = await Expect.Problem(HttpStatusCode.Forbidden, refusedFresh);
        Assert.Equal(freshProblem["detail"]!.GetValue<string>(), cachedProblem["detail"]!.GetValue<string>());
        Assert.Null(refusedCached.Headers.ETag);

        // A role taken away refuses the next read of the item it could read a moment ago.
        var member = await app.CreatePersonAsync();
        await app.AssignAsync(team.ProductKey, member.Id, "developer");
        using var dev = await app.SignInAsync(member.Email, member.Password);
        await ItemAsync(dev, cached);
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using (var remove = await admin.DeleteAsync($"/api/v1/products/{team.ProductKey}/members/{member.Id}"))
            await Expect.Status(HttpStatusCode.OK, remove);
        using (var refused = await dev.GetAsync($"/api/v1/items/{cached}"))
            await Expect.Problem(HttpStatusCode.Forbidden, refused);

        // Another workspace does not find the item at all, cached or not.
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        using var elsewhere = await globex.GetAsync($"/api/v1/items/{cached}");
        await Expect.Problem(HttpStatusCode.NotFound, elsewhere);
    }

    private static async Task<string> CreateItemAsync(HttpClient po, string productKey, string title)
    {
        using var response = await po.PostAsJsonAsync($"/api/v1/products/{productKey}/items", new { type = "story", title });
        return BacklogTeam.Key((await Expect.Status(HttpStatusCode.Created, response))!);
    }

    private static Task WarmAsync(BacklogTeam team, string key) => WarmAsync(team.Po, team.Dev, key);

    /// <summary>Reads the item until the second read is served from the cache, as two people.</summary>
    private static async Task WarmAsync(HttpClient one, HttpClient other, string key)
    {
        var (first, _) = await ReadAsync(one, key);
        var (second, _) = await ReadAsync(other, key);
        Assert.Equal(first, second);
    }

    private static async Task<(string Json, string ETag)> ReadAsync(HttpClient client, string key)
    {
        using var response = await client.GetAsync($"/api/v1/items/{key}");
        await Expect.Status(HttpStatusCode.OK, response);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag!.ToString());
    }

    private static async Task<JsonObject> ItemAsync(HttpClient client, string key) => JsonNode.Parse((await ReadAsync(client, key)).Json)!.AsObject();

    private static Task<HttpResponseMessage> ConditionalAsync(HttpClient client, string key, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/items/{key}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PatchIfMatchAsync(HttpClient client, string key, object patch, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/items/{key}") { Content = JsonContent.Create(patch) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request);
    }
}
