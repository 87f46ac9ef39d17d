using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// Issue 12: a write answers with the item as a fresh read shows it, byte for byte, however cheaply the
/// answer is built. An item with something in every part of its detail (criteria, links both ways, comments,
/// history, labels, an epic, an assignee, the Definition of Done) is patched and moved in several ways, and
/// each answer is compared with the GET that follows it (built afresh: the write moved the product's version).
/// </summary>
[Collection(TandemCollection.Name)]
public class WriteAnswerTests(TandemApp app)
{
    private static readonly string[] DoneLines = ["Reviewed", "Released behind a flag"];

    [Fact]
    public async Task Patches_and_moves_answer_what_a_fresh_read_gives()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(4);
        var key = keys[1];
        var epic = BacklogTeam.Key(await team.CreateItemAsync("Payments", type: "epic"));
        using (var done = await team.Po.PutAsJsonAsync($"/api/v1/products/{team.ProductKey}/definitions/done", new { entries = DoneLines }))
            await Expect.Status(HttpStatusCode.OK, done);
        using (var add = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/criteria", new { given = "a saved card", when = "I pay", then = "I am charged once" }))
            await Expect.Status(HttpStatusCode.Created, add);
        using (var add = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/criteria", new { given = "no card", when = "I pay", then = "I am asked for one" }))
            await Expect.Status(HttpStatusCode.Created, add);
        using (var link = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/links", new { kind = "blocked-by", target = keys[0] }))
            await Expect.Status(HttpStatusCode.OK, link);
        using (var link = await team.Dev.PostAsJsonAsync($"/api/v1/items/{keys[2]}/links", new { kind = "relates-to", target = key }))
            await Expect.Status(HttpStatusCode.OK, link);
        using (var comment = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/comments", new { text = "Needs the *new* provider" }))
            await Expect.Status(HttpStatusCode.OK, comment);
        using (var comment = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/comments", new { text = "Agreed" }))
            await Expect.Status(HttpStatusCode.OK, comment);
        using (var label = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/labels", new { label = "Quick Win" }))
            await Expect.Status(HttpStatusCode.OK, label);
        using (var label = await team.Dev.PostAsJsonAsync($"/api/v1/items/{key}/labels", new { label = "checkout" }))
            await Expect.Status(HttpStatusCode.OK, label);

        await SameAsReadAsync(team, key, HttpMethod.Patch, $"/api/v1/items/{key}", new { businessValue = 8 });
        await SameAsReadAsync(team, key, HttpMethod.Patch, $"/api/v1/items/{key}", new { title = "Pay by card", description = "**Fast** checkout" });
        await SameAsReadAsync(team, key, HttpMethod.Patch, $"/api/v1/items/{key}", new { epic, assignee = team.ProductOwner.Id });
        await SameAsReadAsync(team, key, HttpMethod.Patch, $"/api/v1/items/{key}", new { status = "in-progress", unassign = true });
        await SameAsReadAsync(team, key, HttpMethod.Post, $"/api/v1/items/{key}/move", new { position = "top" });
        await SameAsReadAsync(team, key, HttpMethod.Post, $"/api/v1/items/{key}/move", new { after = keys[3] });
        await SameAsReadAsync(team, key, HttpMethod.Post, $"/api/v1/items/{key}/move", new { before = keys[0] });
        await SameAsReadAsync(team, key, HttpMethod.Patch, $"/api/v1/items/{key}", new { businessValue = 13 });

        // Every part of the detail was there to compare.
        var item = await team.GetItemAsync(key);
        Assert.Equal(2, item["acceptanceCriteria"]!.AsArray().Count);
        Assert.Equal(2, item["links"]!.AsArray().Count);
        Assert.Equal(2, item["comments"]!.AsArray().Count);
        Assert.Equal(["checkout", "quick-win"], item["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(DoneLines, item["definitionOfDone"]!["product"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(epic, item["epic"]!.GetValue<string>());
        Assert.Equal("moved it before " + keys[0], item["activity"]![1]!["text"]!.GetValue<string>());
    }

    private static async Task SameAsReadAsync(BacklogTeam team, string key, HttpMethod method, string url, object body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        using var write = await team.Po.SendAsync(request);
        await Expect.Status(HttpStatusCode.OK, write);
        var answer = await write.Content.ReadAsStringAsync();
        using var read = await team.Po.GetAsync($"/api/v1/items/{key}");
        await Expect.Status(HttpStatusCode.OK, read);
        Assert.Equal(await read.Content.ReadAsStringAsync(), answer);
    }
}
