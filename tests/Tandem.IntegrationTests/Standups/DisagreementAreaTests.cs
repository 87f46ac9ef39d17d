using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Standups;

/// <summary>Disagreements go to whoever decides their area (issue 10); technical ones keep their tests in Evaluations.</summary>
[Collection(TandemCollection.Name)]
public class DisagreementAreaTests(TandemApp app)
{
    [Fact]
    public async Task Each_area_goes_to_its_decider_and_only_they_resolve_it()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        using var item = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "Instant payouts" });
        var itemKey = (await Expect.Status(HttpStatusCode.Created, item))!["key"]!.GetValue<string>();

        var scope = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/disagreements",
            new { area = "priority-scope", subjectKind = "item", subjectKey = itemKey, concern = "Instant payouts matter less than refunds." })))!;
        Assert.Equal("priority-scope", scope["area"]!.GetValue<string>());
        Assert.Equal("the Product Owner", scope["decidedBy"]!.GetValue<string>());
        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Tl.PostAsJsonAsync($"/api/v1/disagreements/{scope["id"]}/resolve", new { outcome = "upheld", resolution = "No" }));
        Assert.Contains("Product Owner", Expect.Detail(refused), StringComparison.Ordinal);
        var poHome = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/home"))!;
        Assert.Contains(poHome["awaiting"]!.AsArray(), a => a!["title"]!.GetValue<string>().Contains("priority or scope", StringComparison.Ordinal));
        await Expect.Status(HttpStatusCode.OK, await team.Po.PostAsJsonAsync($"/api/v1/disagreements/{scope["id"]}/resolve", new { outcome = "changed", resolution = "Refunds first." }));
        await Expect.Problem(HttpStatusCode.Conflict, await team.Po.PostAsJsonAsync($"/api/v1/disagreements/{scope["id"]}/resolve", new { outcome = "upheld", resolution = "Again" }));
        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("disagreement.resolve-product", log, StringComparison.Ordinal);

        var sprintId = await ScrumTestData.PlanSprintAsync(app, team.TeamId, new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 12));
        var onSprint = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprintId}/disagreements", new { concern = "Two-week sprints are too short for us." })))!;
        Assert.Equal("process", onSprint["area"]!.GetValue<string>());
        Assert.Equal("sprint", onSprint["subjectKind"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/disagreements/{onSprint["id"]}/resolve", new { outcome = "upheld", resolution = "No" }));
        await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsJsonAsync($"/api/v1/disagreements/{onSprint["id"]}/resolve", new { outcome = "compromise", resolution = "Try three weeks once." }));

        var dates = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/disagreements",
            new { area = "dates-dependencies", subjectKind = "sprint", subjectId = sprintId, concern = "The release date ignores the bank's freeze." })))!;
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Sm.PostAsJsonAsync($"/api/v1/disagreements/{dates["id"]}/resolve", new { outcome = "upheld", resolution = "No" }));
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.PostAsJsonAsync($"/api/v1/disagreements/{dates["id"]}/resolve", new { outcome = "changed", resolution = "Moved a week." }));

        var agreement = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/disagreements",
            new { area = "process", subjectKind = "working-agreement", subjectId = Guid.NewGuid(), subjectKey = "WA-3", subjectTitle = "Cameras on", concern = "Not everyone can." })))!;
        Assert.Equal("WA-3", agreement["subjectKey"]!.GetValue<string>());

        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/disagreements",
            new { area = "politics", subjectKind = "item", subjectKey = itemKey, concern = "x" }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/disagreements",
            new { area = "process", subjectKind = "working-agreement", concern = "x" }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/disagreements",
            new { area = "process", subjectKind = "sprint", subjectId = Guid.NewGuid(), concern = "x" }));
        await Expect.Problem(HttpStatusCode.NotFound, await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{Guid.NewGuid()}/disagreements", new { concern = "x" }));

        var process = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/disagreements?area=process"))!;
        Assert.Equal(2, process["items"]!.AsArray().Count);
        Assert.Equal(1, process["open"]!.GetValue<int>());
    }
}
