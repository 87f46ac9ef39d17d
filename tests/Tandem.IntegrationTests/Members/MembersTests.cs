using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Members;

[Collection(TandemCollection.Name)]
public class MembersTests(TandemApp app)
{
    [Fact]
    public async Task Mob_warns_that_its_product_owner_is_also_its_tech_lead()
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        var page = (await po.GetFromJsonAsync<JsonObject>("/api/v1/products/MOB/members"))!;

        Assert.Contains(page["items"]!.AsArray(), m => m!["displayName"]!.GetValue<string>() == "Alice Ng");
        var warning = Assert.Single(page["warnings"]!.AsArray(), w => w!["kind"]!.GetValue<string>() == "product-owner-also-tech-lead");
        Assert.Contains("Alice Ng", warning!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_are_paged()
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        var first = (await po.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/members?limit=3"))!;
        Assert.Equal(3, first["items"]!.AsArray().Count);
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = (await po.GetFromJsonAsync<JsonObject>($"/api/v1/products/PAY/members?limit=3&cursor={Uri.EscapeDataString(cursor)}"))!;
        var firstIds = first["items"]!.AsArray().Select(i => i!["userId"]!.GetValue<string>());
        var secondIds = second["items"]!.AsArray().Select(i => i!["userId"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(secondIds);
        Assert.Empty(firstIds.Intersect(secondIds));
    }

    [Fact]
    public async Task The_admin_assigns_a_role_which_is_logged_and_cannot_be_assigned_twice()
    {
        var key = await app.CreateProductAsync();
        var person = await app.CreatePersonAsync();
        using var admin = await app.SignInAsync(TandemApp.Admin);

        using var assigned = await admin.PostAsJsonAsync($"/api/v1/products/{key}/members", new { email = person.Email, role = "product-owner" });
        var assignment = (await Expect.Status(HttpStatusCode.Created, assigned))!;
        Assert.Equal(person.Id.ToString(), assignment["userId"]!.GetValue<string>());
        Assert.Equal("product-owner", assignment["role"]!.GetValue<string>());
        Assert.Empty(assignment["warnings"]!.AsArray());

        var log = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?subject={person.Id}"))!;
        var entry = Assert.Single(log["items"]!.AsArray())!;
        Assert.Equal("membership.assign-roles", entry["operation"]!.GetValue<string>());
        Assert.Equal("membership", entry["area"]!.GetValue<string>());
        Assert.Equal("Avery Quinn", entry["actorName"]!.GetValue<string>());
        Assert.Contains(person.DisplayName, entry["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        using var twice = await admin.PostAsJsonAsync($"/api/v1/products/{key}/members", new { userId = person.Id, role = "PO" });
        await Expect.Problem(HttpStatusCode.Conflict, twice);

        using var member = await app.SignInAsync(person.Email, person.Password);
        var product = (await member.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}"))!;
        Assert.Equal(["product-owner"], product["myRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_role_is_a_400_problem()
    {
        var key = await app.CreateProductAsync();
        var person = await app.CreatePersonAsync();
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsJsonAsync($"/api/v1/products/{key}/members", new { userId = person.Id, role = "overlord" });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["role"]);
    }

    [Fact]
    public async Task Someone_from_another_workspace_cannot_be_assigned()
    {
        var key = await app.CreateProductAsync();
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsJsonAsync($"/api/v1/products/{key}/members", new { email = TandemApp.GlobexPo, role = "developer" });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["email"]);
    }

    [Fact]
    public async Task A_second_product_owner_is_warned_and_removing_a_member_answers_the_new_warnings()
    {
        var key = await app.CreateProductAsync();
        var first = await app.CreatePersonAsync();
        var second = await app.CreatePersonAsync();
        await app.AssignAsync(key, first.Id, "product-owner");
        using var admin = await app.SignInAsync(TandemApp.Admin);

        using var assigned = await admin.PostAsJsonAsync($"/api/v1/products/{key}/members", new { userId = second.Id, role = "product-owner" });
        var assignment = (await Expect.Status(HttpStatusCode.Created, assigned))!;
        Assert.Contains(assignment["warnings"]!.AsArray(), w => w!["kind"]!.GetValue<string>() == "several-product-owners");

        using var removed = await admin.DeleteAsync($"/api/v1/products/{key}/members/{second.Id}");
        var warnings = (await Expect.Status(HttpStatusCode.OK, removed))!.AsArray();
        Assert.Empty(warnings);

        var members = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/members"))!;
        Assert.DoesNotContain(members["items"]!.AsArray(), m => m!["userId"]!.GetValue<string>() == second.Id.ToString());

        using var again = await admin.DeleteAsync($"/api/v1/products/{key}/members/{second.Id}");
        await Expect.Problem(HttpStatusCode.NotFound, again);
    }

    [Fact]
    public async Task One_role_can_be_removed_leaving_the_others()
    {
        var key = await app.CreateProductAsync();
        var person = await app.CreatePersonAsync();
        await app.AssignAsync(key, person.Id, "product-owner");
        await app.AssignAsync(key, person.Id, "scrum-master");
        using var admin = await app.SignInAsync(TandemApp.Admin);

        var before = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/members"))!;
        Assert.Contains(before["warnings"]!.AsArray(), w => w!["kind"]!.GetValue<string>() == "product-owner-also-scrum-master");

        using var removed = await admin.DeleteAsync($"/api/v1/products/{key}/members/{person.Id}/roles/scrum-master");
        Assert.Empty((await Expect.Status(HttpStatusCode.OK, removed))!.AsArray());

        var after = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/members"))!;
        var member = Assert.Single(after["items"]!.AsArray())!;
        Assert.Equal(["product-owner"], member["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Only_the_admin_assigns_roles()
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        var person = await app.CreatePersonAsync();
        using var response = await po.PostAsJsonAsync("/api/v1/products/PAY/members", new { userId = person.Id, role = "developer" });
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, response);
        Assert.Contains("Avery Quinn", Expect.Detail(problem), StringComparison.Ordinal);
    }
}
