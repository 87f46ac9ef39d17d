using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>Dense lists, keyboard shortcuts and the command palette (issue 14, ADR 29).</summary>
[Collection(DemoCollection.Name)]
public sealed class KeyboardJourneys(DemoApp app, ITestOutputHelper output)
{
    private async Task<(IPage Page, BacklogPage Backlog)> BacklogAsync(string email, string query = "")
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        var backlog = new BacklogPage(page);
        await backlog.OpenAsync("PAY", query);
        return (page, backlog);
    }

    /// <summary>Rows whose whole box lies inside the browser's window, without scrolling.</summary>
    private static Task<int> RowsInWindowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => [...document.querySelectorAll('[data-testid=backlog-row]')].filter(r => { const b = r.getBoundingClientRect(); return b.height > 0 && b.top >= 0 && b.bottom <= window.innerHeight; }).length");

    [Fact]
    public async Task At_1280_by_800_the_backlog_shows_at_least_twenty_rows()
    {
        var (page, _) = await BacklogAsync("po@demo.tandem");
        var visible = await RowsInWindowAsync(page);
        output.WriteLine($"rows in a 1280x800 window: {visible}; the list starts at y={await page.EvaluateAsync<double>("() => document.querySelector('.backlog-viewport').getBoundingClientRect().top")}"
            + $" and ends at y={await page.EvaluateAsync<double>("() => document.querySelector('.backlog-viewport').getBoundingClientRect().bottom")}");
        Assert.True(visible >= 20, $"{visible} rows in the window");
    }

    [Fact]
    public async Task Done_items_hide_behind_a_toggle_that_is_a_link()
    {
        var (page, _) = await BacklogAsync("po@demo.tandem");
        const string finished = "items => items.filter(i => i.status === 'done' || i.status === 'accepted').length";
        Assert.Equal(0, await page.EvaluateAsync<int>($"() => ({finished})(JSON.parse(document.getElementById('backlog-state').textContent).items)"));
        var toggle = page.GetByTestId("done-toggle");
        await Expect(toggle).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Show done \(\d+\)$"));
        var hidden = int.Parse((await toggle.TextContentAsync())!.Split('(', ')')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(hidden > 0, "the demo has finished work");
        // The filters stay on one line: "Filter" does not wrap.
        var filter = await page.GetByTestId("apply-filters").BoundingBoxAsync();
        var type = await page.GetByTestId("filter-type").BoundingBoxAsync();
        Assert.True(Math.Abs(filter!.Y + filter.Height / 2 - (type!.Y + type.Height / 2)) < 4, "Filter sits on the filters' line");
        Assert.True(filter.Height < 40, $"Filter is one line ({filter.Height} px)");

        await toggle.ClickAsync();
        await page.WaitForURLAsync("**/p/PAY/backlog?done=show");
        await Expect(page.GetByTestId("done-toggle")).ToHaveTextAsync("Hide done");
        Assert.Equal("show", await page.EvaluateAsync<string>("() => JSON.parse(document.getElementById('backlog-state').textContent).filters.done"));
    }

    [Fact]
    public async Task The_epic_column_shows_the_epics_name_with_its_key_as_the_tooltip()
    {
        var (page, backlog) = await BacklogAsync("po@demo.tandem");
        var epic = backlog.Rows.Locator(".epic[title]:not([title=''])").First;
        await Expect(epic).ToBeVisibleAsync();
        var key = await epic.GetAttributeAsync("title");
        Assert.Matches("^PAY-\\d+$", key);
        Assert.NotEqual(key, (await epic.TextContentAsync())!.Trim());
    }

    [Fact]
    public async Task J_and_k_move_between_rows_enter_opens_e_edits_and_the_question_mark_lists_the_shortcuts()
    {
        var (page, backlog) = await BacklogAsync("po@demo.tandem");
        var first = await backlog.KeyAtAsync(1);
        var second = await backlog.KeyAtAsync(2);

        await page.Keyboard.PressAsync("j");
        await Expect(backlog.Row(first)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("j");
        await Expect(backlog.Row(second)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("k");
        await Expect(backlog.Row(first)).ToBeFocusedAsync();

        // Keys typed into a field are the field's.
        await page.GetByTestId("filter-q").FillAsync("jk");
        await Expect(page.GetByTestId("filter-q")).ToHaveValueAsync("jk");
        await backlog.Row(first).FocusAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(backlog.SidePanel).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("?");
        var shortcuts = page.GetByTestId("shortcuts");
        await Expect(shortcuts).ToBeVisibleAsync();
        await Expect(shortcuts).ToContainTextAsync("Keyboard shortcuts");
        await Expect(shortcuts).ToContainTextAsync("command palette");
        await page.Keyboard.PressAsync("Escape");
        await Expect(shortcuts).ToBeHiddenAsync();

        await backlog.Row(second).FocusAsync();
        await page.Keyboard.PressAsync("e");
        await page.WaitForURLAsync($"**/p/PAY/items/{second}#edit");
        // The edit form is open with the cursor in its first field (a story's "who", or the title).
        await Expect(page.GetByTestId("edit")).ToHaveAttributeAsync("open", "");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('[data-testid=edit]').contains(document.activeElement)"));
    }

    /// <summary>Registers and My work take the same keys without markup of their own: j focuses the first row, Enter opens it.</summary>
    [Fact]
    public async Task J_and_Enter_work_on_a_register_table_and_on_my_work()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tl@demo.tandem");
        await page.GotoAsync("/p/PAY/debt");
        var firstRow = page.Locator("main table tbody tr[data-keys-row]").First;
        await Expect(firstRow).ToBeAttachedAsync();
        var href = await firstRow.GetAttributeAsync("data-href");
        await page.Keyboard.PressAsync("j");
        await Expect(firstRow).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**" + href);

        await page.GotoAsync("/my-work");
        var work = page.Locator("main [data-keys-list] [data-keys-row]").First;
        await Expect(work).ToBeAttachedAsync();
        var target = await work.GetAttributeAsync("data-href");
        await page.Keyboard.PressAsync("j");
        await Expect(work).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**" + target);
    }

    [Fact]
    public async Task Ctrl_K_opens_the_palette_and_a_typed_key_then_Enter_lands_on_the_item()
    {
        var (page, backlog) = await BacklogAsync("dev1@demo.tandem");
        var key = await backlog.KeyAtAsync(3);

        await page.Keyboard.PressAsync("Control+k");
        var palette = page.GetByTestId("palette");
        await Expect(palette).ToBeVisibleAsync();
        await Expect(page.GetByTestId("palette-input")).ToBeFocusedAsync();
        // Pages of the navigation are there before anything is typed.
        await Expect(palette.GetByTestId("palette-option").Filter(new() { HasText = "Backlog" }).First).ToBeVisibleAsync();

        await page.GetByTestId("palette-input").FillAsync(key);
        var option = palette.Locator($"[role=option][data-kind=item]").First;
        await Expect(option).ToContainTextAsync(key);
        await Expect(page.GetByTestId("palette-input")).ToHaveAttributeAsync("aria-activedescendant", (await option.GetAttributeAsync("id"))!);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync($"**/p/PAY/items/{key}");

        // Esc closes it; the actions offered are the person's: a developer is not offered ranking the backlog.
        await page.Keyboard.PressAsync("Control+k");
        await page.GetByTestId("palette-input").FillAsync("rank");
        await Expect(page.GetByTestId("palette").Locator("[role=option][data-kind=search]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("palette").Locator("[role=option][data-kind=action]").CountAsync());
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("palette")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_search_page_finds_an_item_without_script()
    {
        var (page, backlog) = await BacklogAsync("po@demo.tandem");
        var key = await backlog.KeyAtAsync(2);
        await page.GotoAsync($"/search?q={key}&product=PAY");
        await Expect(page.GetByTestId("search-hit").First).ToHaveAttributeAsync("data-key", key);
        await page.GotoAsync("/search?q=new%20item&product=PAY");
        await Expect(page.GetByTestId("search-action").First).ToContainTextAsync("New item");
    }
}
