using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Feedback;

[Collection(TandemCollection.Name)]
public class FeedbackTests(TandemApp app)
{
    private static async Task<JsonObject> SubmitAsync(BacklogTeam team, string title)
    {
        using var response = await team.Stakeholder.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/feedback", new { title, description = "We need it for month end", area = "Reports", urgency = "high" });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    private static string Url(BacklogTeam team, JsonObject feedback, string suffix = "") =>
        $"/api/v1/products/{team.ProductKey}/feedback/{feedback["number"]!.GetValue<int>()}{suffix}";

    [Fact]
    public async Task Feedback_turned_into_an_item_ships_when_the_item_is_accepted_and_tells_the_sender()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var feedback = await SubmitAsync(team, "Export to CSV");
        Assert.Equal("new", feedback["status"]!.GetValue<string>());

        for (var i = 0; i < 2; i++)
        {
            using var vote = await team.Dev.PutAsync(Url(team, feedback, "/vote"), null);
            var voted = (await Expect.Status(HttpStatusCode.OK, vote))!;
            Assert.Equal(1, voted["votes"]!.GetValue<int>());
            Assert.True(voted["votedByMe"]!.GetValue<bool>());
        }

        using (var bySm = await team.Sm.PostAsJsonAsync(Url(team, feedback, "/triage"), new { action = "create-item" }))
            await Expect.Problem(HttpStatusCode.Forbidden, bySm);

        using var triage = await team.Po.PostAsJsonAsync(Url(team, feedback, "/triage"), new { action = "create-item" });
        var linked = (await Expect.Status(HttpStatusCode.OK, triage))!;
        Assert.Equal("linked", linked["status"]!.GetValue<string>());
        var itemKey = linked["linkedItem"]!.GetValue<string>();
        Assert.Equal("Export to CSV", (await team.GetItemAsync(itemKey))["title"]!.GetValue<string>());

        await team.ShipAsync(itemKey);

        var mine = (await team.Stakeholder.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/feedback?mine=true"))!;
        Assert.Equal("shipped", Assert.Single(mine["items"]!.AsArray())!["status"]!.GetValue<string>());

        var notifications = (await team.Stakeholder.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!;
        Assert.True(notifications["unread"]!.GetValue<int>() >= 1);
        Assert.Contains(notifications["items"]!.AsArray(), n => !n!["read"]!.GetValue<bool>() && n["text"]!.GetValue<string>().Contains("Shipped", StringComparison.Ordinal));

        using var read = await team.Stakeholder.PostAsync("/api/v1/notifications/read", null);
        Assert.Equal(0, (await Expect.Status(HttpStatusCode.OK, read))!.GetValue<int>());
        Assert.Equal(0, (await team.Stakeholder.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!["unread"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sixteen_people_sending_at_once_get_sixteen_consecutive_numbers()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var start = (await SubmitAsync(team, "Before the rush"))["number"]!.GetValue<int>();

        // Numbers come from the product's sequence in the saving transaction: no collisions to retry, no gaps.
        var sent = await Task.WhenAll(Enumerable.Range(1, 16).Select(i => SubmitAsync(team, $"Rush {i}")));

        Assert.Equal(Enumerable.Range(start + 1, 16), sent.Select(f => f["number"]!.GetValue<int>()).Order());
    }

    [Fact]
    public async Task A_reason_longer_than_the_log_keeps_is_the_senders_to_shorten_and_nothing_is_triaged()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var feedback = await SubmitAsync(team, "Long story");

        using var tooLong = await team.Po.PostAsJsonAsync(Url(team, feedback, "/triage"), new { action = "snooze", until = "2099-01-01", reason = new string('x', 2001) });
        Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, tooLong))["errors"]!["reason"]);

        Assert.Equal("new", (await team.Po.GetFromJsonAsync<JsonObject>(Url(team, feedback)))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_decline_needs_a_reason()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var feedback = await SubmitAsync(team, "Dark mode");

        using (var noReason = await team.Po.PostAsJsonAsync(Url(team, feedback, "/triage"), new { action = "decline" }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, noReason))["errors"]!["reason"]);

        using var declined = await team.Po.PostAsJsonAsync(Url(team, feedback, "/triage"), new { action = "decline", reason = "Not this year" });
        var body = (await Expect.Status(HttpStatusCode.OK, declined))!;
        Assert.Equal("declined", body["status"]!.GetValue<string>());
        Assert.Equal("Not this year", body["declineReason"]!.GetValue<string>());
    }
}
