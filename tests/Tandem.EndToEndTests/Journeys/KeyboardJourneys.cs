using Microsoft.Playwright;
using Xunit.Abstractions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>Dense lists, keyboard shortcuts and the command palette (issue 14, ADR 29).</summary>
[Collection(DemoCollection.Name)]
public sealed class KeyboardJourneys(DemoApp app, ITestOutputHelper output)
{
    private async Task<(IPage Page, BacklogPage Backlog)> BacklogAsync(string email, string query = "")
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        var backlog = new BacklogPage(page);
        await backlog.OpenAsync("PAY", query);
        return (page, backlog);
    }

    /// <summary>Rows whose whole box lies inside the browser's window, without scrolling.</summary>
    private static Task<int> RowsInWindowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => [...document.querySelectorAll('[data-testid=backlog-row]')].filter(r => { const b = r.getBoundingClientRect(); return b.height > 0 && b.top >= 0 && b.bottom <= window.innerHeight; }).length");

    [Fact]
    public async Task At_1280_by_800_the_backlog_shows_at_least_twenty_rows()
    {
        var (page, _) = await BacklogAsync("po@demo.tandem");
        var visible = await RowsInWindowAsync(page);
        output.WriteLine($"rows in a 1280x800 window: {visible}");
        Assert.True(visible >= 20, $"{visible} rows in the window");
    }
}
