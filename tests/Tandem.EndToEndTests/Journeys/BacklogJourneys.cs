using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The Product Owner ranks the backlog; everyone else may look and suggest, not reorder.</summary>
[Collection(DemoCollection.Name)]
public sealed class BacklogJourneys(DemoApp app)
{
    private async Task<(Microsoft.Playwright.IPage Page, BacklogPage Backlog)> SignedInAsync(string email, string query = "")
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        var backlog = new BacklogPage(page);
        await backlog.OpenAsync("PAY", query);
        return (page, backlog);
    }

    [Fact]
    public async Task The_Product_Owner_drags_an_item_to_the_top_and_the_order_holds_after_a_reload()
    {
        var (page, backlog) = await SignedInAsync("po@demo.tandem");
        var first = await backlog.KeyAtAsync(1);
        var fifth = await backlog.KeyAtAsync(5);

        await backlog.Row(fifth).DragToAsync(backlog.Row(first), new() { TargetPosition = new() { X = 200, Y = 4 } });

        await Expect(backlog.RowAt(1)).ToHaveAttributeAsync("data-key", fifth);
        await Expect(backlog.RowAt(2)).ToHaveAttributeAsync("data-key", first);
        await Expect(backlog.Status).ToContainTextAsync($"{fifth} moved above {first}");

        await backlog.OpenAsync("PAY");
        await Expect(backlog.RowAt(1)).ToHaveAttributeAsync("data-key", fifth);
    }

    [Fact]
    public async Task The_Product_Owner_moves_an_item_with_the_keyboard_one_place_up_then_to_the_top()
    {
        var (_, backlog) = await SignedInAsync("po@demo.tandem");
        var second = await backlog.KeyAtAsync(2);
        var third = await backlog.KeyAtAsync(3);

        await backlog.PressOnRowAsync(third, "Alt+ArrowUp");
        await Expect(backlog.RowAt(2)).ToHaveAttributeAsync("data-key", third);
        await Expect(backlog.RowAt(3)).ToHaveAttributeAsync("data-key", second);
        await Expect(backlog.Row(third)).ToBeFocusedAsync();
        await Expect(backlog.Status).ToContainTextAsync($"{third} moved above {second}");

        await backlog.PressOnRowAsync(third, "Alt+Home");
        await Expect(backlog.RowAt(1)).ToHaveAttributeAsync("data-key", third);
        await Expect(backlog.Status).ToContainTextAsync($"{third} moved to the top");

        await backlog.OpenAsync("PAY");
        await Expect(backlog.RowAt(1)).ToHaveAttributeAsync("data-key", third);
        await Expect(backlog.RowAt(3)).ToHaveAttributeAsync("data-key", second);
    }

    /// <remarks>The TPM decides how and when, not the order (issue 11): the same refusal as the Scrum Master's.</remarks>
    [Theory]
    [InlineData("sm@demo.tandem")]
    [InlineData("tpm@demo.tandem")]
    public async Task The_Scrum_Master_or_the_TPM_trying_to_reorder_is_refused_with_who_decides_and_the_order_is_unchanged(string email)
    {
        var (_, backlog) = await SignedInAsync(email);
        await Expect(backlog.ReorderNote).ToContainTextAsync("Only the Product Owner of PAY (Alice Ng) can reorder the backlog");
        var before = await backlog.KeysAsync();
        var second = before[1];

        await backlog.PressOnRowAsync(second, "Alt+ArrowUp");

        await Expect(backlog.MoveProblem).ToContainTextAsync("Only the Product Owner of PAY (Alice Ng) can reorder the backlog");
        await Expect(backlog.RowAt(2)).ToHaveAttributeAsync("data-key", second);
        await backlog.OpenAsync("PAY");
        Assert.Equal(before.Take(20), (await backlog.KeysAsync()).Take(20));
    }

    [Fact]
    public async Task A_refused_move_leads_to_the_items_rank_suggestion_open_and_ready()
    {
        var (page, backlog) = await SignedInAsync("tl@demo.tandem");
        var second = (await backlog.KeysAsync())[1];
        await backlog.PressOnRowAsync(second, "Alt+ArrowUp");
        var suggest = backlog.MoveProblem.GetByRole(AriaRole.Link, new() { Name = $"Suggest a new rank for {second}" });
        await suggest.ClickAsync();
        // The link lands on the item's suggestion form, opened (issue 14: it pointed at an anchor that did not exist).
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/items/{second}\\?suggest=rank#suggest$"));
        await Expect(page.GetByTestId("suggest-rank-details")).ToHaveAttributeAsync("open", "");
        await Expect(page.GetByTestId("suggest-rank-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Only_the_rows_on_screen_are_in_the_page_and_scrolling_fetches_the_next_page()
    {
        // Every item, finished ones too (hidden by default, ADR 29), so the counts below are the demo's whole backlog.
        var (page, backlog) = await SignedInAsync("po@demo.tandem", "?done=show");
        var inDom = await backlog.Rows.CountAsync();
        Assert.InRange(inDom, 10, 60);

        // The first page holds 100 of the demo's 450-odd items (320 generated, the rest twelve sprints of finished work and
        // the registers' own); each scroll to the end fetches 200 more.
        await Expect(backlog.Viewport).ToHaveAttributeAsync("data-loaded", "100");
        for (var i = 0; i < 5 && await backlog.Viewport.GetAttributeAsync("data-complete") != "true"; i++)
        {
            var loaded = await backlog.Viewport.GetAttributeAsync("data-loaded");
            await backlog.Viewport.EvaluateAsync("v => v.scrollTop = v.scrollHeight");
            await Expect(backlog.Viewport).Not.ToHaveAttributeAsync("data-loaded", loaded!);
        }
        await Expect(backlog.Viewport).ToHaveAttributeAsync("data-complete", "true");
        var total = int.Parse((await backlog.Viewport.GetAttributeAsync("data-loaded"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(total, 400, 520);
        await backlog.Viewport.EvaluateAsync("v => v.scrollTop = v.scrollHeight");
        await Expect(backlog.RowAt(total)).ToBeAttachedAsync();
        Assert.InRange(await backlog.Rows.CountAsync(), 10, 60);
        Assert.Equal(0, await page.Locator("[data-testid=backlog-row][data-position='1']").CountAsync());
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_an_unknown_value_is_explained()
    {
        var (page, backlog) = await SignedInAsync("po@demo.tandem", "?status=done");
        var statuses = await page.Locator("[data-testid=backlog-row] .status").AllTextContentsAsync();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("Done", s));

        await page.GotoAsync("/p/PAY/backlog?status=finished");
        await Expect(page.GetByTestId("problem")).ToContainTextAsync("'finished' is not a valid status");
    }

    [Fact]
    public async Task A_team_member_labels_several_items_at_once()
    {
        var (_, backlog) = await SignedInAsync("dev1@demo.tandem", "?type=bug");
        var a = await backlog.KeyAtAsync(1);
        var b = await backlog.KeyAtAsync(2);
        await backlog.SelectAsync(a);
        await backlog.SelectAsync(b);
        await Expect(backlog.BulkBar).ToContainTextAsync("2 selected");

        await backlog.BulkBar.GetByTestId("bulk-label").FillAsync("regression");
        await backlog.BulkBar.GetByTestId("bulk-add-label").ClickAsync();

        await Expect(backlog.Status).ToContainTextAsync("2 items labelled “regression”");
        await Expect(backlog.Row(a).Locator(".label", new() { HasText = "regression" })).ToBeVisibleAsync();
        await Expect(backlog.Row(b).Locator(".label", new() { HasText = "regression" })).ToBeVisibleAsync();
        await Expect(backlog.BulkBar).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_Product_Owner_home_lists_finished_work_to_accept_and_opens_the_backlog_filtered_to_it()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        var home = new HomePage(page);
        await home.OpenAsync("PAY");

        var accept = home.Awaiting.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Accept or reject \d+ finished items?$") });
        await Expect(accept).ToBeVisibleAsync();
        await Expect(home.Awaiting).ToContainTextAsync("suggestion");
        await accept.ClickAsync();

        await Expect(page.Locator(".backlog-viewport.live")).ToBeVisibleAsync();
        Assert.EndsWith("/p/PAY/backlog?status=done", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByTestId("filter-status")).ToHaveValueAsync("done");
    }

    [Fact]
    public async Task A_developer_home_has_no_acceptance_queue()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("dev1@demo.tandem");
        var home = new HomePage(page);
        await home.OpenAsync("PAY");
        await Expect(home.Awaiting).ToBeVisibleAsync();
        await Expect(home.Awaiting).Not.ToContainTextAsync("finished item");
    }

    [Fact]
    public async Task The_Product_Owner_writes_a_story_with_criteria_and_ranks_it_to_the_top_by_keyboard_and_by_drag_and_drop()
    {
        var (page, backlog) = await SignedInAsync("po@demo.tandem");
        var unique = Guid.NewGuid().ToString("N")[..6];
        await new NewItemPage(page).OpenAsync("PAY");
        await new NewItemPage(page).WriteStoryAsync("finance manager", $"payouts grouped by bank account ({unique})", "I can reconcile each account", "Requested by the finance team.");
        var item = new ItemPage(page);
        await item.AddCriterionAsync("two bank accounts with payouts", "the finance manager opens payouts", "payouts are grouped per account");
        await Expect(item.Criteria).ToHaveCountAsync(1);
        var key = (await item.Editor.GetAttributeAsync("data-item-key"))!;

        // New items join at the bottom; the PO finds it and sends it to the top from the keyboard.
        await backlog.OpenAsync("PAY", $"?q={unique}");
        await backlog.PressOnRowAsync(key, "Alt+Home");
        await Expect(backlog.Status).ToContainTextAsync($"{key} moved to the top");
        await backlog.OpenAsync("PAY");
        await Expect(backlog.RowAt(1)).ToHaveAttributeAsync("data-key", key);

        // Two places down by keyboard, then dragged back above the first row.
        await backlog.PressOnRowAsync(key, "Alt+ArrowDown");
        await backlog.PressOnRowAsync(key, "Alt+ArrowDown");
        await Expect(backlog.RowAt(3)).ToHaveAttributeAsync("data-key", key);
        var first = await backlog.KeyAtAsync(1);
        await backlog.Row(key).DragToAsync(backlog.Row(first), new() { TargetPosition = new() { X = 200, Y = 4 } });
        await Expect(backlog.RowAt(1)).ToHaveAttributeAsync("data-key", key);

        await backlog.OpenAsync("PAY");
        await Expect(backlog.RowAt(1)).ToHaveAttributeAsync("data-key", key);
        await Expect(backlog.RowAt(1)).ToContainTextAsync($"payouts grouped by bank account ({unique})");
    }

    [Fact]
    public async Task An_item_opens_beside_the_list_and_an_edit_there_updates_its_row()
    {
        var (page, backlog) = await SignedInAsync("dev1@demo.tandem", "?type=bug");
        var key = await backlog.KeyAtAsync(1);

        await backlog.Row(key).Locator(".title a").ClickAsync();

        var editor = backlog.SidePanel.GetByTestId("item-editor");
        await Expect(editor).ToHaveAttributeAsync("data-item-key", key);
        Assert.Contains($"item={key}", page.Url, StringComparison.Ordinal);
        await editor.GetByTestId("edit").Locator(":scope > summary").ClickAsync();
        var title = $"Refund rounding is off by one cent ({Guid.NewGuid().ToString("N")[..6]})";
        await editor.GetByTestId("edit-title").FillAsync(title);
        await editor.GetByTestId("edit-save").ClickAsync();

        await Expect(backlog.SidePanel.GetByTestId("item-title")).ToHaveTextAsync(title);
        await Expect(backlog.Row(key).Locator(".title a")).ToHaveTextAsync(title);
        Assert.EndsWith("/p/PAY/backlog?type=bug&item=" + key, page.Url, StringComparison.Ordinal);

        await page.Keyboard.PressAsync("Escape");
        await Expect(backlog.SidePanel).ToBeHiddenAsync();
    }
}
