using System.Text.Json;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>A retrospective run live by the Scrum Master and two developers in separate browsers, and its action reviewed at the next one.</summary>
[Collection(DemoCollection.Name)]
public sealed class RetroJourneys(DemoApp app)
{
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    private static async Task<Guid> IdOfAsync(IPage page)
    {
        var me = await page.APIRequest.GetAsync("/api/v1/auth/me");
        return JsonDocument.Parse(await me.TextAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private static Task LiveAsync(IPage page) =>
        Expect(page.GetByTestId("retro-live-state")).ToHaveAttributeAsync("data-state", "connected");

    private static async Task OpenLiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await LiveAsync(page);
    }

    private static async Task WriteCardAsync(IPage page, string column, string text, bool anonymous = false)
    {
        var form = page.Locator($"[data-testid=write-form][data-column='{column}']");
        await form.GetByTestId("card-text").FillAsync(text);
        if (anonymous) await form.GetByTestId("card-anonymous").CheckAsync();
        await form.GetByTestId("card-submit").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Your card is on the board");
        await LiveAsync(page);
    }

    private static async Task NextPhaseAsync(IPage sm, string phase)
    {
        await sm.GetByTestId("phase-next").ClickAsync();
        await Expect(sm.GetByTestId("retro-live")).ToHaveAttributeAsync("data-phase", phase);
        await LiveAsync(sm);
    }

    /// <summary>A team of our own on PAY with these people, made by the workspace admin.</summary>
    private async Task<Guid> NewTeamAsync(params IPage[] members)
    {
        var admin = await SignedInAsync("admin@demo.tandem");
        var ids = new List<Guid>();
        foreach (var member in members) ids.Add(await IdOfAsync(member));
        var created = await admin.APIRequest.PostAsync("/api/v1/teams", new()
        {
            DataObject = new { name = $"Retro crew {Guid.NewGuid():N}"[..20], productKey = "PAY", members = ids.Select(id => new { userId = id }) },
        });
        Assert.Equal(201, created.Status);
        return JsonDocument.Parse(await created.TextAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<string> StartRetroAsync(IPage sm, Guid teamId, string title)
    {
        await sm.GotoAsync($"/teams/{teamId}/retros");
        await sm.GetByTestId("retro-title-input").FillAsync(title);
        await sm.GetByTestId("start-retro-submit").ClickAsync();
        await Expect(sm.GetByTestId("retro-title")).ToHaveTextAsync(title);
        await LiveAsync(sm);
        return new Uri(sm.Url).AbsolutePath;
    }

    private static ILocator Card(IPage page, string text) => page.GetByTestId("retro-card").Filter(new() { HasText = text });

    [Fact]
    public async Task Two_members_run_a_retrospective_live_and_its_action_is_reviewed_at_the_next_one()
    {
        // The workspace admin sets up a team of our own on PAY: the Scrum Master and two developers.
        var samPage = await SignedInAsync("sm@demo.tandem");
        var priyaPage = await SignedInAsync("dev1@demo.tandem");
        var jonasPage = await SignedInAsync("dev2@demo.tandem");
        var teamId = await NewTeamAsync(samPage, priyaPage, jonasPage);

        // A developer may not start one: the page names who decides. The Scrum Master starts it.
        await priyaPage.GotoAsync($"/teams/{teamId}/retros");
        await Expect(priyaPage.GetByTestId("start-retro-note")).ToContainTextAsync("Only the Scrum Master");
        await samPage.GotoAsync($"/teams/{teamId}/retros");
        await Expect(samPage.GetByTestId("team-tab-retros")).ToHaveAttributeAsync("aria-current", "page");
        await samPage.GetByTestId("retro-title-input").FillAsync("Sprint 7 retro");
        await samPage.GetByTestId("retro-format").SelectOptionAsync("start-stop-continue");
        await samPage.GetByTestId("start-retro-submit").ClickAsync();
        await Expect(samPage.GetByTestId("retro-title")).ToHaveTextAsync("Sprint 7 retro");
        await LiveAsync(samPage);
        var url = new Uri(samPage.Url).AbsolutePath;

        // Both developers join; a card written in one browser appears in the others without a reload.
        await OpenLiveAsync(priyaPage, url);
        await OpenLiveAsync(jonasPage, url);
        await WriteCardAsync(priyaPage, "Start", "Pair on the payment refactoring");
        await Expect(Card(jonasPage, "Pair on the payment refactoring")).ToBeVisibleAsync();
        await Expect(Card(samPage, "Pair on the payment refactoring").GetByTestId("retro-card-author")).ToHaveTextAsync("Priya Patel");

        // An anonymous card shows nobody's name, in Priya's browser or anywhere.
        await WriteCardAsync(jonasPage, "Stop", "Stop deploying on Friday afternoons", anonymous: true);
        await Expect(Card(priyaPage, "Stop deploying on Friday afternoons").GetByTestId("retro-card-author")).ToHaveTextAsync("anonymous");
        await Expect(Card(samPage, "Stop deploying on Friday afternoons")).Not.ToContainTextAsync("Jonas");

        // The Scrum Master moves on; the developers' screens follow to the vote.
        await NextPhaseAsync(samPage, "group");
        await NextPhaseAsync(samPage, "vote");
        await Expect(priyaPage.GetByTestId("retro-live")).ToHaveAttributeAsync("data-phase", "vote");
        await Expect(jonasPage.GetByTestId("votes-left")).ToContainTextAsync("3 of 3");

        // Each votes; a person sees their own votes only.
        await Card(priyaPage, "Stop deploying on Friday afternoons").GetByTestId("vote").ClickAsync();
        await Expect(priyaPage.GetByTestId("votes-left")).ToContainTextAsync("2 of 3");
        await LiveAsync(priyaPage);
        await Card(priyaPage, "Stop deploying on Friday afternoons").GetByTestId("vote").ClickAsync();
        await Expect(priyaPage.GetByTestId("votes-left")).ToContainTextAsync("1 of 3");
        await Card(jonasPage, "Stop deploying on Friday afternoons").GetByTestId("vote").ClickAsync();
        await Expect(jonasPage.GetByTestId("votes-left")).ToContainTextAsync("2 of 3");
        await Expect(Card(jonasPage, "Stop deploying on Friday afternoons").GetByTestId("my-votes")).ToContainTextAsync("1");

        // The discussion shows the totals, most votes first, in every browser.
        await NextPhaseAsync(samPage, "discuss");
        var top = jonasPage.GetByTestId("retro-topic").First;
        await Expect(top.GetByTestId("retro-topic-title")).ToHaveTextAsync("Stop deploying on Friday afternoons");
        await Expect(top.GetByTestId("retro-topic-votes")).ToContainTextAsync("3 votes");

        // Priya agrees an action with Jonas as its owner; it appears for the others live.
        await LiveAsync(priyaPage);
        await priyaPage.GetByTestId("action-text").FillAsync("Move the release window to Tuesday");
        await priyaPage.GetByTestId("action-owner").SelectOptionAsync(new SelectOptionValue { Label = "Jonas Berg" });
        await priyaPage.GetByTestId("action-due").FillAsync("2031-03-04");
        await priyaPage.GetByTestId("action-submit").ClickAsync();
        await Expect(priyaPage.GetByTestId("notice")).ToContainTextAsync("The action is on the list");
        await Expect(jonasPage.GetByTestId("retro-action-text")).ToHaveTextAsync("Move the release window to Tuesday");
        await Expect(samPage.GetByTestId("retro-action")).ToContainTextAsync("Jonas Berg");

        // Close it and start the next one: it opens by reviewing the action, which Jonas marks done.
        await NextPhaseAsync(samPage, "actions");
        await NextPhaseAsync(samPage, "closed");
        await samPage.GotoAsync($"/teams/{teamId}/retros");
        await Expect(samPage.GetByTestId("open-action")).ToContainTextAsync("Move the release window to Tuesday");
        await samPage.GetByTestId("retro-title-input").FillAsync("Sprint 8 retro");
        await samPage.GetByTestId("start-retro-submit").ClickAsync();
        await Expect(samPage.GetByTestId("retro-title")).ToHaveTextAsync("Sprint 8 retro");
        var next = new Uri(samPage.Url).AbsolutePath;
        await LiveAsync(samPage);

        await OpenLiveAsync(jonasPage, next);
        var review = jonasPage.GetByTestId("review-action").Filter(new() { HasText = "Move the release window to Tuesday" });
        await Expect(review).ToBeVisibleAsync();
        await review.GetByTestId("review-done").ClickAsync();
        await Expect(jonasPage.GetByTestId("review-action-status")).ToHaveTextAsync("done");
        await Expect(samPage.GetByTestId("review-action-status")).ToHaveTextAsync("done");
    }

    [Fact]
    public async Task A_screen_whose_refresh_fails_or_reads_an_older_board_catches_up_with_the_phase()
    {
        var samPage = await SignedInAsync("sm@demo.tandem");
        var priyaPage = await SignedInAsync("dev1@demo.tandem");
        var teamId = await NewTeamAsync(samPage, priyaPage);
        var url = await StartRetroAsync(samPage, teamId, "Catch-up retro");
        await OpenLiveAsync(priyaPage, url);

        // The board's first fetch after the change fails; the screen asks again and shows the new phase.
        var failed = 0;
        await priyaPage.RouteAsync("**" + url, async route =>
        {
            if (route.Request.ResourceType == "fetch" && Interlocked.Increment(ref failed) == 1)
                await route.FulfillAsync(new() { Status = 503, Body = "busy" });
            else
                await route.ContinueAsync();
        });
        await NextPhaseAsync(samPage, "group");
        await Expect(priyaPage.GetByTestId("retro-live")).ToHaveAttributeAsync("data-phase", "group");
        Assert.True(failed >= 2, $"the failed fetch was asked again ({failed} fetches)");
        await priyaPage.UnrouteAllAsync();

        // The next fetch answers with the board as it was before the change it was told of (a read that raced the
        // write): the screen sees the version is older than announced and fetches again.
        var older = await (await priyaPage.APIRequest.GetAsync(url)).TextAsync();
        var stale = 0;
        await priyaPage.RouteAsync("**" + url, async route =>
        {
            if (route.Request.ResourceType == "fetch" && Interlocked.Increment(ref stale) == 1)
                await route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = older });
            else
                await route.ContinueAsync();
        });
        await NextPhaseAsync(samPage, "vote");
        await Expect(priyaPage.GetByTestId("retro-live")).ToHaveAttributeAsync("data-phase", "vote");
        Assert.True(stale >= 2, $"the older board was fetched again ({stale} fetches)");
    }
}
