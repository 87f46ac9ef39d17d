using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.DecisionRights;

/// <summary>A refusal explains itself in words: who decides, by name, and what to do instead.</summary>
[Collection(TandemCollection.Name)]
public class RefusalTests(TandemApp app)
{
    [Fact]
    public async Task The_tech_lead_is_told_that_only_alice_reorders_the_backlog_and_to_suggest_instead()
    {
        using var tl = await app.SignInAsync("tl@demo.tandem");
        var permission = (await tl.GetFromJsonAsync<JsonArray>("/api/v1/products/PAY/permissions?operation=backlog.reorder"))!.Single()!;

        Assert.False(permission["allowed"]!.GetValue<bool>());
        var reason = permission["reason"]!.GetValue<string>();
        Assert.Contains("Only the Product Owner", reason, StringComparison.Ordinal);
        Assert.Contains("Alice Ng", reason, StringComparison.Ordinal);
        Assert.Contains("suggest a change instead", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_permissions_are_listed_without_a_filter()
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        var permissions = (await po.GetFromJsonAsync<JsonArray>("/api/v1/products/PAY/permissions"))!;
        Assert.Equal(Tandem.Domain.DecisionRights.Operations.All.Count, permissions.Count);
        Assert.Contains(permissions, p => p!["operation"]!.GetValue<string>() == "backlog.reorder" && p["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_unknown_operation_is_a_400_problem()
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        using var response = await po.GetAsync("/api/v1/products/PAY/permissions?operation=world.domination");
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["operation"]);
    }

    [Fact]
    public async Task Decision_rights_name_who_decides_on_pay()
    {
        using var stakeholder = await app.SignInAsync("stakeholder@demo.tandem");
        var rights = (await stakeholder.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/decision-rights"))!;
        var areas = rights["areas"]!.AsArray();
        Assert.Equal(Enum.GetValues<Tandem.Domain.DecisionRights.DecisionArea>().Length, areas.Count);
        var backlog = areas.Single(a => a!["area"]!.GetValue<string>() == "backlog-order")!;
        Assert.Equal(["Alice Ng"], backlog["deciders"]!.AsArray().Select(d => d!["displayName"]!.GetValue<string>()));
        // A decider is a person summary like every other person in the API: id and display name.
        Assert.True(Guid.TryParse(backlog["deciders"]![0]!["id"]!.GetValue<string>(), out _));
        var membership = areas.Single(a => a!["area"]!.GetValue<string>() == "membership")!;
        Assert.Equal(["Avery Quinn"], membership["deciders"]!.AsArray().Select(d => d!["displayName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_person_with_no_role_is_refused_the_product_and_told_to_ask_an_admin()
    {
        var outsider = await app.CreatePersonAsync();
        using var client = await app.SignInAsync(outsider.Email, outsider.Password);
        using var response = await client.GetAsync("/api/v1/products/PAY");
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, response);
        Assert.Contains("no role on PAY", Expect.Detail(problem), StringComparison.Ordinal);

        var page = (await client.GetFromJsonAsync<JsonObject>("/api/v1/products"))!;
        Assert.Empty(page["items"]!.AsArray());
    }
}
