using System.Text.RegularExpressions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class ForecastJourneys(DemoApp app)
{
    [Fact]
    public async Task The_TPM_forecasts_PAY_with_a_seed_and_the_same_seed_gives_the_same_dates()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tpm@demo.tandem");
        await page.GotoAsync("/p/PAY/forecast");
        await Expect(page.GetByTestId("forecast-heading")).ToHaveTextAsync("Forecast");

        await page.GetByTestId("forecast-items").FillAsync("40");
        await page.GetByTestId("forecast-seed").FillAsync("4242");
        await page.GetByTestId("forecast-run").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("items=40"));
        await Expect(page.GetByTestId("forecast-result")).ToBeVisibleAsync();
        var dates = new List<string>();
        foreach (var p in new[] { "forecast-p50", "forecast-p85", "forecast-p95" })
        {
            var text = await page.GetByTestId(p).InnerTextAsync();
            Assert.Matches(@"\d{4}", text);
            dates.Add(text);
        }
        await Expect(page.GetByTestId("forecast-seed-used")).ToHaveTextAsync("4242");
        var histogram = page.GetByTestId("forecast-histogram").Locator("svg[role='img']");
        await Expect(histogram).ToBeVisibleAsync();
        await Expect(histogram.Locator("text", new() { HasText = "85 %" })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("forecast-assumptions")).ToContainTextAsync("Payments Crew");
        await Expect(page.GetByTestId("forecast-throughput").Locator("tbody tr")).ToHaveCountAsync(12);

        // The same question with the same seed, asked again from a fresh page, gives the same three dates.
        var again = await app.NewPageAsync();
        await new LoginPage(again).OpenAsync();
        await new LoginPage(again).SignInAsync("stakeholder@demo.tandem");
        await again.GotoAsync("/p/PAY/forecast?items=40&seed=4242");
        var replayed = new List<string>();
        foreach (var p in new[] { "forecast-p50", "forecast-p85", "forecast-p95" }) replayed.Add(await again.GetByTestId(p).InnerTextAsync());
        Assert.Equal(dates, replayed);
    }
}
