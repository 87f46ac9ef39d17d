using System.Net.Http.Headers;
using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Vision;

[Collection(TandemCollection.Name)]
public class VisionTests(TandemApp app)
{
    private static async Task<HttpResponseMessage> PutVisionAsync(BacklogTeam team, HttpClient client, object vision, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/products/{team.ProductKey}/vision") { Content = JsonContent.Create(vision) };
        if (etag is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_Product_Owner_rewrites_the_vision_and_a_stale_If_Match_is_a_412()
    {
        var team = await BacklogTeam.CreateAsync(app);
        using var first = await PutVisionAsync(team, team.Po, new { statement = "Payments anyone can trust", targetUsers = "Small shops", problem = "Fees are *opaque*" });
        var vision = (await Expect.Status(HttpStatusCode.OK, first))!;
        Assert.Equal("Payments anyone can trust", vision["statement"]!.GetValue<string>());
        Assert.Contains("<em>opaque</em>", vision["problemHtml"]!.GetValue<string>(), StringComparison.Ordinal);
        var staleTag = first.Headers.ETag!.ToString();

        using (var second = await PutVisionAsync(team, team.Po, new { statement = "Payments everyone can trust", targetUsers = "Small shops", problem = "Fees" }, staleTag))
            await Expect.Status(HttpStatusCode.OK, second);
        using (var stale = await PutVisionAsync(team, team.Po, new { statement = "Lost update", targetUsers = "", problem = "" }, staleTag))
            await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);

        var current = (await team.Stakeholder.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/vision"))!;
        Assert.Equal("Payments everyone can trust", current["statement"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stakeholders_read_the_vision_but_do_not_change_it()
    {
        var team = await BacklogTeam.CreateAsync(app);
        using (var get = await team.Stakeholder.GetAsync($"/api/v1/products/{team.ProductKey}/vision"))
            await Expect.Status(HttpStatusCode.OK, get);
        using var put = await PutVisionAsync(team, team.Stakeholder, new { statement = "Mine now", targetUsers = "", problem = "" });
        await Expect.Problem(HttpStatusCode.Forbidden, put);
        using var goal = await team.Stakeholder.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/goals", new { title = "Mine", outcome = "x", targetDate = "2027-01-31" });
        await Expect.Problem(HttpStatusCode.Forbidden, goal);
    }

    [Fact]
    public async Task A_goal_needs_a_target_date()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var url = $"/api/v1/products/{team.ProductKey}/goals";

        using (var noDate = await team.Po.PostAsJsonAsync(url, new { title = "Faster checkout", outcome = "Checkout under 30 s" }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, noDate))["errors"]!["targetDate"]);

        using var added = await team.Po.PostAsJsonAsync(url, new { title = "Faster checkout", outcome = "Checkout under 30 s", targetDate = "2027-03-31" });
        var goal = Assert.Single((await Expect.Status(HttpStatusCode.OK, added))!["goals"]!.AsArray())!;
        Assert.Equal("Faster checkout", goal["title"]!.GetValue<string>());
        Assert.Equal("2027-03-31", goal["targetDate"]!.GetValue<string>());
    }
}
