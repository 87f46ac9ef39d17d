namespace Tandem.ClusterTests.Infrastructure;

public sealed record Member(Guid Id, string Email, string Password, HttpClient Client);

/// <summary>A product of its own with people in roles, made through the API of one node.</summary>
public sealed class Team
{
    private Team(string key, HttpClient admin) { ProductKey = key; Admin = admin; }

    public string ProductKey { get; }
    public HttpClient Admin { get; }

    public static async Task<Team> CreateAsync(Uri at)
    {
        var admin = await TandemCluster.SignInAsync(at, TandemCluster.Admin);
        var key = "C" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant().Replace('0', 'Q');
        using var created = await admin.PostAsJsonAsync("/api/v1/products", new { key, name = $"Cluster {key}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new Team(key, admin);
    }

    /// <summary>Invites a person, who sets a password through their link; gives them the role; signs them in at <paramref name="at"/>.</summary>
    public async Task<Member> MemberAsync(string role, Uri at)
    {
        var email = $"{role}-{Guid.NewGuid():N}"[..(role.Length + 9)] + "@cluster.tandem";
        using var invited = await Admin.PostAsJsonAsync("/api/v1/people", new { email, displayName = $"{role} {email[(role.Length + 1)..(role.Length + 6)]}" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var body = (await invited.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = Guid.Parse(body["person"]!["id"]!.GetValue<string>());
        var link = new Uri(body["setPasswordUrl"]!.GetValue<string>());
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        using (var anonymous = new HttpClient { BaseAddress = Admin.BaseAddress })
        using (var set = await anonymous.PostAsJsonAsync("/api/v1/setup/password", new { userId = id, token, password }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using (var assigned = await Admin.PostAsJsonAsync($"/api/v1/products/{ProductKey}/members", new { userId = id, role }))
            Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        return new Member(id, email, password, await TandemCluster.SignInAsync(at, email, password));
    }

    public async Task<string> StoryAsync(HttpClient po, string title)
    {
        using var created = await po.PostAsJsonAsync($"/api/v1/products/{ProductKey}/items", new { type = "story", title });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
    }
}
