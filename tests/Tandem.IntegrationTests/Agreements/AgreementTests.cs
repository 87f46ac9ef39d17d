using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Retros;

namespace Tandem.IntegrationTests.Agreements;

[Collection(TandemCollection.Name)]
public class AgreementTests(TandemApp app)
{
    [Fact]
    public async Task The_team_suggests_and_the_Scrum_Master_adopts_edits_and_retires_each_logged()
    {
        var team = await RetroTeam.CreateAsync(app);
        var suggested = await Expect.Status(HttpStatusCode.Created, await team.Dev1.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/agreements", new { text = "Pair on risky changes" }));
        Assert.Equal("suggested", suggested!["status"]!.GetValue<string>());
        var id = suggested["id"]!.GetValue<Guid>();

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev1.PatchAsJsonAsync($"/api/v1/agreements/{id}", new { status = "adopted" }));
        Assert.Contains("Only the Scrum Master", Expect.Detail(refused), StringComparison.Ordinal);
        Assert.Contains("suggest a change instead", Expect.Detail(refused), StringComparison.Ordinal);

        var adopted = await Expect.Status(HttpStatusCode.OK, await team.Sm.PatchAsJsonAsync($"/api/v1/agreements/{id}", new { status = "adopted" }));
        Assert.Equal("adopted", adopted!["status"]!.GetValue<string>());

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/agreements/{id}") { Content = JsonContent.Create(new { text = "Pair always" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{adopted["version"]!.GetValue<int>() - 1}\"");
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Sm.SendAsync(stale));

        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PatchAsJsonAsync($"/api/v1/agreements/{id}", new { text = "", status = "someday" }));
        Assert.Contains("status", bad["errors"]!.AsObject().Select(e => e.Key));

        var byMaster = await Expect.Status(HttpStatusCode.Created, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/agreements", new { text = "Stand-up answers by ten" }));
        Assert.Equal("adopted", byMaster!["status"]!.GetValue<string>());
        var retired = await Expect.Status(HttpStatusCode.OK, await team.Sm.DeleteAsync($"/api/v1/agreements/{id}"));
        Assert.Equal("retired", retired!["status"]!.GetValue<string>());

        var list = (await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.GetAsync($"/api/v1/teams/{team.TeamId}/agreements")))!.AsArray();
        Assert.Equal(["adopted", "retired"], list.Select(a => a!["status"]!.GetValue<string>()));
        var stakeholder = await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/agreements", new { text = "More demos" }));
        Assert.Contains("Only", Expect.Detail(stakeholder), StringComparison.Ordinal);

        var log = await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/products/{team.ProductKey}/decision-log?limit=20"));
        Assert.Equal(3, log!["items"]!.AsArray().Count(e => e!["operation"]!.GetValue<string>() == "process.edit"));

        var page = await (await team.Dev1.GetAsync($"/teams/{team.TeamId}/agreements")).Content.ReadAsStringAsync();
        Assert.Contains("Stand-up answers by ten", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"agreement-edit-note\"", page, StringComparison.Ordinal);
        Assert.Contains("Only the Scrum Master", page, StringComparison.Ordinal);
    }
}
