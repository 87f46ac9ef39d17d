using System.Globalization;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The Tech Lead keeps the integration map and links decision records to what they shape; the team reads both.</summary>
[Collection(DemoCollection.Name)]
public sealed class IntegrationJourneys(DemoApp app)
{
    private async Task<Microsoft.Playwright.IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    [Fact]
    public async Task The_Tech_Lead_adds_two_systems_and_an_interface_and_the_arrow_on_the_diagram_opens_it()
    {
        var page = await SignedInAsync("tl@demo.tandem");
        var map = new IntegrationMapPage(page);
        await map.OpenAsync("PAY");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (ours, partner, face) = ($"Loyalty {suffix}", $"Points partner {suffix}", $"Points balance {suffix}");

        await map.AddSystemAsync(ours);
        await Expect(map.Notice).ToContainTextAsync("System added");
        await map.AddSystemAsync(partner, external: true);
        await map.AddInterfaceAsync(face, partner, ours, "rest", "in-development");
        await Expect(map.Notice).ToContainTextAsync("Interface added");

        await Expect(map.SystemBox(ours)).ToBeVisibleAsync();
        await Expect(map.SystemBox(partner)).ToHaveAttributeAsync("class", "map-system external");
        await Expect(map.Arrow(face)).ToHaveCountAsync(1);
        await Expect(map.Arrow(face)).ToHaveAttributeAsync("class", "map-interface status-in-development");
        await Expect(map.InterfaceRow(face)).ToContainTextAsync($"{partner} → {ours}");

        await map.OpenArrowAsync(face);
        var details = new InterfacePage(page);
        await Expect(details.Heading).ToHaveTextAsync(face);
        await Expect(details.Ends).ToContainTextAsync($"{partner} provides");
        await Expect(details.Ends).ToContainTextAsync($"{ours} consumes");
        await Expect(details.Status).ToHaveTextAsync("in development");
    }

    [Fact]
    public async Task The_Tech_Lead_links_a_decision_record_to_an_item_and_the_item_page_shows_it()
    {
        var page = await SignedInAsync("tl@demo.tandem");
        var propose = new NewAdrPage(page);
        await propose.OpenAsync("PAY");
        var title = $"Loyalty points live in their own service {Guid.NewGuid():N}"[..50];
        var number = await propose.ProposeAsync(title, "Points are read on every checkout.", "A separate service owns points.", "One more deployable.");

        var links = new AdrLinksSection(page);
        await links.LinkItemAsync("PAY-12");
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Links saved");
        await Expect(links.Items.Filter(new() { HasText = "PAY-12" })).ToHaveCountAsync(1);

        var item = new ItemPage(page);
        await item.OpenAsync("PAY-12");
        var shapedBy = page.GetByTestId("shaped-by-adr").Filter(new() { HasText = $"ADR-{number.ToString("D4", CultureInfo.InvariantCulture)}" });
        await Expect(shapedBy).ToContainTextAsync(title);
        await shapedBy.ClickAsync();
        await Expect(page.GetByTestId("adr-heading")).ToContainTextAsync(title);
    }

    [Fact]
    public async Task A_developer_reads_the_map_but_is_told_only_the_Tech_Lead_changes_it()
    {
        var page = await SignedInAsync("dev1@demo.tandem");
        var map = new IntegrationMapPage(page);
        await map.OpenAsync("PAY");
        await Expect(map.SystemBox("Northwind Acquiring")).ToBeVisibleAsync();
        await Expect(map.AddSystemForm).ToHaveCountAsync(0);
        await Expect(map.ReadOnlyNote).ToContainTextAsync("Only the Tech Lead of PAY (Tomás Lee) can change the integration map");
        await Expect(map.ReadOnlyNote).ToContainTextAsync("propose the change as a decision record instead");

        await map.OpenArrowAsync("Card authorisation API");
        var details = new InterfacePage(page);
        await Expect(details.Heading).ToHaveTextAsync("Card authorisation API");
        await Expect(details.SaveButton).ToHaveCountAsync(0);
        await Expect(details.ReadOnlyNote).ToContainTextAsync("Only the Tech Lead of PAY (Tomás Lee)");
    }
}
