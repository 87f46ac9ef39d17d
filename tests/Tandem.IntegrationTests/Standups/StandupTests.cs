using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Standups;

[Collection(TandemCollection.Name)]
public class StandupTests(TandemApp app)
{
    private static readonly string[] UnknownKeys = ["NOPE-999999"];

    private static async Task<string> ItemAsync(ScrumTeam team, string title)
    {
        using var response = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title });
        return (await Expect.Status(HttpStatusCode.Created, response))!["key"]!.GetValue<string>();
    }

    [Fact]
    public async Task Members_answer_before_the_cut_off_edits_replace_the_answer_and_the_digest_shows_who_has_not_answered()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var item = await ItemAsync(team, "Settlement export");

        var first = await Expect.Status(HttpStatusCode.OK, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups",
            new { yesterday = "Reviewed the export", today = "Finish the export", itemKeys = new[] { item.ToLowerInvariant() } }));
        var edited = await Expect.Status(HttpStatusCode.OK, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups",
            new { yesterday = "Reviewed the export", today = "Finish the export", blockers = "Waiting for the bank's sandbox keys", itemKeys = new[] { item } }));
        Assert.Equal(first!["id"]!.GetValue<Guid>(), edited!["id"]!.GetValue<Guid>());
        Assert.Equal(item, Assert.Single(edited["itemKeys"]!.AsArray())!.GetValue<string>());

        var digest = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/standups")))!;
        Assert.True(digest["open"]!.GetValue<bool>());
        Assert.Equal("23:59", digest["cutoff"]!.GetValue<string>());
        var entry = Assert.Single(digest["entries"]!.AsArray())!;
        Assert.Equal("Waiting for the bank's sandbox keys", entry["blockers"]!.GetValue<string>());
        Assert.Single(digest["blockers"]!.AsArray());
        var missing = digest["notAnswered"]!.AsArray().Select(p => p!["displayName"]!.GetValue<string>()).ToList();
        Assert.Contains(team.Developer2.DisplayName, missing);
        Assert.Contains(team.ScrumMaster.DisplayName, missing);
        Assert.DoesNotContain(team.Developer.DisplayName, missing);

        var found = (await Expect.Status(HttpStatusCode.OK, await team.Po.GetAsync($"/api/v1/teams/{team.TeamId}/standups/search?q=SANDBOX")))!;
        Assert.Single(found["items"]!.AsArray());
        var byKey = (await Expect.Status(HttpStatusCode.OK, await team.Po.GetAsync($"/api/v1/teams/{team.TeamId}/standups/search?q={item}")))!;
        Assert.Single(byKey["items"]!.AsArray());
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Po.GetAsync($"/api/v1/teams/{team.TeamId}/standups/search?q=a"));
    }

    [Fact]
    public async Task Only_team_members_answer_and_bad_answers_write_nothing()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var offTeam = await Expect.Problem(HttpStatusCode.Forbidden, await team.OffTeamDev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups", new { today = "Help out" }));
        Assert.Contains("Only members of", Expect.Detail(offTeam), StringComparison.Ordinal);
        var stakeholder = await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups", new { today = "Watch" }));
        Assert.Contains("Only", Expect.Detail(stakeholder), StringComparison.Ordinal);

        var empty = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups", new { today = "  " }));
        Assert.NotNull(empty["errors"]);
        var unknown = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups",
            new { today = "Work", itemKeys = UnknownKeys }));
        Assert.Contains("NOPE-999999", unknown["errors"]!["itemKeys"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var digest = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/standups")))!;
        Assert.Empty(digest["entries"]!.AsArray());
    }

    [Fact]
    public async Task After_the_cut_off_an_answer_is_refused_with_the_time_and_zone()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        await Expect.Status(HttpStatusCode.OK, await team.Sm.PutAsJsonAsync($"/api/v1/teams/{team.TeamId}/rhythm", new { standupCutoff = "00:00" }));
        var zone = (await team.Sm.GetFromJsonAsync<JsonObject>($"/api/v1/teams/{team.TeamId}"))!["timeZone"]!.GetValue<string>();
        var late = await Expect.Problem(HttpStatusCode.Conflict, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups", new { today = "Late" }));
        Assert.Contains("closed at 00:00", Expect.Detail(late), StringComparison.Ordinal);
        Assert.Contains(zone, Expect.Detail(late), StringComparison.Ordinal);
        var digest = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/standups")))!;
        Assert.False(digest["open"]!.GetValue<bool>());
        Assert.Empty(digest["entries"]!.AsArray());
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/standups?date=yesterday"));
    }

    [Fact]
    public async Task A_blocker_becomes_an_impediment_linked_to_its_item_once()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var item = await ItemAsync(team, "Card tokenisation");
        var noBlocker = await Expect.Status(HttpStatusCode.OK, await team.Dev2.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups", new { today = "Tests" }));
        await Expect.Problem(HttpStatusCode.Conflict, await team.Sm.PostAsJsonAsync($"/api/v1/standups/{noBlocker!["id"]}/impediment", new { }));

        var entry = await Expect.Status(HttpStatusCode.OK, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups",
            new { today = "Tokenisation", blockers = "The HSM test partition is down\nsince Monday", itemKeys = new[] { item } }));
        var id = entry!["id"]!.GetValue<Guid>();
        var impediment = (await Expect.Status(HttpStatusCode.Created, await team.Sm.PostAsJsonAsync($"/api/v1/standups/{id}/impediment", new { impact = "high" })))!;
        Assert.Equal("The HSM test partition is down", impediment["title"]!.GetValue<string>());
        Assert.Equal("high", impediment["impact"]!.GetValue<string>());
        Assert.Equal(item, Assert.Single(impediment["itemKeys"]!.AsArray())!.GetValue<string>());
        Assert.Equal(team.TeamId, impediment["team"]!["id"]!.GetValue<Guid>());
        Assert.Equal(id, impediment["standupEntryId"]!.GetValue<Guid>());

        var again = await Expect.Problem(HttpStatusCode.Conflict, await team.Dev.PostAsJsonAsync($"/api/v1/standups/{id}/impediment", new { }));
        Assert.Contains($"impediment {impediment["number"]}", Expect.Detail(again), StringComparison.Ordinal);
        var digest = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/standups")))!;
        var blocker = Assert.Single(digest["blockers"]!.AsArray())!;
        Assert.Equal(impediment["number"]!.GetValue<int>(), blocker["impediment"]!["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task Two_clicks_at_the_same_instant_make_one_impediment_of_a_blocker()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var entry = await Expect.Status(HttpStatusCode.OK, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups",
            new { today = "Payouts", blockers = "The acquirer sandbox is down" }));
        var id = entry!["id"]!.GetValue<Guid>();
        var both = await Task.WhenAll(team.Sm.PostAsJsonAsync($"/api/v1/standups/{id}/impediment", new { }), team.Dev.PostAsJsonAsync($"/api/v1/standups/{id}/impediment", new { }));
        Assert.Equal(1, both.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(1, both.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var digest = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/standups")))!;
        Assert.NotNull(Assert.Single(digest["blockers"]!.AsArray())!["impediment"]);
    }
}
