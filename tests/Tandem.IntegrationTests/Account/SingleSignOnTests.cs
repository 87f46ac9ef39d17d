using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Application.Security;
using Tandem.Domain.Security;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.Web.Auth;
using Tandem.Web.Infrastructure;

namespace Tandem.IntegrationTests.Account;

/// <summary>
/// ADR 0038: who a single sign-on is. The identity is issuer + subject; the first use links by an email the provider
/// verified and exactly one account has; a locked, removed or otherwise-linked account and an unknown person are
/// refused, nothing is created, and links and refusals are security events. The browser journeys are in the E2E suite.
/// </summary>
[Collection(TandemCollection.Name)]
public class SingleSignOnTests(TandemApp app)
{
    private const string Issuer = "https://login.example.test/realms/acme";

    [Fact]
    public async Task A_verified_email_links_on_first_use_and_later_sign_ins_go_by_the_link_alone()
    {
        var person = await app.CreatePersonAsync();
        var subject = NewSubject();

        // The provider's spelling of the address need not match Tandem's.
        var first = await ResolveAsync(Identity(subject, person.Email.ToUpperInvariant(), verified: "true"));
        Assert.Equal(person.Id, first.User?.Id);
        Assert.True(first.Linked);
        var logins = await LoginsAsync(person.Id);
        Assert.Equal([(Issuer, subject)], logins.Select(l => (l.LoginProvider, l.ProviderKey)));

        // Later: another email, even an unverified one or none, still finds the account through the stored link.
        var again = await ResolveAsync(Identity(subject, "someone.else@elsewhere.test", verified: "false"));
        Assert.Equal(person.Id, again.User?.Id);
        Assert.False(again.Linked);
        Assert.Equal(person.Id, (await ResolveAsync(Identity(subject, email: null, verified: null))).User?.Id);

        var events = await EventsAsync(person.Id);
        Assert.Equal(1, events.Count(e => e.Kind == SecurityEventKind.SingleSignOnLinked));
    }

    [Fact]
    public async Task The_same_subject_at_another_issuer_is_another_identity()
    {
        var person = await app.CreatePersonAsync();
        var subject = NewSubject();
        await ResolveAsync(Identity(subject, person.Email, verified: "true"));

        var elsewhere = await ResolveAsync(Identity(subject, "nobody@elsewhere.test", verified: "true", issuer: "https://evil.example.test"));

        Assert.Null(elsewhere.User);
        Assert.Equal(SingleSignOnRefusal.Unknown, elsewhere.Refusal);
    }

    [Fact]
    public async Task An_email_the_provider_did_not_verify_links_nothing_unless_the_provider_is_trusted_to()
    {
        var person = await app.CreatePersonAsync();

        foreach (var verified in new string?[] { null, "false", "yes" })
        {
            var outcome = await ResolveAsync(Identity(NewSubject(), person.Email, verified));
            Assert.Null(outcome.User);
            Assert.Equal(SingleSignOnRefusal.Unverified, outcome.Refusal);
        }
        Assert.Empty(await LoginsAsync(person.Id));
        Assert.Equal(3, (await EventsAsync(person.Id)).Count(e => e.Kind == SecurityEventKind.SingleSignOnRefused));

        // A provider whose addresses its admins set (Entra ID sends no email_verified) is trusted by a setting.
        var trusted = await ResolveAsync(Identity(NewSubject(), person.Email, verified: null), trustEmail: true);
        Assert.Equal(person.Id, trusted.User?.Id);
    }

    [Fact]
    public async Task An_unknown_person_is_refused_and_nothing_is_created_or_recorded()
    {
        var email = $"stranger.{Guid.NewGuid():N}@elsewhere.test";
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var usersBefore = await db.Users.CountAsync();
        var eventsBefore = await db.Set<SecurityEvent>().IgnoreQueryFilters().CountAsync();

        var outcome = await ResolveAsync(Identity(NewSubject(), email, verified: "true"));

        Assert.Null(outcome.User);
        Assert.Equal(SingleSignOnRefusal.Unknown, outcome.Refusal);
        // Unverified, the answer is the same as for a known address: it does not tell whether an account has it.
        Assert.Equal(SingleSignOnRefusal.Unverified, (await ResolveAsync(Identity(NewSubject(), email, verified: "false"))).Refusal);
        Assert.Equal(usersBefore, await db.Users.CountAsync());
        Assert.Equal(eventsBefore, await db.Set<SecurityEvent>().IgnoreQueryFilters().CountAsync());
        Assert.Equal(SingleSignOnRefusal.Unknown, (await ResolveAsync(Identity(NewSubject(), email: null, verified: "true"))).Refusal);
    }

