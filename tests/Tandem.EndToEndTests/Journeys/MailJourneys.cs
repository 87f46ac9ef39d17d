using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Mail;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>Notification mail (ADR 0037): the preference form on the account page, and the unsubscribe page a mail links to.</summary>
[Collection(DemoCollection.Name)]
public sealed class MailJourneys(DemoApp app)
{
    [Fact]
    public async Task A_person_chooses_the_daily_digest_then_turns_mail_off_from_the_link_in_a_mail()
    {
        // A fresh person, so their preference cannot disturb the other journeys.
        var unique = Guid.NewGuid().ToString("N")[..8];
        var admin = await app.NewPageAsync();
        await new LoginPage(admin).OpenAsync();
        await new LoginPage(admin).SignInAsync("admin@demo.tandem");
        var people = new AdminPeoplePage(admin);
        await people.OpenAsync();
        var link = await people.InviteAsync($"mail.{unique}@demo.tandem", $"Mae {unique}");
        var userId = Guid.Parse(Regex.Match(link, "user=([0-9a-f-]{36})").Groups[1].Value);

        var page = await app.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByTestId("new-password").FillAsync("a perfectly fine password");
        await page.GetByTestId("save-password").ClickAsync();
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();

        // From the account page (the name in the bar) to its e-mail page.
        await page.GotoAsync("/account/tokens");
        await page.GetByTestId("email-preferences-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/email$"));
        await Expect(page.GetByTestId("mail-immediately")).ToBeCheckedAsync();
        await page.GetByLabel("Daily digest").CheckAsync();
        await page.GetByTestId("save-mail-preferences").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("one digest a day");
        await page.GotoAsync("/account/email"); // a fresh GET, not a re-sent form
        await Expect(page.GetByTestId("mail-digest")).ToBeCheckedAsync();

        // The link in a mail works without signing in, and asks before it acts.
        var token = app.Services.GetRequiredService<MailTokens>().Unsubscribe(userId);
        var reader = await app.NewPageAsync();
        await reader.GotoAsync($"/unsubscribe?token={Uri.EscapeDataString(token)}");
        await reader.GetByTestId("confirm-unsubscribe").ClickAsync();
        await Expect(reader.GetByTestId("unsubscribed")).ToContainTextAsync("no more notification mails");

        await page.GotoAsync("/account/email"); // a fresh GET, not a re-sent form
        await Expect(page.GetByTestId("mail-off")).ToBeCheckedAsync();

        // A link altered on the way is refused and changes nothing.
        await reader.GotoAsync($"/unsubscribe?token={Uri.EscapeDataString(token[..^3])}");
        await Expect(reader.GetByTestId("problem")).ToContainTextAsync("not valid");
        await Expect(reader.GetByTestId("confirm-unsubscribe")).ToHaveCountAsync(0);
    }
}
