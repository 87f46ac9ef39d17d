using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.People;

[Collection(TandemCollection.Name)]
public class InvitationTests(TandemApp app)
{
    [Fact]
    public async Task An_invited_person_sets_a_password_once_and_can_then_sign_in()
    {
        var invitation = await app.InviteAsync();
        Assert.Equal("/set-password", invitation.Link.AbsolutePath);
        using var anonymous = app.Anonymous();

        using var first = await anonymous.PostAsJsonAsync("/api/v1/setup/password", invitation.SetPasswordRequest("a-long-password-1"));
        var person = (await Expect.Status(HttpStatusCode.OK, first))!;
        Assert.False(person["passwordPending"]!.GetValue<bool>());

        using var second = await anonymous.PostAsJsonAsync("/api/v1/setup/password", invitation.SetPasswordRequest("another-password-2"));
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, second);
        Assert.NotNull(problem["errors"]!["token"]);

        var token = await app.LoginAsync(invitation.Email, "a-long-password-1");
        using var client = app.WithToken(token);
        var me = (await client.GetFromJsonAsync<JsonObject>("/api/v1/auth/me"))!;
        Assert.Equal(invitation.DisplayName, me["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_invited_person_cannot_sign_in_before_choosing_a_password()
    {
        var invitation = await app.InviteAsync();
        using var anonymous = app.Anonymous();
        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = invitation.Email, password = "anything-at-all" });
        await Expect.Problem(HttpStatusCode.Unauthorized, response);
    }

    [Fact]
    public async Task A_set_password_link_with_a_forged_token_is_refused()
    {
        var invitation = await app.InviteAsync();
        using var anonymous = app.Anonymous();
        using var response = await anonymous.PostAsJsonAsync("/api/v1/setup/password", new { userId = invitation.Id, token = "forged", password = "a-long-password-1" });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["token"]);
    }

    [Fact]
    public async Task A_short_password_is_refused_and_the_link_still_works()
    {
        var invitation = await app.InviteAsync();
        using var anonymous = app.Anonymous();
        using var tooShort = await anonymous.PostAsJsonAsync("/api/v1/setup/password", invitation.SetPasswordRequest("short"));
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, tooShort);
        Assert.NotNull(problem["errors"]!["password"]);

        using var ok = await anonymous.PostAsJsonAsync("/api/v1/setup/password", invitation.SetPasswordRequest("a-long-password-1"));
        await Expect.Status(HttpStatusCode.OK, ok);
    }

    [Fact]
    public async Task The_invited_person_is_listed_in_the_workspace_as_pending()
    {
        var invitation = await app.InviteAsync();
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var page = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/people?search={Uri.EscapeDataString(invitation.DisplayName)}"))!;
        var listed = Assert.Single(page["items"]!.AsArray());
        Assert.True(listed!["passwordPending"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Only_the_workspace_admin_invites_people()
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        using var response = await po.PostAsJsonAsync("/api/v1/people", new { email = $"{Guid.NewGuid():N}@test.tandem", displayName = "Nobody" });
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, response);
        Assert.Contains("Avery Quinn", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inviting_an_existing_email_is_a_409_problem()
    {
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/people", new { email = TandemApp.AcmePo, displayName = "Alice again" });
        await Expect.Problem(HttpStatusCode.Conflict, response);
    }

    [Fact]
    public async Task A_bad_email_is_a_400_problem_naming_the_field()
    {
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/people", new { email = "not-an-email", displayName = "X" });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["email"]);
    }
}
