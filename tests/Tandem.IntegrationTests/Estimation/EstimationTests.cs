using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Estimation;

[Collection(TandemCollection.Name)]
public class EstimationTests(TandemApp app)
{
    private static readonly string[] Components = ["Payments API", "ledger"];
    private static readonly string[] Reversed = ["2", "1"];
    private static readonly string[] Short = ["1", "2"];
    private static readonly string[] Halves = ["0.5", "1", "2", "4", "?"];

    /// <summary>A backlog team with a Tech Lead added.</summary>
    private async Task<(BacklogTeam Team, HttpClient Tl, Person TechLead)> TeamAsync()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var tl = await app.CreatePersonAsync(TandemApp.Unique("Lead"));
        await app.AssignAsync(team.ProductKey, tl.Id, "tech-lead");
        return (team, await app.SignInAsync(tl.Email, tl.Password), tl);
    }

    private static async Task<JsonObject> EstimateAsync(HttpClient client, string key, object points, string? reason = null)
    {
        using var response = await client.PutAsJsonAsync($"/api/v1/items/{key}/estimate", new { points, reason });
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    private static async Task<JsonObject> AssessAsync(HttpClient client, string key, string feasibility, string risk = "low", string? riskReason = null, string? notes = null)
    {
        using var response = await client.PutAsJsonAsync($"/api/v1/items/{key}/assessment",
            new { feasibility, risk, riskReason, confidence = "medium", components = Components, notes });
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    private static async Task<List<JsonObject>> LogAsync(HttpClient client, string productKey, string subject) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/v1/products/{productKey}/decision-log?subject={subject}"))!["items"]!.AsArray().Select(e => e!.AsObject()).ToList();

    [Fact]
    public async Task A_product_starts_with_the_default_scale_and_a_developer_or_the_TL_may_change_it_but_not_the_PO()
    {
        var (team, tl, _) = await TeamAsync();
        var scale = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/estimation-scale"))!;
        Assert.Equal(["0", "1", "2", "3", "5", "8", "13", "21", "?"], scale["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.True(scale["isDefault"]!.GetValue<bool>());

        using (var byPo = await team.Po.PutAsJsonAsync($"/api/v1/products/{team.ProductKey}/estimation-scale", new { values = Short }))
            await Expect.Problem(HttpStatusCode.Forbidden, byPo);
        using (var unordered = await tl.PutAsJsonAsync($"/api/v1/products/{team.ProductKey}/estimation-scale", new { values = Reversed }))
            await Expect.Problem(HttpStatusCode.BadRequest, unordered);
        using (var saved = await tl.PutAsJsonAsync($"/api/v1/products/{team.ProductKey}/estimation-scale", new { values = Halves }))
        {
            var body = (await Expect.Status(HttpStatusCode.OK, saved))!;
            Assert.Equal(["0.5", "1", "2", "4", "?"], body["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        }

        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        using var offScale = await team.Dev.PutAsJsonAsync($"/api/v1/items/{key}/estimate", new { points = 3 });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, offScale);
        Assert.Contains("0.5, 1, 2, 4, ?", problem["errors"]!["points"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0.5m, (await EstimateAsync(team.Dev, key, 0.5))["estimate"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_estimate_off_the_scale_is_a_400_naming_the_allowed_values_and_changes_nothing()
    {
        var (team, tl, _) = await TeamAsync();
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));

        foreach (var bad in new object[] { 4, "four", 100, "" })
        {
            using var response = await tl.PutAsJsonAsync($"/api/v1/items/{key}/estimate", new { points = bad });
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
            Assert.Contains("0, 1, 2, 3, 5, 8, 13, 21, ?", problem["errors"]!["points"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Null((await team.GetItemAsync(key))["estimate"]?.GetValue<decimal?>());
        Assert.Empty((await tl.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}/estimates"))!["history"]!.AsArray());
    }

    [Fact]
    public async Task Estimates_keep_a_history_of_who_when_from_to_and_why_feed_WSJF_and_are_logged()
    {
        var (team, tl, techLead) = await TeamAsync();
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        using (var inputs = await team.Po.PutAsJsonAsync($"/api/v1/items/{key}/prioritisation", new { businessValue = 8, timeCriticality = 5, riskReduction = 2 }))
            await Expect.Status(HttpStatusCode.OK, inputs);

        await EstimateAsync(team.Dev, key, "?");
        var unknown = await team.GetItemAsync(key);
        Assert.Null(unknown["estimate"]?.GetValue<decimal?>());
        Assert.Null(unknown["prioritisation"]!["wsjf"]?.GetValue<decimal?>());
        await EstimateAsync(team.Dev, key, 3);
        var item = await EstimateAsync(tl, key, "5", "The ledger needs a migration too");
        Assert.Equal(5m, item["estimate"]!.GetValue<decimal>());
        Assert.Equal(5m, item["prioritisation"]!["jobSize"]!.GetValue<decimal>());
        Assert.Equal(3m, item["prioritisation"]!["wsjf"]!.GetValue<decimal>());

        var estimates = (await team.Stakeholder.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}/estimates"))!;
        Assert.Equal("5", estimates["current"]!.GetValue<string>());
        var history = estimates["history"]!.AsArray().Select(h => h!.AsObject()).ToList();
        Assert.Equal([("3", "5"), ("?", "3"), (null, "?")], history.Select(h => (h["from"]?.GetValue<string>(), h["to"]!.GetValue<string>())));
        Assert.Equal(techLead.DisplayName, history[0]["by"]!["displayName"]!.GetValue<string>());
        Assert.Equal("The ledger needs a migration too", history[0]["reason"]!.GetValue<string>());

        var log = await LogAsync(team.Po, team.ProductKey, key);
        Assert.Equal(3, log.Count(e => e["operation"]!.GetValue<string>() == "estimate.set"));
        Assert.Contains(log, e => e["reason"]?.GetValue<string>() == "The ledger needs a migration too");

        // The same value again is not a change: no new history line.
        await EstimateAsync(tl, key, 5);
        Assert.Equal(3, (await tl.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}/estimates"))!["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task Developers_and_the_Tech_Lead_estimate_the_PO_SM_and_stakeholders_are_refused_with_the_reason()
    {
        var (team, tl, techLead) = await TeamAsync();
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        foreach (var client in new[] { team.Po, team.Sm, team.Stakeholder })
        {
            using var refused = await client.PutAsJsonAsync($"/api/v1/items/{key}/estimate", new { points = 3 });
            var problem = await Expect.Problem(HttpStatusCode.Forbidden, refused);
            Assert.Contains(techLead.DisplayName, Expect.Detail(problem), StringComparison.Ordinal);
        }
        await EstimateAsync(team.Dev, key, 3);
        await EstimateAsync(tl, key, 2);
    }

    [Fact]
    public async Task A_stale_If_Match_on_an_estimate_is_a_412()
    {
        var (team, tl, _) = await TeamAsync();
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        await team.PatchAsync(key, new { title = "Pay by debit card" }, team.Dev);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/items/{key}/estimate") { Content = JsonContent.Create(new { points = 3 }) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        using var stale = await tl.SendAsync(request);
        await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);
    }

    [Fact]
    public async Task Only_the_Tech_Lead_assesses_and_the_assessment_is_logged_with_sanitised_notes()
    {
        var (team, tl, techLead) = await TeamAsync();
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));

        using (var byDev = await team.Dev.PutAsJsonAsync($"/api/v1/items/{key}/assessment", new { feasibility = "feasible", risk = "low", confidence = "high" }))
        {
            var problem = await Expect.Problem(HttpStatusCode.Forbidden, byDev);
            Assert.Contains("comment on the assessment instead", Expect.Detail(problem), StringComparison.Ordinal);
        }
        using (var byPo = await team.Po.PutAsJsonAsync($"/api/v1/items/{key}/assessment", new { feasibility = "feasible", risk = "low", confidence = "high" }))
            await Expect.Problem(HttpStatusCode.Forbidden, byPo);
        using (var noReason = await tl.PutAsJsonAsync($"/api/v1/items/{key}/assessment", new { feasibility = "feasible", risk = "high", confidence = "high" }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, noReason))["errors"]!["riskReason"]);
        using (var badValue = await tl.PutAsJsonAsync($"/api/v1/items/{key}/assessment", new { feasibility = "maybe", risk = "low", confidence = "sure" }))
        {
            var errors = (await Expect.Problem(HttpStatusCode.BadRequest, badValue))["errors"]!;
            Assert.NotNull(errors["feasibility"]);
            Assert.NotNull(errors["confidence"]);
        }
        Assert.Null((await team.GetItemAsync(key))["assessment"]);

        var item = await AssessAsync(tl, key, "feasible", "medium", "Third-party card API", "Use **idempotency keys** <script>alert(1)</script>");
        var assessment = item["assessment"]!;
        Assert.Equal("feasible", assessment["feasibility"]!.GetValue<string>());
        Assert.Equal("medium", assessment["risk"]!.GetValue<string>());
        Assert.Equal(["payments-api", "ledger"], assessment["components"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(techLead.DisplayName, assessment["assessedBy"]!["displayName"]!.GetValue<string>());
        Assert.Contains("<strong>idempotency keys</strong>", assessment["notesHtml"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", assessment["notesHtml"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        var log = await LogAsync(team.Po, team.ProductKey, key);
        Assert.Contains(log, e => e["operation"]!.GetValue<string>() == "assessment.set" && e["reason"]?.GetValue<string>() == "Third-party card API");
    }

    [Fact]
    public async Task Needs_spike_creates_one_spike_that_blocks_the_item_at_the_bottom_of_the_backlog_and_not_again_on_resave()
    {
        var (team, tl, _) = await TeamAsync();
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        await team.CreateItemAsync("Pay by invoice");

        var item = await AssessAsync(tl, key, "needs-spike", "high", "Nobody has used the card API");
        var spikeKey = item["assessment"]!["spike"]!.GetValue<string>();
        Assert.Contains(item["links"]!.AsArray(), l => l!["kind"]!.GetValue<string>() == "blocked-by" && l["item"]!.GetValue<string>() == spikeKey);
        var spike = await team.GetItemAsync(spikeKey);
        Assert.Equal("spike", spike["type"]!.GetValue<string>());
        Assert.Equal("Spike: Pay by card", spike["title"]!.GetValue<string>());
        Assert.Equal(spikeKey, (await team.OrderAsync())[^1]);

        await AssessAsync(tl, key, "needs-spike", "high", "Still unknown");
        await AssessAsync(tl, key, "feasible");
        var again = await AssessAsync(tl, key, "needs-spike", "medium", "Back to unsure");
        Assert.Equal(spikeKey, again["assessment"]!["spike"]!.GetValue<string>());
        Assert.Single((await team.OrderAsync("&type=spike")));
    }

    [Fact]
    public async Task An_item_is_ready_only_when_both_the_PO_half_and_the_TL_half_are_complete()
    {
        var (team, tl, _) = await TeamAsync();
        var key = BacklogTeam.Key(await team.CreateItemAsync("As a shopper I want to pay by card so that I check out faster"));
        using (var criterion = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/criteria", new { given = "a cart", when = "I pay by card", then = "the order is placed" }))
            await Expect.Status(HttpStatusCode.Created, criterion);
        await team.PatchAsync(key, new { businessValue = 20 });

        var readiness = (await team.GetItemAsync(key))["readiness"]!;
        Assert.True(readiness["productOwnerReady"]!.GetValue<bool>());
        Assert.False(readiness["techLeadReady"]!.GetValue<bool>());
        Assert.Equal("not-assessed", readiness["feasibility"]!.GetValue<string>());
        Assert.False(readiness["ready"]!.GetValue<bool>());

        await AssessAsync(tl, key, "feasible");
        readiness = (await team.GetItemAsync(key))["readiness"]!;
        Assert.Equal("feasible", readiness["feasibility"]!.GetValue<string>());
        Assert.False(readiness["techLeadReady"]!.GetValue<bool>());

        await EstimateAsync(tl, key, "?");
        Assert.False((await team.GetItemAsync(key))["readiness"]!["hasEstimate"]!.GetValue<bool>());

        await EstimateAsync(team.Dev, key, 3);
        readiness = (await team.GetItemAsync(key))["readiness"]!;
        Assert.True(readiness["techLeadReady"]!.GetValue<bool>());
        Assert.True(readiness["ready"]!.GetValue<bool>());

        await AssessAsync(tl, key, "not-feasible-now", "high", "Card provider contract not signed");
        readiness = (await team.GetItemAsync(key))["readiness"]!;
        Assert.False(readiness["techLeadReady"]!.GetValue<bool>());
        Assert.False(readiness["ready"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_globex_user_cannot_see_or_change_acmes_estimates_or_assessments()
    {
        var (team, tl, _) = await TeamAsync();
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        await EstimateAsync(tl, key, 3);
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);

        using (var get = await globex.GetAsync($"/api/v1/items/{key}/estimates")) await Expect.Problem(HttpStatusCode.NotFound, get);
        using (var put = await globex.PutAsJsonAsync($"/api/v1/items/{key}/estimate", new { points = 8 })) await Expect.Problem(HttpStatusCode.NotFound, put);
        using (var assess = await globex.PutAsJsonAsync($"/api/v1/items/{key}/assessment", new { feasibility = "feasible", risk = "low", confidence = "high" }))
            await Expect.Problem(HttpStatusCode.NotFound, assess);
        using (var scale = await globex.GetAsync($"/api/v1/products/{team.ProductKey}/estimation-scale")) await Expect.Problem(HttpStatusCode.NotFound, scale);
        Assert.Equal(3m, (await team.GetItemAsync(key))["estimate"]!.GetValue<decimal>());
    }
}
