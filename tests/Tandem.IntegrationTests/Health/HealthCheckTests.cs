using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Retros;

namespace Tandem.IntegrationTests.Health;

[Collection(TandemCollection.Name)]
public class HealthCheckTests(TandemApp app)
{
    private static object Scores(int fun, int pace) => new { scores = new { fun, pace } };

    [Fact]
    public async Task Answers_are_anonymous_replaced_when_given_again_and_averaged_only_from_three()
    {
        var team = await RetroTeam.CreateAsync(app);
        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev1.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/health-checks", new { }));
        Assert.Contains("Only the Scrum Master", Expect.Detail(refused), StringComparison.Ordinal);

        var round = await Expect.Status(HttpStatusCode.Created, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/health-checks", new { dimensions = (string[])["fun", "pace"] }));
        var id = round!["id"]!.GetValue<Guid>();

        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PostAsJsonAsync($"/api/v1/health-checks/{id}/answers", new { scores = new { fun = 9, mood = 3 } }));
        Assert.Equal(["scores.fun", "scores.mood", "scores.pace"], bad["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        await Expect.Status(HttpStatusCode.OK, await team.Dev1.PostAsJsonAsync($"/api/v1/health-checks/{id}/answers", Scores(1, 1)));
        // Answering again replaces the first answer.
        var again = await Expect.Status(HttpStatusCode.OK, await team.Dev1.PostAsJsonAsync($"/api/v1/health-checks/{id}/answers", Scores(5, 3)));
        Assert.Equal(1, again!["answers"]!.GetValue<int>());
        var two = await Expect.Status(HttpStatusCode.OK, await team.Dev2.PostAsJsonAsync($"/api/v1/health-checks/{id}/answers", Scores(4, 2)));
        Assert.False(two!["shown"]!.GetValue<bool>());
        Assert.All(two["averages"]!.AsArray(), a => Assert.Null(a!["average"]));

        var three = await Expect.Status(HttpStatusCode.OK, await team.Dev3.PostAsJsonAsync($"/api/v1/health-checks/{id}/answers", Scores(3, 1)));
        Assert.True(three!["shown"]!.GetValue<bool>());
        Assert.Equal(3, three["answers"]!.GetValue<int>());
        Assert.Equal(4.0m, three["averages"]![0]!["average"]!.GetValue<decimal>());
        Assert.Equal(2.0m, three["averages"]![1]!["average"]!.GetValue<decimal>());

        var stakeholder = await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.PostAsJsonAsync($"/api/v1/health-checks/{id}/answers", Scores(1, 1)));
        Assert.Contains("Only", Expect.Detail(stakeholder), StringComparison.Ordinal);

        // A second round, and the trend across both; never anyone's own scores.
        var next = await Expect.Status(HttpStatusCode.Created, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/health-checks", new { }));
        Assert.Equal(8, next!["dimensions"]!.AsArray().Count);
        var closed = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PostAsJsonAsync($"/api/v1/health-checks/{id}/answers", Scores(2, 2)));
        Assert.Contains("round", closed["errors"]!.AsObject().Select(e => e.Key));

        var trendText = await (await team.Dev1.GetAsync($"/api/v1/teams/{team.TeamId}/health")).Content.ReadAsStringAsync();
        foreach (var person in new[] { team.Dev1Person, team.Dev2Person, team.Dev3Person })
        {
            Assert.DoesNotContain(person.Id.ToString(), trendText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.DisplayName, trendText, StringComparison.Ordinal);
        }
        var trend = System.Text.Json.Nodes.JsonNode.Parse(trendText)!;
        Assert.Equal(2, trend["rounds"]!.AsArray().Count);
        Assert.Equal(next["id"]!.GetValue<Guid>(), trend["current"]!["id"]!.GetValue<Guid>());
        Assert.True(trend["rounds"]![0]!["answered"]!.GetValue<bool>());

        var page = await (await team.Dev2.GetAsync($"/teams/{team.TeamId}/health")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"health-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"health-table\"", page, StringComparison.Ordinal);
        Assert.Contains("4.0", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"health-open-note\"", page, StringComparison.Ordinal);
    }
}
