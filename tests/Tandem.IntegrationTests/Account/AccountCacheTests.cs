using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Identity;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Account;

/// <summary>
/// ADR 0042: tokens and sessions are checked from memory once read, and every change to the account, the token
/// or the workspace is seen by the very next request. Each test uses its credential twice first, so that the
/// second use was served from the cache, then changes something and expects the next request to see it.
/// </summary>
[Collection(TandemCollection.Name)]
public class AccountCacheTests(TandemApp app)
{
    private static async Task WarmAsync(HttpClient client)
    {
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, await AccountClients.StatusOfMeAsync(client));
    }

    [Fact]
    public async Task A_cached_access_token_is_refused_at_the_next_request_after_its_revocation()
    {
        using var person = await AccountClients.CreateAsync(app);
        using var owner = await person.BearerAsync();
        using var created = await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "cached" });
        var token = (await Expect.Status(HttpStatusCode.Created, created))!;
        using var script = app.WithToken(token["token"]!.GetValue<string>());
        using var other = await person.AccessTokenAsync();
        await WarmAsync(script);
        await WarmAsync(other);

        using (var revoked = await owner.DeleteAsync($"/api/v1/auth/tokens/{token["id"]!.GetValue<string>()}"))
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(script));
        // The person's other token stands.
        Assert.Equal(HttpStatusCode.OK, await AccountClients.StatusOfMeAsync(other));
    }

    [Fact]
    public async Task Cached_tokens_and_sessions_end_at_the_next_request_after_a_password_change()
    {
        using var person = await AccountClients.CreateAsync(app);
        var bearer = await person.BearerAsync();
        var script = await person.AccessTokenAsync();
        await WarmAsync(bearer);
        await WarmAsync(script);

        using (var changed = await bearer.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = person.Person.Password, newPassword = "another long password" }))
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(script));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(bearer));
    }

    [Fact]
    public async Task Cached_tokens_and_sessions_end_at_the_next_request_after_a_removal()
    {
        using var person = await AccountClients.CreateAsync(app);
        var bearer = await person.BearerAsync();
        var script = await person.AccessTokenAsync();
        await WarmAsync(bearer);
        await WarmAsync(script);

        var admin = await app.SignInAsync(TandemApp.Admin);
        using (var removed = await admin.DeleteAsync($"/api/v1/people/{person.Person.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(script));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(bearer));
    }

    [Fact]
    public async Task A_cached_token_carries_the_accounts_new_claims_and_is_refused_while_the_account_is_locked()
    {
        using var person = await AccountClients.CreateAsync(app);
        var script = await person.AccessTokenAsync();
        await WarmAsync(script);

        // Not the admin flag: the demo workspace's admins are named by other tests.
        var renamed = $"Renamed {Guid.NewGuid():N}"[..20];
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
            var user = (await users.FindByIdAsync(person.Person.Id.ToString()))!;
            user.DisplayName = renamed;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }
        Assert.Equal(renamed, (await script.GetFromJsonAsync<JsonObject>("/api/v1/auth/me"))!["displayName"]!.GetValue<string>());

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
            var user = (await users.FindByIdAsync(person.Person.Id.ToString()))!;
            Assert.True((await users.SetLockoutEndDateAsync(user, TimeProvider.System.GetUtcNow().AddMinutes(5))).Succeeded);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountClients.StatusOfMeAsync(script));
    }

    [Fact]
    public async Task A_tokens_last_use_is_recorded_off_the_request_path()
    {
        using var person = await AccountClients.CreateAsync(app);
        using var owner = await person.BearerAsync();
        var script = await person.AccessTokenAsync();
        await WarmAsync(script);

        // Written by a background service shortly after the first use.
        JsonNode? lastUsed = null;
        for (var i = 0; i < 50 && lastUsed is null; i++)
        {
            lastUsed = Assert.Single(JsonNode.Parse(await owner.GetStringAsync("/api/v1/auth/tokens"))!.AsArray())!["lastUsedAt"];
            if (lastUsed is null) await Task.Delay(100);
        }
        Assert.NotNull(lastUsed);
    }
}
