using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// A scope–date trade-off in the people's own browsers, on a product of its own (the demo's milestones stay as
/// they are): the TPM plans a milestone and opens a trade-off with three options, the PO's attempt at the date
/// side is refused naming the TPM, the PO cuts scope by picking items, the TPM moves the date, and the PO's
/// attempt to move the milestone's date is refused naming the TPM.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class TradeOffJourneys(DemoApp app)
{
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    private static async Task<Guid> IdOfAsync(IPage page) =>
        JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/v1/auth/me")).TextAsync()).RootElement.GetProperty("id").GetGuid();

    private static string Day(int days) => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_TPM_opens_a_trade_off_the_PO_cuts_scope_the_TPM_moves_the_date_and_the_PO_may_not_move_it()
    {
        var admin = await SignedInAsync("admin@demo.tandem");
        var po = await SignedInAsync("po@demo.tandem");
        var tpm = await SignedInAsync("tpm@demo.tandem");
        var key = "TO" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        Assert.Equal(201, (await admin.APIRequest.PostAsync("/api/v1/products", new() { DataObject = new { key, name = $"Trade-off journey {key}" } })).Status);
        foreach (var (page, role) in new[] { (po, "product-owner"), (tpm, "technical-project-manager") })
            Assert.Equal(201, (await admin.APIRequest.PostAsync($"/api/v1/products/{key}/members", new() { DataObject = new { userId = await IdOfAsync(page), role } })).Status);
        var keys = new List<string>();
        foreach (var title in new[] { "Card capture", "Refund flow", "Chargebacks" })
        {
            var item = await po.APIRequest.PostAsync($"/api/v1/products/{key}/items", new() { DataObject = new { type = "story", title } });
            Assert.Equal(201, item.Status);
            keys.Add(JsonDocument.Parse(await item.TextAsync()).RootElement.GetProperty("key").GetString()!);
        }

        // The TPM plans the milestone with its scope, then opens a trade-off with three options.
        await tpm.GotoAsync($"/p/{key}/milestones");
        await tpm.GetByTestId("milestone-name").FillAsync("Cards live");
        await tpm.GetByTestId("milestone-date").FillAsync(Day(14));
        await tpm.GetByTestId("milestone-items").FillAsync(string.Join(" ", keys));
        await tpm.GetByTestId("milestone-plan").ClickAsync();
        await Expect(tpm.GetByTestId("milestone-heading")).ToContainTextAsync("Cards live");
        await Expect(tpm.GetByTestId("scope-item")).ToHaveCountAsync(3);
        await tpm.GetByTestId("option-date").FillAsync(Day(42));
        await tpm.GetByTestId("option-cut").FillAsync($"{keys[1]} {keys[2]}");
        await tpm.GetByTestId("option-capacity").FillAsync("25");
        await tpm.GetByTestId("open-trade-off-submit").ClickAsync();
        await Expect(tpm.GetByTestId("trade-off-status")).ToHaveTextAsync("open");
        await Expect(tpm.GetByTestId("trade-off-option")).ToHaveCountAsync(3);
        var tradeOffUrl = tpm.Url;

        // The PO tries the TPM's side first and is told who decides, then cuts scope by picking two items.
        await po.GotoAsync(tradeOffUrl);
        await po.GetByTestId("date-submit").ClickAsync();
        await Expect(po.GetByTestId("date-side")).ToContainTextAsync("Only the Technical Project Manager");
        await po.Locator($"[data-testid=remove-item][data-key='{keys[1]}']").CheckAsync();
        await po.Locator($"[data-testid=remove-item][data-key='{keys[2]}']").CheckAsync();
        await po.GetByLabel("Why").First.FillAsync("Refunds and chargebacks can follow");
        await po.GetByTestId("scope-submit").ClickAsync();
        await Expect(po.GetByTestId("notice")).ToContainTextAsync("Scope decided");
        await Expect(po.GetByTestId("scope-decision")).ToContainTextAsync(keys[1]);

        // The TPM decides the date side (the proposed date is filled in), which closes the trade-off.
        await tpm.GotoAsync(tradeOffUrl);
        await tpm.GetByTestId("date-submit").ClickAsync();
        await Expect(tpm.GetByTestId("trade-off-status")).ToHaveTextAsync("closed");
        await Expect(tpm.GetByTestId("date-decision")).ToContainTextAsync(Day(42));

        // The PO's own attempt to move the milestone's date is refused, naming the TPM.
        await po.GotoAsync($"/p/{key}/milestones/1");
        await Expect(po.GetByTestId("milestone-date")).ToHaveTextAsync(Day(42));
        await Expect(po.GetByTestId("scope-item")).ToHaveCountAsync(1);
        await po.GetByTestId("new-date").FillAsync(Day(90));
        await po.GetByTestId("move-date-submit").ClickAsync();
        await Expect(po.GetByTestId("move-date")).ToContainTextAsync("Only the Technical Project Manager");
        await Expect(po.GetByTestId("move-date")).ToContainTextAsync("Dana Park");
    }
}
