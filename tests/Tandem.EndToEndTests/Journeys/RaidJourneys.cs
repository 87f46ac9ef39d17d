using System.Text.Json;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The RAID log: the TPM promotes the Scrum Master's escalated impediment into a risk and sees it on the heat map; others read who decides.</summary>
[Collection(DemoCollection.Name)]
public sealed class RaidJourneys(DemoApp app)
{
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    /// <summary>An impediment of its own on PAY, raised and escalated through the API by the Scrum Master (the demo's stays as it is).</summary>
    private static async Task<string> EscalatedImpedimentAsync(IPage sm)
    {
        var title = $"Partner VPN tunnel down {Guid.NewGuid():N}"[..36];
        var raised = await sm.APIRequest.PostAsync("/api/v1/products/PAY/impediments", new() { DataObject = new { title, impact = "critical" } });
        Assert.True(raised.Ok, await raised.TextAsync());
        using var json = JsonDocument.Parse(await raised.TextAsync());
        var id = json.RootElement.GetProperty("id").GetGuid();
        var escalated = await sm.APIRequest.PostAsync($"/api/v1/impediments/{id}/escalate", new() { DataObject = new { reason = "Only the partner's network team can reopen it." } });
        Assert.True(escalated.Ok, await escalated.TextAsync());
        return title;
    }

    private static async Task<int> SevereCellAsync(IPage page)
    {
        var text = await page.GetByTestId("heat-5-5").TextContentAsync();
        return int.Parse(text!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_TPM_promotes_an_escalated_impediment_into_a_risk_and_sees_it_on_the_heat_map()
    {
        var sm = await SignedInAsync("sm@demo.tandem");
        var title = await EscalatedImpedimentAsync(sm);

        // The Scrum Master sees the impediment waiting but not the Promote form: the page names the TPM.
        await sm.GotoAsync("/p/PAY/raid");
        var waitingForSm = sm.GetByTestId("waiting-impediment").Filter(new() { HasText = title });
        await Expect(waitingForSm).ToHaveCountAsync(1);
        await Expect(waitingForSm.GetByTestId("promote-form")).ToHaveCountAsync(0);
        await Expect(sm.GetByTestId("raid-decided-by")).ToContainTextAsync("Only the Technical Project Manager");
        await Expect(sm.GetByTestId("raid-decided-by")).ToContainTextAsync("Dana Park");

        var tpm = await SignedInAsync("tpm@demo.tandem");
        await tpm.GotoAsync("/p/PAY/raid");
        await Expect(tpm.GetByTestId("risk-heatmap")).ToBeVisibleAsync();
        var before = await SevereCellAsync(tpm);
        var waiting = tpm.GetByTestId("waiting-impediment").Filter(new() { HasText = title });
        await waiting.GetByTestId("promote-as").SelectOptionAsync("risk");
        await waiting.GetByTestId("promote-probability").SelectOptionAsync("5");
        await waiting.GetByTestId("promote-impact").SelectOptionAsync("5");
        await waiting.GetByTestId("promote-submit").ClickAsync();

        await Expect(tpm.GetByTestId("risk-heading")).ToContainTextAsync(title);
        await Expect(tpm.GetByTestId("risk-score")).ToHaveTextAsync("25");
        await Expect(tpm.GetByTestId("risk-impediment")).ToBeVisibleAsync();
        await Expect(tpm.GetByTestId("risk-links")).ToContainTextAsync(title);
        await Expect(tpm.GetByTestId("history-row")).ToHaveCountAsync(1);

        await tpm.GetByTestId("risk-back").ClickAsync();
        await Expect(tpm.GetByTestId("waiting-impediment").Filter(new() { HasText = title })).ToHaveCountAsync(0);
        Assert.Equal(before + 1, await SevereCellAsync(tpm));
        var svgCell = tpm.Locator("#risk-heatmap g[data-probability='5'][data-impact='5']");
        await Expect(svgCell).ToHaveAttributeAsync("data-count", (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(tpm.GetByTestId("risk-row").Filter(new() { HasText = title })).ToHaveCountAsync(1);
    }
}
