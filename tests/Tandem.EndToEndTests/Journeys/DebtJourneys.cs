using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The Tech Lead keeps the debt register; the Product Owner ranks its items and agrees the capacity share.</summary>
[Collection(DemoCollection.Name)]
public sealed class DebtJourneys(DemoApp app)
{
    private async Task<DebtRegisterPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        var register = new DebtRegisterPage(page);
        await register.OpenAsync("PAY");
        return register;
    }

    [Fact]
    public async Task The_Tech_Lead_records_debt_that_lands_in_the_backlog_and_agrees_a_capacity_share_with_the_Product_Owner()
    {
        var tl = await SignedInAsync("tl@demo.tandem");
        await Expect(tl.Trend).ToBeVisibleAsync();

        // A typo in a number is named on its field, and nothing is recorded.
        var title = $"Card vault keys rotated by hand {Guid.NewGuid():N}"[..40];
        await tl.RecordAsync(title, "infrastructure", "three", "1");
        await Expect(tl.FieldError("principal")).ToContainTextAsync("not a number");
        await Expect(tl.Row(title)).ToHaveCountAsync(0);

        await tl.RecordAsync(title, "infrastructure", "3", "1");
        await Expect(tl.Notice).ToContainTextAsync("Registered");
        var row = tl.Row(title);
        await Expect(row).ToHaveAttributeAsync("data-status", "open");
        var itemKey = (await row.GetByTestId("debt-item").TextContentAsync())!.Trim();
        Assert.StartsWith("PAY-", itemKey, StringComparison.Ordinal);

        var backlog = new BacklogPage(tl.Page);
        // The list draws only the rows in view and the new item is last, so narrow the tech-debt filter to its key.
        await backlog.OpenAsync("PAY", $"?type=tech-debt&q={itemKey}");
        await Expect(backlog.Row(itemKey)).ToBeVisibleAsync();

        await tl.OpenAsync("PAY");
        await tl.ProposeShareAsync("20");
        await Expect(tl.Notice).ToContainTextAsync("Proposed the capacity share");
        await Expect(tl.PendingShare).ToContainTextAsync("20 %");
        await Expect(tl.AgreeButton).ToHaveCountAsync(0);

        var dev = await SignedInAsync("dev1@demo.tandem");
        await Expect(dev.PendingShare).ToContainTextAsync("20 %");
        await Expect(dev.AgreeButton).ToHaveCountAsync(0);
        await Expect(dev.AgreeNote).ToContainTextAsync("Only");

        var po = await SignedInAsync("po@demo.tandem");
        await po.AgreeButton.ClickAsync();
        await Expect(po.Notice).ToContainTextAsync("Agreed");
        await Expect(po.AgreedShare).ToContainTextAsync("20 %");
        await Expect(po.AgreedShare).ToContainTextAsync("Tomás Lee");
        await Expect(po.AgreedShare).ToContainTextAsync("Alice Ng");
    }
}
