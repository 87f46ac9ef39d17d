using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Domain.Nfrs;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Nfrs;

/// <summary>A fresh product with a Tech Lead, a Product Owner, a TPM and a Developer, and intent helpers for NFRs.</summary>
public sealed class NfrTeam
{
    private NfrTeam(string productKey) => ProductKey = productKey;

    public string ProductKey { get; }
    public HttpClient Tl { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Tpm { get; private set; } = null!;
    public HttpClient Dev { get; private set; } = null!;
    public string TlName { get; private set; } = "";
    public string PoName { get; private set; } = "";
    public string TpmName { get; private set; } = "";
    public Guid DevId { get; private set; }

    public static async Task<NfrTeam> CreateAsync(TandemApp app)
    {
        var team = new NfrTeam(await app.CreateProductAsync());
        (team.Tl, team.TlName, _) = await MemberAsync(app, team.ProductKey, "tech-lead");
        (team.Po, team.PoName, _) = await MemberAsync(app, team.ProductKey, "product-owner");
        (team.Tpm, team.TpmName, _) = await MemberAsync(app, team.ProductKey, "technical-project-manager");
        (team.Dev, _, team.DevId) = await MemberAsync(app, team.ProductKey, "developer");
        return team;
    }

    private static async Task<(HttpClient, string, Guid)> MemberAsync(TandemApp app, string key, string role)
    {
        var person = await app.CreatePersonAsync(TandemApp.Unique(role));
        await app.AssignAsync(key, person.Id, role);
        return (await app.SignInAsync(person.Email, person.Password), person.DisplayName, person.Id);
    }

    public static object Latency(string category = "performance") => new
    {
        category, statement = "Checkout answers fast at peak", metric = "p95 latency of POST /payments", target = "≤ 200 ms",
    };

    public static object Target(string target = "≤ 200 ms") => new { metric = "p95 latency of POST /payments", target, threshold = "≤ 350 ms", verification = "k6 load test in staging" };

    public async Task<JsonObject> ProposeAsync(object? nfr = null, HttpClient? by = null)
    {
        using var response = await (by ?? Dev).PostAsJsonAsync($"/api/v1/products/{ProductKey}/nfrs", nfr ?? Latency());
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> ReleaseAsync(string name, string plannedOn = "2026-12-15")
    {
        using var response = await Tpm.PostAsJsonAsync($"/api/v1/products/{ProductKey}/releases", new { name, plannedOn });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> VerifyAsync(Guid id, string release, string result, string measured = "180 ms", string? evidenceUrl = "https://ci.example.com/run/1")
    {
        using var response = await Tl.PostAsJsonAsync($"/api/v1/nfrs/{id}/verifications", new { release, result, measuredValue = measured, evidenceUrl });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public async Task<JsonObject> GetAsync(Guid id) => (await Dev.GetFromJsonAsync<JsonObject>($"/api/v1/nfrs/{id}"))!;

    public async Task<JsonArray> ListAsync(string query = "") =>
        (await Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{ProductKey}/nfrs{query}"))!["items"]!.AsArray();
}

[Collection(TandemCollection.Name)]
public class NfrTests(TandemApp app)
{
    [Fact]
    public async Task A_developer_proposes_the_Tech_Lead_sets_the_target_and_the_Product_Owner_agrees_the_need_each_logged()
    {
        var team = await NfrTeam.CreateAsync(app);
        using var created = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/nfrs", new
        {
            category = "performance", statement = "Checkout answers fast at peak", metric = "p95 latency of POST /payments", target = "≤ 250 ms", ownerId = team.DevId,
        });
        var nfr = (await Expect.Status(HttpStatusCode.Created, created))!.AsObject();
        var id = nfr["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/nfrs/{id}", created.Headers.Location!.ToString());
        Assert.Equal("NFR-1", nfr["code"]!.GetValue<string>());
        Assert.Equal("proposed", nfr["status"]!.GetValue<string>());
        Assert.Equal("≤ 250 ms", nfr["target"]!.GetValue<string>());
        Assert.Equal(team.DevId, nfr["owner"]!["id"]!.GetValue<Guid>());
        Assert.Null(nfr["targetSetBy"]);

        using (var target = await team.Tl.PutAsJsonAsync($"/api/v1/nfrs/{id}/target", NfrTeam.Target()))
        {
            var set = (await Expect.Status(HttpStatusCode.OK, target))!;
            Assert.Equal("targeted", set["status"]!.GetValue<string>());
            Assert.Equal("≤ 200 ms", set["target"]!.GetValue<string>());
            Assert.Equal("≤ 350 ms", set["threshold"]!.GetValue<string>());
            Assert.Equal("k6 load test in staging", set["verification"]!.GetValue<string>());
            Assert.Equal(team.TlName, set["targetSetBy"]!["displayName"]!.GetValue<string>());
            Assert.NotNull(set["targetSetAt"]);
        }
        using (var agree = await team.Po.PostAsJsonAsync($"/api/v1/nfrs/{id}/agree", new { reason = "Abandoned checkouts cost us" }))
        {
            var agreed = (await Expect.Status(HttpStatusCode.OK, agree))!;
            Assert.Equal("active", agreed["status"]!.GetValue<string>());
            Assert.Equal(team.PoName, agreed["needAgreedBy"]!["displayName"]!.GetValue<string>());
        }
        using (var again = await team.Po.PostAsJsonAsync($"/api/v1/nfrs/{id}/agree", new { }))
            await Expect.Problem(HttpStatusCode.Conflict, again);

        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("nfr.set-target", log, StringComparison.Ordinal);
        Assert.Contains("nfr.agree-need", log, StringComparison.Ordinal);
        Assert.Contains("Set the target of NFR-1", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_NFR_without_a_metric_is_refused_naming_the_field_and_nothing_is_written()
    {
        var team = await NfrTeam.CreateAsync(app);
        using (var noMetric = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/nfrs", new { category = "security", statement = "Card data is encrypted" }))
        {
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, noMetric);
            var errors = problem["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("metric"), problem.ToJsonString());
            Assert.Contains("metric", Expect.Detail(problem), StringComparison.Ordinal);
        }
        using (var empty = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/nfrs", new { category = "speed", metric = "  " }))
        {
            var errors = (await Expect.Problem(HttpStatusCode.BadRequest, empty))["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("metric"));
            Assert.True(errors.ContainsKey("statement"));
            Assert.True(errors.ContainsKey("category"));
        }
        using (var outsider = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/nfrs", new { category = "security", statement = "s", metric = "m", ownerId = Guid.NewGuid() }))
            Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, outsider))["errors"]!.AsObject().ContainsKey("ownerId"));
        Assert.Empty(await team.ListAsync());

        var nfr = await team.ProposeAsync();
        using (var target = await team.Tl.PutAsJsonAsync($"/api/v1/nfrs/{nfr["id"]}/target", new { metric = "", target = "≤ 200 ms" }))
        {
            var errors = (await Expect.Problem(HttpStatusCode.BadRequest, target))["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("metric"));
            Assert.True(errors.ContainsKey("threshold"));
            Assert.True(errors.ContainsKey("verification"));
        }
        var after = await team.GetAsync(nfr["id"]!.GetValue<Guid>());
        Assert.Equal("proposed", after["status"]!.GetValue<string>());
        Assert.Equal("p95 latency of POST /payments", after["metric"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_Tech_Lead_sets_targets_and_verifies_and_only_the_Product_Owner_agrees_the_need_refusals_name_them()
    {
        var team = await NfrTeam.CreateAsync(app);
        var id = (await team.ProposeAsync())["id"]!.GetValue<Guid>();
        await team.ReleaseAsync("2026.12");

        using (var devTarget = await team.Dev.PutAsJsonAsync($"/api/v1/nfrs/{id}/target", NfrTeam.Target()))
            Assert.Contains(team.TlName, Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, devTarget)), StringComparison.Ordinal);
        using (var poTarget = await team.Po.PutAsJsonAsync($"/api/v1/nfrs/{id}/target", NfrTeam.Target()))
            Assert.Contains(team.TlName, Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, poTarget)), StringComparison.Ordinal);
        using (var devAgree = await team.Dev.PostAsJsonAsync($"/api/v1/nfrs/{id}/agree", new { }))
            Assert.Contains(team.PoName, Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, devAgree)), StringComparison.Ordinal);
        using (var tlAgree = await team.Tl.PostAsJsonAsync($"/api/v1/nfrs/{id}/agree", new { }))
            Assert.Contains(team.PoName, Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, tlAgree)), StringComparison.Ordinal);
        using (var devVerify = await team.Dev.PostAsJsonAsync($"/api/v1/nfrs/{id}/verifications", new { release = "2026.12", result = "met", measuredValue = "1 ms" }))
            Assert.Contains(team.TlName, Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, devVerify)), StringComparison.Ordinal);
        using (var devPatch = await team.Dev.PatchAsJsonAsync($"/api/v1/nfrs/{id}", new { retired = true }))
            await Expect.Problem(HttpStatusCode.Forbidden, devPatch);

        var nfr = await team.GetAsync(id);
        Assert.Equal("proposed", nfr["status"]!.GetValue<string>());
        Assert.Empty(nfr["verifications"]!.AsArray());
        Assert.Null(nfr["needAgreedBy"]);
    }

    [Fact]
    public async Task An_NFR_linked_to_a_story_joins_its_Definition_of_Done_checked_when_the_latest_verification_is_met()
    {
        var team = await NfrTeam.CreateAsync(app);
        using var storyResponse = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "As a customer I want to pay by card so that I can buy" });
        var story = (await Expect.Status(HttpStatusCode.Created, storyResponse))!["key"]!.GetValue<string>();
        using var epicResponse = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "epic", title = "Checkout" });
        var epic = (await Expect.Status(HttpStatusCode.Created, epicResponse))!["key"]!.GetValue<string>();
        using var adrResponse = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/adrs", new { title = "Cache card tokens", context = "c", decision = "d", consequences = "q" });
        var adrNumber = (await Expect.Status(HttpStatusCode.Created, adrResponse))!["number"]!.GetValue<int>();
        var id = (await team.ProposeAsync())["id"]!.GetValue<Guid>();
        using (var target = await team.Tl.PutAsJsonAsync($"/api/v1/nfrs/{id}/target", NfrTeam.Target()))
            await Expect.Status(HttpStatusCode.OK, target);
        await team.ReleaseAsync("2026.11", "2026-11-15");
        await team.ReleaseAsync("2026.12");

        foreach (var (kind, target) in new[] { ("item", story), ("item", epic), ("release", "2026.12"), ("decision", $"ADR-{adrNumber}") })
        {
            using var linked = await team.Dev.PostAsJsonAsync($"/api/v1/nfrs/{id}/links", new { kind, target });
            await Expect.Status(HttpStatusCode.OK, linked);
        }
        using (var duplicate = await team.Dev.PostAsJsonAsync($"/api/v1/nfrs/{id}/links", new { kind = "item", target = story }))
            await Expect.Problem(HttpStatusCode.Conflict, duplicate);
        using (var unknown = await team.Dev.PostAsJsonAsync($"/api/v1/nfrs/{id}/links", new { kind = "item", target = "NOPE-1" }))
            Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, unknown))["errors"]!.AsObject().ContainsKey("target"));
        var links = (await team.GetAsync(id))["links"]!.AsArray();
        Assert.Equal(4, links.Count);
        Assert.Contains(links, l => l!["kind"]!.GetValue<string>() == "decision" && l["target"]!.GetValue<string>() == $"ADR-{adrNumber}" && l["title"]!.GetValue<string>() == "Cache card tokens");
        Assert.Contains(links, l => l!["kind"]!.GetValue<string>() == "release" && l["target"]!.GetValue<string>() == "2026.12");

        async Task<JsonObject> DoneLine()
        {
            var item = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/items/{story}"))!;
            return item["definitionOfDone"]!["nfrs"]!.AsArray().Single()!.AsObject();
        }
        var line = await DoneLine();
        Assert.Equal("NFR-1", line["code"]!.GetValue<string>());
        Assert.Equal("NFR-1 p95 latency of POST /payments ≤ 200 ms met?", line["text"]!.GetValue<string>());
        Assert.False(line["met"]!.GetValue<bool>());

        await team.VerifyAsync(id, "2026.12", "met", "182 ms");
        Assert.True((await DoneLine())["met"]!.GetValue<bool>());
        await team.VerifyAsync(id, "2026.11", "not-met", "260 ms");
        var notMet = await DoneLine();
        Assert.False(notMet["met"]!.GetValue<bool>());
        Assert.Equal("not-met", notMet["result"]!.GetValue<string>());

        var itemLink = links.First(l => l!["target"]!.GetValue<string>() == story)!["id"]!.GetValue<Guid>();
        using (var removed = await team.Dev.DeleteAsync($"/api/v1/nfrs/{id}/links/{itemLink}"))
            await Expect.Status(HttpStatusCode.OK, removed);
        var after = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/items/{story}"))!;
        Assert.Empty(after["definitionOfDone"]!["nfrs"]!.AsArray());
        var epicItem = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/items/{epic}"))!;
        Assert.Single(epicItem["definitionOfDone"]!["nfrs"]!.AsArray());
    }

    [Fact]
    public async Task An_items_Definition_of_Done_lists_its_NFRs_by_number_leaves_out_retired_ones_and_says_when_a_target_is_not_set()
    {
        var team = await NfrTeam.CreateAsync(app);
        using var storyResponse = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "As a customer I want to pay by card so that I can buy" });
        var story = (await Expect.Status(HttpStatusCode.Created, storyResponse))!["key"]!.GetValue<string>();
        var latency = (await team.ProposeAsync())["id"]!.GetValue<Guid>();
        var security = (await team.ProposeAsync(new { category = "security", statement = "Card data encrypted", metric = "critical scan findings" }))["id"]!.GetValue<Guid>();
        var retiring = (await team.ProposeAsync())["id"]!.GetValue<Guid>();
        // Linked last number first, so the order of the lines is the NFRs' and not the links'.
        foreach (var id in new[] { retiring, security, latency })
        {
            using var linked = await team.Dev.PostAsJsonAsync($"/api/v1/nfrs/{id}/links", new { kind = "item", target = story });
            await Expect.Status(HttpStatusCode.OK, linked);
        }
        using (var retire = await team.Tl.PatchAsJsonAsync($"/api/v1/nfrs/{retiring}", new { retired = true }))
            await Expect.Status(HttpStatusCode.OK, retire);

        var item = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/items/{story}"))!;
        var lines = item["definitionOfDone"]!["nfrs"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal(["NFR-1", "NFR-2"], lines.Select(l => l["code"]!.GetValue<string>()));
        Assert.Equal([latency, security], lines.Select(l => l["nfrId"]!.GetValue<Guid>()));
        Assert.Equal("NFR-2 critical scan findings (target not set) met?", lines[1]["text"]!.GetValue<string>());
        Assert.All(lines, l => Assert.Equal("not-verified", l["result"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.False(l["met"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Verification_per_release_keeps_history_validates_the_evidence_link_and_the_compliance_view_shows_the_current_result()
    {
        var team = await NfrTeam.CreateAsync(app);
        var latency = (await team.ProposeAsync())["id"]!.GetValue<Guid>();
        var security = (await team.ProposeAsync(new { category = "security", statement = "Card data encrypted", metric = "critical scan findings" }))["id"]!.GetValue<Guid>();
        await team.ReleaseAsync("2026.11", "2026-11-15");
        await team.ReleaseAsync("2026.12", "2026-12-15");

        foreach (var (body, field) in new (object, string)[]
        {
            (new { release = "2026.12", result = "met", measuredValue = "1 ms", evidenceUrl = "javascript:alert(1)" }, "evidenceUrl"),
            (new { release = "2026.12", result = "met", measuredValue = "1 ms", evidenceUrl = "ftp://files.example.com/report" }, "evidenceUrl"),
            (new { release = "2026.12", result = "met", measuredValue = "1 ms", evidenceUrl = "not a url" }, "evidenceUrl"),
            (new { release = "2026.12", result = "met", measuredValue = "", evidenceUrl = "https://ci.example.com" }, "measuredValue"),
            (new { release = "2099.1", result = "met", measuredValue = "1 ms", evidenceUrl = "https://ci.example.com" }, "release"),
            (new { release = "2026.12", result = "passed", measuredValue = "1 ms", evidenceUrl = "https://ci.example.com" }, "result"),
        })
        {
            using var bad = await team.Tl.PostAsJsonAsync($"/api/v1/nfrs/{latency}/verifications", body);
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, bad);
            Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{field}: {problem.ToJsonString()}");
        }
        Assert.Empty((await team.GetAsync(latency))["verifications"]!.AsArray());

        var first = await team.VerifyAsync(latency, "2026.12", "not-met", "241 ms", "https://ci.example.com/run/1");
        Assert.Equal("not-met", first["result"]!.GetValue<string>());
        Assert.Equal("https://ci.example.com/run/1", first["evidenceUrl"]!.GetValue<string>());
        await team.VerifyAsync(latency, "2026.12", "met", "190 ms", "http://ci.example.com/run/2");
        await team.VerifyAsync(security, "2026.11", "met", "0 findings", null);

        var history = (await team.Dev.GetFromJsonAsync<JsonArray>($"/api/v1/nfrs/{latency}/verifications"))!;
        Assert.Equal(2, history.Count);
        Assert.Equal("met", history[0]!["result"]!.GetValue<string>());
        Assert.True(history[0]!["isCurrent"]!.GetValue<bool>());
        Assert.False(history[1]!["isCurrent"]!.GetValue<bool>());
        Assert.Equal(team.TlName, history[0]!["recordedBy"]!["displayName"]!.GetValue<string>());
        Assert.Equal("met", (await team.GetAsync(latency))["latestResult"]!.GetValue<string>());

        var grid = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/nfrs/compliance"))!;
        Assert.Equal(["2026.11", "2026.12"], grid["releases"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        var rows = grid["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var latencyCells = rows.Single(r => r!["nfr"]!["id"]!.GetValue<Guid>() == latency)!["cells"]!.AsArray();
        Assert.Equal("not-verified", latencyCells[0]!["result"]!.GetValue<string>());
        Assert.Equal("met", latencyCells[1]!["result"]!.GetValue<string>());
        Assert.Equal("190 ms", latencyCells[1]!["measuredValue"]!.GetValue<string>());
        var securityCells = rows.Single(r => r!["nfr"]!["id"]!.GetValue<Guid>() == security)!["cells"]!.AsArray();
        Assert.Equal("met", securityCells[0]!["result"]!.GetValue<string>());

        var filtered = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/nfrs/compliance?category=security"))!["rows"]!.AsArray();
        Assert.Equal(security, filtered.Single()!["nfr"]!["id"]!.GetValue<Guid>());
        using (var badCategory = await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/nfrs/compliance?category=speed"))
            await Expect.Problem(HttpStatusCode.BadRequest, badCategory);

        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("nfr.verify", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalogue_pages_with_a_cursor_and_filters_by_category_and_status()
    {
        var team = await NfrTeam.CreateAsync(app);
        foreach (var category in new[] { "performance", "security", "performance", "usability", "performance" })
            await team.ProposeAsync(NfrTeam.Latency(category));
        var third = (await team.ListAsync("?category=performance"))[1]!["id"]!.GetValue<Guid>();
        using (var target = await team.Tl.PutAsJsonAsync($"/api/v1/nfrs/{third}/target", NfrTeam.Target()))
            await Expect.Status(HttpStatusCode.OK, target);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/nfrs?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"))!;
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 2);
            seen.AddRange(items.Select(i => i!["code"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.Equal(["NFR-1", "NFR-2", "NFR-3", "NFR-4", "NFR-5"], seen);

        Assert.Equal(["NFR-1", "NFR-3", "NFR-5"], (await team.ListAsync("?category=performance")).Select(i => i!["code"]!.GetValue<string>()));
        Assert.Equal(["NFR-3"], (await team.ListAsync("?status=targeted")).Select(i => i!["code"]!.GetValue<string>()));
        Assert.Equal(["NFR-2"], (await team.ListAsync("?category=security&status=proposed")).Select(i => i!["code"]!.GetValue<string>()));

        foreach (var bad in new[] { "?cursor=not-ours", "?limit=0", "?status=done", "?category=speed" })
        {
            using var response = await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/nfrs{bad}");
            await Expect.Problem(HttpStatusCode.BadRequest, response);
        }
    }

    [Fact]
    public async Task Patch_and_target_honour_If_Match_and_a_stale_write_changes_nothing()
    {
        var team = await NfrTeam.CreateAsync(app);
        var id = (await team.ProposeAsync())["id"]!.GetValue<Guid>();
        using var got = await team.Tl.GetAsync($"/api/v1/nfrs/{id}");
        var etag = got.Headers.ETag!.ToString();

        using (var first = await Send(team.Tl, HttpMethod.Patch, $"/api/v1/nfrs/{id}", new { statement = "Checkout answers within a blink", category = "usability" }, etag))
        {
            var changed = (await Expect.Status(HttpStatusCode.OK, first))!;
            Assert.Equal("usability", changed["category"]!.GetValue<string>());
            Assert.NotEqual(etag, first.Headers.ETag!.ToString());
        }
        using (var stalePatch = await Send(team.Tl, HttpMethod.Patch, $"/api/v1/nfrs/{id}", new { retired = true }, etag))
            await Expect.Problem(HttpStatusCode.PreconditionFailed, stalePatch);
        using (var staleTarget = await Send(team.Tl, HttpMethod.Put, $"/api/v1/nfrs/{id}/target", NfrTeam.Target("≤ 1 ms"), etag))
            await Expect.Problem(HttpStatusCode.PreconditionFailed, staleTarget);

        var nfr = await team.GetAsync(id);
        Assert.Equal("proposed", nfr["status"]!.GetValue<string>());
        Assert.Equal("Checkout answers within a blink", nfr["statement"]!.GetValue<string>());
        Assert.Null(nfr["targetSetBy"]);

        using (var retire = await team.Tl.PatchAsJsonAsync($"/api/v1/nfrs/{id}", new { retired = true }))
            Assert.Equal("retired", (await Expect.Status(HttpStatusCode.OK, retire))!["status"]!.GetValue<string>());
        var compliance = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/nfrs/compliance"))!;
        Assert.Empty(compliance["rows"]!.AsArray());
    }

    [Fact]
    public async Task The_TPM_plans_releases_others_are_refused_naming_the_TPM_and_a_release_patch_honours_If_Match()
    {
        var team = await NfrTeam.CreateAsync(app);
        var release = await team.ReleaseAsync("2026.12", "2026-12-15");
        Assert.Equal("planned", release["status"]!.GetValue<string>());
        Assert.Equal("2026-12-15", release["plannedOn"]!.GetValue<string>());

        using (var tl = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/releases", new { name = "2027.1", plannedOn = "2027-01-15" }))
            Assert.Contains(team.TpmName, Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, tl)), StringComparison.Ordinal);
        using (var duplicate = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/releases", new { name = "2026.12", plannedOn = "2026-12-20" }))
            Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, duplicate))["errors"]!.AsObject().ContainsKey("name"));
        using (var badDate = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/releases", new { name = "2027.1", plannedOn = "15/01/2027" }))
            Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, badDate))["errors"]!.AsObject().ContainsKey("plannedOn"));

        var id = release["id"]!.GetValue<Guid>();
        using var got = await team.Tpm.GetAsync($"/api/v1/releases/{id}");
        var etag = got.Headers.ETag!.ToString();
        using (var shipped = await Send(team.Tpm, HttpMethod.Patch, $"/api/v1/releases/{id}", new { status = "released" }, etag))
        {
            var body = (await Expect.Status(HttpStatusCode.OK, shipped))!;
            Assert.Equal("released", body["status"]!.GetValue<string>());
            Assert.NotNull(body["releasedOn"]);
        }
        using (var stale = await Send(team.Tpm, HttpMethod.Patch, $"/api/v1/releases/{id}", new { name = "2026.12.1" }, etag))
            await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);
        var list = (await team.Dev.GetFromJsonAsync<JsonArray>($"/api/v1/products/{team.ProductKey}/releases"))!;
        Assert.Equal("2026.12", list.Single()!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_workspace_sees_no_NFR_or_release_and_changes_nothing()
    {
        var team = await NfrTeam.CreateAsync(app);
        var id = (await team.ProposeAsync())["id"]!.GetValue<Guid>();
        var release = (await team.ReleaseAsync("2026.12"))["id"]!.GetValue<Guid>();
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        foreach (var url in new[] { $"/api/v1/nfrs/{id}", $"/api/v1/products/{team.ProductKey}/nfrs", $"/api/v1/products/{team.ProductKey}/nfrs/compliance", $"/api/v1/releases/{release}", $"/api/v1/nfrs/{id}/verifications" })
        {
            using var response = await globex.GetAsync(url);
            await Expect.Problem(HttpStatusCode.NotFound, response);
        }
        using (var patch = await globex.PatchAsJsonAsync($"/api/v1/nfrs/{id}", new { retired = true }))
            await Expect.Problem(HttpStatusCode.NotFound, patch);
        using (var agree = await globex.PostAsJsonAsync($"/api/v1/nfrs/{id}/agree", new { }))
            await Expect.Problem(HttpStatusCode.NotFound, agree);
        Assert.Equal("proposed", (await team.GetAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_catalogue_list_stays_fast_with_ten_thousand_NFRs()
    {
        var team = await NfrTeam.CreateAsync(app);
        var first = await team.ProposeAsync();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var product = await db.Products.IgnoreQueryFilters().SingleAsync(p => p.Key == team.ProductKey);
            var categories = Enum.GetValues<NfrCategory>();
            var at = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            db.Nfrs.AddRange(Enumerable.Range(2, 9_999).Select(n => Nfr.Propose(product.WorkspaceId, product.Id, n, categories[n % categories.Length],
                $"Quality {n}", $"metric {n}", "≤ 1", null, null, null, first["proposedBy"]!["id"]!.GetValue<Guid>(), at)));
            await db.SaveChangesAsync();
        }
        var urls = new[] { "", "?category=security", "?status=proposed&limit=200", "?category=usability&status=proposed" };
        foreach (var url in urls) _ = await team.ListAsync(url);
        var list = new List<double>();
        var baseline = new List<double>();
        for (var i = 0; i < 80; i++)
        {
            list.Add(await TimeAsync(team.Dev, $"/api/v1/products/{team.ProductKey}/nfrs{urls[i % urls.Length]}"));
            baseline.Add(await TimeAsync(team.Dev, $"/api/v1/products/{team.ProductKey}"));
        }
        var (listP95, baselineP95) = (P95(list), P95(baseline));
        // The budget is 20 ms server time. Measured end to end on loopback on a shared two-core machine,
        // so a loaded machine is allowed what three reads of one product cost, interleaved with the list;
        // a list that scanned the 10,000 rows would cost far more than that.
        Assert.True(listP95 <= Math.Max(20, 3 * baselineP95), $"list p95 {listP95:0.0} ms, single product read p95 {baselineP95:0.0} ms");

        var page = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/nfrs?category=security"))!;
        Assert.Equal(Paging(), page["items"]!.AsArray().Count);
        Assert.NotNull(page["nextCursor"]);
        static int Paging() => Tandem.Application.Common.Paging.DefaultLimit;
    }

    private static async Task<double> TimeAsync(HttpClient client, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double P95(List<double> timings)
    {
        var sorted = timings.Order().ToList();
        return sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1];
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object body, string etag)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request);
    }
}
