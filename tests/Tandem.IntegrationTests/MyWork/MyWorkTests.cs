using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.MyWork;

/// <summary>Issue 14: "My work" across products (assigned, waiting for my decision, followed) and following an item.</summary>
[Collection(TandemCollection.Name)]
public class MyWorkTests(TandemApp app)
{
    private static async Task<JsonObject> WorkAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/me/work");
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    private static List<string> Keys(JsonObject work, string list) =>
        work[list]!["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()).ToList();

    private static async Task PatchAsync(HttpClient client, string key, object changes)
    {
        using var response = await client.PatchAsJsonAsync($"/api/v1/items/{key}", changes);
        await Expect.Status(HttpStatusCode.OK, response);
    }

    [Fact]
    public async Task The_Product_Owner_sees_done_work_to_accept_on_each_of_their_products_and_a_developer_sees_what_is_assigned()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var other = await app.CreateProductAsync();
        await app.AssignAsync(other, team.ProductOwner.Id, "product-owner");
        var developer = await app.CreatePersonAsync(TandemApp.Unique("Dev"));
        await app.AssignAsync(team.ProductKey, developer.Id, "developer");
        var dev = await app.SignInAsync(developer.Email, developer.Password);

        var done = BacklogTeam.Key(await team.CreateItemAsync("Refund a card payment"));
        await PatchAsync(team.Po, done, new { status = "done" });
        using (var created = await team.Po.PostAsJsonAsync($"/api/v1/products/{other}/items", new { type = "bug", title = "Receipts show the wrong currency" }))
        {
            var otherDone = (await Expect.Status(HttpStatusCode.Created, created))!["key"]!.GetValue<string>();
            await PatchAsync(team.Po, otherDone, new { status = "done" });
        }
        var assigned = BacklogTeam.Key(await team.CreateItemAsync("Export settlements as CSV"));
        await PatchAsync(team.Po, assigned, new { assignee = developer.Id });

        var po = await WorkAsync(team.Po);
        var products = po["awaiting"]!.AsArray().Select(p => p!.AsObject()).ToList();
        foreach (var key in new[] { team.ProductKey, other })
        {
            var product = Assert.Single(products, p => p["productKey"]!.GetValue<string>() == key);
            Assert.Contains(product["awaiting"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Accept or reject 1 finished item");
        }
        Assert.Equal(2, po["productsTotal"]!.GetValue<int>());

        var mine = await WorkAsync(dev);
        Assert.Equal([assigned], Keys(mine, "assigned"));
        Assert.Equal(1, mine["assigned"]!["total"]!.GetValue<int>());
        // Acceptance is not the developer's decision: nothing about it waits for them.
        Assert.DoesNotContain(mine["awaiting"]!.AsArray().SelectMany(p => p!["awaiting"]!.AsArray()),
            a => a!["title"]!.GetValue<string>().StartsWith("Accept", StringComparison.Ordinal));

        // Done work leaves "assigned": it waits for the Product Owner now.
        await PatchAsync(dev, assigned, new { status = "done" });
        Assert.Empty(Keys(await WorkAsync(dev), "assigned"));
    }

    [Fact]
    public async Task Anyone_who_reads_an_item_follows_it_once_sees_it_on_My_work_and_unfollows_it()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Show the payout schedule"));

        for (var i = 0; i < 2; i++)
        {
            // PUT is idempotent: following twice is one follow.
            using var followed = await team.Stakeholder.PutAsync($"/api/v1/items/{key}/follow", null);
            Assert.True((await Expect.Status(HttpStatusCode.OK, followed))!["following"]!.GetValue<bool>());
        }
        var work = await WorkAsync(team.Stakeholder);
        Assert.Equal([key], Keys(work, "following"));
        Assert.Equal(1, work["following"]!["total"]!.GetValue<int>());
        Assert.True((await team.Stakeholder.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}/follow"))!["following"]!.GetValue<bool>());
        // Following is personal: the Product Owner does not follow it because the stakeholder does.
        Assert.Empty(Keys(await WorkAsync(team.Po), "following"));

        using (var unfollowed = await team.Stakeholder.DeleteAsync($"/api/v1/items/{key}/follow"))
            Assert.False((await Expect.Status(HttpStatusCode.OK, unfollowed))!["following"]!.GetValue<bool>());
        Assert.Empty(Keys(await WorkAsync(team.Stakeholder), "following"));

        using var missing = await team.Stakeholder.PutAsync($"/api/v1/items/{team.ProductKey}-99999/follow", null);
        await Expect.Status(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task The_item_page_comes_back_to_the_saved_section_open_with_a_confirmation()
    {
        // On PostgreSQL this page once answered 500: its sections queried the one DbContext at once. They now take
        // turns (GatedComponent), and this runs on both databases.
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Pay out to a new bank account"));
        var html = await team.Po.GetStringAsync($"/p/{team.ProductKey}/items/{key}?saved=criteria");
        Assert.Matches("<details[^>]*id=\"criteria\"[^>]*\\sopen[\\s>=]", html);
        Assert.Contains("Criteria saved.", html, StringComparison.Ordinal);
        // The person's own actions come from the decision rights: the Product Owner adds criteria, the stakeholder reads.
        Assert.Contains("?open=criteria#criteria", html, StringComparison.Ordinal);
        var read = await team.Stakeholder.GetStringAsync($"/p/{team.ProductKey}/items/{key}");
        Assert.Contains("data-testid=\"item-actions-none\"", read, StringComparison.Ordinal);
    }
}
