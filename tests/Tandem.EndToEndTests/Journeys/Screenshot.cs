using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class Screenshot(DemoApp app)
{
    /// <summary>
    /// The Product Owner's backlog on PAY with an item open beside it, as docs/screenshot.png shows it.
    /// Written into docs/ only when TANDEM_UPDATE_SCREENSHOT=1, so an ordinary run never changes the tree.
    /// </summary>
    [Fact]
    public async Task Product_Owner_backlog_on_PAY_renders_with_the_stylesheet_and_an_item_beside_it()
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        var backlog = new BacklogPage(page);
        await backlog.OpenAsync("PAY");
        var key = await backlog.KeyAtAsync(2);
        await backlog.Row(key).Locator(".title a").ClickAsync();
        await Expect(backlog.SidePanel.GetByTestId("item-editor")).ToHaveAttributeAsync("data-item-key", key);

        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.topbar')).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", background);
        var rowHeight = await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=backlog-row]').getBoundingClientRect().height");
        // backlog.js positions rows by the --row-height the stylesheet gives the list (compact on a desktop, ADR 29).
        var declared = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('.backlog-viewport')).getPropertyValue('--row-height'))");
        Assert.Equal(28, declared);
        Assert.Equal(declared, rowHeight);

        var bytes = await page.ScreenshotAsync();
        if (Environment.GetEnvironmentVariable("TANDEM_UPDATE_SCREENSHOT") == "1")
            await File.WriteAllBytesAsync(Path.Combine(RepositoryPaths.Root, "docs", "screenshot.png"), bytes);
    }

    /// <summary>
    /// The Product Owner's backlog on a phone (390×844), as docs/screenshot-phone.png shows it: nothing wider than the
    /// screen, the first row above the fold. Written into docs/ only when TANDEM_UPDATE_SCREENSHOT=1.
    /// </summary>
    [Fact]
    public async Task Product_Owner_backlog_on_a_phone_fits_the_screen()
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        await page.SetViewportSizeAsync(390, 844);
        var backlog = new BacklogPage(page);
        await backlog.OpenAsync("PAY");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the backlog is {width} px wide on a 390 px phone");
        var firstRow = await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=backlog-row]').getBoundingClientRect().top");
        Assert.True(firstRow < 844, $"the first row starts at {firstRow} px, below the fold");

        var bytes = await page.ScreenshotAsync();
        if (Environment.GetEnvironmentVariable("TANDEM_UPDATE_SCREENSHOT") == "1")
            await File.WriteAllBytesAsync(Path.Combine(RepositoryPaths.Root, "docs", "screenshot-phone.png"), bytes);
    }

    /// <summary>The Tech Lead's home at a laptop's width: the queue fills the page and the navigation stays on one line.</summary>
    [Fact]
    public async Task Tech_Lead_home_at_1280_pixels_keeps_the_navigation_on_one_line()
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tl@demo.tandem");
        await page.GotoAsync("/p/PAY");
        await Expect(page.GetByTestId("awaiting").GetByRole(Microsoft.Playwright.AriaRole.Link).First).ToBeVisibleAsync();

        if (Environment.GetEnvironmentVariable("TANDEM_SCREENSHOT_DIR") is { Length: > 0 } dir)
            await File.WriteAllBytesAsync(Path.Combine(dir, "tech-lead-home.png"), await page.ScreenshotAsync(new() { FullPage = true }));
        var tops = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('.mainnav > a, .mainnav > details > summary')].map(a => Math.round(a.getBoundingClientRect().top))");
        Assert.True(tops.Length > 5, $"expected the product navigation, found {tops.Length} links");
        var widths = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.topbar > *, .mainnav > a, .mainnav > details > summary')].map(a => (a.className || a.tagName) + ':' + Math.round(a.getBoundingClientRect().width)).join(' ')");
        Assert.True(tops.Distinct().Count() == 1, $"the navigation wraps at 1280 pixels: {widths}");

    }
}
