using System.Text.RegularExpressions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The feedback loop: a stakeholder asks, the team weighs in, the PO triages, and the stakeholder hears it shipped.</summary>
[Collection(DemoCollection.Name)]
public sealed class FeedbackJourneys(DemoApp app)
{
    [Fact]
    public async Task Stakeholder_feedback_becomes_an_item_and_the_stakeholder_is_told_when_it_ships()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var title = $"Bulk refunds from a CSV file {unique}";

        // The stakeholder starts with nothing unread, so the count below is this journey's own.
        var stella = await DemoPerson.SignInAsync(app, "stakeholder@demo.tandem");
        var inbox = new NotificationsPage(stella);
        await inbox.OpenAsync();
        await inbox.MarkAllReadIfAnyAsync();
        var stellaBar = new TopBar(stella);
        await Expect(stellaBar.UnreadCount).ToHaveCountAsync(0);

        // A missing title is explained next to the field; then the feedback is sent.
        var list = new FeedbackListPage(stella);
        await list.OpenAsync("PAY");
        await list.FillAsync("", "Refunds one by one take *hours* at month end.", "Refunds", "high");
        await list.SubmitAsync();
        await Expect(list.FieldError("title")).ToContainTextAsync("short title");
        var number = await list.SendAsync(title, "Refunds one by one take **hours** at month end.", "Refunds", "high");
        var stellaDetail = new FeedbackDetailPage(stella);
        await Expect(stellaDetail.Heading).ToHaveTextAsync(title);
        await Expect(stellaDetail.Status).ToContainTextAsync("New");
        await Expect(stellaDetail.Description.Locator("strong")).ToHaveTextAsync("hours");
        await Expect(stellaDetail.Triage).ToHaveCountAsync(0);

        // A developer votes and comments, and may not triage: no panel, and the API refuses naming who decides.
        var priya = await DemoPerson.SignInAsync(app, "dev1@demo.tandem");
        var priyaDetail = new FeedbackDetailPage(priya);
        await priyaDetail.OpenAsync("PAY", number);
        await priyaDetail.VoteAsync();
        await Expect(priyaDetail.VoteCount).ToContainTextAsync("1 vote");
        await priyaDetail.CommentAsync("We could reuse the <b>refund</b> batch job from payouts.");
        await Expect(priyaDetail.Comments.Last).ToContainTextAsync("We could reuse the <b>refund</b> batch job");
        await Expect(priyaDetail.Triage).ToHaveCountAsync(0);
        await Expect(priyaDetail.DecidedBy).ToContainTextAsync("Product Owner, Alice Ng");
        var refused = await new ApiAs(priya, app.BaseUrl).TriageAsync("PAY", number, new { action = "decline", reason = "Not mine to say" });
        Assert.Equal(403, refused.Status);
        Assert.Contains("Alice Ng", await refused.TextAsync(), StringComparison.Ordinal);

        // The Product Owner creates a story from it; the title comes prefilled from the feedback.
        var alice = await DemoPerson.SignInAsync(app, "po@demo.tandem");
        var aliceDetail = new FeedbackDetailPage(alice);
        await aliceDetail.OpenAsync("PAY", number);
        await Expect(aliceDetail.Comments.Last).ToContainTextAsync("Priya Patel");
        await Expect(aliceDetail.CreateTitle).ToHaveValueAsync(title);
        var itemKey = await aliceDetail.CreateItemAsync("story");
        Assert.Matches(new Regex("^PAY-\\d+$"), itemKey);
        await Expect(aliceDetail.Status).ToContainTextAsync("Planned");
        await Expect(aliceDetail.LinkedItem).ToHaveAttributeAsync("href", $"/p/PAY/items/{itemKey}");
        await Expect(aliceDetail.Triage).ToHaveCountAsync(0);

        // The developer marks the item done on its page; the Product Owner accepts it there.
        var priyaItem = new ItemPage(priya);
        await priyaItem.OpenAsync(itemKey);
        await priyaItem.OpenEditAsync();
        await priyaItem.Editor.GetByTestId("edit-status").SelectOptionAsync("done");
        await priyaItem.SaveEditAsync();
        await Expect(priyaItem.Status).ToContainTextAsync("Done");
        await Expect(priyaItem.AwaitingAcceptance).ToContainTextAsync("Alice Ng");
        var aliceItem = new ItemPage(alice);
        await aliceItem.OpenAsync(itemKey);
        // Work with no acceptance criteria is not accepted without a word (issue 14): the form says so and asks to confirm.
        await Expect(aliceItem.Editor.GetByTestId("accept-no-criteria")).ToContainTextAsync("has no acceptance criteria");
        await Expect(aliceItem.Editor.GetByTestId("accept-without-criteria")).ToHaveAttributeAsync("required", "");
        await aliceItem.AcceptAsync();
        await Expect(aliceItem.Status).ToContainTextAsync("Accepted");

        // The stakeholder sees it shipped in what they sent, and two unread notices in the top bar.
        await list.OpenAsync("PAY", "?mine=true");
        await Expect(list.Row(title).GetByTestId("feedback-status")).ToContainTextAsync("Shipped");
        await Expect(stellaBar.UnreadCount).ToHaveTextAsync("2");
        await stellaBar.NotificationsLink.ClickAsync();
        await Expect(inbox.Item($"Shipped: your feedback \"{title}\"")).ToHaveAttributeAsync("data-read", "false");
        await inbox.OpenAsync($"Shipped: your feedback \"{title}\"");

        // Opening it lands on the feedback, and reading it clears both notices about it.
        await Expect(stella).ToHaveURLAsync(new Regex($"/p/PAY/feedback/{number}$"));
        await Expect(stellaDetail.Outcome).ToContainTextAsync($"Shipped: {itemKey} was accepted");
        await Expect(stellaBar.UnreadCount).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_demo_inbox_shows_feedback_in_every_state_and_a_decline_needs_a_reason()
    {
        var alice = await DemoPerson.SignInAsync(app, "po@demo.tandem");
        var list = new FeedbackListPage(alice);
        await list.OpenAsync("PAY");
        foreach (var status in new[] { "new", "linked", "shipped", "declined", "snoozed", "duplicate" })
            await Expect(alice.Locator($"[data-testid=feedback-status][data-status={status}]").First).ToBeVisibleAsync();

        await list.OpenAsync("PAY", "?status=declined");
        await Expect(list.Row("Dark mode")).ToBeVisibleAsync();
        await Expect(alice.GetByTestId("feedback-row").Filter(new() { HasTextString = "Two-factor" })).ToHaveCountAsync(0);

        // The PO declines new feedback: without a reason the answer says why, next to the field.
        var unique = Guid.NewGuid().ToString("N")[..6];
        var number = await list.SendAsync($"Pay by fax {unique}", "", "", "low");
        var detail = new FeedbackDetailPage(alice);
        await detail.DeclineAsync("");
        await Expect(alice.GetByTestId("error-reason")).ToContainTextAsync("Say why");
        await detail.DeclineAsync("Nobody has a fax machine any more.");
        await Expect(detail.Status).ToContainTextAsync("Declined");
        await Expect(detail.Outcome).ToContainTextAsync("Nobody has a fax machine");
        Assert.True(number > 8);
    }
}
