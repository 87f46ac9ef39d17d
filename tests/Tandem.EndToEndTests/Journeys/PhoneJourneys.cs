using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// Tandem on a phone (issue 14, 390×844): the bar is one short line with the menu folded behind a button,
/// no page is wider than the screen, and the backlog shows key, title and status with "New item" in reach.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class PhoneJourneys(DemoApp app)
{
    private const int Width = 390;

    [Fact]
    public async Task On_a_phone_the_bar_is_short_the_menu_opens_from_its_button_and_nothing_is_wider_than_the_screen()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        // Signed in (the helper waits for the bar's sign-out, which a phone folds into the menu), then on a phone.
        await page.SetViewportSizeAsync(Width, 844);

        foreach (var path in new[] { "/p/PAY", "/p/PAY/backlog", "/p/PAY/roadmap", "/p/PAY/decision-log", "/notifications" })
        {
            await page.GotoAsync(path);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= Width, $"{path} is {width} px wide on a {Width} px screen.");
            var bar = await page.Locator("header.topbar").BoundingBoxAsync();
            Assert.True(bar!.Height <= 64, $"The bar on {path} takes {bar.Height} px.");
        }

        // The backlog: key, title and status per row, the title readable, "New item" on screen.
        await page.GotoAsync("/p/PAY/backlog");
        await Expect(page.GetByTestId("new-item")).ToBeInViewportAsync();
        var title = await page.GetByTestId("backlog-row").First.Locator(".title").BoundingBoxAsync();
        Assert.True(title!.Width >= 150, $"A row's title gets {title.Width} px.");

        // The menu is folded behind its button; it opens, lists the product's pages, and Esc folds it again.
        var nav = page.GetByTestId("nav");
        await Expect(nav).ToBeHiddenAsync();
        await page.GetByTestId("menu-toggle").ClickAsync();
        await Expect(nav).ToBeVisibleAsync();
        await Expect(page.GetByTestId("menu-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Backlog", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Alice Ng" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(nav).ToBeHiddenAsync();
        await Expect(page.GetByTestId("menu-toggle")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task On_a_laptop_the_menu_button_is_not_there_and_the_menu_is()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        await page.GotoAsync("/p/PAY");
        await Expect(page.GetByTestId("menu-toggle")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("nav")).ToBeVisibleAsync();
    }
}
