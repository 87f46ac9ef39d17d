using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>A developer proposes an NFR, the Tech Lead sets its target and verifies it, the Product Owner agrees the need.</summary>
[Collection(DemoCollection.Name)]
public sealed class NfrJourneys(DemoApp app)
{
    private async Task<Microsoft.Playwright.IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    [Fact]
    public async Task The_Tech_Lead_sets_a_target_and_verifies_it_the_Product_Owner_agrees_and_the_compliance_view_and_the_storys_Definition_of_Done_show_it()
    {
        var devPage = await SignedInAsync("dev1@demo.tandem");
        var story = await new ItemApi(devPage).CreateAsync("PAY", "story", $"As a merchant I want refunds fast so that customers stay {Guid.NewGuid():N}");
        var statement = $"Refunds reach the customer quickly {Guid.NewGuid():N}"[..45];

        // No metric: refused on its field, nothing proposed.
        var catalogue = new NfrCataloguePage(devPage);
        await catalogue.OpenAsync("PAY");
        await catalogue.ProposeAsync("performance", statement, "");
        await Expect(catalogue.FieldError("metric")).ToContainTextAsync("metric");
        await Expect(catalogue.Row(statement)).ToHaveCountAsync(0);

        await catalogue.ProposeAsync("performance", statement, "p95 time from refund request to acquirer acknowledgement");
        var nfr = new NfrDetailPage(devPage);
        await Expect(nfr.Notice).ToContainTextAsync("Proposed");
        await Expect(nfr.Status).ToHaveTextAsync("proposed");
        var number = nfr.Number;
        var code = $"NFR-{number}";
        await Expect(nfr.Heading).ToContainTextAsync(code);
        // The developer may not decide either half; the page says who does.
        await Expect(nfr.TargetRefusal).ToContainTextAsync("Tomás Lee");
        await Expect(nfr.AgreeRefusal).ToContainTextAsync("Alice Ng");
        await nfr.LinkAsync("item", story);
        await Expect(nfr.Links.Filter(new() { HasText = story })).ToHaveCountAsync(1);

        var tl = new NfrDetailPage(await SignedInAsync("tl@demo.tandem"));
        await tl.OpenAsync("PAY", number);
        await tl.SetTargetAsync("≤ 2 s", "≤ 5 s", "k6 refund scenario in staging");
        await Expect(tl.Notice).ToContainTextAsync("Target set");
        await Expect(tl.Target).ToHaveTextAsync("≤ 2 s");
        await Expect(tl.TargetSetBy).ToContainTextAsync("Tomás Lee");
        await Expect(tl.Status).ToHaveTextAsync("targeted");

        // Evidence must be a web link; the refusal names the field and records nothing.
        await tl.RecordAsync("2026.12", "met", "1.4 s", "ftp://files.acme.example/refunds.csv");
        await Expect(tl.FieldError("evidenceUrl")).ToContainTextAsync("http");
        await tl.OpenAsync("PAY", number);
        await Expect(tl.Verifications).ToHaveCountAsync(0);
        await tl.RecordAsync("2026.12", "met", "1.4 s", "https://ci.acme.example/refunds/2026.12");
        await Expect(tl.Notice).ToContainTextAsync("Result recorded");
        await Expect(tl.Verifications).ToHaveCountAsync(1);

        var po = new NfrDetailPage(await SignedInAsync("po@demo.tandem"));
        await po.OpenAsync("PAY", number);
        await po.AgreeAsync();
        await Expect(po.Notice).ToContainTextAsync("Need agreed");
        await Expect(po.NeedAgreedBy).ToContainTextAsync("Alice Ng");
        await Expect(po.Status).ToHaveTextAsync("active");

        var compliance = new NfrCompliancePage(po.Page);
        await compliance.OpenAsync("PAY", "?category=performance");
        await Expect(compliance.Cell(code, "2026.12")).ToHaveAttributeAsync("data-result", "met");
        await Expect(compliance.Cell(code, "2026.12")).ToContainTextAsync("met");
        await Expect(compliance.Cell(code, "2026.11")).ToContainTextAsync("not verified");

        var item = new ItemPage(po.Page);
        await item.OpenAsync(story);
        var line = po.Page.GetByTestId("dod-nfr").Filter(new() { HasText = code });
        await Expect(line).ToContainTextAsync($"{code} p95 time from refund request to acquirer acknowledgement ≤ 2 s met?");
        await Expect(line).ToHaveAttributeAsync("data-ok", "true");
    }
}
