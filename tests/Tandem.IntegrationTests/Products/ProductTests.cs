using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Products;

[Collection(TandemCollection.Name)]
public class ProductTests(TandemApp app)
{
    private static async Task<int> CountProductsAsync(HttpClient admin)
    {
        var page = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/products?limit=200"))!;
        return page["items"]!.AsArray().Count;
    }

    [Fact]
    public async Task A_member_lists_only_their_products_and_gets_one_with_an_etag()
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        var page = (await po.GetFromJsonAsync<JsonObject>("/api/v1/products"))!;
        var keys = page["items"]!.AsArray().Select(p => p!["key"]!.GetValue<string>()).ToList();
        Assert.Contains("PAY", keys);
        Assert.Contains("MOB", keys);
        Assert.DoesNotContain("GLX", keys);

        using var response = await po.GetAsync("/api/v1/products/pay");
        var product = (await Expect.Status(HttpStatusCode.OK, response))!;
        Assert.Equal("PAY", product["key"]!.GetValue<string>());
        Assert.Equal($"\"{product["version"]!.GetValue<int>()}\"", response.Headers.ETag?.ToString());
        Assert.Contains("product-owner", product["myRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task The_admin_creates_a_product()
    {
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var key = TandemApp.NewKey();

        using var response = await admin.PostAsJsonAsync("/api/v1/products", new { key = key.ToLowerInvariant(), name = "  Fresh product " });
        var product = (await Expect.Status(HttpStatusCode.Created, response))!;
        Assert.Equal(key, product["key"]!.GetValue<string>());
        Assert.Equal("Fresh product", product["name"]!.GetValue<string>());
        Assert.Equal($"/api/v1/products/{key}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());

        using var read = await admin.GetAsync($"/api/v1/products/{key}");
        await Expect.Status(HttpStatusCode.OK, read);
    }

    [Fact]
    public async Task Someone_who_is_not_admin_is_told_who_creates_products()
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        using var response = await po.PostAsJsonAsync("/api/v1/products", new { key = TandemApp.NewKey(), name = "Mine" });
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, response);
        Assert.Contains("Avery Quinn", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_key_is_a_409_problem()
    {
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/products", new { key = "PAY", name = "Payments again" });
        var problem = await Expect.Problem(HttpStatusCode.Conflict, response);
        Assert.Contains("PAY", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_workspace_may_use_the_same_key()
    {
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        var key = TandemApp.NewKey();
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var first = await admin.PostAsJsonAsync("/api/v1/products", new { key, name = "Acme's" });
        await Expect.Status(HttpStatusCode.Created, first);
        using var second = await globex.PostAsJsonAsync("/api/v1/products", new { key, name = "Globex's" });
        await Expect.Status(HttpStatusCode.Created, second);
    }

    [Fact]
    public async Task Items_of_two_workspaces_with_the_same_key_are_each_their_own_workspaces_to_read_and_change()
    {
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var key = TandemApp.NewKey();
        foreach (var (client, email, name) in new[] { (admin, TandemApp.Admin, "Acme's"), (globex, TandemApp.GlobexPo, "Globex's") })
        {
            using var product = await client.PostAsJsonAsync("/api/v1/products", new { key, name });
            await Expect.Status(HttpStatusCode.Created, product);
            using var role = await client.PostAsJsonAsync($"/api/v1/products/{key}/members", new { userId = await app.UserIdOfAsync(email), role = "product-owner" });
            await Expect.Status(HttpStatusCode.Created, role);
            using var item = await client.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = $"As {name} payer I want my own item so that nobody else changes it" });
            Assert.Equal($"{key}-1", (await Expect.Status(HttpStatusCode.Created, item))!["key"]!.GetValue<string>());
        }

        // The same item key names a different item in each workspace, for a read and for a write (the item is found
        // by a compiled query: the workspace filter must hold in it as in any other).
        using (var patch = await globex.PatchAsJsonAsync($"/api/v1/items/{key}-1", new { businessValue = 8 }))
            await Expect.Status(HttpStatusCode.OK, patch);
        var acme = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}-1"))!;
        var theirs = (await globex.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}-1"))!;
        Assert.StartsWith("As Acme's payer", acme["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("As Globex's payer", theirs["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(acme["businessValue"]?.GetValue<int?>());
        Assert.Equal(8, theirs["businessValue"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("1AB")]
    [InlineData("P")]
    [InlineData("WAY-TOO-LONG-KEY")]
    public async Task A_bad_key_is_a_400_problem_naming_the_key(string key)
    {
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/products", new { key, name = "Bad key" });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["key"]);
    }

    [Fact]
    public async Task A_failed_create_changes_nothing()
    {
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var before = await CountProductsAsync(admin);
        var key = TandemApp.NewKey();

        using var response = await admin.PostAsJsonAsync("/api/v1/products", new { key, name = new string('x', 81) });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]!["name"]);

        Assert.Equal(before, await CountProductsAsync(admin));
        using var read = await admin.GetAsync($"/api/v1/products/{key}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task A_rename_with_a_stale_if_match_is_refused_and_changes_nothing()
    {
        var key = await app.CreateProductAsync("Original name");
        using var admin = await app.SignInAsync(TandemApp.Admin);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}") { Content = JsonContent.Create(new { name = "Stale rename" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"99\"");
        using var refused = await admin.SendAsync(stale);
        await Expect.Problem(HttpStatusCode.PreconditionFailed, refused);

        using var read = await admin.GetAsync($"/api/v1/products/{key}");
        var product = (await Expect.Status(HttpStatusCode.OK, read))!;
        Assert.Equal("Original name", product["name"]!.GetValue<string>());
        var etag = read.Headers.ETag!.ToString();

        using var fresh = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}") { Content = JsonContent.Create(new { name = "New name" }) };
        fresh.Headers.TryAddWithoutValidation("If-Match", etag);
        using var renamed = await admin.SendAsync(fresh);
        var after = (await Expect.Status(HttpStatusCode.OK, renamed))!;
        Assert.Equal("New name", after["name"]!.GetValue<string>());
        Assert.NotEqual(etag, renamed.Headers.ETag?.ToString());
        Assert.Equal("\"2\"", renamed.Headers.ETag?.ToString());

        // The tag just used is now stale too.
        using var again = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}") { Content = JsonContent.Create(new { name = "Third" }) };
        again.Headers.TryAddWithoutValidation("If-Match", etag);
        using var refusedAgain = await admin.SendAsync(again);
        await Expect.Problem(HttpStatusCode.PreconditionFailed, refusedAgain);
    }

    [Fact]
    public async Task An_unparseable_if_match_is_refused_rather_than_ignored()
    {
        var key = await app.CreateProductAsync("Tagged");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}") { Content = JsonContent.Create(new { name = "Renamed" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");
        using var response = await admin.SendAsync(request);
        await Expect.Problem(HttpStatusCode.PreconditionFailed, response);
    }

