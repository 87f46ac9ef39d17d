using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Metrics;

namespace Tandem.IntegrationTests.Coaching;

/// <summary>
/// Coach hints from the sprint history (chronic carry-over, low say/do) and the board (a column over its WIP
/// limit for days), each with its data and a link; only the Scrum Master dismisses one, with a reason.
/// </summary>
[Collection(TandemCollection.Name)]
public class CoachHintTests(TandemApp app)
{
    private static readonly DateOnly T = MetricsTeam.Today;

    /// <summary>Five one-week sprints, carry-over in three (say/do of the last three: 20 of 30 points); five cards in progress (limit 4) for four days.</summary>
    public static async Task<(MetricsTeam Team, Guid Active)> SeedAsync(TandemApp app)
    {
        var team = await MetricsTeam.CreateAsync(app);
        for (var s = 0; s < 5; s++)
        {
            var carry = s % 2 == 0;
            await team.SprintAsync(T.AddDays(-38 + 7 * s), 7, close: true,
                new SeedItem(5, Started: 0, Done: 2), carry ? new SeedItem(5, Started: 1, CarriedOver: true) : new SeedItem(5, Started: 1, Done: 3));
        }
        var active = await team.SprintAsync(T.AddDays(-3), 14, close: false,
            [.. Enumerable.Range(0, 5).Select(_ => new SeedItem(3, Started: 0)), new SeedItem(2)]);
        return (team, active);
    }

    [Fact]
    public async Task Hints_show_the_patterns_with_their_data_and_a_link()
    {
        var (team, active) = await SeedAsync(app);
        var hints = await HintsAsync(team.Dev, team);
        var carry = Hint(hints, "chronic-carry-over");
        Assert.Equal("chronic-carry-over:5", carry["key"]!.GetValue<string>());
        Assert.Contains(carry["data"]!.AsArray(), f => f!["value"]!.GetValue<string>() == "3 of the last 5");
        Assert.Equal($"/teams/{team.TeamId}/metrics", carry["link"]!.GetValue<string>());
        var sayDo = Hint(hints, "say-do-low");
        Assert.Contains(sayDo["data"]!.AsArray(), f => f!["value"]!.GetValue<string>() == "67 %");
        var wip = Hint(hints, "wip-over-limit");
        Assert.EndsWith($":{active}", wip["key"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("In progress", wip["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(wip["data"]!.AsArray(), f => f!["label"]!.GetValue<string>() == "Cards now" && f["value"]!.GetValue<string>() == "5");
        Assert.Equal($"/teams/{team.TeamId}/board", wip["link"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_Scrum_Master_dismisses_a_hint_and_only_with_a_reason()
    {
        var (team, _) = await SeedAsync(app);
        var dismiss = $"/api/v1/teams/{team.TeamId}/coach-hints/dismiss";

        using var byDev = await team.Dev.PostAsJsonAsync(dismiss, new { key = "chronic-carry-over:5", reason = "We know" });
        var refusal = Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, byDev));
        Assert.Contains("Scrum Master", refusal, StringComparison.Ordinal);
        Assert.Contains(team.ScrumMaster.DisplayName, refusal, StringComparison.Ordinal);

        using var noReason = await team.Sm.PostAsJsonAsync(dismiss, new { key = "chronic-carry-over:5", reason = "  " });
        var invalid = await Expect.Problem(HttpStatusCode.BadRequest, noReason);
        Assert.NotNull(invalid["errors"]!["reason"]);

        using var unknown = await team.Sm.PostAsJsonAsync(dismiss, new { key = "chronic-carry-over:4", reason = "Old news" });
        await Expect.Problem(HttpStatusCode.NotFound, unknown);

        using var ok = await team.Sm.PostAsJsonAsync(dismiss, new { key = "chronic-carry-over:5", reason = "Two people were ill; the next sprint is lighter." });
        var after = (await Expect.Status(HttpStatusCode.OK, ok))!.AsObject();
        Assert.DoesNotContain(after["hints"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "chronic-carry-over");
        Assert.Contains(after["hints"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "say-do-low");
        var dismissed = Assert.Single(after["dismissed"]!.AsArray());
        Assert.Equal("Two people were ill; the next sprint is lighter.", dismissed!["reason"]!.GetValue<string>());
        Assert.Equal(team.ScrumMaster.DisplayName, dismissed["by"]!["displayName"]!.GetValue<string>());
        Assert.DoesNotContain((await HintsAsync(team.Dev, team))["hints"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "chronic-carry-over");

        using var again = await team.Sm.PostAsJsonAsync(dismiss, new { key = "chronic-carry-over:5", reason = "Again" });
        await Expect.Problem(HttpStatusCode.Conflict, again);

        // Logged: the decision log has the dismissal with its reason.
        var log = await team.Sm.GetStringAsync($"/api/v1/products/{team.ProductKey}/decision-log");
        Assert.Contains("Two people were ill", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_team_home_shows_the_burndown_wip_breach_and_hints_with_the_dismiss_form_for_the_SM_only()
    {
        var (team, _) = await SeedAsync(app);
        var smHtml = await team.Sm.GetStringAsync($"/teams/{team.TeamId}");
        Assert.Contains("data-testid=\"chart-burndown\"", smHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"wip-breach\"", smHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"coach-hint\"", smHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"dismiss-form\"", smHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("lead: insert", smHtml, StringComparison.Ordinal);

        var devHtml = await team.Dev.GetStringAsync($"/teams/{team.TeamId}");
        Assert.Contains("data-testid=\"coach-hint\"", devHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"dismiss-form\"", devHtml, StringComparison.Ordinal);
        Assert.Contains("Scrum Master", devHtml, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> HintsAsync(HttpClient client, MetricsTeam team)
    {
        using var response = await client.GetAsync($"/api/v1/teams/{team.TeamId}/coach-hints");
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    private static JsonObject Hint(JsonObject hints, string kind) =>
        Assert.Single(hints["hints"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == kind)!.AsObject();
}
