using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>Issue 16: the Product Owner adds a webhook from the Product menu, copies its secret once, pings it, reads the log, disables and removes it.</summary>
[Collection(DemoCollection.Name)]
public sealed class WebhookJourneys(DemoApp app)
{
    [Fact]
    public async Task The_Product_Owner_adds_a_webhook_sees_its_secret_once_pings_it_and_removes_it()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        await page.GotoAsync("/p/PAY");
        await page.GetByTestId("nav-product").Locator("summary").ClickAsync();
        await page.GetByTestId("nav-webhooks").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webhooks");

        var url = $"https://hooks.example.com/tandem-{Guid.NewGuid():N}";
        await page.GetByTestId("webhook-url").FillAsync(url);
        await page.GetByLabel("item.created").CheckAsync();
        await page.GetByLabel("item.moved").CheckAsync();
        await page.GetByTestId("webhook-submit").ClickAsync();
        await Expect(page.GetByTestId("webhook-secret")).ToContainTextAsync("whsec_");
        var row = page.GetByTestId("webhook-row").Filter(new() { HasText = url });
        await Expect(row).ToContainTextAsync("item.created, item.moved");
        await Expect(row).ToHaveAttributeAsync("data-enabled", "true");

        // The secret is gone once the page is read again.
        await page.GotoAsync("/p/PAY/webhooks");
        await Expect(page.GetByTestId("webhook-secret")).ToHaveCountAsync(0);

        await row.GetByTestId("webhook-ping").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("A ping is on its way");
        await Expect(page.GetByTestId("delivery-log").GetByTestId("delivery-row").Filter(new() { HasText = "ping" })).ToHaveCountAsync(1);

        await row.GetByTestId("webhook-toggle").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Disabled");
        await Expect(row).ToHaveAttributeAsync("data-enabled", "false");

        await row.GetByTestId("webhook-delete").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Removed");
        await Expect(page.GetByTestId("webhook-row").Filter(new() { HasText = url })).ToHaveCountAsync(0);
    }
}
