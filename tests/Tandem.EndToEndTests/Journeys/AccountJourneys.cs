using System.Text.RegularExpressions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class AccountJourneys(DemoApp app)
{
    [Fact]
    public async Task Inviting_an_existing_email_is_refused_with_the_reason()
    {
        var admin = await app.NewPageAsync();
        await new LoginPage(admin).OpenAsync();
        await new LoginPage(admin).SignInAsync("admin@demo.tandem");
        await new AdminPeoplePage(admin).OpenAsync();

        await admin.GetByTestId("invite-email").FillAsync("po@demo.tandem");
        await admin.GetByTestId("invite-name").FillAsync("Alice Again");
        await admin.GetByTestId("invite-submit").ClickAsync();

        await Expect(admin.GetByTestId("problem")).ToContainTextAsync("There is already an account for po@demo.tandem");
    }

    [Fact]
    public async Task Signing_out_and_too_many_wrong_passwords_lock_the_account_with_a_clear_message()
    {
        // A fresh person, so locking them out cannot disturb the other journeys.
        var unique = Guid.NewGuid().ToString("N")[..8];
        var email = $"lock.{unique}@demo.tandem";
        var admin = await app.NewPageAsync();
        await new LoginPage(admin).OpenAsync();
        await new LoginPage(admin).SignInAsync("admin@demo.tandem");
        var people = new AdminPeoplePage(admin);
        await people.OpenAsync();
        var link = await people.InviteAsync(email, $"Lee {unique}");

        var page = await app.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByTestId("new-password").FillAsync("a perfectly fine password");
        await page.GetByTestId("save-password").ClickAsync();
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();

        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login"));

        var login = new LoginPage(page);
        for (var attempt = 0; attempt < 5; attempt++)
            await login.SignInAsync(email, "wrong password " + attempt);
        await Expect(login.Problem).ToContainTextAsync("locked");

        // Even the right password waits until the lockout ends.
        await login.SignInAsync(email, "a perfectly fine password");
        await Expect(login.Problem).ToContainTextAsync("locked");
    }

    [Fact]
    public async Task A_set_password_link_that_is_not_valid_says_so()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/set-password?user={Guid.NewGuid()}&token=nonsense");
        await page.GetByTestId("new-password").FillAsync("a perfectly fine password");
        await page.GetByTestId("save-password").ClickAsync();

        await Expect(page.GetByTestId("problem")).ToContainTextAsync("This link is not valid");
    }
}
