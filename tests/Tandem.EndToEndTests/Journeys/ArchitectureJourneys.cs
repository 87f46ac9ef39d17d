using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class ArchitectureJourneys(DemoApp app)
{
    [Fact]
    public async Task A_developer_proposes_the_Tech_Lead_accepts_and_a_later_record_supersedes_it_with_the_chain_on_both_pages()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var firstTitle = $"Settle payouts nightly in one batch ({suffix})";
        var secondTitle = $"Settle payouts continuously from an outbox ({suffix})";

        var dev = await DemoPerson.SignInAsync(app, "dev1@demo.tandem");
        var proposal = new NewAdrPage(dev);
        await proposal.OpenAsync("PAY");
        var first = await proposal.ProposeAsync(firstTitle,
            "Payouts are **late** when the nightly job fails.", "Run one nightly batch with retries.", "Merchants wait up to a day.",
            ("Nightly batch", "Simple to run", "A failed night delays everyone"));
        var devView = new AdrPage(dev);
        await Expect(devView.Heading).ToHaveTextAsync($"{first}. {firstTitle}");
        await Expect(devView.Status).ToHaveTextAsync("Proposed");
        await Expect(devView.Options).ToHaveCountAsync(1);
        await Expect(devView.AcceptButton).ToHaveCountAsync(0);
        await Expect(devView.DecidedByTechLead).ToContainTextAsync("decided by the Tech Lead, Tomás Lee");

        var tl = await DemoPerson.SignInAsync(app, "tl@demo.tandem");
        var tlView = new AdrPage(tl);
        await tlView.OpenAsync("PAY", first);
        await tlView.AcceptAsync();
        await Expect(tlView.Status).ToHaveTextAsync("Accepted");
        await Expect(tlView.Notice).ToContainTextAsync("Accepted");

        await proposal.OpenAsync("PAY");
        var second = await proposal.ProposeAsync(secondTitle,
            "Merchants ask for same-day payouts.", "Publish payouts from a transactional outbox as they settle.", "We run a relay process.");

        await tlView.OpenAsync("PAY", first);
        await tlView.SupersedeWithAsync(second, secondTitle);
        await Expect(tlView.Status).ToHaveTextAsync("Superseded");
        await Expect(tlView.SupersededBy).ToContainTextAsync($"ADR {second}: {secondTitle}");

        await devView.OpenAsync("PAY", second);
        await Expect(devView.Status).ToHaveTextAsync("Accepted");
        await Expect(devView.Supersedes).ToContainTextAsync($"ADR {first}: {firstTitle}");
        await Expect(devView.AcceptButton).ToHaveCountAsync(0);

        var list = new AdrListPage(dev);
        await list.OpenAsync("PAY", "superseded");
        await Expect(list.Row(first)).ToContainTextAsync($"ADR {second}");
        await Expect(list.DownloadZip).ToHaveAttributeAsync("href", "/api/v1/products/PAY/adrs/export.zip");
    }
}
