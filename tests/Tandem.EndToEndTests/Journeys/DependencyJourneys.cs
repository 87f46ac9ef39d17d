using System.Globalization;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The Technical Project Manager's dependency register: what is at risk, on the map and in the table, and recording a new need.</summary>
[Collection(DemoCollection.Name)]
public sealed class DependencyJourneys(DemoApp app)
{
    private const string Certification = "Card-network certification (Visa and Mastercard)";

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    [Fact]
    public async Task The_TPM_sees_the_card_network_certification_at_risk_on_the_map_and_in_the_table_opens_it_and_records_a_new_dependency()
    {
        var page = await SignedInAsync("tpm@demo.tandem");
        await page.GotoAsync("/delivery/dependencies");

        var row = page.GetByTestId("dependency-row").Filter(new() { HasText = Certification });
        await Expect(row).ToHaveAttributeAsync("data-at-risk", "true");
        await Expect(row.GetByTestId("dependency-at-risk")).ToHaveTextAsync("at risk");
        // At-risk rows come first.
        await Expect(page.GetByTestId("dependency-row").First).ToHaveAttributeAsync("data-at-risk", "true");

        var map = page.GetByTestId("dependency-map");
        await Expect(map.Locator("[data-testid=map-node][data-label=\"Visa / Mastercard\"]")).ToHaveCountAsync(1);
        await Expect(map.Locator("[data-testid=map-node][data-label=\"PAY\"], [data-testid=map-node][data-label=\"Payments Crew\"]").First).ToBeVisibleAsync();
        var risky = map.Locator("a[data-testid=map-edge][data-at-risk=true]").Filter(new() { Has = page.Locator("title", new() { HasText = Certification }) });
        await Expect(risky).ToHaveCountAsync(1);
        await Expect(risky.Locator("line").Last).ToHaveAttributeAsync("stroke-dasharray", "7 4");
        await Expect(map.Locator("text.dep-edge-label").Filter(new() { HasText = "at risk" }).First).ToBeVisibleAsync();

        await row.GetByTestId("dependency-link").ClickAsync();
        await Expect(page.GetByTestId("dependency-heading")).ToHaveTextAsync(Certification);
        await Expect(page.GetByTestId("dependency-risk")).ToContainTextAsync("expects it on");
        await Expect(page.GetByTestId("dependency-provider")).ToContainTextAsync("Visa / Mastercard (partner)");
        await Expect(page.GetByTestId("needer-side")).ToBeVisibleAsync();

        await page.GotoAsync("/delivery/dependencies");
        var title = $"Apple Pay merchant validation {Guid.NewGuid():N}"[..40];
        var neededBy = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var expected = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByTestId("dependency-needing-product").SelectOptionAsync("PAY");
        await page.GetByTestId("dependency-title").FillAsync(title);
        await page.GetByTestId("dependency-needed-by").FillAsync(neededBy);
        await page.GetByTestId("dependency-provider-kind").SelectOptionAsync("external");
        await page.GetByTestId("dependency-external-name").FillAsync("Apple");
        await page.GetByTestId("dependency-external-kind").SelectOptionAsync("partner");
        await page.GetByTestId("dependency-expected-on").FillAsync(expected);
        await page.GetByTestId("dependency-provider-owner").SelectOptionAsync(new SelectOptionValue { Label = "Tomás Lee" });
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("dependency-record"));

        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Dependency recorded.");
        await Expect(page.GetByTestId("dependency-heading")).ToHaveTextAsync(title);
        await Expect(page.GetByTestId("dependency-status")).ToHaveTextAsync("requested");
        // Apple expects it twenty days after PAY needs it: at risk from the start, with the rule.
        await Expect(page.GetByTestId("dependency-risk")).ToContainTextAsync($"Apple expects it on {expected}, after it is needed ({neededBy})");
    }

    [Fact]
    public async Task The_Product_Owner_reads_the_certification_but_its_answers_are_the_TPMs_named()
    {
        var page = await SignedInAsync("po@demo.tandem");
        await page.GotoAsync("/delivery/dependencies");
        await Expect(page.GetByTestId("record-dependency")).ToHaveCountAsync(0);
        await page.GetByTestId("dependency-row").Filter(new() { HasText = Certification }).GetByTestId("dependency-link").ClickAsync();
        await Expect(page.GetByTestId("dependency-heading")).ToHaveTextAsync(Certification);
        await Expect(page.GetByTestId("needer-decided-by")).ToContainTextAsync("Only the Technical Project Manager of PAY (Dana Park)");
        await Expect(page.GetByTestId("provider-decided-by")).ToContainTextAsync("Dana Park");
    }
}
