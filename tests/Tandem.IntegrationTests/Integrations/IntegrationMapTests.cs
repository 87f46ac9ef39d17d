using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Integrations;

/// <summary>A fresh product with a Tech Lead, a Product Owner and a Developer, and intent helpers for the integration map.</summary>
public sealed class MapTeam
{
    private MapTeam(string productKey) => ProductKey = productKey;

    public string ProductKey { get; }
    public Person TechLead { get; private set; } = null!;
    public HttpClient Tl { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Dev { get; private set; } = null!;

    public static async Task<MapTeam> CreateAsync(TandemApp app)
    {
        var team = new MapTeam(await app.CreateProductAsync());
        team.TechLead = await app.CreatePersonAsync(TandemApp.Unique("Tess Lead"));
        await app.AssignAsync(team.ProductKey, team.TechLead.Id, "tech-lead");
        team.Tl = await app.SignInAsync(team.TechLead.Email, team.TechLead.Password);
        team.Po = await MemberAsync(app, team.ProductKey, "product-owner");
        team.Dev = await MemberAsync(app, team.ProductKey, "developer");
        return team;
    }

    private static async Task<HttpClient> MemberAsync(TandemApp app, string key, string role)
    {
        var person = await app.CreatePersonAsync(TandemApp.Unique(role));
        await app.AssignAsync(key, person.Id, role);
        return await app.SignInAsync(person.Email, person.Password);
    }

    public async Task<JsonObject> SystemAsync(string name, bool external = false)
    {
        using var response = await Tl.PostAsJsonAsync($"/api/v1/products/{ProductKey}/systems", new { name, owner = "Payments team", external, description = "A *system*." });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> ComponentAsync(Guid systemId, string name)
    {
        using var response = await Tl.PostAsJsonAsync($"/api/v1/systems/{systemId}/components", new { name });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> InterfaceAsync(string name, Guid providerId, Guid consumerId, string protocol = "rest", string status = "live")
    {
        using var response = await Tl.PostAsJsonAsync($"/api/v1/products/{ProductKey}/interfaces",
            new { name, providerId, consumerId, protocol, status, owner = "Payments team", risk = "high", riskNote = "No retries yet" });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> MapAsync() => (await Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{ProductKey}/integration-map"))!;

    public async Task<string> LogAsync() => await Po.GetStringAsync($"/api/v1/products/{ProductKey}/decision-log?limit=200");

    public async Task<JsonObject> ItemAsync(string title)
    {
        using var response = await Po.PostAsJsonAsync($"/api/v1/products/{ProductKey}/items", new { type = "story", title });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> AdrAsync(string title, HttpClient? by = null)
    {
        using var response = await (by ?? Dev).PostAsJsonAsync($"/api/v1/products/{ProductKey}/adrs", new { title, context = "c", decision = "d", consequences = "q" });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }
}

[Collection(TandemCollection.Name)]
public class IntegrationMapTests(TandemApp app)
{
    [Fact]
    public async Task The_Tech_Lead_builds_the_map_and_reads_it_back_in_one_document()
    {
        var team = await MapTeam.CreateAsync(app);
        var gateway = await team.SystemAsync("Payments Gateway");
        var acquirer = await team.SystemAsync("Card Acquirer", external: true);
        var adapter = await team.ComponentAsync(gateway["id"]!.GetValue<Guid>(), "Acquirer adapter");
        Assert.Equal(gateway["id"]!.GetValue<Guid>(), adapter["parent"]!["id"]!.GetValue<Guid>());

        using var created = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/interfaces",
            new { name = "Authorisation API", providerId = acquirer["id"], consumerId = adapter["id"], protocol = "REST", status = "in-development" });
        var face = (await Expect.Status(HttpStatusCode.Created, created))!.AsObject();
        Assert.Equal($"/api/v1/interfaces/{face["id"]}", created.Headers.Location!.ToString());
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("rest", face["protocol"]!.GetValue<string>());
        Assert.Equal("in-development", face["status"]!.GetValue<string>());
        Assert.True(face["external"]!.GetValue<bool>());
        Assert.Equal("Payments Gateway", face["consumer"]!["systemName"]!.GetValue<string>());
        Assert.True(face["consumer"]!["isComponent"]!.GetValue<bool>());

        var map = await team.MapAsync();
        Assert.Equal(2, map["systems"]!.AsArray().Count);
        Assert.Equal("Acquirer adapter", Assert.Single(map["components"]!.AsArray())!["name"]!.GetValue<string>());
        var listed = Assert.Single(map["interfaces"]!.AsArray())!;
        Assert.Equal(acquirer["id"]!.GetValue<Guid>(), listed["providerId"]!.GetValue<Guid>());
        Assert.True(listed["external"]!.GetValue<bool>());

        // Everyone on the product reads it; the system page shows both directions.
        var readByDev = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/systems/{gateway["id"]}"))!;
        Assert.Equal("Authorisation API", Assert.Single(readByDev["consumes"]!.AsArray())!["name"]!.GetValue<string>());
        var readAcquirer = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/systems/{acquirer["id"]}"))!;
        Assert.Equal("Acquirer adapter", Assert.Single(readAcquirer["provides"]!.AsArray())!["otherName"]!.GetValue<string>());

        var log = await team.LogAsync();
        Assert.Contains("integration.edit", log, StringComparison.Ordinal);
        Assert.Contains("Authorisation API", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_honours_If_Match_and_a_stale_write_changes_nothing()
    {
        var team = await MapTeam.CreateAsync(app);
        var a = (await team.SystemAsync("Checkout"))["id"]!.GetValue<Guid>();
        var b = (await team.SystemAsync("Ledger"))["id"]!.GetValue<Guid>();
        var face = await team.InterfaceAsync("Bookings", a, b, status: "planned");
        var id = face["id"]!.GetValue<Guid>();

        using var ok = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/interfaces/{id}") { Content = JsonContent.Create(new { status = "live" }) };
        ok.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var okResponse = await team.Tl.SendAsync(ok);
        var changed = (await Expect.Status(HttpStatusCode.OK, okResponse))!;
        Assert.Equal("live", changed["status"]!.GetValue<string>());
        Assert.Equal(2, changed["version"]!.GetValue<int>());

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/interfaces/{id}") { Content = JsonContent.Create(new { status = "retired" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var staleResponse = await team.Tl.SendAsync(stale);
        await Expect.Problem(HttpStatusCode.PreconditionFailed, staleResponse);

        using var staleSystem = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/systems/{a}") { Content = JsonContent.Create(new { name = "Renamed" }) };
        staleSystem.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        using var staleSystemResponse = await team.Tl.SendAsync(staleSystem);
        await Expect.Problem(HttpStatusCode.PreconditionFailed, staleSystemResponse);

        var after = (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/interfaces/{id}"))!;
        Assert.Equal("live", after["status"]!.GetValue<string>());
        Assert.Equal("Checkout", (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/systems/{a}"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_interfaces_are_refused_with_every_bad_field_and_the_allowed_values_and_nothing_is_written()
    {
        var team = await MapTeam.CreateAsync(app);
        var a = (await team.SystemAsync("Checkout"))["id"]!.GetValue<Guid>();
        var other = await MapTeam.CreateAsync(app);
        var foreign = (await other.SystemAsync("Elsewhere"))["id"]!.GetValue<Guid>();

        using var bad = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/interfaces",
            new { name = "", providerId = a, consumerId = foreign, protocol = "carrier-pigeon", status = "someday", risk = "dire" });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, bad);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "name", "consumerId", "protocol", "status", "risk" }) Assert.True(errors.ContainsKey(field), $"{field} missing in {errors}");
        Assert.Contains("rest, grpc, messaging, file, database, webhook, other", errors["protocol"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("planned, in-development, live, deprecated, retired", errors["status"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        using var same = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/interfaces", new { name = "Loop", providerId = a, consumerId = a, protocol = "rest" });
        Assert.Contains("same", (await Expect.Problem(HttpStatusCode.BadRequest, same))["errors"]!["consumerId"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        using var missing = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/interfaces", new { name = "Nowhere", protocol = "rest" });
        var missingErrors = (await Expect.Problem(HttpStatusCode.BadRequest, missing))["errors"]!.AsObject();
        Assert.True(missingErrors.ContainsKey("providerId") && missingErrors.ContainsKey("consumerId"));

        using var noName = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/systems", new { name = " ", owner = new string('x', 200) });
        var systemErrors = (await Expect.Problem(HttpStatusCode.BadRequest, noName))["errors"]!.AsObject();
        Assert.True(systemErrors.ContainsKey("name") && systemErrors.ContainsKey("owner"));

        var map = await team.MapAsync();
        Assert.Single(map["systems"]!.AsArray());
        Assert.Empty(map["interfaces"]!.AsArray());
        Assert.Single((await other.MapAsync())["systems"]!.AsArray());
    }

    [Fact]
    public async Task A_system_with_interfaces_is_not_deleted_and_the_answer_says_which_interfaces_hold_it()
    {
        var team = await MapTeam.CreateAsync(app);
        var a = (await team.SystemAsync("Settlement"))["id"]!.GetValue<Guid>();
        var part = (await team.ComponentAsync(a, "Nightly batch"))["id"]!.GetValue<Guid>();
        var bank = (await team.SystemAsync("Bank", external: true))["id"]!.GetValue<Guid>();
        var face = (await team.InterfaceAsync("Statements", bank, part, protocol: "file"))["id"]!.GetValue<Guid>();

        using var refused = await team.Tl.DeleteAsync($"/api/v1/systems/{a}");
        var detail = Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, refused));
        Assert.Contains("\"Statements\"", detail, StringComparison.Ordinal);
        Assert.Contains("components", detail, StringComparison.Ordinal);
        Assert.Equal(2, (await team.MapAsync())["systems"]!.AsArray().Count);

        using (var removeFace = await team.Tl.DeleteAsync($"/api/v1/interfaces/{face}")) Assert.Equal(HttpStatusCode.NoContent, removeFace.StatusCode);
        using (var removed = await team.Tl.DeleteAsync($"/api/v1/systems/{a}")) Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var gone = await team.Tl.GetAsync($"/api/v1/systems/{part}")) await Expect.Problem(HttpStatusCode.NotFound, gone);
        var map = await team.MapAsync();
        Assert.Equal("Bank", Assert.Single(map["systems"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Empty(map["components"]!.AsArray());
    }

    [Fact]
    public async Task The_team_reads_the_map_but_changing_it_is_refused_naming_the_Tech_Lead()
    {
        var team = await MapTeam.CreateAsync(app);
        var a = (await team.SystemAsync("Checkout"))["id"]!.GetValue<Guid>();
        var b = (await team.SystemAsync("Ledger"))["id"]!.GetValue<Guid>();
        var face = (await team.InterfaceAsync("Bookings", a, b))["id"]!.GetValue<Guid>();

        foreach (var client in new[] { team.Dev, team.Po })
        {
            using var add = await client.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/systems", new { name = "Sneaky" });
            var detail = Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, add));
            Assert.Contains($"Only the Tech Lead of {team.ProductKey} ({team.TechLead.DisplayName}) can change the integration map", detail, StringComparison.Ordinal);
            using var patch = await client.PatchAsJsonAsync($"/api/v1/interfaces/{face}", new { status = "retired" });
            await Expect.Problem(HttpStatusCode.Forbidden, patch);
            using var delete = await client.DeleteAsync($"/api/v1/systems/{a}");
            await Expect.Problem(HttpStatusCode.Forbidden, delete);
        }
        using var devAdd = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/systems", new { name = "Sneaky" });
        Assert.Contains("propose the change as a decision record instead", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, devAdd)), StringComparison.Ordinal);

        var map = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/integration-map"))!;
        Assert.Equal(2, map["systems"]!.AsArray().Count);
        Assert.Equal("live", Assert.Single(map["interfaces"]!.AsArray())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Interfaces_link_to_items_records_and_debt_and_each_side_shows_the_other()
    {
        var team = await MapTeam.CreateAsync(app);
        var a = (await team.SystemAsync("Gateway"))["id"]!.GetValue<Guid>();
        var b = (await team.SystemAsync("Acquirer", external: true))["id"]!.GetValue<Guid>();
        var face = (await team.InterfaceAsync("Authorisation", b, a))["id"]!.GetValue<Guid>();
        var item = (await team.ItemAsync("Retry a failed card charge"))["key"]!.GetValue<string>();
        var adr = await team.AdrAsync("Retry acquirer calls with backoff");
        using var debtResponse = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/debt", new { title = "No retries", kind = "code", principal = 2, interest = 1 });
        var debt = (await Expect.Status(HttpStatusCode.Created, debtResponse))!["id"]!.GetValue<Guid>();

        foreach (var body in new object[] { new { itemKey = item.ToLowerInvariant() }, new { adrId = adr["id"] }, new { debtId = debt } })
        {
            using var linked = await team.Tl.PostAsJsonAsync($"/api/v1/interfaces/{face}/links", body);
            await Expect.Status(HttpStatusCode.OK, linked);
        }
        using (var twice = await team.Tl.PostAsJsonAsync($"/api/v1/interfaces/{face}/links", new { itemKey = item })) await Expect.Problem(HttpStatusCode.Conflict, twice);
        using (var both = await team.Tl.PostAsJsonAsync($"/api/v1/interfaces/{face}/links", new { itemKey = item, debtId = debt })) await Expect.Problem(HttpStatusCode.BadRequest, both);
        using (var unknown = await team.Tl.PostAsJsonAsync($"/api/v1/interfaces/{face}/links", new { itemKey = $"{team.ProductKey}-9999" })) await Expect.Problem(HttpStatusCode.BadRequest, unknown);
        using (var devLink = await team.Dev.PostAsJsonAsync($"/api/v1/interfaces/{face}/links", new { debtId = debt })) await Expect.Problem(HttpStatusCode.Forbidden, devLink);

        var read = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/interfaces/{face}"))!;
        Assert.Equal(item, Assert.Single(read["items"]!.AsArray())!["key"]!.GetValue<string>());
        Assert.Equal(adr["number"]!.GetValue<int>(), Assert.Single(read["adrs"]!.AsArray())!["number"]!.GetValue<int>());
        var linkedDebt = Assert.Single(read["debts"]!.AsArray())!;
        Assert.Equal("No retries", linkedDebt["title"]!.GetValue<string>());

        // The record shows the interface that links it.
        var touched = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/items/{item}/shaped-by"))!;
        Assert.Equal("Authorisation", Assert.Single(touched["interfaces"]!.AsArray())!["name"]!.GetValue<string>());
        var adrLinks = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/adrs/{adr["id"]}/links"))!;
        Assert.Equal("Authorisation", Assert.Single(adrLinks["interfaces"]!.AsArray())!["name"]!.GetValue<string>());

        using var unlink = await team.Tl.DeleteAsync($"/api/v1/interfaces/{face}/links/{linkedDebt["linkId"]}");
        Assert.Empty((await Expect.Status(HttpStatusCode.OK, unlink))!["debts"]!.AsArray());
    }

    [Fact]
    public async Task Records_link_items_and_systems_while_proposed_and_after_acceptance_only_the_Tech_Lead_removes_links()
    {
        var team = await MapTeam.CreateAsync(app);
        var system = (await team.SystemAsync("Settlement"))["id"]!.GetValue<Guid>();
        var part = (await team.ComponentAsync(system, "Payout ledger"))["id"]!.GetValue<Guid>();
        var item = (await team.ItemAsync("Schedule payouts weekly"))["key"]!.GetValue<string>();
        var second = (await team.ItemAsync("See payouts by day"))["key"]!.GetValue<string>();
        var adr = await team.AdrAsync("Payouts run per merchant");
        var id = adr["id"]!.GetValue<Guid>();

        using (var linkItem = await team.Dev.PostAsJsonAsync($"/api/v1/adrs/{id}/links", new { itemKey = item })) await Expect.Status(HttpStatusCode.OK, linkItem);
        using (var linkPart = await team.Dev.PostAsJsonAsync($"/api/v1/adrs/{id}/links", new { systemId = part }))
        {
            var links = (await Expect.Status(HttpStatusCode.OK, linkPart))!;
            var linked = Assert.Single(links["systems"]!.AsArray())!;
            Assert.True(linked["isComponent"]!.GetValue<bool>());
            Assert.Equal("Settlement", linked["systemName"]!.GetValue<string>());
        }
        using (var none = await team.Dev.PostAsJsonAsync($"/api/v1/adrs/{id}/links", new { })) await Expect.Problem(HttpStatusCode.BadRequest, none);
        using (var missing = await team.Dev.PostAsJsonAsync($"/api/v1/adrs/{id}/links", new { itemKey = $"{team.ProductKey}-99999" })) await Expect.Problem(HttpStatusCode.BadRequest, missing);

        // Both ways: the record lists the item (also in its own items), the component page lists the record.
        Assert.Contains(item, (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/adrs/{id}"))!["items"]!.AsArray().Select(k => k!.GetValue<string>()));
        var partRead = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/systems/{part}"))!;
        Assert.Equal(adr["number"]!.GetValue<int>(), Assert.Single(partRead["adrs"]!.AsArray())!["number"]!.GetValue<int>());

        using (var accept = await team.Tl.PostAsJsonAsync($"/api/v1/adrs/{id}/accept", new { })) await Expect.Status(HttpStatusCode.OK, accept);

        // Accepted: its text is fixed, but links are navigation and may still be added (logged).
        using (var late = await team.Dev.PostAsJsonAsync($"/api/v1/adrs/{id}/links", new { itemKey = second })) await Expect.Status(HttpStatusCode.OK, late);
        Assert.Contains($"Linked {second} to the accepted ADR", await team.LogAsync(), StringComparison.Ordinal);
        using (var edit = await team.Dev.PatchAsJsonAsync($"/api/v1/adrs/{id}", new { items = Array.Empty<string>() })) await Expect.Problem(HttpStatusCode.Conflict, edit);

        using (var devRemove = await team.Dev.DeleteAsync($"/api/v1/adrs/{id}/links/items/{item}"))
        {
            var detail = Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, devRemove));
            Assert.Contains("is accepted", detail, StringComparison.Ordinal);
            Assert.Contains($"Tech Lead of {team.ProductKey} ({team.TechLead.DisplayName})", detail, StringComparison.Ordinal);
        }
        using (var tlRemove = await team.Tl.DeleteAsync($"/api/v1/adrs/{id}/links/systems/{part}"))
            Assert.Empty((await Expect.Status(HttpStatusCode.OK, tlRemove))!["systems"]!.AsArray());
        var log = await team.LogAsync();
        Assert.Contains("Payout ledger", log, StringComparison.Ordinal);
        Assert.Contains("from the accepted ADR", log, StringComparison.Ordinal);

        var items = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/adrs/{id}/links"))!["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()).ToList();
        Assert.Equal([item, second], items);

        // The item side: "shaped by" this record.
        var shaping = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/items/{second}/shaped-by"))!;
        Assert.Equal(adr["number"]!.GetValue<int>(), Assert.Single(shaping["adrs"]!.AsArray())!["number"]!.GetValue<int>());
        using (var unknown = await team.Po.GetAsync($"/api/v1/items/{team.ProductKey}-99999/shaped-by")) await Expect.Problem(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task The_svg_draws_a_link_for_every_system_component_and_interface()
    {
        var team = await MapTeam.CreateAsync(app);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++) ids.Add((await team.SystemAsync($"System <{i}> & co", external: i == 3))["id"]!.GetValue<Guid>());
        var part = (await team.ComponentAsync(ids[0], "Part"))["id"]!.GetValue<Guid>();
        var faces = new List<Guid>
        {
            (await team.InterfaceAsync("One", ids[0], ids[1]))["id"]!.GetValue<Guid>(),
            (await team.InterfaceAsync("Two", ids[1], ids[2], status: "planned"))["id"]!.GetValue<Guid>(),
            (await team.InterfaceAsync("Back", ids[2], part, status: "deprecated"))["id"]!.GetValue<Guid>(),
            (await team.InterfaceAsync("Partner", ids[3], ids[1], protocol: "webhook"))["id"]!.GetValue<Guid>(),
        };

        using var response = await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/integration-map.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        var doc = System.Xml.Linq.XDocument.Parse(svg);
        Assert.Contains("<title id=\"map-title\">", svg, StringComparison.Ordinal);
        Assert.Contains("<desc id=\"map-desc\">4 systems (1 external partners), 1 components and 4 interfaces", svg, StringComparison.Ordinal);
        foreach (var id in ids.Append(part))
            Assert.Contains($"<a href=\"/p/{team.ProductKey}/integrations/systems/{id}\"", svg, StringComparison.Ordinal);
        foreach (var id in faces)
            Assert.Contains($"<a href=\"/p/{team.ProductKey}/integrations/interfaces/{id}\"", svg, StringComparison.Ordinal);
        Assert.Contains("System &lt;0&gt; &amp; co", svg, StringComparison.Ordinal);
        Assert.Contains("class=\"map-system external\"", svg, StringComparison.Ordinal);
        Assert.Contains("marker-end=\"url(#arrow-deprecated)\"", svg, StringComparison.Ordinal);
        // One link per box and per arrow, plus one per arrow label (hidden from assistive technology).
        var anchors = doc.Descendants("{http://www.w3.org/2000/svg}a").ToList();
        Assert.Equal(9, anchors.Count(a => a.Attribute("aria-hidden") is null));
        Assert.Equal(4, anchors.Count(a => a.Attribute("class")!.Value == "map-label"));

        // The same map draws the same picture.
        Assert.Equal(svg, await team.Po.GetStringAsync($"/api/v1/products/{team.ProductKey}/integration-map.svg"));
    }

    [Fact]
    public async Task Another_workspace_cannot_see_or_touch_the_map()
    {
        var team = await MapTeam.CreateAsync(app);
        var a = (await team.SystemAsync("Checkout"))["id"]!.GetValue<Guid>();
        var b = (await team.SystemAsync("Ledger"))["id"]!.GetValue<Guid>();
        var face = (await team.InterfaceAsync("Bookings", a, b))["id"]!.GetValue<Guid>();
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);

        using (var map = await globex.GetAsync($"/api/v1/products/{team.ProductKey}/integration-map")) await Expect.Problem(HttpStatusCode.NotFound, map);
        using (var system = await globex.GetAsync($"/api/v1/systems/{a}")) await Expect.Problem(HttpStatusCode.NotFound, system);
        using (var patch = await globex.PatchAsJsonAsync($"/api/v1/interfaces/{face}", new { status = "retired" })) await Expect.Problem(HttpStatusCode.NotFound, patch);
        using (var delete = await globex.DeleteAsync($"/api/v1/systems/{a}")) await Expect.Problem(HttpStatusCode.NotFound, delete);
        Assert.Equal("live", Assert.Single((await team.MapAsync())["interfaces"]!.AsArray())!["status"]!.GetValue<string>());
    }
}
