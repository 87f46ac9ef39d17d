using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Application.Security;
using Tandem.Domain.Security;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Account;

/// <summary>
/// ADR 0027: security events are recorded with the change they describe and the right people, a failed change
/// records nothing, unknown emails record nothing, and only the workspace admin reads them (API and page).
/// </summary>
[Collection(TandemCollection.Name)]
public class SecurityEventTests(TandemApp app)
{
    [Fact]
    public async Task Each_kind_of_event_is_recorded_with_who_did_it_whose_it_was_and_from_where()
    {
        var adminId = await app.UserIdOfAsync(TandemApp.Admin);
        var person = await app.CreatePersonAsync();
        var address = ClientAddress.Random();
        using var anonymous = app.Anonymous();

        // A wrong password, then a bearer that makes and revokes a token, changes the password and signs out.
        using (var failed = await ClientAddress.LoginAsync(anonymous, person.Email, "wrong-password", address))
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        using var bearer = app.WithToken(await app.LoginAsync(person.Email, person.Password));
        var created = (await Expect.Status(HttpStatusCode.Created, await bearer.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "release script", expiresInDays = 30 })))!;
        var secret = created["token"]!.GetValue<string>();
        await Expect.Status(HttpStatusCode.NoContent, await bearer.DeleteAsync($"/api/v1/auth/tokens/{created["id"]}"));
        var newPassword = "Pw-" + Guid.NewGuid().ToString("N");
        await Expect.Status(HttpStatusCode.NoContent, await bearer.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = person.Password, newPassword }));
        using var again = app.WithToken(await app.LoginAsync(person.Email, newPassword));
        await Expect.Status(HttpStatusCode.NoContent, await again.PostAsync("/api/v1/auth/logout", null));

        // The admin gives and takes a role, sets the token policy to what it was, and removes the person.
        var key = await app.CreateProductAsync();
        await app.AssignAsync(key, person.Id, "stakeholder");
        var admin = await app.SignInAsync(TandemApp.Admin);
        await Expect.Status(HttpStatusCode.OK, await admin.DeleteAsync($"/api/v1/products/{key}/members/{person.Id}/roles/stakeholder"));
        var policy = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync("/api/v1/auth/token-policy")))!;
        await Expect.Status(HttpStatusCode.OK, await admin.PutAsJsonAsync("/api/v1/auth/token-policy", new { maxDays = policy["workspaceMaxDays"]?.GetValue<int>() }));
        await Expect.Status(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/v1/people/{person.Id}"));

        var events = await EventsOfAsync(person.Id);
        var kinds = events.Select(e => e["kind"]!.GetValue<string>()).Reverse().ToList();
        Assert.Equal(
            ["person-added", "password-set", "sign-in-failed", "access-token-created", "access-token-revoked", "password-changed", "signed-out", "role-granted", "role-revoked", "person-removed"],
            kinds);
        Assert.All(events, e => Assert.Equal(person.Id, e["subjectId"]!.GetValue<Guid>()));
        Assert.Equal(person.DisplayName, Single(events, "role-granted")["subjectName"]!.GetValue<string>());

        // Who did it: the admin for what the admin changed, the person for their own account, nobody for a sign-in attempt.
        foreach (var kind in new[] { "person-added", "role-granted", "role-revoked", "person-removed" })
            Assert.Equal(adminId, Single(events, kind)["actorId"]!.GetValue<Guid>());
        foreach (var kind in new[] { "password-set", "access-token-created", "access-token-revoked", "password-changed", "signed-out" })
            Assert.Equal(person.Id, Single(events, kind)["actorId"]!.GetValue<Guid>());
        var failedSignIn = Single(events, "sign-in-failed");
        Assert.Null(failedSignIn["actorId"]);
        Assert.Equal(address, failedSignIn["address"]!.GetValue<string>());
        Assert.Equal("Sign-in failed", failedSignIn["what"]!.GetValue<string>());

        // What: the token's name and expiry, never its secret; the role and the product.
        var token = Single(events, "access-token-created")["detail"]!.GetValue<string>();
        Assert.Contains("release script", token, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[12..], token, StringComparison.Ordinal);
        Assert.Contains($"Stakeholder of {key}", Single(events, "role-granted")["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The policy change is the admin's, about nobody in particular.
        var policyEvents = await ListAsync($"?kind=token-policy-changed&person={adminId}&limit=1");
        var changed = Assert.Single(policyEvents);
        Assert.Equal(adminId, changed!["actorId"]!.GetValue<Guid>());
        Assert.Null(changed["subjectId"]);
    }

    [Fact]
    public async Task A_lockout_and_a_limited_attempt_are_recorded_once_each()
    {
        var person = await app.CreatePersonAsync();
        using var anonymous = app.Anonymous();
        // Ten wrong passwords from ten addresses lock the account after five and fill the email's window.
        for (var i = 0; i < 10; i++)
        {
            using var failed = await ClientAddress.LoginAsync(anonymous, person.Email, "wrong-password", ClientAddress.Random());
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        for (var i = 0; i < 3; i++)
        {
            using var limited = await ClientAddress.LoginAsync(anonymous, person.Email, "wrong-password", ClientAddress.Random());
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        var kinds = (await EventsOfAsync(person.Id)).Select(e => e["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(10, kinds.Count(k => k == "sign-in-failed"));
        Assert.Equal(1, kinds.Count(k => k == "locked-out"));
        Assert.Equal(1, kinds.Count(k => k == "sign-in-throttled"));
        var locked = (await ListAsync($"?person={person.Id}&kind=locked-out")).Single()!;
        Assert.Null(locked["actorId"]);
        Assert.Contains("Locked until", locked["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_or_failed_change_records_nothing()
    {
        var person = await app.CreatePersonAsync();
        var other = await app.CreatePersonAsync();
        var key = await app.CreateProductAsync();
        var before = await EventsOfAsync(person.Id);
        using var bearer = app.WithToken(await app.LoginAsync(person.Email, person.Password));

        // A wrong current password, a token that would live too long, a role given by someone who may not,
        // a set-password link that is not valid, removing someone who does not exist.
        await Expect.Problem(HttpStatusCode.BadRequest, await bearer.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "not-it-at-all", newPassword = "Pw-" + Guid.NewGuid().ToString("N") }));
        await Expect.Problem(HttpStatusCode.BadRequest, await bearer.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "forever", expiresInDays = 100_000 }));
        await Expect.Problem(HttpStatusCode.Forbidden, await bearer.PostAsJsonAsync($"/api/v1/products/{key}/members", new { userId = other.Id, role = "stakeholder" }));
        using var anonymous = app.Anonymous();
        await Expect.Problem(HttpStatusCode.BadRequest, await anonymous.PostAsJsonAsync("/api/v1/setup/password", new { userId = person.Id, token = "forged", password = "Pw-" + Guid.NewGuid().ToString("N") }));
        var admin = await app.SignInAsync(TandemApp.Admin);
        await Expect.Problem(HttpStatusCode.Conflict, await admin.PostAsJsonAsync("/api/v1/people", new { email = person.Email, displayName = "Twice" }));

        Assert.Equal(before.Count, (await EventsOfAsync(person.Id)).Count);
        Assert.Empty(await EventsOfAsync(other.Id, "role-granted"));
    }

    [Fact]
    public async Task Unknown_emails_record_nothing_even_when_limited()
    {
        var newest = await NewestIdAsync();
        var email = $"nobody-{Guid.NewGuid():N}@test.tandem";
        using var anonymous = app.Anonymous();
        for (var i = 0; i < 12; i++)
        {
            using var response = await ClientAddress.LoginAsync(anonymous, email, "wrong-password", ClientAddress.Random());
            Assert.Equal(i < 10 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, response.StatusCode);
        }
        Assert.Equal(newest, await NewestIdAsync());
    }

    [Fact]
    public async Task Only_the_workspace_admin_reads_the_events_on_the_api_and_the_page()
    {
        using var person = await AccountClients.CreateAsync(app);
        using var bearer = await person.BearerAsync();
        var refusal = await Expect.Problem(HttpStatusCode.Forbidden, await bearer.GetAsync("/api/v1/security-events"));
        Assert.Contains("Only a workspace admin", Expect.Detail(refusal), StringComparison.Ordinal);

        var browser = await person.BrowserAsync();
        using var page = await browser.GetAsync("/admin/security");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.DoesNotContain("security-table", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var csv = await browser.GetAsync("/admin/security/events.csv");
        Assert.Equal(HttpStatusCode.Forbidden, csv.StatusCode);

        using var admin = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using (var signedIn = await AccountClients.PostLoginFormAsync(admin, TandemApp.Admin, TandemApp.DemoPassword))
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var html = await admin.GetStringAsync($"/admin/security?person={person.Person.Id}");
        Assert.Contains("data-testid=\"security-table\"", html, StringComparison.Ordinal);
        Assert.Contains("Person added", html, StringComparison.Ordinal);
        Assert.Contains(person.Person.DisplayName, html, StringComparison.Ordinal);
        var people = await admin.GetStringAsync("/admin/people");
        Assert.Contains("href=\"/admin/security\"", people, StringComparison.Ordinal);

        using var export = await admin.GetAsync($"/admin/security/events.csv?person={person.Person.Id}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("when_utc,kind,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(",person-added,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_page_newest_first_by_cursor_and_filters_are_checked()
    {
        var person = await app.CreatePersonAsync();
        using var bearer = app.WithToken(await app.LoginAsync(person.Email, person.Password));
        for (var i = 0; i < 3; i++)
            await Expect.Status(HttpStatusCode.Created, await bearer.PostAsJsonAsync("/api/v1/auth/tokens", new { name = $"script {i}" }));

        var all = await ListAsync($"?person={person.Id}&limit=200");
        Assert.Equal(5, all.Count); // added, password set, three tokens
        var paged = new List<JsonNode?>();
        string? cursor = null;
        do
        {
            var admin = await app.SignInAsync(TandemApp.Admin);
            var page = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/security-events?person={person.Id}&limit=2{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}")))!;
            paged.AddRange(page["items"]!.AsArray());
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        Assert.Equal(all.Select(e => e!["id"]!.GetValue<long>()), paged.Select(e => e!["id"]!.GetValue<long>()));
        var times = all.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var today = all[0]!["at"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(5, (await ListAsync($"?person={person.Id}&from={today}&to={today}")).Count);
        Assert.Equal(3, (await ListAsync($"?person={person.Id}&kind=access-token-created")).Count);
        var admin2 = await app.SignInAsync(TandemApp.Admin);
        var invalid = await Expect.Problem(HttpStatusCode.BadRequest, await admin2.GetAsync("/api/v1/security-events?kind=party&from=yesterday&person=bob&cursor=xyz&limit=0"));
        var fields = invalid["errors"]!.AsObject().Select(f => f.Key).Order().ToList();
        Assert.Equal(["cursor", "from", "kind", "limit", "person"], fields);
    }

    [Fact]
    public async Task Two_web_nodes_on_one_database_share_one_sign_in_limit()
    {
        var second = await app.SecondNodeAsync();
        try
        {
            var email = $"nobody-{Guid.NewGuid():N}@test.tandem";
            using var nodeA = app.Anonymous();
            using var nodeB = second.Anonymous();
            // The email's limit is 10 per window: five attempts through each node use it up.
            for (var i = 0; i < 10; i++)
            {
                using var failed = await ClientAddress.LoginAsync(i % 2 == 0 ? nodeA : nodeB, email, "wrong-password", ClientAddress.Random());
                Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            }
            foreach (var node in new[] { nodeA, nodeB })
            {
                using var limited = await ClientAddress.LoginAsync(node, email, "wrong-password", ClientAddress.Random());
                await Expect.Problem(HttpStatusCode.TooManyRequests, limited);
                Assert.NotNull(limited.Headers.RetryAfter?.Delta);
            }
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Events_past_the_retention_period_are_pruned_by_the_next_write()
    {
        var person = await app.CreatePersonAsync();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var workspaceId = await db.Users.Where(u => u.Id == person.Id).Select(u => u.WorkspaceId).SingleAsync();
        var now = TimeProvider.System.GetUtcNow();
        var options = Options.Create(new SecurityEventOptions { EventDays = 400 });
        SecurityEvents At(DateTimeOffset instant) =>
            new(db, new CurrentUser(), new FixedClock(instant), new HttpContextAccessor(), options, new SecurityEventPruning());

        await At(now.AddDays(-401)).RecordAsync(workspaceId, SecurityEventKind.SignInFailed, null, person.Id, "old", CancellationToken.None);
        await At(now.AddDays(-399)).RecordAsync(workspaceId, SecurityEventKind.SignInFailed, null, person.Id, "kept", CancellationToken.None);
        await At(now).RecordAsync(workspaceId, SecurityEventKind.SignInFailed, null, person.Id, "new", CancellationToken.None);

        var details = (await EventsOfAsync(person.Id, "sign-in-failed")).Select(e => e["detail"]!.GetValue<string>()).ToList();
        Assert.Equal(["new", "kept"], details);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<List<JsonNode>> EventsOfAsync(Guid personId, string? kind = null) =>
        (await ListAsync($"?person={personId}&limit=200{(kind is null ? "" : "&kind=" + kind)}"))
            .Where(e => e!["subjectId"]?.GetValue<Guid>() == personId).Select(e => e!).ToList();

    private async Task<List<JsonNode?>> ListAsync(string query)
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        var page = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync("/api/v1/security-events" + query)))!;
        return [.. page["items"]!.AsArray()];
    }

    private async Task<long?> NewestIdAsync() => (await ListAsync("?limit=1")).FirstOrDefault()?["id"]?.GetValue<long>();

    private static JsonNode Single(List<JsonNode> events, string kind) => Assert.Single(events, e => e["kind"]!.GetValue<string>() == kind);
}
