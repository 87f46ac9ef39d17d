using System.Globalization;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using Xunit.Abstractions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// Issue 14: the item page fits its job. Each role lands on what it decides (the Tech Lead's estimate in the first
/// screen at 1280×800), every save comes back to its section with a confirmation, and the page is short.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ItemPageJourneys(DemoApp app, ITestOutputHelper output)
{
    private const string Measured = "PAY-20";

    [Fact]
    public async Task Each_role_lands_on_a_short_item_page_and_the_Tech_Lead_finds_the_estimate_in_the_first_screen()
    {
        var lines = new List<string>();
        (int Height, int? EstimateY) tech = default;
        foreach (var who in new[] { "tl", "po", "dev1", "sm", "stakeholder" })
        {
            var page = await app.NewPageAsync();
            // The first page of a cold host on a busy machine may take longer than an action's 10 s.
            await page.GotoAsync("/login", new() { Timeout = 60_000 });
            await new LoginPage(page).SignInAsync($"{who}@demo.tandem");
            await new ItemPage(page).OpenAsync(Measured);
            var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            var estimateY = await TopAsync(page, "[data-testid=estimate-form]");
            var assessY = await TopAsync(page, "[data-testid=assess-form]");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{who}: height {height} px, estimate form y {estimateY?.ToString(CultureInfo.InvariantCulture) ?? "-"}, assess form y {assessY?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
            if (who == "tl") tech = (height, estimateY);
            await page.Context.CloseAsync();
        }
        foreach (var line in lines) output.WriteLine(line);
        await File.WriteAllLinesAsync(Path.Combine(Path.GetTempPath(), "item-page-heights.txt"), lines);
        Assert.True(tech.EstimateY is > 0 and < 800, $"The Tech Lead's estimate form starts at y={tech.EstimateY}, below the first screen.");
        Assert.True(tech.Height < 1800, $"The Tech Lead's item page is {tech.Height} px high.");
    }

    private static async Task<int?> TopAsync(IPage page, string selector)
    {
        var target = page.Locator(selector);
        if (await target.CountAsync() == 0 || !await target.First.IsVisibleAsync()) return null;
        var box = await target.First.BoundingBoxAsync();
        return box is null ? null : (int)Math.Round(box.Y);
    }
}
