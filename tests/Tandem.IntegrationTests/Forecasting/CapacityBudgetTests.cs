using System.Globalization;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Standups;

namespace Tandem.IntegrationTests.Forecasting;

[Collection(TandemCollection.Name)]
public class CapacityBudgetTests(TandemApp app)
{
    private static string D(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Monday()
    {
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        return today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
    }

    [Fact]
    public async Task The_TPM_allocates_people_and_an_overload_is_warned_while_the_PO_is_told_who_decides()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var monday = Monday();
        var onTeam = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/allocations",
            new { userId = team.Developer.Id, teamId = team.TeamId, percent = 80, from = D(monday), to = D(monday.AddDays(27)), note = "Most of the time" })))!;
        Assert.Equal(80, onTeam["percent"]!.GetValue<int>());
        await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/allocations",
            new { userId = team.Developer.Id, percent = 40, from = D(monday.AddDays(14)), to = D(monday.AddDays(20)), note = "Release support" }));

        var view = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/capacity?product={team.ProductKey}&weeks=4&from={D(monday)}")))!;
        var dev = view["people"]!.AsArray().Single(p => p!["person"]!["id"]!.GetValue<Guid>() == team.Developer.Id)!;
        var weeks = dev["weeks"]!.AsArray().Select(w => w!["percent"]!.GetValue<int>()).ToList();
        Assert.Equal([80, 80, 120, 80], weeks);
        Assert.True(dev["overloaded"]!.GetValue<bool>());
        Assert.Contains(view["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains(team.Developer.DisplayName, StringComparison.Ordinal) && w.GetValue<string>().Contains("120 %", StringComparison.Ordinal));
        var sm = view["people"]!.AsArray().Single(p => p!["person"]!["id"]!.GetValue<Guid>() == team.ScrumMaster.Id)!;
        Assert.False(sm["overloaded"]!.GetValue<bool>());
        Assert.Equal(2, view["allocations"]!.AsArray().Count);

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/allocations",
            new { userId = team.Developer.Id, percent = 10, from = D(monday), to = D(monday.AddDays(6)) }));
        Assert.Contains("Technical Project Manager", Expect.Detail(refused), StringComparison.Ordinal);
        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/allocations",
            new { userId = team.Developer.Id, percent = 0, from = D(monday.AddDays(7)), to = D(monday) }));
        Assert.NotNull(bad["errors"]!["percent"]);
        Assert.NotNull(bad["errors"]!["to"]);
        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("Allocated", log, StringComparison.Ordinal);

        await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.DeleteAsync($"/api/v1/allocations/{onTeam["id"]}"));
        Assert.Equal(HttpStatusCode.NoContent, (await team.Tpm.DeleteAsync($"/api/v1/allocations/{onTeam["id"]}")).StatusCode);
        var after = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/capacity?product={team.ProductKey}&weeks=4&from={D(monday)}")))!;
        var back = after["people"]!.AsArray().Single(p => p!["person"]!["id"]!.GetValue<Guid>() == team.Developer.Id)!["weeks"]!.AsArray().Select(w => w!["percent"]!.GetValue<int>());
        Assert.Equal([100, 100, 140, 100], back);
    }

    [Fact]
    public async Task A_sprint_committing_more_than_its_capacity_is_flagged()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        await ForecastTestData.SeedHistoryAsync(app, team.ProductKey, team.TeamId, sprints: 3, perSprint: 4, points: 3);
        var monday = Monday();
        var sprint = await ScrumTestData.PlanSprintAsync(app, team.TeamId, monday.AddDays(7), monday.AddDays(20), "Heavy");
        await SprintLoadData.AddItemsAsync(app, team.ProductKey, sprint, 10, 5);
        var view = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.GetAsync($"/api/v1/capacity?team={team.TeamId}")))!;
        var load = view["sprints"]!.AsArray().Single(s => s!["sprintId"]!.GetValue<Guid>() == sprint)!;
        Assert.Equal(50m, load["committedPoints"]!.GetValue<decimal>());
        Assert.True(load["capacityPoints"]!.GetValue<decimal>() is > 8 and < 16, load.ToJsonString());
        Assert.True(load["overloaded"]!.GetValue<bool>());
        Assert.Contains(view["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("commits 50 points", StringComparison.Ordinal));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.GetAsync($"/api/v1/capacity?team={Guid.NewGuid()}"));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.GetAsync("/api/v1/capacity?weeks=99"));
    }

    [Fact]
    public async Task The_estimate_at_completion_adds_the_open_points_at_the_teams_pace_and_cost()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        await ForecastTestData.SeedHistoryAsync(app, team.ProductKey, team.TeamId, sprints: 4, perSprint: 4, points: 3, openItems: 5, openPoints: 6);
        var url = $"/api/v1/products/{team.ProductKey}/budget";
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.PutAsJsonAsync($"{url}/rates", new { role = "developer", hourly = 100 }));
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.PutAsJsonAsync($"{url}/rates", new { role = "tech-lead", hourly = 120 }));
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.PutAsJsonAsync($"{url}/rates", new { userId = team.Developer2.Id, hourly = 50 }));
        var set = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.PutAsJsonAsync(url, new { amount = 100_000, currency = "usd" })))!;
        Assert.Equal("USD", set["currency"]!.GetValue<string>());

        var view = (await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.GetAsync(url)))!;
        var sprints = view["sprints"]!.AsArray();
        Assert.Equal(4, sprints.Count);
        // Four members at 100 %, every day of two weeks at 8 hours: 112 hours each; the Scrum Master has no rate.
        var hours = sprints[0]!["actualHours"]!.GetValue<decimal>() / 4;
        Assert.Equal(112m, hours);
        var perSprint = hours * (100 + 50 + 120);
        Assert.Equal(perSprint, sprints[0]!["actualCost"]!.GetValue<decimal>());
        Assert.Equal(4 * perSprint, sprints[3]!["cumulativeActual"]!.GetValue<decimal>());
        var eac = view["estimate"]!;
        Assert.Equal(30m, eac["remainingPoints"]!.GetValue<decimal>());
        Assert.Equal(12m, eac["velocityPerSprint"]!.GetValue<decimal>());
        Assert.Equal(4 * perSprint + 2.5m * perSprint, eac["amount"]!.GetValue<decimal>());
        Assert.Equal(4 * perSprint + 2.5m * perSprint - 100_000, eac["variance"]!.GetValue<decimal>());
        Assert.Contains(view["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains(team.ScrumMaster.DisplayName, StringComparison.Ordinal));
        Assert.Contains(view["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("over the budget", StringComparison.Ordinal));
        // Person rates are the TPM's to see.
        Assert.DoesNotContain(view["rates"]!.AsArray(), r => r!["person"] is not null);
        var own = (await team.Tpm.GetFromJsonAsync<JsonObject>(url))!;
        Assert.Contains(own["rates"]!.AsArray(), r => r!["person"] is not null);

        using var svg = await team.Dev.GetAsync($"{url}/burn.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("role=\"img\"", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PutAsJsonAsync(url, new { amount = 1, currency = "EUR" }));
        Assert.Contains("Technical Project Manager", Expect.Detail(refused), StringComparison.Ordinal);
        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PutAsJsonAsync(url, new { amount = -5, currency = "euro" }));
        Assert.NotNull(bad["errors"]!["amount"]);
        Assert.NotNull(bad["errors"]!["currency"]);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PutAsJsonAsync($"{url}/rates", new { role = "developer", userId = team.Developer.Id, hourly = 1 }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PutAsJsonAsync($"{url}/rates", new { role = "wizard", hourly = 1 }));
    }
}
