using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Account;

/// <summary>ADR 0022: sign-out, a password change, a lockout and an admin's removal end a person's sessions at once.</summary>
[Collection(TandemCollection.Name)]
public class SessionEndTests(TandemApp app)
{
    [Fact]
    public async Task Signing_out_in_the_browser_ends_every_cookie_and_bearer_session_of_the_person_but_not_their_access_tokens()
    {
        using var person = await AccountClients.CreateAsync(app);
        var browser = await person.BrowserAsync();
        var otherBrowser = await person.BrowserAsync();
        var bearer = await person.BearerAsync();
        var script = await person.AccessTokenAsync();

        using var signedOut = await browser.PostAsync("/logout", null);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(browser));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(otherBrowser));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(bearer));
        Assert.Equal(HttpStatusCode.OK, await AccountClients.StatusOfMeAsync(script));
        // Pages send the ended session to the sign-in page.
        using var page = await otherBrowser.GetAsync("/account/tokens");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/login", page.Headers.Location!.ToString(), StringComparison.Ordinal);
        // Signing in again works.
        Assert.Equal(HttpStatusCode.OK, await AccountClients.StatusOfMeAsync(await person.BearerAsync()));
    }

    [Fact]
    public async Task Signing_out_through_the_api_ends_the_bearer_and_the_browser_sessions()
    {
        using var person = await AccountClients.CreateAsync(app);
        var browser = await person.BrowserAsync();
        var bearer = await person.BearerAsync();
        var otherBearer = await person.BearerAsync();

        using var signedOut = await bearer.PostAsync("/api/v1/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(bearer));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(otherBearer));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(browser));
        using var refused = await bearer.GetAsync("/api/v1/auth/me");
        await Expect.Problem(HttpStatusCode.Unauthorized, refused);
    }

    [Fact]
    public async Task A_password_change_ends_every_session_and_revokes_every_access_token()
    {
        using var person = await AccountClients.CreateAsync(app);
        var browser = await person.BrowserAsync();
        var bearer = await person.BearerAsync();
        var script = await person.AccessTokenAsync();

        using (var wrong = await bearer.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "not-my-password", newPassword = "a brand new password" }))
        {
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, wrong);
            Assert.NotNull(problem["errors"]!["currentPassword"]);
        }
        Assert.Equal(HttpStatusCode.OK, await AccountClients.StatusOfMeAsync(bearer));

        using var changed = await bearer.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = person.Person.Password, newPassword = "a brand new password" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(bearer));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(browser));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(script));
        using var anonymous = app.Anonymous();
        using var old = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Person.Email, password = person.Person.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var again = app.WithToken(await app.LoginAsync(person.Person.Email, "a brand new password"));
        Assert.Equal(HttpStatusCode.OK, await AccountClients.StatusOfMeAsync(again));
    }

    [Fact]
    public async Task Changing_the_password_in_the_browser_signs_out_everywhere_and_the_new_password_works()
    {
        using var person = await AccountClients.CreateAsync(app);
        var browser = await person.BrowserAsync();
        var bearer = await person.BearerAsync();

        using (var wrong = await AccountClients.PostFormAsync(browser, "/account/password", "change-password",
            new() { ["CurrentPassword"] = "not-my-password", ["NewPassword"] = "a brand new password" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("not your current password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var changed = await AccountClients.PostFormAsync(browser, "/account/password", "change-password",
            new() { ["CurrentPassword"] = person.Person.Password, ["NewPassword"] = "a brand new password" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.EndsWith("/login?notice=password-changed", changed.Headers.Location!.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(browser));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(bearer));
        using var again = app.WithToken(await app.LoginAsync(person.Person.Email, "a brand new password"));
        Assert.Equal(HttpStatusCode.OK, await AccountClients.StatusOfMeAsync(again));
    }

    [Fact]
    public async Task A_lockout_ends_the_sessions_from_before_it_and_such_a_bearer_cannot_mint_an_access_token()
    {
        using var person = await AccountClients.CreateAsync(app);
        var browser = await person.BrowserAsync();
        var bearer = await person.BearerAsync();
        var script = await person.AccessTokenAsync();
        var address = ClientAddress.Random();

        using var anonymous = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await ClientAddress.LoginAsync(anonymous, person.Person.Email, $"wrong-password-{i}", address);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(bearer));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(browser));
        using var minted = await bearer.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "after the lockout" });
        await Expect.Problem(HttpStatusCode.Unauthorized, minted);
        // Access tokens are refused while the account is locked.
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(script));
    }

    [Fact]
    public async Task An_admins_removal_ends_every_session_and_token_and_the_person_cannot_sign_in_again()
    {
        using var person = await AccountClients.CreateAsync(app);
        var browser = await person.BrowserAsync();
        var bearer = await person.BearerAsync();
        var script = await person.AccessTokenAsync();

        var admin = await app.SignInAsync(TandemApp.Admin);
        using var removed = await admin.DeleteAsync($"/api/v1/people/{person.Person.Id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(browser));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(bearer));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(script));
        using var anonymous = app.Anonymous();
        using var login = await ClientAddress.LoginAsync(anonymous, person.Person.Email, person.Person.Password, ClientAddress.Random());
        await Expect.Problem(HttpStatusCode.Unauthorized, login);
        var listed = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/people?search={Uri.EscapeDataString(person.Person.Email)}")))!;
        Assert.True(Assert.Single(listed["items"]!.AsArray())!["isRemoved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_admin_cannot_remove_themselves_and_nobody_else_can_remove_anyone()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        var adminId = await app.UserIdOfAsync(TandemApp.Admin);
        using var self = await admin.DeleteAsync($"/api/v1/people/{adminId}");
        await Expect.Problem(HttpStatusCode.Conflict, self);

        var target = await app.CreatePersonAsync();
        var po = await app.SignInAsync(TandemApp.AcmePo);
        using var refused = await po.DeleteAsync($"/api/v1/people/{target.Id}");
        await Expect.Problem(HttpStatusCode.Forbidden, refused);
    }

    [Fact]
    public async Task The_login_offers_no_refresh_token_and_there_is_no_refresh_endpoint()
    {
        var person = await app.CreatePersonAsync();
        using var anonymous = app.Anonymous();
        using var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });
        var body = (await Expect.Status(HttpStatusCode.OK, login))!.AsObject();
        Assert.Equal(["accessToken", "expiresIn", "tokenType"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Bearer", body["tokenType"]!.GetValue<string>());
        Assert.Equal(3600, body["expiresIn"]!.GetValue<long>());

        using var refresh = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "anything" });
        Assert.True(refresh.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"POST /api/v1/auth/refresh answered {(int)refresh.StatusCode}");
    }

    [Fact]
    public async Task Access_tokens_always_expire_within_the_maximum_and_are_refused_after_it()
    {
        var person = await app.CreatePersonAsync();
        using var owner = app.WithToken(await app.LoginAsync(person.Email, person.Password));

        using (var forever = await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "too long", expiresInDays = 367 }))
        {
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, forever);
            Assert.Contains("366", problem["errors"]!["expiresInDays"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using var created = await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "default expiry" });
        var token = (await Expect.Status(HttpStatusCode.Created, created))!;
        var expiresAt = token["expiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expiresAt, TimeProvider.System.GetUtcNow().AddDays(89), TimeProvider.System.GetUtcNow().AddDays(91));

        using var script = app.WithToken(token["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await AccountClients.StatusOfMeAsync(script));

        var id = Guid.Parse(token["id"]!.GetValue<string>());
        var past = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            await db.AccessTokens.IgnoreQueryFilters([TandemDbContext.TenantFilter]).Where(t => t.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, past));
            // A write past the change tracker says so, as the application's own do (ADR 0042): the token is cached.
            db.AccountsChanged();
        }
        using var expired = await script.GetAsync("/api/v1/auth/me");
        await Expect.Problem(HttpStatusCode.Unauthorized, expired);
    }

    [Fact]
    public async Task The_workspace_admin_limits_how_long_new_access_tokens_may_live()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        var person = await app.CreatePersonAsync();
        using var owner = app.WithToken(await app.LoginAsync(person.Email, person.Password));
        var po = await app.SignInAsync(TandemApp.AcmePo);

        using (var refused = await po.PutAsJsonAsync("/api/v1/auth/token-policy", new { maxDays = 7 }))
            await Expect.Problem(HttpStatusCode.Forbidden, refused);
        using (var beyond = await admin.PutAsJsonAsync("/api/v1/auth/token-policy", new { maxDays = 367 }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, beyond))["errors"]!["maxDays"]);

        using (var limited = await admin.PutAsJsonAsync("/api/v1/auth/token-policy", new { maxDays = 30 }))
        {
            var policy = (await Expect.Status(HttpStatusCode.OK, limited))!;
            Assert.Equal(30, policy["maxDays"]!.GetValue<int>());
            Assert.Equal(30, policy["defaultDays"]!.GetValue<int>());
            Assert.Equal(366, policy["ceiling"]!.GetValue<int>());
        }
        try
        {
            var seen = (await owner.GetFromJsonAsync<JsonObject>("/api/v1/auth/token-policy"))!;
            Assert.Equal(30, seen["maxDays"]!.GetValue<int>());
            using (var tooLong = await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "too long", expiresInDays = 31 }))
            {
                var problem = await Expect.Problem(HttpStatusCode.BadRequest, tooLong);
                Assert.Contains("30", problem["errors"]!["expiresInDays"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            }
            using var created = await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "within the limit" });
            var expiresAt = (await Expect.Status(HttpStatusCode.Created, created))!["expiresAt"]!.GetValue<DateTimeOffset>();
            var now = TimeProvider.System.GetUtcNow();
            Assert.InRange(expiresAt, now.AddDays(29), now.AddDays(31));
        }
        finally
        {
            using var reset = await admin.PutAsJsonAsync("/api/v1/auth/token-policy", new { maxDays = (int?)null });
            Assert.Null((await Expect.Status(HttpStatusCode.OK, reset))!["workspaceMaxDays"]);
        }
    }

    [Fact]
    public async Task The_admin_sees_the_token_limit_and_the_remove_buttons_and_everyone_the_password_page()
    {
        using var admin = new AccountClients(app, new Person(Guid.Empty, TandemApp.Admin, "", TandemApp.DemoPassword));
        var browser = await admin.BrowserAsync();
        var tokens = await browser.GetStringAsync("/account/tokens");
        Assert.Contains("data-testid=\"token-policy\"", tokens, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"change-password-link\"", tokens, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"remove-person\"", await browser.GetStringAsync("/admin/people"), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"current-password\"", await browser.GetStringAsync("/account/password"), StringComparison.Ordinal);

        using var person = await AccountClients.CreateAsync(app);
        var member = await person.BrowserAsync();
        Assert.DoesNotContain("data-testid=\"token-policy\"", await member.GetStringAsync("/account/tokens"), StringComparison.Ordinal);
    }
}
