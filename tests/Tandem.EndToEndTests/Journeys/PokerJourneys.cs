using System.Text.Json;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>Planning poker with the team in separate browsers: live votes, the reveal, and the Tech Lead's final say.</summary>
[Collection(DemoCollection.Name)]
public sealed class PokerJourneys(DemoApp app)
{
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    [Fact]
    public async Task The_Tech_Lead_runs_poker_with_two_developers_live_settles_a_split_vote_and_the_Product_Owner_cannot()
    {
        // The Product Owner writes the story the team will size.
        var po = await SignedInAsync("po@demo.tandem");
        var title = $"Split refunds across cards {Guid.NewGuid():N}"[..36];
        var created = await po.APIRequest.PostAsync("/api/v1/products/PAY/items", new() { DataObject = new { type = "story", title } });
        Assert.Equal(201, created.Status);
        var itemKey = JsonDocument.Parse(await created.TextAsync()).RootElement.GetProperty("key").GetString()!;

        // The Product Owner does not run poker; the Tech Lead opens it.
        var poList = new PokerListPage(po);
        await poList.OpenAsync("PAY");
        await Expect(poList.OpenNote).ToContainTextAsync("Only the Tech Lead or the Scrum Master");

        var tlPage = await SignedInAsync("tl@demo.tandem");
        var list = new PokerListPage(tlPage);
        await tlPage.GotoAsync("/p/PAY/backlog");
        await tlPage.GetByTestId("poker-link").ClickAsync();
        await tlPage.GetByTestId("open-poker-form").WaitForAsync();
        await list.OpenSessionAsync("Refunds refinement", itemKey);
        var tl = new PokerTablePage(tlPage);
        await tl.WaitLiveAsync();
        await Expect(tl.CurrentItem).ToHaveTextAsync(itemKey);
        var url = tlPage.Url;

        // Two developers join from their own browsers; everyone sees who is at the table.
        var priya = new PokerTablePage(await SignedInAsync("dev1@demo.tandem"));
        await priya.OpenAsync(url);
        var jonas = new PokerTablePage(await SignedInAsync("dev2@demo.tandem"));
        await jonas.OpenAsync(url);
        await Expect(tl.Present.GetByText("Jonas Berg")).ToBeVisibleAsync();
        await Expect(priya.Present.GetByText("Jonas Berg")).ToBeVisibleAsync();

        // Each sees the other's "voted" live, never the card.
        await Expect(jonas.Voter("Priya Patel")).ToHaveAttributeAsync("data-voted", "false");
        await priya.VoteAsync("3");
        await Expect(jonas.Voter("Priya Patel")).ToHaveAttributeAsync("data-voted", "true");
        await Expect(tl.Voter("Priya Patel")).ToHaveAttributeAsync("data-voted", "true");
        await jonas.VoteAsync("13");
        await Expect(priya.Voter("Jonas Berg")).ToHaveAttributeAsync("data-voted", "true");
        await Expect(priya.Votes).ToHaveCountAsync(0);
        await Expect(jonas.Page.GetByTestId("my-vote")).ToContainTextAsync("13");

        // The Tech Lead reveals; both developers see the cards and the spread without reloading.
        await tl.RevealAsync();
        await Expect(priya.Vote("Jonas Berg")).ToHaveAttributeAsync("data-value", "13");
        await Expect(jonas.Vote("Priya Patel")).ToHaveAttributeAsync("data-value", "3");
        await Expect(priya.Spread).ToContainTextAsync("Spread from 3 to 13");
        await Expect(jonas.Page.GetByTestId("vote-form")).ToBeHiddenAsync();

        // A split vote: the Product Owner is told that the Tech Lead decides, and the API refuses her too.
        var poTable = new PokerTablePage(po);
        await poTable.OpenAsync(url);
        await Expect(poTable.SettleForm).ToHaveCountAsync(0);
        await Expect(poTable.SettleNote).ToContainTextAsync("Only the Tech Lead of PAY (Tomás Lee) can set the final estimate");
        var id = url.Split('/')[^1];
        var refused = await po.APIRequest.PostAsync($"/api/v1/poker/{id}/settle", new() { DataObject = new { points = 8, reason = "Split the difference" } });
        Assert.Equal(403, refused.Status);
        Assert.Contains("Only the Tech Lead of PAY (Tomás Lee)", await refused.TextAsync(), StringComparison.Ordinal);

        // The Tech Lead settles with a reason; the developers' screens follow, and the item has its estimate.
        await tl.SettleAsync("8", "The 13 counts the provider change; the 3 does not. We split the provider work out.");
        await Expect(tl.Notice).ToContainTextAsync("Set the final estimate");
        await Expect(tl.Decided).ToContainTextAsync("8");
        await Expect(priya.Decided).ToBeVisibleAsync();
        await Expect(priya.Decided).ToContainTextAsync("Settled by the Tech Lead");

        var item = new EstimateSection(tlPage);
        await tlPage.GotoAsync($"/p/PAY/items/{itemKey}");
        await Expect(item.Current).ToContainTextAsync("8");
    }
}
