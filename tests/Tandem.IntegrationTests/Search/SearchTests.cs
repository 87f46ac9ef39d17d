using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Search;

/// <summary>The command palette's search (ADR 29): what a person may read, and nothing else.</summary>
[Collection(TandemCollection.Name)]
public class SearchTests(TandemApp app)
{
    private static async Task<JsonObject> SearchAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri(query, UriKind.Relative));
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    private static List<string> Keys(JsonObject results) => results["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_member_finds_an_item_by_its_key_by_a_key_prefix_and_by_words_of_its_title()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var word = TandemApp.Unique("Quokka");
        var keys = new List<string>();
        for (var n = 0; n < 12; n++) keys.Add(BacklogTeam.Key(await team.CreateItemAsync(n == 3 ? $"Pay with {word} wallet" : $"Story {n}")));

        var exact = await SearchAsync(team.Dev, $"/api/v1/search?q={keys[0].ToLowerInvariant()}");
        Assert.Equal(keys[0], Keys(exact)[0]);
        var first = exact["items"]![0]!;
        Assert.Equal(team.ProductKey, first["productKey"]!.GetValue<string>());
        Assert.Equal($"/p/{team.ProductKey}/items/{keys[0]}", first["url"]!.GetValue<string>());
        // PAY-1 also offers PAY-10 and PAY-11: the number with one more digit.
        Assert.Equal([keys[0], keys[9], keys[10], keys[11]], Keys(exact).Take(4));

        var byTitle = await SearchAsync(team.Stakeholder, $"/api/v1/search?q={Uri.EscapeDataString(word.ToLowerInvariant())}");
        Assert.Equal([keys[3]], Keys(byTitle));

        var limited = await SearchAsync(team.Dev, $"/api/v1/search?q=Story&limit=2&product={team.ProductKey}");
        Assert.Equal(2, Keys(limited).Count);
    }

    [Fact]
    public async Task Another_workspaces_items_and_a_product_the_person_may_not_read_are_not_found()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var word = TandemApp.Unique("Wombat");
        var key = BacklogTeam.Key(await team.CreateItemAsync($"Export {word} ledger"));

        // Another workspace: neither the key nor the title.
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        Assert.Empty(Keys(await SearchAsync(globex, $"/api/v1/search?q={key}")));
        Assert.Empty(Keys(await SearchAsync(globex, $"/api/v1/search?q={word}")));

        // Same workspace, no role on the product: not readable, so not found.
        var outsider = await app.CreatePersonAsync();
        using var stranger = await app.SignInAsync(outsider.Email, outsider.Password);
        Assert.Empty(Keys(await SearchAsync(stranger, $"/api/v1/search?q={key}")));
        Assert.Empty(Keys(await SearchAsync(stranger, $"/api/v1/search?q={word}&product={team.ProductKey}")));
        Assert.Empty((await SearchAsync(stranger, $"/api/v1/search?q=new&product={team.ProductKey}"))["actions"]!.AsArray());

        // The workspace admin reads every product of the workspace.
        using var admin = await app.SignInAsync(TandemApp.Admin);
        Assert.Equal([key], Keys(await SearchAsync(admin, $"/api/v1/search?q={word}")));

        using var anonymous = app.Anonymous();
        using var refused = await anonymous.GetAsync(new Uri($"/api/v1/search?q={key}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Actions_are_those_the_decision_rights_allow_on_the_product_the_person_is_in()
    {
        var team = await BacklogTeam.CreateAsync(app);

        var po = await SearchAsync(team.Po, $"/api/v1/search?q=rank&product={team.ProductKey}");
        var action = Assert.Single(po["actions"]!.AsArray());
        Assert.Equal("backlog.reorder", action!["operation"]!.GetValue<string>());
        Assert.Equal($"/p/{team.ProductKey}/prioritisation", action["url"]!.GetValue<string>());
        Assert.Empty((await SearchAsync(team.Dev, $"/api/v1/search?q=rank&product={team.ProductKey}"))["actions"]!.AsArray());

        var added = (await SearchAsync(team.Dev, $"/api/v1/search?q=new%20item&product={team.ProductKey}"))["actions"]!.AsArray();
        Assert.Contains(added, a => a!["url"]!.GetValue<string>() == $"/p/{team.ProductKey}/items/new");
        // Workspace actions are the admin's.
        Assert.Empty((await SearchAsync(team.Po, "/api/v1/search?q=create%20a%20product"))["actions"]!.AsArray());
        using var admin = await app.SignInAsync(TandemApp.Admin);
        Assert.Single((await SearchAsync(admin, "/api/v1/search?q=create%20a%20product"))["actions"]!.AsArray());
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("%20%20", "q")]
    [InlineData("a%00b", "q")]
    [InlineData("x&limit=0", "limit")]
    [InlineData("x&limit=51", "limit")]
    public async Task Bad_input_is_a_problem_that_names_the_field(string query, string? field)
    {
        using var client = await app.SignInAsync(TandemApp.Admin);
        using var response = await client.GetAsync(new Uri($"/api/v1/search?q={query}", UriKind.Relative));
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        if (field is not null) Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_hostile_query_is_only_text()
    {
        var team = await BacklogTeam.CreateAsync(app);
        await team.CreateItemAsync("Plain title");
        using var tooLong = await team.Dev.GetAsync(new Uri($"/api/v1/search?q={new string('a', 101)}", UriKind.Relative));
        Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, tooLong))["errors"]!["q"]);

        foreach (var hostile in new[] { "%", "_", "%%", "' OR 1=1 --", "\") OR (\"1\"=\"1", "<script>alert(1)</script>", "PAY-99999999999", "-1", "ü%_\\" })
        {
            var found = await SearchAsync(team.Dev, $"/api/v1/search?q={Uri.EscapeDataString(hostile)}&product={Uri.EscapeDataString(hostile)}");
            // Wildcards are characters, not patterns: no title holds them, so nothing is found.
            Assert.Empty(Keys(found));
            Assert.Equal(hostile.Trim(), found["query"]!.GetValue<string>());
        }
    }
}
