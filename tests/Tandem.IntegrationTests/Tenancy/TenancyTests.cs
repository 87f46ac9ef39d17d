using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Tenancy;

/// <summary>Another workspace's products do not exist for you: every product-scoped endpoint answers 404.</summary>
[Collection(TandemCollection.Name)]
public class TenancyTests(TandemApp app)
{
    [Fact]
    public async Task A_globex_user_gets_404_from_every_product_scoped_endpoint_on_acmes_pay_and_changes_nothing()
    {
        var endpoints = ApiEndpoints.All(app.Endpoints).Where(e => e.Pattern.Contains("{key}", StringComparison.Ordinal)
            || e.Pattern.Contains("{itemKey}", StringComparison.Ordinal) || e.Pattern.StartsWith("/api/v1/suggestions/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/adrs/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/debt/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/nfrs/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/releases/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/evaluations/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/disagreements/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/systems/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/interfaces/", StringComparison.Ordinal)
            || e.Pattern.StartsWith("/api/v1/poker/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(endpoints);

        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var developer = await app.SignInAsync("dev1@demo.tandem");
        using var proposed = await developer.PostAsJsonAsync("/api/v1/products/PAY/adrs", new { title = "Tenancy record", context = "c", decision = "d", consequences = "q" });
        var adrId = (await Expect.Status(HttpStatusCode.Created, proposed))!["id"]!.GetValue<Guid>();
        var before = await SnapshotOfPayAsync(admin);
        var suggestions = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/suggestions?status=open"))!;
        var suggestionId = suggestions["items"]!.AsArray().First()!["id"]!.GetValue<Guid>();
        var debtId = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/debt"))!["items"]!.AsArray().First()!["id"]!.GetValue<Guid>();
        var nfrId = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/nfrs"))!["items"]!.AsArray().First()!["id"]!.GetValue<Guid>();
        var releaseId = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/products/PAY/releases"))!.First()!["id"]!.GetValue<Guid>();
        var evaluation = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/evaluations?status=open"))!["items"]!.AsArray().First()!["id"]!.GetValue<Guid>();
        var evaluationDetail = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/evaluations/{evaluation}"))!;
        var disagreementId = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/disagreements?status=open"))!["items"]!.AsArray().First()!["id"]!.GetValue<Guid>();
        var map = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/integration-map"))!;
        var pokerId = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/poker?status=open"))!["items"]!.AsArray().First()!["id"]!.GetValue<Guid>();
        var target = new RequestContext("PAY", await app.UserIdOfAsync("dev1@demo.tandem"), "PAY-20", suggestionId, adrId)
        {
            DebtId = debtId, NfrId = nfrId, ReleaseId = releaseId, EvaluationId = evaluation, DisagreementId = disagreementId,
            OptionId = evaluationDetail["options"]![0]!["id"]!.GetValue<Guid>(), CriterionId = evaluationDetail["criteria"]![0]!["id"]!.GetValue<Guid>(),
            SystemId = map["systems"]!.AsArray().First()!["id"]!.GetValue<Guid>(),
            ComponentId = map["components"]!.AsArray().First()!["id"]!.GetValue<Guid>(),
            InterfaceId = map["interfaces"]!.AsArray().First()!["id"]!.GetValue<Guid>(),
            PokerId = pokerId,
        };
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);

        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            using var request = ApiEndpoints.Request(endpoint, target);
            using var response = await globex.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotFound)
                wrong.Add($"{endpoint} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            else
                await Expect.Problem(HttpStatusCode.NotFound, response);
        }
        Assert.Empty(wrong);

        Assert.Equal(before, await SnapshotOfPayAsync(admin));
    }

    [Fact]
    public async Task A_globex_user_never_sees_acme_people()
    {
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        var page = (await globex.GetFromJsonAsync<JsonObject>("/api/v1/people?limit=200"))!;
        var emails = page["items"]!.AsArray().Select(p => p!["email"]!.GetValue<string>()).ToList();
        Assert.Contains(TandemApp.GlobexPo, emails);
        Assert.DoesNotContain(emails, e => e.EndsWith("@demo.tandem", StringComparison.Ordinal) || e.EndsWith("@test.tandem", StringComparison.Ordinal));

        var search = (await globex.GetFromJsonAsync<JsonObject>("/api/v1/people?search=Alice"))!;
        Assert.Empty(search["items"]!.AsArray());
    }

    [Fact]
    public async Task A_globex_user_does_not_list_acme_products()
    {
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        var page = (await globex.GetFromJsonAsync<JsonObject>("/api/v1/products?limit=200"))!;
        var keys = page["items"]!.AsArray().Select(p => p!["key"]!.GetValue<string>()).ToList();
        Assert.Contains("GLX", keys);
        Assert.DoesNotContain("PAY", keys);
        Assert.DoesNotContain("MOB", keys);
    }

    private static async Task<string> SnapshotOfPayAsync(HttpClient admin)
    {
        var product = await admin.GetStringAsync("/api/v1/products/PAY");
        var members = await admin.GetStringAsync("/api/v1/products/PAY/members?limit=200");
        var log = await admin.GetStringAsync("/api/v1/products/PAY/decision-log?limit=200");
        var backlog = await admin.GetStringAsync("/api/v1/products/PAY/backlog?limit=200");
        var item = await admin.GetStringAsync("/api/v1/items/PAY-20");
        var suggestions = await admin.GetStringAsync("/api/v1/products/PAY/suggestions");
        var adrs = await admin.GetStringAsync("/api/v1/products/PAY/adrs");
        var debt = await admin.GetStringAsync("/api/v1/products/PAY/debt");
        var nfrs = await admin.GetStringAsync("/api/v1/products/PAY/nfrs/compliance");
        var releases = await admin.GetStringAsync("/api/v1/products/PAY/releases");
        var evaluations = await admin.GetStringAsync("/api/v1/products/PAY/evaluations?limit=200");
        var disagreements = await admin.GetStringAsync("/api/v1/products/PAY/disagreements?limit=200");
        var map = await admin.GetStringAsync("/api/v1/products/PAY/integration-map");
        var poker = await admin.GetStringAsync("/api/v1/products/PAY/poker");
        return string.Join("\n", product, members, log, backlog, item, suggestions, adrs, debt, nfrs, releases, evaluations, disagreements, map, poker);
    }
}
