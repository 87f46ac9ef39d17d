using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// Single sign-on in a real Chromium against a real OpenID provider (OpenIddict, started by the fixture): the
/// browser goes to the provider, signs in there, and comes back through the authorization code flow (ADR 0038).
/// </summary>
[Collection(SingleSignOnCollection.Name)]
public sealed class SingleSignOnJourneys(SingleSignOnApp app)
{
    [Fact]
    public async Task First_use_links_the_account_with_the_verified_email_and_the_next_sign_in_goes_by_the_link()
    {
        var person = await app.AddPersonAsync("Sam Single");
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        app.Provider.Add(new ProviderUser(subject, person.Email!, EmailVerified: true, "Sam Single"));

        var page = await app.NewPageAsync();
        await SignInAtProviderAsync(page, person.Email!);

        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sam Single" })).ToBeVisibleAsync();
        var logins = await app.LoginsOfAsync(person.Id);
        Assert.Equal([(app.Provider.Authority.ToString(), subject)], logins.Select(l => (l.LoginProvider, l.ProviderKey)));

        // The provider now gives another address for the same subject: the stored link, not the email, finds the account.
        await SignOutAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        app.Provider.Add(new ProviderUser(subject, "renamed." + person.Email, EmailVerified: true, "Sam Single"));
        await SignInAtProviderAsync(page, "renamed." + person.Email);

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sam Single" })).ToBeVisibleAsync();
        Assert.Single(await app.LoginsOfAsync(person.Id));
    }

    [Fact]
    public async Task An_unknown_person_is_refused_with_a_page_that_says_why_and_no_account_is_created()
    {
        var email = $"stranger.{Guid.NewGuid():N}@elsewhere.example";
        app.Provider.Add(new ProviderUser("sub-" + Guid.NewGuid().ToString("N"), email, EmailVerified: true, "A Stranger"));

        var page = await app.NewPageAsync();
        await SignInAtProviderAsync(page, email);

        await Expect(page).ToHaveURLAsync(new Regex("/login/refused\\?reason=unknown$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are not signed in" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sso-refused-reason")).ToContainTextAsync("no Tandem account has your email address");
        await Expect(page.GetByTestId("sign-out")).ToHaveCountAsync(0);
        Assert.False(await app.AccountExistsAsync(email));
    }

    [Fact]
    public async Task An_email_the_provider_did_not_verify_links_nothing()
    {
        var person = await app.AddPersonAsync("Una Verified");
        app.Provider.Add(new ProviderUser("sub-" + Guid.NewGuid().ToString("N"), person.Email!, EmailVerified: false, "Una Verified"));

        var page = await app.NewPageAsync();
        await SignInAtProviderAsync(page, person.Email!);

        await Expect(page).ToHaveURLAsync(new Regex("/login/refused\\?reason=unverified$"));
        Assert.Empty(await app.LoginsOfAsync(person.Id));
    }

    [Fact]
    public async Task Signing_out_ends_the_Tandem_session_and_the_session_at_the_provider()
    {
        var person = await app.AddPersonAsync("Otto Out");
        app.Provider.Add(new ProviderUser("sub-" + Guid.NewGuid().ToString("N"), person.Email!, EmailVerified: true, "Otto Out"));
        var page = await app.NewPageAsync();
        await SignInAtProviderAsync(page, person.Email!);
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
        var ended = app.Provider.EndedSessions;

        await SignOutAsync(page);

        // Through the provider's end-session endpoint and back to Tandem's sign-in page.
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?notice=signed-out$"));
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("signed out");
        Assert.Equal(ended + 1, app.Provider.EndedSessions);
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        // The provider forgot the person too: single sign-on asks who it is again.
        await page.GotoAsync("/login");
        await page.GetByTestId("oidc").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test identity provider" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// The sign-out button pressed from the keyboard. Clicked, it stayed hovered (white) while axe was still checking
    /// the page just loaded and the form's navigation began, and axe measured it against the page's light background.
    /// </summary>
    private static Task SignOutAsync(IPage page) => page.GetByTestId("sign-out").PressAsync("Enter");

    /// <summary>Sign-in page → "Sign in with Test SSO" → the provider's page (choose the person) → back in Tandem.</summary>
    private async Task SignInAtProviderAsync(IPage page, string email)
    {
        await page.GotoAsync("/login");
        await page.GetByTestId("oidc").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test identity provider" })).ToBeVisibleAsync();
        await page.GetByLabel(email, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in at the provider" }).ClickAsync();
        // The provider answers to /signin-oidc, which goes on to /login/oidc/callback and from there to the landing page.
        await page.WaitForURLAsync(url => url.StartsWith(app.BaseUrl.ToString(), StringComparison.Ordinal)
            && !url.Contains("/signin-oidc", StringComparison.Ordinal) && !url.Contains("/login/oidc", StringComparison.Ordinal));
    }
}
