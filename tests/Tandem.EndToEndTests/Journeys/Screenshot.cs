using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class Screenshot(DemoApp app)
{
    /// <summary>
    /// The Product Owner's home on PAY, as docs/screenshot.png shows it. Written into docs/ only when
    /// TANDEM_UPDATE_SCREENSHOT=1, so an ordinary test run never changes the working tree.
    /// </summary>
    [Fact]
    public async Task Product_Owner_home_on_PAY_renders_with_the_stylesheet()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        await new HomePage(page).OpenAsync("PAY");
        await Expect(page.GetByTestId("product-name")).ToHaveTextAsync("Acme Payments");

        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.topbar')).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", background);

        var bytes = await page.ScreenshotAsync();
        if (Environment.GetEnvironmentVariable("TANDEM_UPDATE_SCREENSHOT") == "1")
            await File.WriteAllBytesAsync(Path.Combine(RepositoryPaths.Root, "docs", "screenshot.png"), bytes);
    }
}
