using Microsoft.Playwright;
using Tandem.ClusterTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tandem.ClusterTests;

/// <summary>A planning-poker session with a Tech Lead and two developers, and the table as a browser shows it.</summary>
public sealed class PokerTable
{
    public required Team Team { get; init; }
    public required Member TechLead { get; init; }
    public required Member Dev1 { get; init; }
    public required Member Dev2 { get; init; }
    public required Guid SessionId { get; init; }

    /// <summary>Everything made through <paramref name="writes"/> (a node).</summary>
    public static async Task<PokerTable> OpenAsync(Uri writes)
    {
        var team = await Team.CreateAsync(writes);
        var po = await team.MemberAsync("product-owner", writes);
        var tl = await team.MemberAsync("tech-lead", writes);
        var dev1 = await team.MemberAsync("developer", writes);
        var dev2 = await team.MemberAsync("developer", writes);
        var story = await team.StoryAsync(po.Client, "Pay by card");
        using var opened = await tl.Client.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/poker", new { title = "Refinement", items = new[] { story } });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = Guid.Parse((await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        return new PokerTable { Team = team, TechLead = tl, Dev1 = dev1, Dev2 = dev2, SessionId = id };
    }

    /// <summary>The Tech Lead's table in a browser on <paramref name="node"/>, once its live channel is connected.</summary>
    public async Task<IPage> WatchAsync(TandemCluster cluster, Uri node)
    {
        var page = await cluster.NewPageAsync(node);
        await TandemCluster.SignInAsync(page, TechLead.Email, TechLead.Password);
        await page.GotoAsync($"/p/{Team.ProductKey}/poker/{SessionId}");
        await Expect(Live(page)).ToHaveAttributeAsync("data-state", "connected");
        return page;
    }

    public static ILocator Live(IPage page) => page.GetByTestId("poker-live");

    public static ILocator Voter(IPage page, Member who) => page.Locator($"[data-testid=poker-voter][data-person='{who.Id}']");

    public async Task<HttpResponseMessage> VoteAsync(Member who, Uri at, int points)
    {
        using var client = TandemCluster.Same(who.Client, at);
        return await client.PutAsJsonAsync($"/api/v1/poker/{SessionId}/vote", new { points });
    }
}
