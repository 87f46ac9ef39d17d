using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// The Tech Lead's half of the backlog, end to end: a story the PO made ready on her half waits in the
/// TL's queue, becomes ready once the TL estimates and assesses it, gets a decision record linked and
/// accepted (a developer may not accept it), and debt the TL registers is ranked by the PO.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class TechLeadJourneys(DemoApp app)
{
    [Fact]
    public async Task The_Tech_Lead_makes_a_story_ready_accepts_a_record_linked_to_it_and_registers_debt_the_Product_Owner_ranks()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];

        // The PO completes her half of readiness.
        var po = await DemoPerson.SignInAsync(app, "po@demo.tandem");
        var newItem = new NewItemPage(po);
        await newItem.OpenAsync("PAY");
        await newItem.WriteStoryAsync("merchant", $"to refund part of a card payment ({suffix})", "I can settle a dispute without a full refund", "Partial refunds.");
        var itemKey = Regex.Match(po.Url, @"/items/(PAY-\d+)").Groups[1].Value;
        var poItem = new ItemPage(po);
        await poItem.AddCriterionAsync("a captured payment of 100 EUR", "the merchant refunds 30 EUR", "the customer is credited 30 EUR and 70 EUR stay captured");
        await poItem.SetBusinessValueAsync(8);
        await Expect(poItem.ProductOwnerReadiness).ToHaveAttributeAsync("data-complete", "true");
        await Expect(poItem.Readiness).ToHaveTextAsync("Not ready yet");

        // The Tech Lead's home sends him to the items waiting for an assessment; the story is one.
        var tl = await DemoPerson.SignInAsync(app, "tl@demo.tandem");
        await tl.GotoAsync("/p/PAY");
        var assess = tl.GetByTestId("awaiting").GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^Assess \d+ items?$") });
        await Expect(assess).ToHaveAttributeAsync("href", "/p/PAY/backlog?needs=assessment");
        var backlog = new BacklogPage(tl);
        await backlog.OpenAsync("PAY", $"?needs=assessment&q={itemKey}");
        await Expect(backlog.Row(itemKey)).ToBeVisibleAsync();

        // Estimate and a feasible assessment complete the TL's half: the story is ready.
        var tlItem = new ItemPage(tl);
        await tlItem.OpenAsync(itemKey);
        await Expect(tlItem.TechLeadReadiness).ToHaveAttributeAsync("data-complete", "false");
        await new EstimateSection(tl).EstimateAsync("5");
        await new AssessmentSection(tl).AssessAsync("feasible", "low", "high", components: "payments-api, ledger");
        await Expect(tlItem.TechLeadReadiness).ToHaveAttributeAsync("data-complete", "true");
        await Expect(tlItem.Readiness).ToHaveTextAsync("Ready");
        await backlog.OpenAsync("PAY", $"?needs=assessment&q={itemKey}");
        await Expect(backlog.Row(itemKey)).ToHaveCountAsync(0);

        // A developer proposes how to build it and links the story; only the Tech Lead may accept.
        var dev = await DemoPerson.SignInAsync(app, "dev1@demo.tandem");
        var proposal = new NewAdrPage(dev);
        await proposal.OpenAsync("PAY");
        var title = $"Partial refunds as negative captures ({suffix})";
        var number = await proposal.ProposeAsync(title, "Acquirers refund by amount.", "Record a partial refund as a negative capture.", "The ledger posts two lines per refund.");
        await new AdrLinksSection(dev).LinkItemAsync(itemKey);
        var devView = new AdrPage(dev);
        await Expect(devView.AcceptButton).ToHaveCountAsync(0);
        await Expect(devView.DecidedByTechLead).ToContainTextAsync("Tomás Lee");
        var adrId = await AdrIdAsync(dev, number);
        var refused = await dev.APIRequest.PostAsync($"/api/v1/adrs/{adrId}/accept", new() { DataObject = new { } });
        Assert.Equal(403, refused.Status);
        Assert.Contains("Only the Tech Lead of PAY (Tomás Lee)", await refused.TextAsync(), StringComparison.Ordinal);

        var tlView = new AdrPage(tl);
        await tlView.OpenAsync("PAY", number);
        await Expect(tlView.Status).ToHaveTextAsync("Proposed");
        await tlView.AcceptAsync();
        await Expect(tlView.Status).ToHaveTextAsync("Accepted");
        await tlItem.OpenAsync(itemKey);
        await Expect(tlItem.ShapedBy).ToContainTextAsync(title);

        // Debt the Tech Lead registers is a backlog item the Product Owner ranks.
        var register = new DebtRegisterPage(tl);
        await register.OpenAsync("PAY");
        var debtTitle = $"Refund amounts kept as floats ({suffix})";
        await register.RecordAsync(debtTitle, "code", "2", "0.5");
        await Expect(register.Notice).ToContainTextAsync("Registered");
        var debtItem = (await register.Row(debtTitle).GetByTestId("debt-item").TextContentAsync())!.Trim();

        var poBacklog = new BacklogPage(po);
        await poBacklog.OpenAsync("PAY", $"?type=tech-debt&q={debtItem}");
        await Expect(poBacklog.Row(debtItem)).ToBeVisibleAsync();
        await poBacklog.Row(debtItem).GetByRole(AriaRole.Button, new() { Name = $"Move {debtItem} to the top" }).ClickAsync();
        await Expect(poBacklog.Status).ToContainTextAsync($"{debtItem} moved to the top");
        await poBacklog.OpenAsync("PAY");
        Assert.Equal(debtItem, await poBacklog.KeyAtAsync(1));
    }

    private static async Task<Guid> AdrIdAsync(IPage page, int number)
    {
        var response = await page.APIRequest.GetAsync("/api/v1/products/PAY/adrs?status=proposed&limit=200");
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("number").GetInt32() == number).GetProperty("id").GetGuid();
    }
}
