using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Roadmap;

[Collection(TandemCollection.Name)]
public class RoadmapTests(TandemApp app)
{
    [Fact]
    public async Task The_Product_Owner_puts_an_epic_in_next_with_its_progress()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var epic = BacklogTeam.Key(await team.CreateItemAsync("Card payments", "epic"));
        var story = BacklogTeam.Key(await team.CreateItemAsync("Pay by card"));
        var other = BacklogTeam.Key(await team.CreateItemAsync("Refund a card payment"));
        await team.PatchAsync(story, new { epic });
        await team.PatchAsync(other, new { epic });
        await team.ShipAsync(story);

        using (var byDev = await team.Dev.PutAsJsonAsync($"/api/v1/items/{epic}/roadmap", new { lane = "next" }))
            await Expect.Problem(HttpStatusCode.Forbidden, byDev);
        using (var notEpic = await team.Po.PutAsJsonAsync($"/api/v1/items/{story}/roadmap", new { lane = "next" }))
            await Expect.Problem(HttpStatusCode.BadRequest, notEpic);

        using var placed = await team.Po.PutAsJsonAsync($"/api/v1/items/{epic}/roadmap", new { lane = "next" });
        await Expect.Status(HttpStatusCode.OK, placed);

        var roadmap = (await team.Stakeholder.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/roadmap"))!;
        var next = Assert.Single(roadmap["next"]!.AsArray())!;
        Assert.Equal(epic, next["key"]!.GetValue<string>());
        Assert.Equal(2, next["items"]!.GetValue<int>());
        Assert.Equal(1, next["accepted"]!.GetValue<int>());
        Assert.Empty(roadmap["now"]!.AsArray());
    }

    [Fact]
    public async Task Release_notes_list_accepted_items_in_Markdown_and_download_as_a_file()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var story = BacklogTeam.Key(await team.CreateItemAsync("As a shopper I want to pay by card so that I need no cash"));
        var bug = BacklogTeam.Key(await team.CreateItemAsync("Receipt shows the wrong total", "bug"));
        var open = BacklogTeam.Key(await team.CreateItemAsync("Not yet"));
        await team.ShipAsync(story);
        await team.ShipAsync(bug);
        var url = $"/api/v1/products/{team.ProductKey}/release-notes?items={story},{bug}";

        var notes = (await team.Stakeholder.GetFromJsonAsync<JsonObject>(url))!;
        var markdown = notes["markdown"]!.GetValue<string>();
        Assert.StartsWith("# ", markdown, StringComparison.Ordinal);
        Assert.Contains(story, markdown, StringComparison.Ordinal);
        Assert.Contains(bug, markdown, StringComparison.Ordinal);

        using (var notAccepted = await team.Po.GetAsync($"/api/v1/products/{team.ProductKey}/release-notes?items={story},{open}"))
            Assert.Contains(open, Expect.Detail(await Expect.Problem(HttpStatusCode.BadRequest, notAccepted)), StringComparison.Ordinal);

        using var download = await team.Po.GetAsync(url + "&download=true");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/markdown", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(markdown, await download.Content.ReadAsStringAsync());
    }
}
