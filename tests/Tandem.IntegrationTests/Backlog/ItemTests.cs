using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

[Collection(TandemCollection.Name)]
public class ItemTests(TandemApp app)
{
    private static async Task<HttpResponseMessage> PatchWithIfMatchAsync(HttpClient client, string itemKey, object patch, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/items/{itemKey}") { Content = JsonContent.Create(patch) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_stale_If_Match_is_a_412_and_changes_nothing_while_the_current_one_saves_and_moves_the_ETag()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        using var got = await team.Po.GetAsync($"/api/v1/items/{key}");
        await Expect.Status(HttpStatusCode.OK, got);
        var etag = got.Headers.ETag!.ToString();
        await team.PatchAsync(key, new { title = "Pay by debit card" }, team.Dev);

        using (var stale = await PatchWithIfMatchAsync(team.Po, key, new { title = "Lost update" }, etag))
            await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal("Pay by debit card", (await team.GetItemAsync(key))["title"]!.GetValue<string>());

        using var current = await team.Po.GetAsync($"/api/v1/items/{key}");
        var currentTag = current.Headers.ETag!.ToString();
        using var saved = await PatchWithIfMatchAsync(team.Po, key, new { title = "Pay by any card" }, currentTag);
        var body = (await Expect.Status(HttpStatusCode.OK, saved))!;
        Assert.Equal("Pay by any card", body["title"]!.GetValue<string>());
        Assert.NotEqual(currentTag, saved.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Business_value_is_the_Product_Owners_to_set()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));

        using var refused = await team.Dev.PatchAsJsonAsync($"/api/v1/items/{key}", new { businessValue = 40 });
        await Expect.Problem(HttpStatusCode.Forbidden, refused);
        Assert.Null((await team.GetItemAsync(key))["businessValue"]?.GetValue<int?>());

