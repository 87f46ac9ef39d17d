using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class PrioritisationJourneys(DemoApp app)
{
    [Fact]
    public async Task The_Product_Owner_applies_part_of_the_rank_by_score_preview_and_the_rest_keeps_its_place()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        await page.GotoAsync("/p/PAY/prioritisation?method=wsjf");

        var proposed = page.GetByTestId("proposed-row");
        Assert.True(await proposed.CountAsync() >= 4, "the demo has scored items");
        var keys = await proposed.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");
        // The top two by score get applied; the others are unticked and must keep their places.
        var (first, second) = (keys[0], keys[1]);
        var today = page.GetByTestId("today-order").Locator("li");
        var before = await today.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key + ' ' + r.querySelector('.pos').textContent)");
        foreach (var key in keys.Skip(2)) await proposed.Locator($"input[value='{key}']").UncheckAsync();

        await page.GetByTestId("apply").ClickAsync();

        await Expect(page.GetByTestId("applied")).ToContainTextAsync("Ranked 2 items by WSJF");
        var after = await today.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key + ' ' + r.querySelector('.pos').textContent)");
        var positions = after.ToDictionary(r => r.Split(' ')[0], r => int.Parse(r.Split(' ')[1].TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(positions[first] < positions[second], $"{first} ranks above {second} after applying");
        var unticked = before.Where(r => !r.StartsWith(first + " ", StringComparison.Ordinal) && !r.StartsWith(second + " ", StringComparison.Ordinal)).ToList();
        Assert.All(unticked, r => Assert.Contains(r, after));

        await page.GotoAsync("/p/PAY/decision-log");
        await Expect(page.GetByText("Ranked 2 items by WSJF").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_value_effort_chart_shows_open_items_and_a_point_opens_its_item()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("dev1@demo.tandem");
        await page.GotoAsync("/p/PAY/prioritisation");

        await Expect(page.GetByTestId("apply-note")).ToContainTextAsync("Only the Product Owner of PAY (Alice Ng)");
        Assert.Equal(0, await page.GetByTestId("apply").CountAsync());
        // Both axes carry values (issue 14), from zero up, and the quadrant names let clicks through to the points.
        await Expect(page.GetByTestId("effort-tick").First).ToHaveTextAsync("0");
        Assert.True(await page.GetByTestId("effort-tick").CountAsync() >= 2);
        Assert.True(await page.GetByTestId("value-tick").CountAsync() >= 2);
        Assert.Equal("none", await page.GetByTestId("quadrant-label").First.EvaluateAsync<string>("e => getComputedStyle(e).pointerEvents"));
        var point = page.GetByTestId("chart-point").First;
        var key = await point.GetAttributeAsync("data-key");
        // Points may overlap where items share value and effort, so the point is opened from the keyboard (each is a link).
        await point.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync($"**/p/PAY/backlog?item={key}");
        await Expect(page.GetByTestId("side-panel")).ToBeVisibleAsync();
    }
}
