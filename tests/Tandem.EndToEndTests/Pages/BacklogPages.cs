using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Pages;

/// <summary>The ranked backlog (/p/{key}/backlog) once its script has taken over the list.</summary>
public sealed class BacklogPage(IPage page)
{
    public async Task OpenAsync(string key, string query = "")
    {
        await page.GotoAsync($"/p/{key}/backlog{query}");
        await Expect(page.Locator(".backlog-viewport.live")).ToBeVisibleAsync();
    }

    public ILocator Rows => page.GetByTestId("backlog-row");
    public ILocator Row(string itemKey) => page.Locator($"[data-testid=backlog-row][data-key='{itemKey}']");
    public ILocator RowAt(int position) => page.Locator($"[data-testid=backlog-row][data-position='{position}']");
    public ILocator Status => page.GetByTestId("backlog-status");
    public ILocator MoveProblem => page.GetByTestId("move-problem");
    public ILocator ReorderNote => page.GetByTestId("reorder-note");
    public ILocator BulkBar => page.GetByTestId("bulk-bar");
    public ILocator SidePanel => page.GetByTestId("side-panel");
    public ILocator Viewport => page.GetByTestId("backlog");

    public async Task<string> KeyAtAsync(int position) => (await RowAt(position).GetAttributeAsync("data-key"))!;

    /// <summary>The keys of the rows in the DOM, top to bottom.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync() =>
        await Rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");

    public async Task SelectAsync(string itemKey) => await Row(itemKey).Locator("input.select").CheckAsync();

    /// <summary>Focuses a row and presses a key chord on it, as a keyboard user would.</summary>
    public async Task PressOnRowAsync(string itemKey, string keys)
    {
        await Row(itemKey).FocusAsync();
        await page.Keyboard.PressAsync(keys);
    }
}
