using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Retros;

/// <summary>A fresh product and team of its own: a Scrum Master, three developers, a Product Owner, plus a stakeholder who is not on the team.</summary>
public sealed class RetroTeam
{
    private RetroTeam(string productKey) => ProductKey = productKey;

    public string ProductKey { get; }
    public Guid TeamId { get; private set; }
    public HttpClient Sm { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Dev1 { get; private set; } = null!;
    public HttpClient Dev2 { get; private set; } = null!;
    public HttpClient Dev3 { get; private set; } = null!;
    public HttpClient Stakeholder { get; private set; } = null!;
    public Person SmPerson { get; private set; } = null!;
    public Person Dev1Person { get; private set; } = null!;
    public Person Dev2Person { get; private set; } = null!;
    public Person Dev3Person { get; private set; } = null!;

    public static async Task<RetroTeam> CreateAsync(TandemApp app)
    {
        var team = new RetroTeam(await app.CreateProductAsync());
        (team.Sm, team.SmPerson) = await MemberAsync(app, team.ProductKey, "scrum-master");
        (team.Po, var po) = await MemberAsync(app, team.ProductKey, "product-owner");
        (team.Dev1, team.Dev1Person) = await MemberAsync(app, team.ProductKey, "developer");
        (team.Dev2, team.Dev2Person) = await MemberAsync(app, team.ProductKey, "developer");
        (team.Dev3, team.Dev3Person) = await MemberAsync(app, team.ProductKey, "developer");
        (team.Stakeholder, _) = await MemberAsync(app, team.ProductKey, "stakeholder");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var created = await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = TandemApp.Unique("Retro team"), productKey = team.ProductKey,
            members = new[] { team.SmPerson.Id, po.Id, team.Dev1Person.Id, team.Dev2Person.Id, team.Dev3Person.Id }.Select(id => new { userId = id }),
        });
        team.TeamId = (await Expect.Status(HttpStatusCode.Created, created))!["id"]!.GetValue<Guid>();
        return team;
    }

    private static async Task<(HttpClient, Person)> MemberAsync(TandemApp app, string key, string role)
    {
        var person = await app.CreatePersonAsync(TandemApp.Unique(role));
        await app.AssignAsync(key, person.Id, role);
        return (await app.SignInAsync(person.Email, person.Password), person);
    }

    public async Task<JsonObject> StartAsync(object? body = null)
    {
        using var response = await Sm.PostAsJsonAsync($"/api/v1/teams/{TeamId}/retros", body ?? new { title = "Sprint retro" });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> PhaseAsync(JsonObject retro, params string[] phases)
    {
        JsonObject? last = null;
        foreach (var phase in phases)
        {
            using var response = await Sm.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/phase", new { phase });
            last = (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
        }
        return last ?? retro;
    }

    public static async Task<JsonObject> CardAsync(HttpClient who, JsonObject retro, string column, string text, bool anonymous = false)
    {
        using var response = await who.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/cards", new { column, text, anonymous });
        var view = (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
        return view["cards"]!.AsArray().Last(c => c!["text"]!.GetValue<string>() == text)!.AsObject();
    }

    public static async Task<JsonObject> GetAsync(HttpClient who, JsonObject retro) =>
        (await Expect.Status(HttpStatusCode.OK, await who.GetAsync($"/api/v1/retros/{retro["id"]}")))!.AsObject();

    public async Task<JsonObject> ActionAsync(JsonObject retro, string text, Guid? ownerId = null, string? due = null)
    {
        using var response = await Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/actions", new { text, ownerId, due });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }
}