    [Fact]
    public async Task A_locked_or_removed_account_is_refused_on_first_use_and_through_its_link()
    {
        var locked = await app.CreatePersonAsync();
        var linkedThenLocked = await app.CreatePersonAsync();
        var removed = await app.CreatePersonAsync();
        var subject = NewSubject();
        Assert.NotNull((await ResolveAsync(Identity(subject, linkedThenLocked.Email, "true"))).User);

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
            foreach (var id in new[] { locked.Id, linkedThenLocked.Id })
                await users.SetLockoutEndDateAsync((await users.FindByIdAsync(id.ToString()))!, DateTimeOffset.MaxValue.AddYears(-1));
        }
        var admin = await app.SignInAsync(TandemApp.Admin);
        await Expect.Status(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/v1/people/{removed.Id}"));

        Assert.Equal(SingleSignOnRefusal.Locked, (await ResolveAsync(Identity(NewSubject(), locked.Email, "true"))).Refusal);
        Assert.Equal(SingleSignOnRefusal.Locked, (await ResolveAsync(Identity(subject, linkedThenLocked.Email, "true"))).Refusal);
        Assert.Equal(SingleSignOnRefusal.Locked, (await ResolveAsync(Identity(NewSubject(), removed.Email, "true"))).Refusal);
        Assert.Empty(await LoginsAsync(locked.Id));
        Assert.Contains(await EventsAsync(linkedThenLocked.Id), e => e.Kind == SecurityEventKind.SingleSignOnRefused && e.Detail.Contains("locked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_account_linked_to_one_subject_is_not_taken_by_another_subject_with_its_email()
    {
        // The address was handed on at the provider (a new colleague, the same mailbox name): the old account stays its owner's.
        var person = await app.CreatePersonAsync();
        var owner = NewSubject();
        await ResolveAsync(Identity(owner, person.Email, "true"));

        var newcomer = await ResolveAsync(Identity(NewSubject(), person.Email, "true"));

        Assert.Null(newcomer.User);
        Assert.Equal(SingleSignOnRefusal.OtherIdentity, newcomer.Refusal);
        Assert.Equal([owner], (await LoginsAsync(person.Id)).Select(l => l.ProviderKey));
    }

    [Fact]
    public async Task An_answer_without_subject_or_issuer_is_incomplete()
    {
        var person = await app.CreatePersonAsync();
        var noSubject = new ClaimsPrincipal(new ClaimsIdentity([new Claim("iss", Issuer), new Claim("email", person.Email), new Claim("email_verified", "true")], "oidc"));
        var noIssuer = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", NewSubject()), new Claim("email", person.Email), new Claim("email_verified", "true")], "oidc"));

        Assert.Equal(SingleSignOnRefusal.Incomplete, (await ResolveAsync(noSubject)).Refusal);
        Assert.Equal(SingleSignOnRefusal.Incomplete, (await ResolveAsync(noIssuer)).Refusal);
        Assert.Empty(await LoginsAsync(person.Id));
    }

    [Fact]
    public void The_sign_out_redirect_to_the_provider_is_allowed_by_the_pages_policy_only_when_single_sign_on_is_on()
    {
        Assert.Equal(WebSecurity.ContentSecurityPolicy, WebSecurity.PolicyWithSignOutAt(null));
        Assert.Equal(WebSecurity.ContentSecurityPolicy, WebSecurity.PolicyWithSignOutAt("not a url"));
        Assert.EndsWith("form-action 'self' https://login.example.test", WebSecurity.PolicyWithSignOutAt(Issuer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_single_sign_on_configured_the_sign_in_page_offers_none_and_its_paths_refuse()
    {
        using var anonymous = app.Anonymous();
        var login = await anonymous.GetStringAsync("/login");
        Assert.DoesNotContain("data-testid=\"oidc\"", login, StringComparison.Ordinal);
        var refused = await anonymous.GetStringAsync("/login/refused?reason=unknown");
        Assert.Contains("no Tandem account has your email address", refused, StringComparison.Ordinal);
    }

    private static string NewSubject() => "sub-" + Guid.NewGuid().ToString("N");

    private static ClaimsPrincipal Identity(string subject, string? email, string? verified, string issuer = Issuer)
    {
        var claims = new List<Claim> { new("sub", subject, ClaimValueTypes.String, issuer), new("iss", issuer, ClaimValueTypes.String, issuer) };
        if (email is not null) claims.Add(new Claim("email", email, ClaimValueTypes.String, issuer));
        if (verified is not null) claims.Add(new Claim("email_verified", verified, ClaimValueTypes.Boolean, issuer));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "oidc"));
    }

    private async Task<SingleSignOnOutcome> ResolveAsync(ClaimsPrincipal external, bool trustEmail = false)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var sso = new SingleSignOn(services.GetRequiredService<UserManager<TandemUser>>(), services.GetRequiredService<SecurityEvents>(),
            Options.Create(new SingleSignOnOptions { TrustEmailWithoutVerification = trustEmail }), NullLogger<SingleSignOn>.Instance);
        return await sso.ResolveAsync(external, "Acme SSO", CancellationToken.None);
    }

    private async Task<IList<UserLoginInfo>> LoginsAsync(Guid userId)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
        return await users.GetLoginsAsync((await users.FindByIdAsync(userId.ToString()))!);
    }

    private async Task<List<SecurityEvent>> EventsAsync(Guid subjectId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TandemDbContext>().Set<SecurityEvent>().IgnoreQueryFilters()
            .Where(e => e.SubjectId == subjectId).ToListAsync();
    }
}
