using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Evaluations;

[Collection(TandemCollection.Name)]
public class DisagreementTests(TandemApp app)
{
    private static async Task<string> ItemAsync(EvaluationTeam team)
    {
        using var response = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "Split the settlement batch" });
        return (await Expect.Status(HttpStatusCode.Created, response))!["key"]!.GetValue<string>();
    }

    private static async Task<JsonObject> RaiseAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    [Fact]
    public async Task A_developer_raises_a_disagreement_on_an_item_the_Tech_Lead_is_notified_and_resolves_it_and_the_developer_is_told()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var itemKey = await ItemAsync(team);

        var raised = await RaiseAsync(team.Dev, $"/api/v1/items/{itemKey}/disagreements",
            new { concern = "A lock per merchant is **still** a lock. <script>alert(1)</script>", alternative = "An append-only ledger." });
        Assert.Equal("open", raised["status"]!.GetValue<string>());
        Assert.Equal("item", raised["subjectKind"]!.GetValue<string>());
        Assert.Equal(itemKey, raised["subjectKey"]!.GetValue<string>());
        Assert.Contains("<strong>still</strong>", raised["concernHtml"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", raised["concernHtml"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var id = raised["id"]!.GetValue<Guid>();

        var tlNotes = (await team.Tl.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!["items"]!.AsArray();
        Assert.Contains(tlNotes, n => n!["text"]!.GetValue<string>().Contains(itemKey, StringComparison.Ordinal)
            && n["link"]!.GetValue<string>() == $"/p/{team.ProductKey}/items/{itemKey}#disagreements");

        var open = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/disagreements?status=open"))!;
        Assert.Equal(1, open["open"]!.GetValue<int>());
        Assert.Equal(id, Assert.Single(open["items"]!.AsArray())!["id"]!.GetValue<Guid>());

        using var resolved = await team.Tl.PostAsJsonAsync($"/api/v1/disagreements/{id}/resolve", new { outcome = "changed", resolution = "Agreed: we move to the ledger." });
        var after = (await Expect.Status(HttpStatusCode.OK, resolved))!.AsObject();
        Assert.Equal("resolved", after["status"]!.GetValue<string>());
        Assert.Equal("changed", after["outcome"]!.GetValue<string>());
        Assert.Equal(team.TechLeadName, after["resolvedBy"]!["displayName"]!.GetValue<string>());

        var devNotes = (await team.Dev.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!["items"]!.AsArray();
        Assert.Contains(devNotes, n => n!["text"]!.GetValue<string>().Contains("resolved your disagreement", StringComparison.Ordinal));
        var log = (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("technical.resolve-disagreement", log, StringComparison.Ordinal);
        Assert.Contains("Agreed: we move to the ledger.", log, StringComparison.Ordinal);

        var resolvedList = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/disagreements?status=resolved&item={itemKey}"))!;
        Assert.Single(resolvedList["items"]!.AsArray());
        Assert.Equal(0, resolvedList["open"]!.GetValue<int>());

        using var again = await team.Tl.PostAsJsonAsync($"/api/v1/disagreements/{id}/resolve", new { outcome = "upheld", resolution = "On second thoughts." });
        var conflict = await Expect.Problem(HttpStatusCode.Conflict, again);
        Assert.Contains("already resolved", Expect.Detail(conflict), StringComparison.Ordinal);
        Assert.Equal("changed", (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/disagreements/{id}"))!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_disagreement_on_a_decision_record_links_to_the_record()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        using var proposed = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/adrs", new { title = "Use Kafka", context = "c", decision = "d", consequences = "q" });
        var adr = (await Expect.Status(HttpStatusCode.Created, proposed))!.AsObject();
        var raised = await RaiseAsync(team.Po, $"/api/v1/adrs/{adr["id"]}/disagreements", new { concern = "Operating a cluster costs more than the licence saves." });
        Assert.Equal("adr", raised["subjectKind"]!.GetValue<string>());
        Assert.Equal($"/p/{team.ProductKey}/adrs/{adr["number"]}#disagreements", raised["subjectLink"]!.GetValue<string>());
        var forAdr = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/disagreements?adr={adr["id"]}"))!;
        Assert.Single(forAdr["items"]!.AsArray());
    }

    [Fact]
    public async Task Refusals_name_the_Tech_Lead_and_bad_input_changes_nothing()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var itemKey = await ItemAsync(team);

        using var empty = await team.Dev.PostAsJsonAsync($"/api/v1/items/{itemKey}/disagreements", new { concern = "  " });
        Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, empty))["errors"]!.AsObject().ContainsKey("concern"));
        using var stakeholder = await team.Stakeholder.PostAsJsonAsync($"/api/v1/items/{itemKey}/disagreements", new { concern = "Not sure." });
        await Expect.Problem(HttpStatusCode.Forbidden, stakeholder);
        var list = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/disagreements"))!;
        Assert.Empty(list["items"]!.AsArray());

        var raised = await RaiseAsync(team.Dev, $"/api/v1/items/{itemKey}/disagreements", new { concern = "Too big for one sprint." });
        var id = raised["id"]!.GetValue<Guid>();
        using var byDev = await team.Dev.PostAsJsonAsync($"/api/v1/disagreements/{id}/resolve", new { outcome = "upheld", resolution = "I resolve my own." });
        var refusal = await Expect.Problem(HttpStatusCode.Forbidden, byDev);
        Assert.Contains("Tech Lead", Expect.Detail(refusal), StringComparison.Ordinal);
        Assert.Contains(team.TechLeadName, Expect.Detail(refusal), StringComparison.Ordinal);

        using var badOutcome = await team.Tl.PostAsJsonAsync($"/api/v1/disagreements/{id}/resolve", new { outcome = "vetoed", resolution = "" });
        var errors = (await Expect.Problem(HttpStatusCode.BadRequest, badOutcome))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("outcome"));
        Assert.True(errors.ContainsKey("resolution"));

        using var get = await team.Tl.GetAsync($"/api/v1/disagreements/{id}");
        var etag = get.Headers.ETag!.Tag;
        Assert.Equal("open", (await Expect.Status(HttpStatusCode.OK, get))!["status"]!.GetValue<string>());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/disagreements/{id}/resolve") { Content = JsonContent.Create(new { outcome = "upheld", resolution = "Stands." }) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse("\"99\""));
        using var stale = await team.Tl.SendAsync(request);
        await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal("\"1\"", etag);

        using var missing = await team.Dev.PostAsJsonAsync($"/api/v1/items/{team.ProductKey}-9999/disagreements", new { concern = "Nothing here." });
        await Expect.Problem(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task Open_disagreements_for_the_Tech_Leads_home_count_only_open_ones()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var itemKey = await ItemAsync(team);
        var first = await RaiseAsync(team.Dev, $"/api/v1/items/{itemKey}/disagreements", new { concern = "One." });
        await RaiseAsync(team.Dev, $"/api/v1/items/{itemKey}/disagreements", new { concern = "Two." });
        using (var resolved = await team.Tl.PostAsJsonAsync($"/api/v1/disagreements/{first["id"]}/resolve", new { outcome = "withdrawn", resolution = "Talked it through." }))
            await Expect.Status(HttpStatusCode.OK, resolved);
        var open = (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/disagreements?status=open"))!;
        Assert.Equal(1, open["open"]!.GetValue<int>());
        Assert.Equal("Two.", Assert.Single(open["items"]!.AsArray())!["concern"]!.GetValue<string>());
    }
}
