using System.Globalization;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Standups;

namespace Tandem.IntegrationTests.Forecasting;

[Collection(TandemCollection.Name)]
public class ForecastTests(TandemApp app)
{
    [Fact]
    public async Task A_seeded_forecast_is_ordered_reproducible_and_shows_its_assumptions()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        await ForecastTestData.SeedHistoryAsync(app, team.ProductKey, team.TeamId, sprints: 6, perSprint: 4, points: 3);
        var url = $"/api/v1/products/{team.ProductKey}/forecast?items=20&seed=7";
        var first = (await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.GetAsync(url)))!;
        var second = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync(url)))!;
        var (p50, p85, p95) = (Day(first, "p50"), Day(first, "p85"), Day(first, "p95"));
        Assert.True(p50 <= p85 && p85 <= p95, $"{p50} {p85} {p95}");
        Assert.True(p50 > DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime), "Twenty items are not done today.");
        Assert.Equal((p50, p85, p95), (Day(second, "p50"), Day(second, "p85"), Day(second, "p95")));
        Assert.Equal(first["histogram"]!.ToJsonString(), second["histogram"]!.ToJsonString());
        var assumptions = first["assumptions"]!;
        Assert.Equal(7, assumptions["seed"]!.GetValue<int>());
        Assert.True(assumptions["seedGiven"]!.GetValue<bool>());
        Assert.Equal(10_000, assumptions["trials"]!.GetValue<int>());
        Assert.Equal(12, assumptions["weeks"]!.GetValue<int>());
        Assert.Equal(2.0, assumptions["averagePerWeek"]!.GetValue<double>());
        Assert.Equal(team.TeamId, Assert.Single(assumptions["teams"]!.AsArray())!["id"]!.GetValue<Guid>());
        Assert.Equal(12, first["throughput"]!.AsArray().Count);
        Assert.Equal(10_000, first["histogram"]!.AsArray().Sum(h => h!["trials"]!.GetValue<int>()));

        // Without a seed the answer names the one it drew, and replaying it gives the same dates.
        var drawn = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast?items=20&trials=2000")))!;
        Assert.False(drawn["assumptions"]!["seedGiven"]!.GetValue<bool>());
        var seed = drawn["assumptions"]!["seed"]!.GetValue<int>();
        var replay = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast?items=20&trials=2000&seed={seed}")))!;
        Assert.Equal(drawn["p85"]!.GetValue<string>(), replay["p85"]!.GetValue<string>());

        // How many by a date: more confidence promises fewer items; one team's throughput is the same here.
        var by = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(42).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var many = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast?date={by}&seed=3&team={team.TeamId}&weeks=8")))!;
        Assert.Equal("date", many["mode"]!.GetValue<string>());
        var (i50, i85, i95) = (many["itemsP50"]!.GetValue<int>(), many["itemsP85"]!.GetValue<int>(), many["itemsP95"]!.GetValue<int>());
        Assert.True(i50 >= i85 && i85 >= i95 && i95 > 0, $"{i50} {i85} {i95}");
        Assert.Equal(8, many["assumptions"]!["weeks"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_histogram_is_an_accessible_svg_with_the_three_markers()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        await ForecastTestData.SeedHistoryAsync(app, team.ProductKey, team.TeamId, sprints: 3, perSprint: 4, points: 2);
        using var response = await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast/histogram.svg?items=15&seed=11");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
        Assert.Contains("<title id=\"forecast-histogram-title\">", svg, StringComparison.Ordinal);
        foreach (var share in new[] { "50 %", "85 %", "95 %" }) Assert.Contains(share + ":", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_throughput_history_there_is_no_made_up_date()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var none = await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.GetAsync($"/api/v1/products/{team.ProductKey}/forecast?items=10&seed=1"));
        Assert.Contains("no throughput", Expect.Detail(none), StringComparison.Ordinal);
        Assert.Null(none["p50"]);
        var key = await app.CreateProductAsync("Product without a team");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var noTeam = await Expect.Problem(HttpStatusCode.Conflict, await admin.GetAsync($"/api/v1/products/{key}/forecast?items=10"));
        Assert.Contains("No team works on this product", Expect.Detail(noTeam), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_numbers_are_named_field_by_field()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.GetAsync(
            $"/api/v1/products/{team.ProductKey}/forecast?items=many&weeks=0&trials=1000000&seed=-4&team=nobody"));
        foreach (var field in new[] { "items", "weeks", "trials", "seed", "team" }) Assert.NotNull(bad["errors"]![field]);
        var both = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast?items=3&date=2099-01-01"));
        Assert.Contains("not several", both["errors"]!["items"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast"));
        var past = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast?date=2001-01-01"));
        Assert.NotNull(past["errors"]!["date"]);
        var otherTeam = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast?items=3&team={Guid.NewGuid()}"));
        Assert.NotNull(otherTeam["errors"]!["team"]);
        await Expect.Problem(HttpStatusCode.NotFound, await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/forecast?milestone={Guid.NewGuid()}"));
    }

    [Fact]
    public async Task The_demo_forecasts_PAY_from_the_Payments_Crew()
    {
        using var tpm = await app.SignInAsync("tpm@demo.tandem");
        var forecast = (await Expect.Status(HttpStatusCode.OK, await tpm.GetAsync("/api/v1/products/PAY/forecast?items=30&seed=20261205")))!;
        Assert.Contains(forecast["assumptions"]!["teams"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "Payments Crew");
        Assert.NotNull(forecast["p85"]);
    }

    private static DateOnly Day(JsonNode node, string field) => DateOnly.Parse(node[field]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
