using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Standups;

namespace Tandem.IntegrationTests.Impediments;

[Collection(TandemCollection.Name)]
public class ImpedimentTests(TandemApp app)
{
    [Fact]
    public async Task Anyone_raises_the_Scrum_Master_works_on_it_escalates_it_to_the_TPMs_home_and_resolves_it_once()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        using var item = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "Payout reconciliation" });
        var itemKey = (await Expect.Status(HttpStatusCode.Created, item))!["key"]!.GetValue<string>();

        var raised = (await Expect.Status(HttpStatusCode.Created, await team.Stakeholder.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/impediments",
            new { title = "Legal has not signed the data agreement", description = "Blocks the reconciliation feed.", impact = "critical", itemKeys = new[] { itemKey }, teamId = team.TeamId })))!;
        var id = raised["id"]!.GetValue<Guid>();
        Assert.Equal("open", raised["status"]!.GetValue<string>());
        Assert.Equal(0, raised["ageDays"]!.GetValue<int>());
        Assert.False(raised["old"]!.GetValue<bool>());
        var second = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/impediments", new { title = "Flaky CI" })))!;
        Assert.Equal(raised["number"]!.GetValue<int>() + 1, second["number"]!.GetValue<int>());

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.PostAsJsonAsync($"/api/v1/impediments/{id}/resolve", new { resolution = "Mine now" }));
        Assert.Contains("Scrum Master", Expect.Detail(refused), StringComparison.Ordinal);

        var started = (await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsync($"/api/v1/impediments/{id}/start", null)))!;
        Assert.Equal("in-progress", started["status"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Sm.PostAsync($"/api/v1/impediments/{id}/start", null));

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/impediments/{id}/escalate") { Content = JsonContent.Create(new { reason = "Needs legal" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Sm.SendAsync(stale));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/impediments/{id}/escalate", new { reason = " " }));

        var escalated = (await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsJsonAsync($"/api/v1/impediments/{id}/escalate", new { reason = "Only the programme can push legal." })))!;
        Assert.Equal("escalated", escalated["status"]!.GetValue<string>());
        var twice = await Expect.Problem(HttpStatusCode.Conflict, await team.Sm.PostAsJsonAsync($"/api/v1/impediments/{id}/escalate", new { reason = "Again" }));
        Assert.Contains("already escalated", Expect.Detail(twice), StringComparison.Ordinal);

        var tpmNotes = (await team.Tpm.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!["items"]!.AsArray();
        Assert.Contains(tpmNotes, n => n!["text"]!.GetValue<string>().Contains("escalated impediment", StringComparison.Ordinal));
        var home = (await team.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/home"))!;
        Assert.Contains(home["awaiting"]!.AsArray(), a => a!["title"]!.GetValue<string>().Contains("escalated to you", StringComparison.Ordinal)
            && a["detail"]!.GetValue<string>().Contains("Legal has not signed", StringComparison.Ordinal));
        var log = (await team.Sm.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("impediment.resolve", log, StringComparison.Ordinal);
        Assert.Contains("Only the programme can push legal.", log, StringComparison.Ordinal);

        var resolved = (await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsJsonAsync($"/api/v1/impediments/{id}/resolve", new { resolution = "Signed after the steering call." })))!;
        Assert.Equal("resolved", resolved["status"]!.GetValue<string>());
        var again = await Expect.Problem(HttpStatusCode.Conflict, await team.Sm.PostAsJsonAsync($"/api/v1/impediments/{id}/resolve", new { resolution = "Twice" }));
        Assert.Contains("already resolved", Expect.Detail(again), StringComparison.Ordinal);

        var unresolved = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/impediments?status=unresolved"))!;
        Assert.Equal(second["id"]!.GetValue<Guid>(), Assert.Single(unresolved["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        Assert.Equal(1, unresolved["open"]!.GetValue<int>());
        var forTeam = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/impediments?team={team.TeamId}"))!;
        Assert.Equal(id, Assert.Single(forTeam["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/impediments?status=stuck"));
    }

    [Fact]
    public async Task Bad_impediments_write_nothing()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var empty = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/impediments", new { title = " " }));
        Assert.NotNull(empty["errors"]!["title"]);
        var unknown = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/impediments",
            new { title = "Blocked", itemKeys = new[] { $"{team.ProductKey}-999999" } }));
        Assert.Contains("999999", unknown["errors"]!["itemKeys"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/impediments", new { title = "Blocked", impact = "huge" }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/impediments", new { title = "Blocked", teamId = Guid.NewGuid() }));
        var list = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/impediments"))!;
        Assert.Empty(list["items"]!.AsArray());
        var first = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/impediments", new { title = "Blocked" })))!;
        Assert.Equal(1, first["number"]!.GetValue<int>());
        await Expect.Problem(HttpStatusCode.NotFound, await team.Dev.GetAsync($"/api/v1/impediments/{Guid.NewGuid()}"));
    }
}
