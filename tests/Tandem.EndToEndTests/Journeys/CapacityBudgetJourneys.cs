using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// The TPM's capacity and budget pages on the demo (issue 11): the planned overload is warned with the
/// person's name, the budget shows its estimate at completion beside a drawn burn chart, and the Product
/// Owner reads both without the TPM's forms, told who plans them.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class CapacityBudgetJourneys(DemoApp app)
{
    [Fact]
    public async Task The_TPM_sees_the_demo_overload_and_the_budget_outlook_and_the_PO_reads_them_without_the_forms()
    {
        var tpm = await app.NewPageAsync();
        await new LoginPage(tpm).OpenAsync();
        await new LoginPage(tpm).SignInAsync("tpm@demo.tandem");
        await tpm.GotoAsync("/delivery/capacity");
        await Expect(tpm.GetByTestId("capacity-heading")).ToBeVisibleAsync();
        await Expect(tpm.GetByTestId("capacity-warnings")).ToContainTextAsync("Jonas Berg");
        await Expect(tpm.Locator("[data-testid='capacity-person'][data-overloaded='true']").First).ToBeVisibleAsync();
        await Expect(tpm.GetByTestId("allocation-form")).ToBeVisibleAsync();

        await tpm.GotoAsync("/delivery/budget?product=MOB");
        await Expect(tpm.GetByTestId("budget-eac")).ToContainTextAsync("Estimate at completion");
        await Expect(tpm.GetByTestId("budget-burn").Locator("svg[role='img']")).ToBeVisibleAsync();
        await Expect(tpm.GetByTestId("budget-form")).ToBeVisibleAsync();

        var po = await app.NewPageAsync();
        await new LoginPage(po).OpenAsync();
        await new LoginPage(po).SignInAsync("po@demo.tandem");
        await po.GotoAsync("/delivery/capacity");
        await Expect(po.GetByTestId("capacity-decided-by")).ToContainTextAsync("Technical Project Manager");
        await Expect(po.GetByTestId("allocation-form")).ToHaveCountAsync(0);
        await po.GotoAsync("/delivery/budget?product=MOB");
        await Expect(po.GetByTestId("budget-decided-by")).ToContainTextAsync("Technical Project Manager");
        await Expect(po.GetByTestId("budget-form")).ToHaveCountAsync(0);
    }
}
