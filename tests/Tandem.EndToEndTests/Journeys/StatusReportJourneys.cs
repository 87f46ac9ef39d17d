using System.Text.Json;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The TPM drafts a status report, the PO adds the product narrative, the TPM publishes, and the stakeholder reads it.</summary>
[Collection(DemoCollection.Name)]
public sealed class StatusReportJourneys(DemoApp app)
{
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    /// <summary>A product of its own (PAY keeps its demo draft) with the demo's TPM, PO and stakeholder on it.</summary>
    private static async Task<string> ProductAsync(IPage admin)
    {
        var key = "SR" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var created = await admin.APIRequest.PostAsync("/api/v1/products", new() { DataObject = new { key, name = "Report journey" } });
        Assert.True(created.Ok, await created.TextAsync());
        foreach (var (email, role) in new[] { ("tpm@demo.tandem", "technical-project-manager"), ("po@demo.tandem", "product-owner"), ("stakeholder@demo.tandem", "stakeholder") })
        {
            var people = await admin.APIRequest.GetAsync($"/api/v1/people?search={email}");
            using var json = JsonDocument.Parse(await people.TextAsync());
            var list = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("items");
            var id = list.EnumerateArray().First(p => p.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
            var assigned = await admin.APIRequest.PostAsync($"/api/v1/products/{key}/members", new() { DataObject = new { userId = id, role } });
            Assert.True(assigned.Ok, await assigned.TextAsync());
        }
        return key;
    }

    [Fact]
    public async Task The_TPM_drafts_the_PO_writes_the_product_narrative_the_TPM_publishes_and_the_stakeholder_reads_it()
    {
        var admin = await SignedInAsync("admin@demo.tandem");
        var key = await ProductAsync(admin);

        var tpm = await SignedInAsync("tpm@demo.tandem");
        await tpm.GotoAsync($"/p/{key}/status-reports");
        await tpm.GetByTestId("report-start").ClickAsync();
        await Expect(tpm.GetByTestId("report-status")).ToHaveTextAsync("draft");
        await Expect(tpm.GetByTestId("report-rag-badge")).ToHaveTextAsync("Amber");
        await Expect(tpm.GetByTestId("report-rag-rule")).ToContainTextAsync("no planned milestone");
        await Expect(tpm.GetByTestId("product-decided-by")).ToContainTextAsync("Only the Product Owner");
        await tpm.GetByTestId("delivery-narrative").FillAsync("Certification slot booked; the pilot date holds.");
        await tpm.GetByTestId("delivery-save").ClickAsync();
        await Expect(tpm.GetByTestId("delivery-narrative-text")).ToHaveTextAsync("Certification slot booked; the pilot date holds.");
        var reportUrl = tpm.Url;

        // The stakeholder cannot read a draft; the PO writes the product narrative and may not publish.
        var stakeholder = await SignedInAsync("stakeholder@demo.tandem");
        await stakeholder.GotoAsync(reportUrl);
        await Expect(stakeholder.GetByTestId("refused")).ToContainTextAsync("is a draft");

        var po = await SignedInAsync("po@demo.tandem");
        await po.GotoAsync(reportUrl);
        await Expect(po.GetByTestId("delivery-decided-by")).ToContainTextAsync("Only the Technical Project Manager");
        await Expect(po.GetByTestId("report-publish")).ToHaveCountAsync(0);
        await po.GetByTestId("product-narrative").FillAsync("Two pilot merchants first; loyalty waits.");
        await po.GetByTestId("product-save").ClickAsync();
        await Expect(po.GetByTestId("product-narrative-text")).ToHaveTextAsync("Two pilot merchants first; loyalty waits.");

        await tpm.GotoAsync(reportUrl);
        await tpm.GetByTestId("report-publish").ClickAsync();
        await Expect(tpm.GetByTestId("report-status")).ToHaveTextAsync("published");
        await Expect(tpm.GetByTestId("report-actions")).ToHaveCountAsync(0);

        // The TPM's home, filtered to the product: no draft now, so "start one", and the report just published.
        await tpm.GotoAsync($"/delivery?product={key}");
        var next = tpm.GetByTestId("program-report");
        await Expect(next).ToHaveCountAsync(1);
        await Expect(next.GetByTestId("program-report-start")).ToBeVisibleAsync();
        await Expect(next).ToContainTextAsync("last published");

        await stakeholder.GotoAsync($"/p/{key}/status-reports");
        await stakeholder.GetByTestId("report-link").First.ClickAsync();
        await Expect(stakeholder.GetByTestId("report-status")).ToHaveTextAsync("published");
        await Expect(stakeholder.GetByTestId("delivery-narrative-text")).ToHaveTextAsync("Certification slot booked; the pilot date holds.");
        await Expect(stakeholder.GetByTestId("product-narrative-text")).ToHaveTextAsync("Two pilot merchants first; loyalty waits.");
        await Expect(stakeholder.GetByTestId("report-rag-badge")).ToHaveTextAsync("Amber");

        await stakeholder.GetByTestId("report-print").ClickAsync();
        await Expect(stakeholder.GetByTestId("report-printable")).ToBeVisibleAsync();
        await Expect(stakeholder.Locator("header.topbar, [data-testid=nav]")).ToHaveCountAsync(0);
        await Expect(stakeholder.GetByTestId("product-narrative-text")).ToHaveTextAsync("Two pilot merchants first; loyalty waits.");
    }
}
