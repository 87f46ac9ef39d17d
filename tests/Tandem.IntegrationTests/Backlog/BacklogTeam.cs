using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// A fresh product with a fresh Product Owner, Developer, Scrum Master and Stakeholder, and intent
/// helpers for the backlog, so each test works on its own data.
/// </summary>
public sealed class BacklogTeam
{
    private readonly TandemApp _app;

    private BacklogTeam(TandemApp app, string productKey) => (_app, ProductKey) = (app, productKey);

    public string ProductKey { get; }
    public Person ProductOwner { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Dev { get; private set; } = null!;
    public HttpClient Sm { get; private set; } = null!;
    public HttpClient Stakeholder { get; private set; } = null!;

    public static async Task<BacklogTeam> CreateAsync(TandemApp app)
    {
        var key = await app.CreateProductAsync();
        var team = new BacklogTeam(app, key);
        team.ProductOwner = await app.CreatePersonAsync(TandemApp.Unique("Owner"));
        team.Po = await team.MemberAsync(team.ProductOwner, "product-owner");
        team.Dev = await team.MemberAsync(await app.CreatePersonAsync(), "developer");
        team.Sm = await team.MemberAsync(await app.CreatePersonAsync(), "scrum-master");
        team.Stakeholder = await team.MemberAsync(await app.CreatePersonAsync(), "stakeholder");
        return team;
    }

    private async Task<HttpClient> MemberAsync(Person person, string role)
    {
        await _app.AssignAsync(ProductKey, person.Id, role);
        return await _app.SignInAsync(person.Email, person.Password);
    }

    public async Task<JsonObject> CreateItemAsync(string title, string type = "story", HttpClient? as_ = null, string? description = null)
    {
        using var response = await (as_ ?? Po).PostAsJsonAsync($"/api/v1/products/{ProductKey}/items", new { type, title, description });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<List<string>> CreateItemsAsync(int count, string type = "story")
    {
        var keys = new List<string>();
        for (var i = 1; i <= count; i++) keys.Add(Key(await CreateItemAsync($"Item {i}", type)));
        return keys;
    }

    public static string Key(JsonNode item) => item["key"]!.GetValue<string>();

    public async Task<JsonObject> GetItemAsync(string itemKey) => (await Po.GetFromJsonAsync<JsonObject>($"/api/v1/items/{itemKey}"))!;

    /// <summary>Every key of the backlog in rank order, following the cursor.</summary>
    public async Task<List<string>> OrderAsync(string filter = "")
    {
        var keys = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/products/{ProductKey}/backlog?limit=100{filter}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = (await Po.GetFromJsonAsync<JsonObject>(url))!;
            keys.AddRange(page["items"]!.AsArray().Select(i => Key(i!)));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        return keys;
    }

    public Task<HttpResponseMessage> MoveAsync(string itemKey, object move, HttpClient? as_ = null) =>
        (as_ ?? Po).PostAsJsonAsync($"/api/v1/items/{itemKey}/move", move);

    public async Task<JsonObject> PatchAsync(string itemKey, object patch, HttpClient? as_ = null)
    {
        using var response = await (as_ ?? Po).PatchAsJsonAsync($"/api/v1/items/{itemKey}", patch);
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    public async Task<JsonObject> DecideAsync(string itemKey, string decision, string? reason = null)
    {
        using var response = await Po.PostAsJsonAsync($"/api/v1/items/{itemKey}/acceptance", new { decision, reason });
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    /// <summary>The developer marks the item done and the Product Owner accepts it.</summary>
    public async Task ShipAsync(string itemKey)
    {
        await PatchAsync(itemKey, new { status = "done" }, Dev);
        await DecideAsync(itemKey, "accept");
    }
}