        var item = await team.PatchAsync(key, new { businessValue = 40 });
        Assert.Equal(40, item["businessValue"]!.GetValue<int>());
    }

    [Fact]
    public async Task Descriptions_are_rendered_without_scripts_or_javascript_links()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var item = await team.CreateItemAsync("Pay by card", description: "Hello <script>alert(1)</script> and [click](javascript:alert(2)) **bold**");
        var html = item["descriptionHtml"]!.GetValue<string>();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_Product_Owner_accepts_done_work_and_a_rejection_needs_a_reason_all_logged()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));

        using (var notDone = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/acceptance", new { decision = "accept" }))
            await Expect.Problem(HttpStatusCode.BadRequest, notDone);

        await team.PatchAsync(key, new { status = "done" }, team.Dev);
        using (var byDev = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/acceptance", new { decision = "accept" }))
            await Expect.Problem(HttpStatusCode.Forbidden, byDev);
        using (var statusAccepted = await team.Dev.PatchAsJsonAsync($"/api/v1/items/{key}", new { status = "accepted" }))
            Assert.True(statusAccepted.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{statusAccepted.StatusCode}");
        using (var noReason = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/acceptance", new { decision = "reject" }))
            await Expect.Problem(HttpStatusCode.BadRequest, noReason);
        Assert.Equal("done", (await team.GetItemAsync(key))["status"]!.GetValue<string>());

        var rejected = await team.DecideAsync(key, "reject", "The receipt email is missing");
        Assert.Equal("in-progress", rejected["status"]!.GetValue<string>());
        Assert.Equal("The receipt email is missing", rejected["rejectionReason"]!.GetValue<string>());

        await team.PatchAsync(key, new { status = "done" }, team.Dev);
        var accepted = await team.DecideAsync(key, "accept");
        Assert.Equal("accepted", accepted["status"]!.GetValue<string>());

        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log?subject={key}"))!;
        var summaries = log["items"]!.AsArray().Select(e => e!["summary"]!.GetValue<string>()).ToList();
        Assert.Contains(summaries, s => s.StartsWith($"Accepted {key}", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.StartsWith($"Rejected {key}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_Product_Owner_writes_criteria_the_team_ticks_them_and_the_PO_verifies()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        var criterion = new { given = "a saved card", when = "I pay", then = "I get a receipt" };

        using (var byDev = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/criteria", criterion))
            Assert.Contains("propose", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, byDev)), StringComparison.OrdinalIgnoreCase);

        using var added = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/criteria", criterion);
        var item = (await Expect.Status(HttpStatusCode.Created, added))!;
        var id = Assert.Single(item["acceptanceCriteria"]!.AsArray())!["id"]!.GetValue<Guid>();
        var url = $"/api/v1/items/{key}/criteria/{id}";

        using (var unticked = await team.Po.PostAsync($"{url}/verify", null))
            await Expect.Problem(HttpStatusCode.BadRequest, unticked);

        using (var tick = await team.Dev.PostAsJsonAsync($"{url}/tick", new { met = true }))
            Assert.True((await Expect.Status(HttpStatusCode.OK, tick))!["acceptanceCriteria"]![0]!["isMet"]!.GetValue<bool>());
        using (var verify = await team.Po.PostAsync($"{url}/verify", null))
            Assert.True((await Expect.Status(HttpStatusCode.OK, verify))!["acceptanceCriteria"]![0]!["isVerified"]!.GetValue<bool>());

        using var rewrite = await team.Po.PutAsJsonAsync(url, criterion with { then = "I get a receipt by email" });
        var rewritten = (await Expect.Status(HttpStatusCode.OK, rewrite))!["acceptanceCriteria"]![0]!;
        Assert.Equal("I get a receipt by email", rewritten["then"]!.GetValue<string>());
        Assert.False(rewritten["isMet"]!.GetValue<bool>());
        Assert.False(rewritten["isVerified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_developer_suggests_a_move_and_the_Product_Owner_decides_once()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(3);

        using (var byStakeholder = await team.Stakeholder.PostAsJsonAsync($"/api/v1/items/{k[2]}/suggestions", new { kind = "rank", position = "top" }))
            await Expect.Problem(HttpStatusCode.Forbidden, byStakeholder);

        var first = await SuggestAsync(team, k[2], new { kind = "rank", position = "top", note = "Customers ask daily" });
        var second = await SuggestAsync(team, k[1], new { kind = "rank", position = "bottom" });
        Assert.Equal("open", first["status"]!.GetValue<string>());
        Assert.Equal(k, await team.OrderAsync());

        using (var accept = await Decide(team, first, new { decision = "accept" }))
            Assert.Equal("accepted", (await Expect.Status(HttpStatusCode.OK, accept))!["status"]!.GetValue<string>());
        Assert.Equal(k[2], (await team.OrderAsync())[0]);

        using (var twice = await Decide(team, first, new { decision = "decline", reason = "Changed my mind" }))
            await Expect.Problem(HttpStatusCode.Conflict, twice);
        using (var noReason = await Decide(team, second, new { decision = "decline" }))
            await Expect.Problem(HttpStatusCode.BadRequest, noReason);
        using (var declined = await Decide(team, second, new { decision = "decline", reason = "It is needed this sprint" }))
        {
            var body = (await Expect.Status(HttpStatusCode.OK, declined))!;
            Assert.Equal("declined", body["status"]!.GetValue<string>());
            Assert.Equal("It is needed this sprint", body["decisionReason"]!.GetValue<string>());
        }
        Assert.Equal([k[2], k[0], k[1]], await team.OrderAsync());
    }

    private static async Task<JsonObject> SuggestAsync(BacklogTeam team, string key, object suggestion)
    {
        using var response = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/suggestions", suggestion);
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    private static Task<HttpResponseMessage> Decide(BacklogTeam team, JsonObject suggestion, object decision) =>
        team.Po.PostAsJsonAsync($"/api/v1/suggestions/{suggestion["id"]!.GetValue<Guid>()}/decision", decision);

    [Fact]
    public async Task Rice_is_computed_and_ranking_by_score_puts_the_chosen_items_at_the_head_of_the_backlog_in_score_order()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(4); // 1 2 3 4

        var low = await PrioritiseAsync(team, k[1], new { reach = 100, impact = 1, confidence = 50, effort = 2 });
        Assert.Equal(25m, low["prioritisation"]!["rice"]!.GetValue<decimal>());
        var high = await PrioritiseAsync(team, k[3], new { reach = 1000, impact = 2, confidence = 80, effort = 3, moscow = "must" });
        Assert.Equal(533.33m, high["prioritisation"]!["rice"]!.GetValue<decimal>());

        using (var badImpact = await team.Po.PutAsJsonAsync($"/api/v1/items/{k[0]}/prioritisation", new { reach = 1, impact = 7, confidence = 50, effort = 1 }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, badImpact))["errors"]!["impact"]);
        using (var byDev = await team.Dev.PutAsJsonAsync($"/api/v1/items/{k[0]}/prioritisation", new { reach = 1, impact = 1, confidence = 50, effort = 1 }))
            await Expect.Problem(HttpStatusCode.Forbidden, byDev);

        var preview = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/backlog/rank-by-score?method=rice"))!;
        Assert.Equal(2, preview["scored"]!.GetValue<int>());
        Assert.Equal([k[3], k[1], k[0], k[2]], preview["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()));
        Assert.Equal(k, await team.OrderAsync());

        using (var unscored = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/backlog/rank-by-score", new { method = "rice", keys = new[] { k[1], k[2] } }))
            await Expect.Problem(HttpStatusCode.BadRequest, unscored);
        Assert.Equal(k, await team.OrderAsync());

        // One ticked item goes to the head even though an unticked one scores higher (ADR 29): the PO chose it.
        using (var one = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/backlog/rank-by-score", new { method = "rice", keys = new[] { k[1] } }))
            await Expect.Status(HttpStatusCode.OK, one);
        Assert.Equal([k[1], k[0], k[2], k[3]], await team.OrderAsync());

        // The ticked items take the head in score order, before every item not ticked; the rest keep their order.
        using (var apply = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/backlog/rank-by-score", new { method = "rice", keys = new[] { k[1], k[3] } }))
        {
            var answer = (await Expect.Status(HttpStatusCode.OK, apply))!;
            var positions = answer["items"]!.AsArray().ToDictionary(i => i!["key"]!.GetValue<string>(), i => i!["currentPosition"]!.GetValue<int>());
            Assert.Equal(1, positions[k[3]]);
            Assert.Equal(2, positions[k[1]]);
        }
        Assert.Equal([k[3], k[1], k[0], k[2]], await team.OrderAsync());
        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains($"Ranked 2 items by RICE at the top of the backlog: {k[3]}, {k[1]}", log, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> PrioritiseAsync(BacklogTeam team, string key, object inputs)
    {
        using var response = await team.Po.PutAsJsonAsync($"/api/v1/items/{key}/prioritisation", inputs);
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    [Fact]
    public async Task The_Product_Owner_replaces_the_Definition_of_Done()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var url = $"/api/v1/products/{team.ProductKey}/definitions";
        string[] done = ["Code reviewed", "Deployed to staging", "Release notes written"];

        using (var bySm = await team.Sm.PutAsJsonAsync($"{url}/done", new { entries = (string[])["Anything goes"] }))
            await Expect.Problem(HttpStatusCode.Forbidden, bySm);
        using (var put = await team.Po.PutAsJsonAsync($"{url}/done", new { entries = done }))
            Assert.Equal(done, (await Expect.Status(HttpStatusCode.OK, put))!["done"]!.AsArray().Select(e => e!.GetValue<string>()));

        var got = (await team.Dev.GetFromJsonAsync<JsonObject>(url))!;
        Assert.Equal(done, got["done"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task Labels_links_and_comments_show_on_the_item_with_its_activity()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(2);

        using (var label = await team.Dev.PostAsJsonAsync($"/api/v1/items/{k[0]}/labels", new { label = "Quick Win" }))
            Assert.Equal(["quick-win"], (await Expect.Status(HttpStatusCode.OK, label))!["labels"]!.AsArray().Select(l => l!.GetValue<string>()));

        using (var link = await team.Dev.PostAsJsonAsync($"/api/v1/items/{k[0]}/links", new { kind = "blocks", target = k[1] }))
            await Expect.Status(HttpStatusCode.OK, link);
        var blocker = await team.GetItemAsync(k[0]);
        var blocked = await team.GetItemAsync(k[1]);
        Assert.Contains(blocker["links"]!.AsArray(), l => l!["kind"]!.GetValue<string>() == "blocks" && l["item"]!.GetValue<string>() == k[1]);
        Assert.Contains(blocked["links"]!.AsArray(), l => l!["kind"]!.GetValue<string>() == "blocked-by" && l["item"]!.GetValue<string>() == k[0]);

        using (var mutual = await team.Dev.PostAsJsonAsync($"/api/v1/items/{k[0]}/links", new { kind = "blocked-by", target = k[1] }))
            await Expect.Problem(HttpStatusCode.BadRequest, mutual);
        using (var self = await team.Dev.PostAsJsonAsync($"/api/v1/items/{k[0]}/links", new { kind = "relates-to", target = k[0] }))
            await Expect.Problem(HttpStatusCode.BadRequest, self);
        var elsewhere = BacklogTeam.Key(await (await BacklogTeam.CreateAsync(app)).CreateItemAsync("Elsewhere"));
        using (var otherProduct = await team.Dev.PostAsJsonAsync($"/api/v1/items/{k[0]}/links", new { kind = "relates-to", target = elsewhere }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, otherProduct))["errors"]!["target"]);
        Assert.Single((await team.GetItemAsync(k[0]))["links"]!.AsArray());

        using var comment = await team.Dev.PostAsJsonAsync($"/api/v1/items/{k[0]}/comments", new { text = "Looks good <script>alert(1)</script> [x](javascript:alert(1))" });
        var commented = (await Expect.Status(HttpStatusCode.OK, comment))!;
        var html = Assert.Single(commented["comments"]!.AsArray())!["html"]!.GetValue<string>();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);

        var activity = commented["activity"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()).ToList();
        Assert.Contains(activity, a => a.Contains("quick-win", StringComparison.Ordinal));
        Assert.Contains(activity, a => a.Contains($"blocks {k[1]}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bulk_move_to_top_is_the_Product_Owners_and_keeps_the_chosen_items_relative_order()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(5);
        var url = $"/api/v1/products/{team.ProductKey}/backlog/bulk";

        using (var byDev = await team.Dev.PostAsJsonAsync(url, new { action = "move-to-top", keys = new[] { k[4], k[2] } }))
            await Expect.Problem(HttpStatusCode.Forbidden, byDev);
        Assert.Equal(k, await team.OrderAsync());

        using (var byPo = await team.Po.PostAsJsonAsync(url, new { action = "move-to-top", keys = new[] { k[4], k[2] } }))
            await Expect.Status(HttpStatusCode.OK, byPo);
        Assert.Equal([k[2], k[4], k[0], k[1], k[3]], await team.OrderAsync());

        using (var label = await team.Dev.PostAsJsonAsync(url, new { action = "add-label", keys = new[] { k[0], k[1], k[3] }, label = "Tech Debt" }))
            await Expect.Status(HttpStatusCode.OK, label);
        Assert.Equal([k[0], k[1], k[3]], await team.OrderAsync("&label=tech-debt"));
    }

    [Theory]
    [InlineData("bulk", """{"action":"move-to-top","keys":[null]}""")]
    [InlineData("bulk", """{"action":"add-label","label":"x","keys":["  "]}""")]
    [InlineData("rank-by-score", """{"method":"rice","keys":[null]}""")]
    public async Task A_null_or_empty_key_in_a_bulk_request_is_a_400_naming_keys_not_a_500(string endpoint, string body)
    {
        var team = await BacklogTeam.CreateAsync(app);
        await team.CreateItemsAsync(1);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await team.Po.PostAsync($"/api/v1/products/{team.ProductKey}/backlog/{endpoint}", content);
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]?["keys"]);
    }

    [Fact]
    public async Task Accepting_a_suggestion_logs_one_decision_that_tells_what_was_applied()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(2);
        var suggestion = await SuggestAsync(team, k[1], new { kind = "rank", position = "top" });
        using (var accept = await Decide(team, suggestion, new { decision = "accept" }))
            await Expect.Status(HttpStatusCode.OK, accept);

        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log?limit=100"))!;
        var entries = log["items"]!.AsArray().Select(e => e!["summary"]!.GetValue<string>()).Where(s => s.Contains(k[1], StringComparison.Ordinal)).ToList();
        Assert.Equal([$"Accepted a suggestion on {k[1]}: move {k[1]} to the top"], entries);
        Assert.Equal([k[1], k[0]], await team.OrderAsync());
    }
}
