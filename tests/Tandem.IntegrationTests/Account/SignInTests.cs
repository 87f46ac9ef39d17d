using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Account;

[Collection(TandemCollection.Name)]
public class SignInTests(TandemApp app)
{
    [Fact]
    public async Task A_demo_account_signs_in_and_the_token_says_who_it_is()
    {
        var token = await app.LoginAsync(TandemApp.AcmePo, TandemApp.DemoPassword);
        using var client = app.WithToken(token);

        var me = (await client.GetFromJsonAsync<JsonObject>("/api/v1/auth/me"))!;
        Assert.Equal("Alice Ng", me["displayName"]!.GetValue<string>());
        Assert.False(me["isWorkspaceAdmin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_problem()
    {
        var person = await app.CreatePersonAsync();
        using var client = app.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = "not-the-password" });
        var problem = await Expect.Problem(HttpStatusCode.Unauthorized, response);
        Assert.Contains("do not match an account", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_credentials_are_a_400_problem_naming_the_fields()
    {
        using var client = app.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "" });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["email"]);
        Assert.NotNull(problem["errors"]!["password"]);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var person = await app.CreatePersonAsync();
        using var client = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = $"wrong-password-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });
        var problem = await Expect.Problem(HttpStatusCode.Unauthorized, right);
        Assert.Contains("locked", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_bearer_token_is_a_401_problem()
    {
        using var client = app.WithToken("not-a-real-token");
        using var response = await client.GetAsync("/api/v1/auth/me");
        await Expect.Problem(HttpStatusCode.Unauthorized, response);
    }
}
