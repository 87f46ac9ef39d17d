using Microsoft.Playwright;

namespace Tandem.EndToEndTests.Pages;

/// <summary>The product's planning-poker sessions and the open form (/p/{key}/poker).</summary>
public sealed class PokerListPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/poker");

    public ILocator OpenNote => page.GetByTestId("open-poker-note");

    /// <summary>Opens a session over the given item keys (typed, comma-separated) and lands on its table.</summary>
    public async Task OpenSessionAsync(string title, params string[] keys)
    {
        await page.GetByTestId("poker-title").FillAsync(title);
        await page.GetByTestId("poker-keys").FillAsync(string.Join(", ", keys));
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("open-poker-submit"));
    }
}

/// <summary>The poker table (/p/{key}/poker/{id}).</summary>
public sealed class PokerTablePage(IPage page)
{
    public IPage Page => page;
    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Problem => page.GetByTestId("problem");
    public ILocator Live => page.GetByTestId("poker-live");
    public ILocator CurrentItem => page.GetByTestId("poker-item");
    public ILocator Spread => page.GetByTestId("poker-spread");
    public ILocator Votes => page.GetByTestId("poker-vote");
    public ILocator Decided => page.GetByTestId("poker-decided");
    public ILocator SettleNote => page.GetByTestId("settle-note");
    public ILocator SettleForm => page.GetByTestId("settle-form");
    public ILocator Present => page.GetByTestId("poker-present");
    public ILocator Voter(string name) => page.Locator($"[data-testid=poker-voter][data-name='{name}']");
    public ILocator Vote(string name) => page.Locator($"[data-testid=poker-vote][data-voter='{name}']");

    public async Task OpenAsync(string url)
    {
        await page.GotoAsync(url);
        await WaitLiveAsync();
    }

    /// <summary>The page has joined the session's live channel.</summary>
    public async Task WaitLiveAsync() => await page.Locator("[data-testid=poker-live][data-state=connected]").WaitForAsync();

    /// <summary>Plays a card; the vote goes by script and the page stays (no navigation).</summary>
    public async Task VoteAsync(string points)
    {
        await page.RunAndWaitForResponseAsync(
            () => page.Locator($"[data-testid=poker-card][data-value='{points}']").ClickAsync(),
            r => r.Url.EndsWith("/vote", StringComparison.Ordinal) && r.Request.Method == "PUT");
    }

    public async Task RevealAsync()
    {
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("poker-reveal"));
        await WaitLiveAsync();
    }

    public async Task SettleAsync(string points, string reason)
    {
        await SettleForm.GetByTestId("settle-points").SelectOptionAsync(points);
        await SettleForm.GetByTestId("settle-reason").FillAsync(reason);
        await Forms.SubmitAndFollowAsync(page, SettleForm.GetByTestId("settle-submit"));
    }
}