    [Fact]
    public async Task A_weak_if_match_and_a_star_are_honoured()
    {
        var key = await app.CreateProductAsync("Tagged");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var weak = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}") { Content = JsonContent.Create(new { name = "Weakly renamed" }) };
        weak.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");
        using var first = await admin.SendAsync(weak);
        await Expect.Status(HttpStatusCode.OK, first);

        using var star = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}") { Content = JsonContent.Create(new { name = "Renamed anyway" }) };
        star.Headers.TryAddWithoutValidation("If-Match", "*");
        using var second = await admin.SendAsync(star);
        await Expect.Status(HttpStatusCode.OK, second);
        Assert.Equal("\"3\"", second.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Two_renames_racing_on_the_same_version_let_exactly_one_win()
    {
        var key = await app.CreateProductAsync("Raced");
        using var admin = await app.SignInAsync(TandemApp.Admin);

        async Task<HttpStatusCode> RenameAsync(string name)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}") { Content = JsonContent.Create(new { name }) };
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            using var response = await admin.SendAsync(request);
            return response.StatusCode;
        }

        var results = await Task.WhenAll(RenameAsync("First"), RenameAsync("Second"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], results.Order());
        var product = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}"))!;
        Assert.Equal(2, product["version"]!.GetValue<int>());
    }
}
