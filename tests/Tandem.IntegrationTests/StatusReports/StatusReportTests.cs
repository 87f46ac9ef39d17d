using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Standups;

namespace Tandem.IntegrationTests.StatusReports;

[Collection(TandemCollection.Name)]
public class StatusReportTests(TandemApp app)
{
    [Fact]
    public async Task The_TPM_starts_a_draft_whose_RAG_says_which_rule_set_it_and_each_narrative_is_refused_to_the_other()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var items = await DeliveryTestData.ItemsAsync(team.Po, team.ProductKey, 3);
        await DeliveryTestData.AddMilestoneAsync(app, team.ProductKey, "Card payments live", DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(60), items);

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsync($"/api/v1/products/{team.ProductKey}/status-reports", null));
        Assert.Contains("Technical Project Manager", Expect.Detail(refused), StringComparison.Ordinal);

        using var created = await team.Tpm.PostAsync($"/api/v1/products/{team.ProductKey}/status-reports", null);
        var draft = (await Expect.Status(HttpStatusCode.Created, created))!;
        var id = draft["id"]!.GetValue<Guid>();
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        Assert.True(draft["live"]!.GetValue<bool>());
        var milestone = Assert.Single(draft["content"]!["milestones"]!.AsArray())!;
        Assert.Equal("amber", milestone["rag"]!["status"]!.GetValue<string>());
        Assert.Equal("no throughput history → amber: cannot forecast", milestone["rag"]!["rule"]!.GetValue<string>());
        Assert.Equal(3, milestone["totalItems"]!.GetValue<int>());
        Assert.Equal("amber", draft["rag"]!["status"]!.GetValue<string>());
        Assert.Contains("Card payments live", draft["rag"]!["rule"]!.GetValue<string>(), StringComparison.Ordinal);

        var second = await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PostAsync($"/api/v1/products/{team.ProductKey}/status-reports", null));
        Assert.Contains("open draft", Expect.Detail(second), StringComparison.Ordinal);

        var poOnDelivery = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PutAsJsonAsync($"/api/v1/status-reports/{id}/delivery-narrative", new { text = "We are late." }));
        Assert.Contains("Only the Technical Project Manager", Expect.Detail(poOnDelivery), StringComparison.Ordinal);
        var tpmOnProduct = await Expect.Problem(HttpStatusCode.Forbidden, await team.Tpm.PutAsJsonAsync($"/api/v1/status-reports/{id}/product-narrative", new { text = "We cut scope." }));
        Assert.Contains("Only the Product Owner", Expect.Detail(tpmOnProduct), StringComparison.Ordinal);

        var withProduct = (await Expect.Status(HttpStatusCode.OK, await team.Po.PutAsJsonAsync($"/api/v1/status-reports/{id}/product-narrative", new { text = "Card payments open two markets." })))!;
        Assert.Equal("Card payments open two markets.", withProduct["productNarrative"]!.GetValue<string>());
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/status-reports/{id}/delivery-narrative") { Content = JsonContent.Create(new { text = "Stale" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Tpm.SendAsync(stale));
        using var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/status-reports/{id}/delivery-narrative") { Content = JsonContent.Create(new { text = "Forecast needs a sprint of history." }) };
        fresh.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{withProduct["version"]!.GetValue<int>()}\""));
        var withDelivery = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.SendAsync(fresh)))!;
        Assert.Equal("Forecast needs a sprint of history.", withDelivery["deliveryNarrative"]!.GetValue<string>());
        Assert.Equal("Card payments open two markets.", withDelivery["productNarrative"]!.GetValue<string>());

        var log = (await team.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("report.narrative", log, StringComparison.Ordinal);
        Assert.Contains("report.delivery", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_freezes_the_report_tells_the_stakeholder_who_reads_it_and_happens_once()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var id = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsync($"/api/v1/products/{team.ProductKey}/status-reports", null)))!["id"]!.GetValue<Guid>();

        var draftRefused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.GetAsync($"/api/v1/status-reports/{id}"));
        Assert.Contains("is a draft", Expect.Detail(draftRefused), StringComparison.Ordinal);
        Assert.Empty((await team.Stakeholder.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/status-reports"))!["items"]!.AsArray());
        Assert.Single((await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/status-reports"))!["items"]!.AsArray());

        await Expect.Status(HttpStatusCode.OK, await team.Tpm.PutAsJsonAsync($"/api/v1/status-reports/{id}/delivery-narrative", new { text = "On track for the pilot." }));
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsync($"/api/v1/status-reports/{id}/publish", null));
        var published = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.PostAsync($"/api/v1/status-reports/{id}/publish", null)))!;
        Assert.Equal("published", published["status"]!.GetValue<string>());
        Assert.False(published["live"]!.GetValue<bool>());
        Assert.Empty(published["content"]!["topRisks"]!.AsArray());
        var frozenRule = published["rag"]!["rule"]!.GetValue<string>();

        var twice = await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PostAsync($"/api/v1/status-reports/{id}/publish", null));
        Assert.Contains("already published", Expect.Detail(twice), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PutAsJsonAsync($"/api/v1/status-reports/{id}/delivery-narrative", new { text = "Rewrite history" }));
        await Expect.Problem(HttpStatusCode.Conflict, await team.Po.PutAsJsonAsync($"/api/v1/status-reports/{id}/product-narrative", new { text = "Rewrite history" }));

        // Live data changes after publication: a severe risk and a planned milestone. The published report does not move.
        await DeliveryTestData.AddRiskAsync(app, team.ProductKey, "Card network certification slips", 5, 5);
        await DeliveryTestData.AddMilestoneAsync(app, team.ProductKey, "After publication", DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(30), []);

        var notes = (await team.Stakeholder.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!["items"]!.AsArray();
        var note = Assert.Single(notes, n => n!["text"]!.GetValue<string>().Contains("published status report", StringComparison.Ordinal))!;
        Assert.Equal($"/status-reports/{id}", note["link"]!.GetValue<string>());
        var read = (await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.GetAsync($"/api/v1/status-reports/{id}")))!;
        Assert.Empty(read["content"]!["topRisks"]!.AsArray());
        Assert.Empty(read["content"]!["milestones"]!.AsArray());
        Assert.Equal(frozenRule, read["rag"]!["rule"]!.GetValue<string>());
        Assert.Equal("On track for the pilot.", read["deliveryNarrative"]!.GetValue<string>());
        Assert.Single((await team.Stakeholder.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/status-reports"))!["items"]!.AsArray());

        // The next draft is live: it sees the new risk at the top.
        var next = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsync($"/api/v1/products/{team.ProductKey}/status-reports", null)))!;
        Assert.Equal("Card network certification slips", next["content"]!["topRisks"]![0]!["title"]!.GetValue<string>());
        Assert.Equal(2, next["number"]!.GetValue<int>());

        var log = (await team.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log?limit=50"))!["items"]!.AsArray();
        Assert.Single(log, e => e!["summary"]!.GetValue<string>().StartsWith("Published status report 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_report_lists_the_decisions_since_the_last_one_and_the_escalated_impediments_and_exports_as_markdown()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var first = await EscalateAsync(team, "Vendor sandbox is down");
        var draft = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsync($"/api/v1/products/{team.ProductKey}/status-reports", null)))!;
        var id = draft["id"]!.GetValue<Guid>();
        var decisions = draft["content"]!["decisions"]!.AsArray();
        Assert.Contains(decisions, d => d!["summary"]!.GetValue<string>().Contains("Vendor sandbox is down", StringComparison.Ordinal));
        Assert.DoesNotContain(decisions, d => d!["subjectType"]!.GetValue<string>() == "status-report");
        Assert.Equal(first, Assert.Single(draft["content"]!["escalatedImpediments"]!.AsArray())!["id"]!.GetValue<Guid>());
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.PostAsync($"/api/v1/status-reports/{id}/publish", null));

        await EscalateAsync(team, "Bank API quota exhausted");
        var next = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsync($"/api/v1/products/{team.ProductKey}/status-reports", null)))!;
        var since = next["content"]!["decisions"]!.AsArray().Select(d => d!["summary"]!.GetValue<string>()).ToList();
        Assert.Contains(since, s => s.Contains("Bank API quota exhausted", StringComparison.Ordinal));
        Assert.DoesNotContain(since, s => s.Contains("Vendor sandbox is down", StringComparison.Ordinal));
        Assert.Equal(2, next["content"]!["escalatedImpediments"]!.AsArray().Count);

        using var markdown = await team.Stakeholder.GetAsync($"/api/v1/status-reports/{id}.md");
        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType!.MediaType);
        var text = await markdown.Content.ReadAsStringAsync();
        Assert.Contains("status report 1", text, StringComparison.Ordinal);
        Assert.Contains("## Escalated impediments", text, StringComparison.Ordinal);
        Assert.Contains("Vendor sandbox is down", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bank API quota exhausted", text, StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.GetAsync($"/api/v1/status-reports/{next["id"]}.md"));
    }

    [Fact]
    public async Task The_demo_has_a_published_report_on_PAY_with_both_narratives_that_the_stakeholder_reads_and_a_draft_of_the_next()
    {
        using var tpm = await app.SignInAsync("tpm@demo.tandem");
        var list = (await tpm.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/status-reports"))!["items"]!.AsArray();
        var published = list.First(r => r!["status"]!.GetValue<string>() == "published")!["id"]!.GetValue<Guid>();
        using var stakeholder = await app.SignInAsync("stakeholder@demo.tandem");
        var report = (await Expect.Status(HttpStatusCode.OK, await stakeholder.GetAsync($"/api/v1/status-reports/{published}")))!;
        Assert.NotEqual("", report["deliveryNarrative"]!.GetValue<string>());
        Assert.NotEqual("", report["productNarrative"]!.GetValue<string>());
        Assert.Contains(list, r => r!["status"]!.GetValue<string>() == "draft");
    }

    private static async Task<Guid> EscalateAsync(ScrumTeam team, string title)
    {
        var raised = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/impediments", new { title, teamId = team.TeamId })))!;
        var id = raised["id"]!.GetValue<Guid>();
        await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsJsonAsync($"/api/v1/impediments/{id}/escalate", new { reason = $"{title}: beyond the team" }));
        return id;
    }
}
