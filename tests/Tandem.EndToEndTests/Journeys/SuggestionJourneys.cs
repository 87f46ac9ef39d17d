using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class SuggestionJourneys(DemoApp app)
{
    [Fact]
    public async Task A_developer_proposes_a_criterion_the_Product_Owner_accepts_it_and_it_lands_on_the_item_and_in_the_decision_log()
    {
        var dev = await app.NewPageAsync();
        await new LoginPage(dev).OpenAsync();
        await new LoginPage(dev).SignInAsync("dev1@demo.tandem");
        var key = await new ItemApi(dev).CreateAsync("PAY", "story", "As a merchant I want to refund in JPY so that my Japanese customers get the right amount");
        var then = $"the refund is rounded to whole yen ({Guid.NewGuid().ToString("N")[..6]})";

        var item = new ItemPage(dev);
        await item.OpenAsync(key);
        await Expect(item.Editor.GetByTestId("criterion-add-form")).ToHaveCountAsync(0);
        await item.SuggestCriterionAsync("a card payment of 1,000 JPY", "the merchant refunds a third of it", then, "Found while fixing the JPY rounding bug.");
        await Expect(item.Notice).ToContainTextAsync("in the Product Owner's inbox");

        // The developer can read the inbox but not decide.
        var devInbox = new SuggestionsPage(dev);
        await devInbox.OpenAsync("PAY");
        await Expect(devInbox.ReadOnlyNote).ToContainTextAsync("Only the Product Owner of PAY (Alice Ng)");
        await Expect(devInbox.Open(key).GetByTestId("accept-suggestion")).ToHaveCountAsync(0);

        var po = await app.NewPageAsync();
        await new LoginPage(po).OpenAsync();
        await new LoginPage(po).SignInAsync("po@demo.tandem");
        var inbox = new SuggestionsPage(po);
        await inbox.OpenAsync("PAY");
        var suggestion = inbox.Open(key);
        await Expect(suggestion).ToContainTextAsync("Priya Patel");
        await Expect(suggestion).ToContainTextAsync(then);
        await Expect(suggestion.GetByTestId("suggestion-note")).ToContainTextAsync("Found while fixing the JPY rounding bug.");
        await inbox.AcceptAsync(key, "Yes, rounding is part of done.");
        await Expect(inbox.Notice).ToContainTextAsync($"Accepted and applied the suggestion on {key}");
        await Expect(inbox.Open(key)).ToHaveCountAsync(0);

        await inbox.OpenAsync("PAY", "accepted");
        await Expect(inbox.Any(key).First.GetByTestId("suggestion-decision")).ToContainTextAsync("Accepted by Alice Ng");

        var poItem = new ItemPage(po);
        await poItem.OpenAsync(key);
        await Expect(poItem.Criteria).ToHaveCountAsync(1);
        await Expect(poItem.Criteria.First).ToContainTextAsync(then);

        await po.GotoAsync($"/p/PAY/decision-log?subject={key}");
        await Expect(po.GetByTestId("log-row").Filter(new() { HasTextString = $"Accepted a suggestion on {key}" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Declining_a_suggestion_needs_a_reason()
    {
        var dev = await app.NewPageAsync();
        await new LoginPage(dev).OpenAsync();
        await new LoginPage(dev).SignInAsync("dev2@demo.tandem");
        var key = await new ItemApi(dev).CreateAsync("PAY", "bug", "Payout e-mail shows the amount without currency");
        var item = new ItemPage(dev);
        await item.OpenAsync(key);
        await item.Editor.GetByTestId("suggest").Locator("summary", new() { HasTextString = "Move it in the backlog" }).ClickAsync();
        await item.Editor.GetByTestId("suggest-position").SelectOptionAsync("top");
        await Forms.SubmitAndFollowAsync(dev, item.Editor.GetByTestId("suggest-rank"));
        await Expect(item.Notice).ToContainTextAsync("rank suggestion");

        var po = await app.NewPageAsync();
        await new LoginPage(po).OpenAsync();
        await new LoginPage(po).SignInAsync("po@demo.tandem");
        var inbox = new SuggestionsPage(po);
        await inbox.OpenAsync("PAY");
        var response = await Forms.SubmitAsync(po, inbox.Open(key).GetByTestId("decline-suggestion"));
        Assert.Equal(400, response.Status);
        await Expect(inbox.Open(key).GetByTestId("problem")).ToContainTextAsync("Say why you decline it");

        await inbox.Open(key).GetByTestId("decide-reason").FillAsync("Currency formatting is planned with multi-currency.");
        await Forms.SubmitAndFollowAsync(po, inbox.Open(key).GetByTestId("decline-suggestion"));
        await Expect(inbox.Notice).ToContainTextAsync($"Declined the suggestion on {key}");
        await inbox.OpenAsync("PAY", "declined");
        await Expect(inbox.Any(key).First.GetByTestId("suggestion-decision")).ToContainTextAsync("Currency formatting is planned with multi-currency.");
    }
}
