using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Account;

[Collection(TandemCollection.Name)]
public class AccessTokenTests(TandemApp app)
{
    [Fact]
    public async Task A_personal_access_token_works_until_revoked_and_its_secret_is_never_listed()
    {
        var person = await app.CreatePersonAsync();
        using var owner = await app.SignInAsync(person.Email, person.Password);

        using var created = await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "release script", expiresInDays = 30 });
        var token = (await Expect.Status(HttpStatusCode.Created, created))!;
        var secret = token["token"]!.GetValue<string>();
        var id = token["id"]!.GetValue<string>();
        Assert.StartsWith("tdm_", secret, StringComparison.Ordinal);

        var listText = await owner.GetStringAsync("/api/v1/auth/tokens");
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        var listed = Assert.Single(JsonNode.Parse(listText)!.AsArray());
        Assert.Equal(id, listed!["id"]!.GetValue<string>());
        Assert.Equal("release script", listed["name"]!.GetValue<string>());
        Assert.Null(listed["token"]);

        using (var script = app.WithToken(secret))
        {
            var me = (await script.GetFromJsonAsync<JsonObject>("/api/v1/auth/me"))!;
            Assert.Equal(person.Id.ToString(), me["id"]!.GetValue<string>());
        }

        using var revoked = await owner.DeleteAsync($"/api/v1/auth/tokens/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        using var after = app.WithToken(secret);
        using var refused = await after.GetAsync("/api/v1/auth/me");
        await Expect.Problem(HttpStatusCode.Unauthorized, refused);
        var relisted = JsonNode.Parse(await owner.GetStringAsync("/api/v1/auth/tokens"))!.AsArray();
        Assert.NotNull(Assert.Single(relisted)!["revokedAt"]);
    }

    [Fact]
    public async Task A_token_needs_a_name()
    {
        using var client = await app.SignInAsync(TandemApp.AcmePo);
        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { name = " " });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["name"]);
    }

    [Fact]
    public async Task Someone_elses_token_cannot_be_revoked()
    {
        var person = await app.CreatePersonAsync();
        using var owner = await app.SignInAsync(person.Email, person.Password);
        using var created = await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "mine" });
        var id = (await Expect.Status(HttpStatusCode.Created, created))!["id"]!.GetValue<string>();

        using var other = await app.SignInAsync(TandemApp.AcmePo);
        using var response = await other.DeleteAsync($"/api/v1/auth/tokens/{id}");
        await Expect.Problem(HttpStatusCode.NotFound, response);
    }
}
