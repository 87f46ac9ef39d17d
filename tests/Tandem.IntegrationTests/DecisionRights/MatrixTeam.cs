using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.DecisionRights;

/// <summary>
/// A fresh product created by the admin with one throwaway person per role, a same-workspace person
/// with no role on it, and a person to act on. Built once per app fixture; the matrix tests only read it.
/// </summary>
public sealed class MatrixTeam
{
    public const string WorkspaceAdmin = "WorkspaceAdmin";
    public const string NonMember = "NonMember";
    public const string OtherWorkspace = "OtherWorkspace";

    /// <summary>Every actor of the matrix: each role, the workspace admin (no role), a non-member, another workspace's user.</summary>
    public static IReadOnlyList<string> Actors { get; } =
        [.. Enum.GetNames<Role>(), WorkspaceAdmin, NonMember, OtherWorkspace];

    private readonly Dictionary<string, (string Email, string Password)> _credentials = [];

    private MatrixTeam(string productKey, Guid targetUserId)
    {
        ProductKey = productKey;
        TargetUserId = targetUserId;
    }

    public string ProductKey { get; }
    public Guid TargetUserId { get; }
    public string ItemKey { get; private set; } = "";
    public Guid SuggestionId { get; private set; }
    public Guid AdrId { get; private set; }
    public Guid DebtId { get; private set; }
    public Guid PokerId { get; private set; }
    public RequestContext Context => new(ProductKey, TargetUserId, ItemKey, SuggestionId, AdrId) { DebtId = DebtId, PokerId = PokerId };

    public static async Task<MatrixTeam> CreateAsync(TandemApp app)
    {
        var key = await app.CreateProductAsync("Authorization matrix");
        var target = await app.CreatePersonAsync("Matrix target");
        var team = new MatrixTeam(key, target.Id);
        foreach (var role in Enum.GetValues<Role>())
        {
            var person = await app.CreatePersonAsync($"Matrix {role}");
            await app.AssignAsync(key, person.Id, role.Slug());
            team._credentials[role.ToString()] = (person.Email, person.Password);
        }
        var outsider = await app.CreatePersonAsync("Matrix non-member");
        team._credentials[NonMember] = (outsider.Email, outsider.Password);
        team._credentials[WorkspaceAdmin] = (TandemApp.Admin, TandemApp.DemoPassword);
        team._credentials[OtherWorkspace] = (TandemApp.GlobexPo, TandemApp.DemoPassword);

        // An item and an open suggestion on it, for the item-scoped endpoints.
        using var developer = await team.SignInAsync(app, nameof(Role.Developer));
        var item = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = "Matrix item" })).Content.ReadFromJsonAsync<JsonObject>();
        team.ItemKey = item!["key"]!.GetValue<string>();
        var suggestion = await (await developer.PostAsJsonAsync($"/api/v1/items/{team.ItemKey}/suggestions", new { kind = "rank", position = "top" })).Content.ReadFromJsonAsync<JsonObject>();
        team.SuggestionId = suggestion!["id"]!.GetValue<Guid>();
        var adr = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/adrs", new { title = "Matrix record", context = "c", decision = "d", consequences = "q" })).Content.ReadFromJsonAsync<JsonObject>();
        team.AdrId = adr!["id"]!.GetValue<Guid>();

        // A registered debt, for the debt-scoped endpoints.
        using var techLead = await team.SignInAsync(app, nameof(Role.TechLead));
        var debt = await (await techLead.PostAsJsonAsync($"/api/v1/products/{key}/debt", new { title = "Matrix debt", kind = "code", principal = 1, interest = 1 })).Content.ReadFromJsonAsync<JsonObject>();
        team.DebtId = debt!["id"]!.GetValue<Guid>();

        // An open planning-poker session over the item, for the session-scoped endpoints.
        var poker = await (await techLead.PostAsJsonAsync($"/api/v1/products/{key}/poker", new { items = new[] { team.ItemKey } })).Content.ReadFromJsonAsync<JsonObject>();
        team.PokerId = poker!["id"]!.GetValue<Guid>();
        return team;
    }

    public Task<HttpClient> SignInAsync(TandemApp app, string actor)
    {
        var (email, password) = _credentials[actor];
        return app.SignInAsync(email, password);
    }

    /// <summary>How the decision rights see this actor on the matrix product (null for another workspace's user).</summary>
    public static Actor? ActorFor(string actor) => actor switch
    {
        WorkspaceAdmin => new Actor(Guid.NewGuid(), true, new HashSet<Role>()),
        NonMember => new Actor(Guid.NewGuid(), false, new HashSet<Role>()),
        OtherWorkspace => null,
        _ => new Actor(Guid.NewGuid(), false, new HashSet<Role> { Enum.Parse<Role>(actor) }),
    };
}
