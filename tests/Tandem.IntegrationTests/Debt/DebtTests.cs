using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Debt;

/// <summary>A fresh product with a Tech Lead, a Product Owner and a Developer, and intent helpers for the debt register.</summary>
public sealed class DebtTeam
{
    private DebtTeam(string productKey) => ProductKey = productKey;

    public string ProductKey { get; }
    public HttpClient Tl { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Dev { get; private set; } = null!;

    public static async Task<DebtTeam> CreateAsync(TandemApp app)
    {
        var team = new DebtTeam(await app.CreateProductAsync());
        team.Tl = await MemberAsync(app, team.ProductKey, "tech-lead");
        team.Po = await MemberAsync(app, team.ProductKey, "product-owner");
        team.Dev = await MemberAsync(app, team.ProductKey, "developer");
        return team;
    }

    private static async Task<HttpClient> MemberAsync(TandemApp app, string key, string role)
    {
        var person = await app.CreatePersonAsync(TandemApp.Unique(role));
        await app.AssignAsync(key, person.Id, role);
        return await app.SignInAsync(person.Email, person.Password);
    }

    public static object Debt(string title = "Payment gateway client has no retries", string kind = "code", decimal principal = 3, decimal interest = 0.5m) =>
        new { title, kind, area = "Payments", principal, interest, risk = "high", foundBy = "Incident review", description = "Timeouts **fail** the checkout." };

    public async Task<JsonObject> RecordAsync(object debt, HttpClient? as_ = null)
    {
        using var response = await (as_ ?? Tl).PostAsJsonAsync($"/api/v1/products/{ProductKey}/debt", debt);
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> RegisterAsync() => (await Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{ProductKey}/debt"))!;
}

[Collection(TandemCollection.Name)]
public class DebtTests(TandemApp app)
{
    [Fact]
    public async Task Debt_the_Tech_Lead_records_is_registered_with_a_tech_debt_item_at_the_bottom_of_the_backlog()
    {
        var team = await DebtTeam.CreateAsync(app);
        using (var story = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "Pay by card" }))
            await Expect.Status(HttpStatusCode.Created, story);

        using var created = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/debt", DebtTeam.Debt());
        var debt = (await Expect.Status(HttpStatusCode.Created, created))!.AsObject();
        Assert.Equal($"/api/v1/debt/{debt["id"]}", created.Headers.Location!.ToString());
        Assert.Equal("open", debt["status"]!.GetValue<string>());
        Assert.Equal(3m, debt["principal"]!.GetValue<decimal>());
        Assert.Contains("<strong>fail</strong>", debt["descriptionHtml"]!.GetValue<string>(), StringComparison.Ordinal);
        var itemKey = debt["backlogItemKey"]!.GetValue<string>();

        var item = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/items/{itemKey}"))!;
        Assert.Equal("tech-debt", item["type"]!.GetValue<string>());
        Assert.Equal("Payment gateway client has no retries", item["title"]!.GetValue<string>());
        Assert.Contains(item["activity"]!.AsArray(), a => a!["text"]!.GetValue<string>().Contains("technical debt", StringComparison.Ordinal));
        var backlog = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/backlog"))!["items"]!.AsArray();
        Assert.Equal(itemKey, backlog[^1]!["key"]!.GetValue<string>());

        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("debt.register", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_register_pages_by_interest_while_the_totals_cover_all_of_it()
    {
        var team = await DebtTeam.CreateAsync(app);
        foreach (var interest in new[] { 0.5m, 3m, 1.5m, 2m, 1m })
            await team.RecordAsync(DebtTeam.Debt($"Debt costing {interest}", interest: interest));

        var seen = new List<decimal>();
        string? cursor = null;
        do
        {
            var page = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/debt?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            Assert.Equal(5, page["totals"]!["count"]!.GetValue<int>());
            Assert.Equal(8m, page["totals"]!["interest"]!.GetValue<decimal>());
            Assert.Equal(15m, page["totals"]!["principal"]!.GetValue<decimal>());
            seen.AddRange(page["items"]!.AsArray().Select(d => d!["interest"]!.GetValue<decimal>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        Assert.Equal([3m, 2m, 1.5m, 1m, 0.5m], seen);

        var trend = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/debt/trend"))!["points"]!.AsArray();
        Assert.Equal([0.5m, 3.5m, 5m, 7m, 8m], trend.Select(p => p!["interest"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task A_developers_debt_waits_as_proposed_without_a_backlog_item_until_the_Tech_Lead_registers_it()
    {
        var team = await DebtTeam.CreateAsync(app);
        var proposed = await team.RecordAsync(DebtTeam.Debt("Flaky settlement tests", "tests"), team.Dev);
        Assert.Equal("proposed", proposed["status"]!.GetValue<string>());
        Assert.Null(proposed["backlogItemKey"]);
        var id = proposed["id"]!.GetValue<Guid>();

        using (var refused = await team.Dev.PostAsync($"/api/v1/debt/{id}/register", null))
            Assert.Contains("Only", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, refused)), StringComparison.Ordinal);
        using (var refusedPatch = await team.Po.PatchAsJsonAsync($"/api/v1/debt/{id}", new { principal = 1 }))
            await Expect.Problem(HttpStatusCode.Forbidden, refusedPatch);

        using var registered = await team.Tl.PostAsync($"/api/v1/debt/{id}/register", null);
        var body = (await Expect.Status(HttpStatusCode.OK, registered))!;
        Assert.Equal("open", body["status"]!.GetValue<string>());
        Assert.StartsWith(team.ProductKey + "-", body["backlogItemKey"]!.GetValue<string>(), StringComparison.Ordinal);

        using var again = await team.Tl.PostAsync($"/api/v1/debt/{id}/register", null);
        await Expect.Problem(HttpStatusCode.Conflict, again);
    }

    [Fact]
    public async Task Bad_input_names_every_bad_field_and_writes_nothing()
    {
        var team = await DebtTeam.CreateAsync(app);
        using var bad = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/debt",
            new { title = "", kind = "mess", principal = -2, interest = 1.25, risk = "dire" });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, bad);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "title", "kind", "principal", "interest", "risk" }) Assert.True(errors.ContainsKey(field), $"{field} missing in {errors}");

        using var unparsable = await team.Tl.PostAsync($"/api/v1/products/{team.ProductKey}/debt",
            new StringContent("""{"title":"x","kind":"code","principal":"lots","interest":1}""", System.Text.Encoding.UTF8, "application/json"));
        await Expect.Problem(HttpStatusCode.BadRequest, unparsable);

        using var share = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/debt/capacity", new { sharePercent = 120 });
        Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, share))["errors"]!.AsObject().ContainsKey("sharePercent"));

        using var filter = await team.Tl.GetAsync($"/api/v1/products/{team.ProductKey}/debt?kind=mess&status=gone");
        var filterErrors = (await Expect.Problem(HttpStatusCode.BadRequest, filter))["errors"]!.AsObject();
        Assert.True(filterErrors.ContainsKey("kind") && filterErrors.ContainsKey("status"));

        var register = await team.RegisterAsync();
        Assert.Empty(register["items"]!.AsArray());
        Assert.Null(register["capacity"]!["pending"]);
        var backlog = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/backlog"))!["items"]!.AsArray();
        Assert.Empty(backlog);
    }

    [Fact]
    public async Task Patch_honours_If_Match_keeps_the_item_title_in_step_and_closing_debt_lowers_the_totals()
    {
        var team = await DebtTeam.CreateAsync(app);
        var debt = await team.RecordAsync(DebtTeam.Debt());
        var id = debt["id"]!.GetValue<Guid>();
        using var got = await team.Tl.GetAsync($"/api/v1/debt/{id}");
        var etag = got.Headers.ETag!.ToString();

        using (var first = await Patch(team.Tl, id, new { title = "Gateway client: no retries, no timeouts" }, etag))
            await Expect.Status(HttpStatusCode.OK, first);
        using (var stale = await Patch(team.Tl, id, new { principal = 9 }, etag))
            await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);

        var item = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/items/{debt["backlogItemKey"]}"))!;
        Assert.Equal("Gateway client: no retries, no timeouts", item["title"]!.GetValue<string>());

        using (var repaid = await team.Tl.PatchAsJsonAsync($"/api/v1/debt/{id}", new { status = "repaid" }))
            Assert.Equal("repaid", (await Expect.Status(HttpStatusCode.OK, repaid))!["status"]!.GetValue<string>());
        var totals = (await team.RegisterAsync())["totals"]!;
        Assert.Equal(0, totals["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Totals_count_open_debt_by_kind_and_the_trend_has_a_point_per_change()
    {
        var team = await DebtTeam.CreateAsync(app);
        await team.RecordAsync(DebtTeam.Debt("No retries", "code", 3, 0.5m));
        await team.RecordAsync(DebtTeam.Debt("Old ORM version", "dependency", 5, 1));
        await team.RecordAsync(DebtTeam.Debt("Flaky tests", "tests", 2, 2), team.Dev);

        var register = await team.RegisterAsync();
        var totals = register["totals"]!;
        Assert.Equal(2, totals["count"]!.GetValue<int>());
        Assert.Equal(8m, totals["principal"]!.GetValue<decimal>());
        Assert.Equal(1.5m, totals["interest"]!.GetValue<decimal>());
        Assert.Equal(1, totals["proposed"]!.GetValue<int>());
        var dependency = totals["byKind"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == "dependency")!;
        Assert.Equal(1, dependency["count"]!.GetValue<int>());
        // Sorted by interest, highest first.
        Assert.Equal(["Flaky tests", "Old ORM version", "No retries"], register["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()));
        var filtered = (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/debt?kind=dependency"))!;
        Assert.Single(filtered["items"]!.AsArray());

        var points = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/debt/trend"))!["points"]!.AsArray();
        Assert.Equal([3m, 8m, 8m], points.Select(p => p!["principal"]!.GetValue<decimal>()));
        Assert.Equal(1.5m, points[^1]!["interest"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task The_capacity_share_is_proposed_by_one_of_TL_and_PO_and_agreed_by_the_other()
    {
        var team = await DebtTeam.CreateAsync(app);
        var url = $"/api/v1/products/{team.ProductKey}/debt/capacity";
        using (var none = await team.Po.PostAsync($"{url}/agree", null))
            await Expect.Problem(HttpStatusCode.Conflict, none);

        using (var proposed = await team.Tl.PostAsJsonAsync(url, new { sharePercent = 20, reason = "Interest eats a day a sprint" }))
            Assert.Equal(20, (await Expect.Status(HttpStatusCode.OK, proposed))!["pending"]!["sharePercent"]!.GetValue<int>());
        using (var self = await team.Tl.PostAsync($"{url}/agree", null))
            Assert.Contains("You proposed", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, self)), StringComparison.Ordinal);
        using (var dev = await team.Dev.PostAsync($"{url}/agree", null))
            Assert.Contains("Only", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, dev)), StringComparison.Ordinal);
        using (var devPropose = await team.Dev.PostAsJsonAsync(url, new { sharePercent = 50 }))
            await Expect.Problem(HttpStatusCode.Forbidden, devPropose);

        using (var agreed = await team.Po.PostAsync($"{url}/agree", null))
        {
            var body = (await Expect.Status(HttpStatusCode.OK, agreed))!;
            Assert.Equal(20, body["agreedSharePercent"]!.GetValue<int>());
            Assert.Null(body["pending"]);
        }

        // Either may propose a change; the agreed share stands until the other agrees.
        using (var change = await team.Po.PostAsJsonAsync(url, new { sharePercent = 15 }))
        {
            var body = (await Expect.Status(HttpStatusCode.OK, change))!;
            Assert.Equal(20, body["agreedSharePercent"]!.GetValue<int>());
            Assert.Equal(15, body["pending"]!["sharePercent"]!.GetValue<int>());
        }
        using (var agreedChange = await team.Tl.PostAsync($"{url}/agree", null))
            Assert.Equal(15, (await Expect.Status(HttpStatusCode.OK, agreedChange))!["agreedSharePercent"]!.GetValue<int>());

        var log = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("debt.propose-capacity", log, StringComparison.Ordinal);
        Assert.Contains("debt.agree-capacity", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_workspace_sees_no_debt()
    {
        var team = await DebtTeam.CreateAsync(app);
        var debt = await team.RecordAsync(DebtTeam.Debt());
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);

        using (var one = await globex.GetAsync($"/api/v1/debt/{debt["id"]}"))
            await Expect.Problem(HttpStatusCode.NotFound, one);
        using (var list = await globex.GetAsync($"/api/v1/products/{team.ProductKey}/debt"))
            await Expect.Problem(HttpStatusCode.NotFound, list);
        using (var patch = await globex.PatchAsJsonAsync($"/api/v1/debt/{debt["id"]}", new { principal = 0 }))
            await Expect.Problem(HttpStatusCode.NotFound, patch);
        Assert.Equal(3m, (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/debt/{debt["id"]}"))!["principal"]!.GetValue<decimal>());
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, Guid id, object patch, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/debt/{id}") { Content = JsonContent.Create(patch) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request);
    }
}
