using System.Text.RegularExpressions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class EstimationJourneys(DemoApp app)
{
    [Fact]
    public async Task Tech_Lead_estimates_an_item_and_marks_it_needs_spike_the_spike_appears_linked_and_a_developer_sees_the_assessment_read_only()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tl@demo.tandem");
        var title = $"Settle card payouts in batches ({Guid.NewGuid():N})"[..48];
        var key = await new ItemApi(page).CreateAsync("PAY", "story", title);

        var item = new ItemPage(page);
        await item.OpenAsync(key);
        var estimate = new EstimateSection(page);
        await Expect(estimate.Current).ToHaveTextAsync("not estimated");
        await estimate.EstimateAsync("8", "The batch job touches the ledger");
        await Expect(page).ToHaveURLAsync(new Regex($"/p/PAY/items/{key}\\?saved=estimate#estimate$"));
        await Expect(item.Editor.GetByTestId("saved")).ToHaveTextAsync("Estimate saved.");
        await Expect(estimate.Current).ToHaveTextAsync("8 points");
        await Expect(item.Editor.GetByTestId("estimate")).ToContainTextAsync("8 points");
        await estimate.OpenHistoryAsync();
        await Expect(estimate.History).ToHaveCountAsync(1);
        await Expect(estimate.History.First).ToContainTextAsync("Tomás Lee");
        await Expect(estimate.History.First).ToContainTextAsync("The batch job touches the ledger");

        var assessment = new AssessmentSection(page);
        await assessment.AssessAsync("needs-spike", "high", "low", "Nobody here has used the bank's batch API", "payouts, ledger", "Try the **sandbox** first.");
        await Expect(assessment.Feasibility).ToHaveTextAsync("Needs a spike");
        await Expect(assessment.DecidedBy).ToContainTextAsync("Decided by the Tech Lead, Tomás Lee");
        await Expect(item.Editor.GetByTestId("readiness-tl")).ToHaveAttributeAsync("data-complete", "false");
        var spikeKey = (await assessment.Spike.TextContentAsync())!.Trim();
        await Expect(item.Editor.GetByTestId("links")).ToContainTextAsync(spikeKey);

        await assessment.Spike.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/p/PAY/items/{spikeKey}$"));
        await Expect(item.Title).ToHaveTextAsync($"Spike: {title}");
        await Expect(item.Editor.GetByTestId("item-type")).ToHaveTextAsync("Spike");
        await Expect(item.Editor.GetByTestId("links")).ToContainTextAsync(key);

        var developer = await app.NewPageAsync();
        await new LoginPage(developer).OpenAsync();
        await new LoginPage(developer).SignInAsync("dev1@demo.tandem");
        await new ItemPage(developer).OpenAsync(key);
        var seen = new AssessmentSection(developer);
        await Expect(seen.Feasibility).ToHaveTextAsync("Needs a spike");
        await Expect(seen.DecidedBy).ToContainTextAsync("Decided by the Tech Lead, Tomás Lee");
        await Expect(seen.View.GetByTestId("assessment-notes").Locator("strong")).ToHaveTextAsync("sandbox");
        await Expect(seen.Form).ToHaveCountAsync(0);
        await Expect(new EstimateSection(developer).Form).ToBeVisibleAsync();
    }
}
