using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// Getting around by keyboard and coming back to one's own product (issue 14): the first Tab reaches "Skip to
/// content", Esc closes an open menu and leaves focus on it, and the home page, the brand link and pages of no
/// product keep the product the person last opened instead of the first one alphabetically.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class NavigationJourneys(DemoApp app)
{
    [Fact]
    public async Task The_first_Tab_skips_to_the_content_and_Esc_closes_an_open_menu()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tl@demo.tandem");
        await page.GotoAsync("/p/PAY/backlog");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByTestId("skip-link");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();

        var menu = page.GetByTestId("nav-technical");
        await menu.Locator("summary").ClickAsync();
        await Expect(menu).ToHaveAttributeAsync("open", "");
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).Not.ToHaveAttributeAsync("open", "");
        await Expect(menu.Locator("summary")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Home_and_pages_of_no_product_open_on_the_product_last_opened()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        // A fresh browser lands on the first product it may read (MOB before PAY)…
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/p/MOB$"));

        // …and, once PAY was opened, on PAY: from the brand link, and in the picker of a page of no product.
        await page.GotoAsync("/p/PAY/backlog");
        await page.Locator("a.brand").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/p/PAY$"));
        await page.GotoAsync("/notifications");
        await Expect(page.GetByTestId("product-switch")).ToHaveValueAsync("PAY");
        await Expect(page.GetByTestId("nav").GetByRole(AriaRole.Link, new() { Name = "Home", Exact = true })).ToHaveAttributeAsync("href", "/p/PAY");
    }
}
