using System.Globalization;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

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

    [Fact]
    public async Task A_save_comes_back_to_its_open_section_with_a_confirmation_and_the_header_offers_only_what_the_person_may_do()
    {
        var page = await SignedInAsync("tl");
        var key = await new ItemApi(page).CreateAsync("PAY", "story", $"As a merchant I want to see payout fees {Guid.NewGuid().ToString("N")[..8]} so that I can explain my costs");
        var item = new ItemPage(page);
        await item.OpenAsync(key);
        // The Tech Lead's actions come from the decision rights: estimate and assess, never accept.
        var actions = page.GetByTestId("item-action");
        await Expect(actions.Filter(new() { HasTextString = "Estimate" })).ToHaveCountAsync(1);
        await Expect(actions.Filter(new() { HasTextString = "Assess" })).ToHaveCountAsync(1);
        await Expect(actions.Filter(new() { HasTextString = "Accept" })).ToHaveCountAsync(0);
        await Expect(page.Locator("details#assessment")).ToHaveAttributeAsync("open", "");
        await Expect(page.Locator("details#activity")).Not.ToHaveAttributeAsync("open", "");

        await new EstimateSection(page).EstimateAsync("5");
        await Expect(page).ToHaveURLAsync(new Regex($"/items/{key}\\?saved=estimate#estimate$"));
        var saved = page.Locator("details#estimate").GetByTestId("saved");
        await Expect(saved).ToHaveTextAsync("Estimate saved.");
        await Expect(saved).ToHaveAttributeAsync("role", "status");
        await Expect(saved).ToBeInViewportAsync();
        await Expect(item.Editor.GetByTestId("estimate")).ToHaveTextAsync("5 points");

        // A closed section opens from the header's link, without script.
        await page.GotoAsync($"/p/PAY/items/{key}?open=links#links");
        await Expect(page.Locator("details#links")).ToHaveAttributeAsync("open", "");
    }

    [Fact]
    public async Task Someone_follows_an_item_and_finds_it_on_My_work_from_the_navigation()
    {
        var page = await SignedInAsync("stakeholder");
        var item = new ItemPage(page);
        await item.OpenAsync(Measured);
        var follow = page.GetByTestId("follow");
        if (await follow.GetAttributeAsync("data-following") == "true")
        {
            await Forms.SubmitAndFollowAsync(page, follow);
            await Expect(follow).ToHaveAttributeAsync("data-following", "false");
        }
        await Forms.SubmitAndFollowAsync(page, follow);
        await Expect(page).ToHaveURLAsync(new Regex("\\?saved=follow#follow$"));
        await Expect(follow).ToHaveAttributeAsync("data-following", "true");
        await Expect(page.GetByTestId("follow-form").GetByTestId("saved")).ToHaveTextAsync("On your My work.");

        await page.GetByTestId("nav-my-work").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/my-work$"));
        await Expect(page.GetByTestId("my-following").Locator($"[data-testid=work-item][data-key='{Measured}']")).ToBeVisibleAsync();

        await item.OpenAsync(Measured);
        await Forms.SubmitAndFollowAsync(page, follow);
        await page.GotoAsync("/my-work");
        await Expect(page.GetByTestId("my-following").Locator($"[data-testid=work-item][data-key='{Measured}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_Product_Owner_finds_done_work_to_accept_on_My_work()
    {
        var page = await SignedInAsync("po");
        await new ItemApi(page).DoneItemsAsync("PAY", 1);
        await page.GotoAsync("/my-work");
        var pay = page.Locator("[data-testid=my-awaiting-product][data-product=PAY]");
        await Expect(pay).ToBeVisibleAsync();
        await Expect(page.GetByTestId("my-awaiting-entry").Filter(new() { HasTextRegex = new Regex("^Accept or reject") }).First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("my-assigned")).ToBeVisibleAsync();
    }

    private async Task<IPage> SignedInAsync(string who)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/login", new() { Timeout = 60_000 });
        await new LoginPage(page).SignInAsync($"{who}@demo.tandem");
        return page;
    }

    private static async Task<int?> TopAsync(IPage page, string selector)
    {
        var target = page.Locator(selector);
        if (await target.CountAsync() == 0 || !await target.First.IsVisibleAsync()) return null;
        var box = await target.First.BoundingBoxAsync();
        return box is null ? null : (int)Math.Round(box.Y);
    }
}
