using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class PrioritisationJourneys(DemoApp app)
{
    [Fact]
    public async Task The_Product_Owner_applies_the_ticked_items_and_they_take_the_head_of_the_backlog_in_score_order()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        await page.GotoAsync("/p/PAY/prioritisation?method=wsjf");

        var proposed = page.GetByTestId("proposed-row");
        Assert.True(await proposed.CountAsync() >= 4, "the demo has scored items");
        var keys = await proposed.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");
        // The third and fourth by score are ticked; everything else keeps its order below them (ADR 29).
        var (first, second) = (keys[2], keys[3]);
        var today = page.GetByTestId("today-order").Locator("li");
        var before = await today.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");
        foreach (var key in keys.Where(k => k != first && k != second)) await proposed.Locator($"input[value='{key}']").UncheckAsync();

        await page.GetByTestId("apply").ClickAsync();

        await Expect(page.GetByTestId("applied")).ToContainTextAsync($"Ranked 2 items by WSJF at the top of the backlog: {first} #1, {second} #2");
        var after = await today.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");
        Assert.Equal([first, second], after.Take(2));
        Assert.Equal(before.Where(k => k != first && k != second), after.Skip(2));

        await page.GetByTestId("applied-backlog").ClickAsync();
        var backlog = new BacklogPage(page);
        await Expect(page.Locator(".backlog-viewport.live")).ToBeVisibleAsync();
        await Expect(backlog.RowAt(1)).ToHaveAttributeAsync("data-key", first);
        await Expect(backlog.RowAt(2)).ToHaveAttributeAsync("data-key", second);

        await page.GotoAsync("/p/PAY/decision-log");
        await Expect(page.GetByText($"Ranked 2 items by WSJF at the top of the backlog: {first}, {second}").First).ToBeVisibleAsync();
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
