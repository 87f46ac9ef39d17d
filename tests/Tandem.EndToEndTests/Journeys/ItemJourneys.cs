using System.Net;
using System.Text.RegularExpressions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class ItemJourneys(DemoApp app)
{
    [Fact]
    public async Task Product_Owner_writes_a_story_with_two_criteria_and_a_value_and_sees_their_half_of_readiness_complete()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");

        var unique = Guid.NewGuid().ToString("N")[..6];
        var create = new NewItemPage(page);
        await create.OpenAsync("PAY");
        await create.WriteStoryAsync("shop owner", $"to see the fee of every payout ({unique})", "I can explain my costs to my accountant", "Asked for by **three** merchants.");

        var item = new ItemPage(page);
        await Expect(page).ToHaveURLAsync(new Regex(@"/p/PAY/items/PAY-\d+$"));
        await Expect(item.Title).ToHaveTextAsync($"As a shop owner I want to see the fee of every payout ({unique}) so that I can explain my costs to my accountant");
        await Expect(item.Editor.GetByTestId("description-html").Locator("strong")).ToHaveTextAsync("three");
        await Expect(item.ProductOwnerReadiness).ToHaveAttributeAsync("data-complete", "false");

        await item.AddCriterionAsync("a payout of 100 EUR with 3 card payments", "the shop owner opens the payout", "each payment shows its fee");
        await Expect(item.Criteria).ToHaveCountAsync(1);
        await item.AddCriterionAsync("a payout with a refund in it", "the shop owner opens the payout", "the refunded fee is shown as a credit");
        await Expect(item.Criteria).ToHaveCountAsync(2);
        await Expect(item.Criteria.Nth(1)).ToContainTextAsync("the refunded fee is shown as a credit");

        await item.SetBusinessValueAsync(40);
        await Expect(item.Editor.GetByTestId("business-value")).ToHaveTextAsync("40");
        await Expect(item.ProductOwnerReadiness).ToHaveAttributeAsync("data-complete", "true");
        await Expect(item.ProductOwnerReadiness).ToContainTextAsync("Product Owner: complete");
        await Expect(item.Editor.GetByTestId("readiness-tl")).ToContainTextAsync("not assessed");
    }

    [Fact]
    public async Task Product_Owner_accepts_one_done_item_and_rejects_another_with_a_reason_the_item_then_shows()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        var done = await new ItemApi(page).DoneItemsAsync("PAY", atLeast: 2);

        var item = new ItemPage(page);
        await item.OpenAsync(done[0]);
        await Expect(item.Status).ToContainTextAsync("Done");
        await item.AcceptAsync();
        await Expect(item.Status).ToContainTextAsync("Accepted");
        await Expect(item.Editor.GetByTestId("accepted")).ToBeVisibleAsync();

        var reason = $"The CSV export still drops the memo column ({Guid.NewGuid():N})";
        await item.OpenAsync(done[1]);
        await item.RejectAsync(reason);
        await Expect(item.Status).ToContainTextAsync("In progress");
        await Expect(item.Rejection).ToContainTextAsync(reason);

        // A reload still shows why, and the decision is in the log.
        await item.OpenAsync(done[1]);
        await Expect(item.Rejection).ToContainTextAsync(reason);
        await page.GotoAsync($"/p/PAY/decision-log?subject={done[1]}");
        await Expect(page.GetByTestId("log-row").First).ToContainTextAsync($"Rejected {done[1]}");
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_a_conflict_and_keeps_what_was_typed()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        var api = new ItemApi(page);
        var key = await api.CreateAsync("PAY", "bug", "Payout report shows yesterday twice");

        var item = new ItemPage(page);
        await item.OpenAsync(key);
        await item.OpenEditAsync();
        await item.EditTitle.FillAsync("Payout report repeats the previous day after midnight UTC");

        // Someone else changes the item while the form is open.
        await api.PatchAsync(key, new { title = "Payout report shows yesterday twice (seen by support)" });

        var response = await item.SaveEditAsync();
        Assert.Equal((int)HttpStatusCode.PreconditionFailed, response.Status);
        await Expect(item.Problem).ToContainTextAsync("Someone changed this item since you opened it");
        await Expect(item.EditTitle).ToHaveValueAsync("Payout report repeats the previous day after midnight UTC");
        await Expect(item.Title).ToHaveTextAsync("Payout report shows yesterday twice (seen by support)");
    }

    [Fact]
    public async Task Deciding_on_work_someone_already_accepted_explains_why_instead_of_failing_blankly()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        var api = new ItemApi(page);
        var key = await api.CreateAsync("PAY", "bug", "Settlement file names use local time");
        await api.PatchAsync(key, new { status = "done" });

        var item = new ItemPage(page);
        await item.OpenAsync(key);
        await Expect(item.AcceptButton).ToBeVisibleAsync();

        // Accepted from another tab (here: the API) while this page is still open.
        var accepted = await page.APIRequest.PostAsync($"/api/v1/items/{key}/acceptance", new() { DataObject = new { decision = "accept" } });
        Assert.True(accepted.Ok, await accepted.TextAsync());

        await item.Editor.GetByTestId("reject-reason").FillAsync("Wrong time zone in the file name");
        var response = await Forms.SubmitAsync(page, item.Editor.GetByTestId("reject"));
        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        await Expect(item.Problem).ToContainTextAsync("only done work can be rejected");
        await Expect(item.Status).ToContainTextAsync("Accepted");
        await Expect(item.Editor.GetByTestId("reject-reason")).ToHaveValueAsync("Wrong time zone in the file name");
    }

    [Fact]
    public async Task A_developer_sees_no_accept_button_on_done_work_and_is_told_the_Product_Owner_decides()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("dev1@demo.tandem");
        var done = await new ItemApi(page).DoneItemsAsync("PAY", atLeast: 1);

        var item = new ItemPage(page);
        await item.OpenAsync(done[0]);
        await Expect(item.Status).ToContainTextAsync("Done");
        await Expect(item.AwaitingAcceptance).ToContainTextAsync("Waiting for the Product Owner, Alice Ng, to accept");
        await Expect(item.AcceptButton).ToHaveCountAsync(0);
        await Expect(item.Editor.GetByTestId("reject")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_item_article_is_self_contained_for_the_backlog_side_panel()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");
        var key = await new ItemApi(page).CreateAsync("PAY", "spike", "Compare payout providers <b>not bold</b>");

        var item = new ItemPage(page);
        await item.OpenAsync(key);
        await Expect(item.Editor).ToHaveAttributeAsync("data-item-key", key);
        await Expect(item.Editor).ToHaveAttributeAsync("data-version", new Regex(@"^\d+$"));
        // What people type is text, never markup.
        await Expect(item.Title).ToHaveTextAsync("Compare payout providers <b>not bold</b>");
        Assert.Equal(0, await item.Editor.Locator("script").CountAsync());
        var actions = await item.Editor.Locator("form").EvaluateAllAsync<string[]>("forms => forms.map(f => f.getAttribute('method') + ' ' + f.getAttribute('action'))");
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.Equal($"post /p/PAY/items/{key}", a));
    }

    [Fact]
    public async Task A_new_item_with_half_a_story_is_refused_field_by_field_and_keeps_what_was_typed()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tl@demo.tandem");
        await new NewItemPage(page).OpenAsync("PAY");
        var form = page.GetByTestId("new-item-form");
        await form.GetByTestId("story-who").FillAsync("support agent");
        await form.GetByTestId("story-why").FillAsync("I can answer on the first call");
        // Business value is the Product Owner's: the Tech Lead is not offered the field.
        await Expect(form.GetByTestId("new-business-value")).ToHaveCountAsync(0);

        var response = await Forms.SubmitAsync(page, form.GetByTestId("new-item-create"));
        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        await Expect(page.Locator("[data-testid=field-error][data-field=storyWant]")).ToContainTextAsync("Say what they want");
        await Expect(form.GetByTestId("story-who")).ToHaveValueAsync("support agent");
        await Expect(form.GetByTestId("story-why")).ToHaveValueAsync("I can answer on the first call");
    }

    [Fact]
    public async Task A_stakeholder_reads_an_item_without_any_form_to_change_it()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("stakeholder@demo.tandem");

        var item = new ItemPage(page);
        var response = await item.OpenAsync("PAY-20");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        await Expect(item.Editor).ToHaveAttributeAsync("data-item-key", "PAY-20");
        // Following is personal, not a change to the item: the one form a reader gets.
        await Expect(item.Editor.Locator("form:not([data-testid=follow-form])")).ToHaveCountAsync(0);
        await Expect(item.Editor.GetByTestId("item-actions-none")).ToBeVisibleAsync();
        await Expect(item.Editor.GetByTestId("readiness")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_Product_Owner_edits_the_Definition_of_Done_and_a_developer_reads_it()
    {
        var po = await app.NewPageAsync();
        await new LoginPage(po).OpenAsync();
        await new LoginPage(po).SignInAsync("po@demo.tandem");
        await po.GotoAsync("/p/PAY/definitions");
        var line = $"Support runbook updated ({Guid.NewGuid().ToString("N")[..6]})";
        var done = po.GetByTestId("definition-done");
        await done.Locator("summary").ClickAsync();
        var lines = done.GetByTestId("definition-done-lines");
        await lines.FillAsync(await lines.InputValueAsync() + "\n" + line);
        await Forms.SubmitAndFollowAsync(po, done.GetByTestId("definition-done-save"));
        await Expect(po.GetByTestId("notice")).ToContainTextAsync("Saved the Definition of Done");
        await Expect(done.GetByTestId("definition-entry").Last).ToHaveTextAsync(new Regex(Regex.Escape(line)));

        var dev = await app.NewPageAsync();
        await new LoginPage(dev).OpenAsync();
        await new LoginPage(dev).SignInAsync("dev1@demo.tandem");
        await dev.GotoAsync("/p/PAY/definitions");
        await Expect(dev.GetByTestId("definition-done").GetByTestId("definition-entry").Last).ToHaveTextAsync(new Regex(Regex.Escape(line)));
        await Expect(dev.GetByTestId("read-only-note")).ToContainTextAsync("Only the Product Owner of PAY (Alice Ng)");
        await Expect(dev.Locator("form[data-testid^=definition]")).ToHaveCountAsync(0);
    }
}
