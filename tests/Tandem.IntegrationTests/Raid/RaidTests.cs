using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Raid;

/// <summary>A product of its own with one person per role, signed in.</summary>
public sealed record RaidTeam(string Key, HttpClient Po, HttpClient Tl, HttpClient Sm, HttpClient Tpm, HttpClient Dev, HttpClient Stakeholder, Person TpmPerson, Person DevPerson)
{
    public static async Task<RaidTeam> CreateAsync(TandemApp app)
    {
        var key = await app.CreateProductAsync("RAID product");
        var people = new Dictionary<string, Person>();
        foreach (var role in new[] { "product-owner", "tech-lead", "scrum-master", "technical-project-manager", "developer", "stakeholder" })
        {
            var person = await app.CreatePersonAsync($"{role} {key}");
            await app.AssignAsync(key, person.Id, role);
            people[role] = person;
        }
        Task<HttpClient> In(string role) => app.SignInAsync(people[role].Email, people[role].Password);
        return new RaidTeam(key, await In("product-owner"), await In("tech-lead"), await In("scrum-master"), await In("technical-project-manager"),
            await In("developer"), await In("stakeholder"), people["technical-project-manager"], people["developer"]);
    }
}

[Collection(TandemCollection.Name)]
public class RaidTests(TandemApp app)
{
    private static async Task<JsonObject> RaiseAsync(HttpClient client, string key, object body) =>
        (await Expect.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/v1/products/{key}/risks", body)))!.AsObject();

    private static HttpRequestMessage Put(string url, object body, int? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (version is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return request;
    }

    [Fact]
    public async Task Anyone_raises_a_risk_it_is_numbered_and_owned_by_its_raiser_and_bad_input_names_every_field()
    {
        var team = await RaidTeam.CreateAsync(app);
        var byDev = await RaiseAsync(team.Dev, team.Key, new { title = "Acquirer sandbox down", probability = 4, impact = 3, proximityOn = "2099-01-10" });
        Assert.Equal(1, byDev["number"]!.GetValue<int>());
        Assert.Equal(12, byDev["score"]!.GetValue<int>());
        Assert.Equal("open", byDev["status"]!.GetValue<string>());
        Assert.Equal(team.DevPerson.Id, byDev["owner"]!["id"]!.GetValue<Guid>());
        var byStakeholder = await RaiseAsync(team.Stakeholder, team.Key, new { title = "Demo shares staging", probability = 2, impact = 2 });
        Assert.Equal(2, byStakeholder["number"]!.GetValue<int>());

        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/risks", new { title = " ", probability = 7, impact = 0, proximityOn = "soon" }));
        var errors = bad["errors"]!.AsObject();
        foreach (var field in new[] { "title", "probability", "impact", "proximityOn" }) Assert.True(errors.ContainsKey(field), $"no error for {field}: {bad}");
        Assert.Contains("1", errors["probability"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var missing = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/risks", new { title = "No numbers" }));
        Assert.NotNull(missing["errors"]!["probability"]);

        var list = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/risks"))!;
        Assert.Equal(2, list["total"]!.GetValue<int>());
        Assert.Equal([1, 2], list["items"]!.AsArray().Select(r => r!["number"]!.GetValue<int>()));
        var high = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/risks?minScore=10"))!;
        Assert.Equal(1, Assert.Single(high["items"]!.AsArray())!["number"]!.GetValue<int>());
        var mine = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/risks?owner={team.DevPerson.Id}"))!;
        Assert.Single(mine["items"]!.AsArray());
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Po.GetAsync($"/api/v1/products/{team.Key}/risks?status=gone"));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Po.GetAsync($"/api/v1/products/{team.Key}/risks?minScore=30"));
    }

    [Fact]
    public async Task The_TPM_handles_a_risk_others_are_refused_naming_the_TPM_and_every_change_is_logged_once_with_a_history_row()
    {
        var team = await RaidTeam.CreateAsync(app);
        var risk = await RaiseAsync(team.Dev, team.Key, new { title = "Fraud vendor latency", probability = 2, impact = 3 });
        var id = risk["id"]!.GetValue<Guid>();

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.SendAsync(Put($"/api/v1/risks/{id}", new { probability = 5 })));
        Assert.Contains("Technical Project Manager", Expect.Detail(refused), StringComparison.Ordinal);
        Assert.Contains(team.TpmPerson.DisplayName, Expect.Detail(refused), StringComparison.Ordinal);
        var refusedStatus = await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.SendAsync(Put($"/api/v1/risks/{id}/status", new { status = "accepted" })));
        Assert.Contains(team.TpmPerson.DisplayName, Expect.Detail(refusedStatus), StringComparison.Ordinal);

        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Tpm.SendAsync(Put($"/api/v1/risks/{id}", new { probability = 4 }, version: 99)));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.SendAsync(Put($"/api/v1/risks/{id}", new { probability = 6 })));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.SendAsync(Put($"/api/v1/risks/{id}", new { ownerId = Guid.NewGuid() })));

        var handled = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.SendAsync(Put($"/api/v1/risks/{id}",
            new { probability = 4, impact = 4, ownerId = team.TpmPerson.Id, mitigation = "Cache scores", contingency = "Rules only", trigger = "p95 > 300 ms", proximityOn = "2099-02-01" }, version: 1))))!;
        Assert.Equal(16, handled["score"]!.GetValue<int>());
        Assert.Equal("Cache scores", handled["mitigation"]!.GetValue<string>());
        Assert.Equal(team.TpmPerson.Id, handled["owner"]!["id"]!.GetValue<Guid>());
        Assert.Equal("Fraud vendor latency", handled["title"]!.GetValue<string>());

        var owned = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.SendAsync(Put($"/api/v1/risks/{id}/status", new { status = "owned" }))))!;
        Assert.Equal("owned", owned["status"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.SendAsync(Put($"/api/v1/risks/{id}/status", new { status = "owned" })));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.SendAsync(Put($"/api/v1/risks/{id}/status", new { status = "ignored" })));
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.SendAsync(Put($"/api/v1/risks/{id}/status", new { status = "mitigated" })));

        var history = (await team.Stakeholder.GetFromJsonAsync<JsonArray>($"/api/v1/risks/{id}/history"))!;
        Assert.Equal([6, 16, 16, 16], history.Select(h => h!["score"]!.GetValue<int>()));
        Assert.Equal(["open", "open", "owned", "mitigated"], history.Select(h => h!["status"]!.GetValue<string>()));

        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/decision-log?limit=20"))!["items"]!.AsArray();
        Assert.Equal(3, log.Count(e => e!["operation"]!.GetValue<string>() == "risk.manage"));
        var live = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/risks?status=live"))!;
        Assert.Empty(live["items"]!.AsArray());
    }

    [Fact]
    public async Task The_heat_map_counts_live_risks_per_cell_in_JSON_and_in_a_labelled_SVG()
    {
        var team = await RaidTeam.CreateAsync(app);
        await RaiseAsync(team.Dev, team.Key, new { title = "A", probability = 4, impact = 5 });
        await RaiseAsync(team.Stakeholder, team.Key, new { title = "B", probability = 4, impact = 5 });
        var gone = await RaiseAsync(team.Dev, team.Key, new { title = "C", probability = 1, impact = 1 });
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.SendAsync(Put($"/api/v1/risks/{gone["id"]}/status", new { status = "resolved" })));

        var map = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/risks/heatmap"))!;
        Assert.Equal(2, map["live"]!.GetValue<int>());
        var cells = map["cells"]!.AsArray();
        Assert.Equal(25, cells.Count);
        Assert.Equal(2, cells.Single(c => c!["probability"]!.GetValue<int>() == 4 && c["impact"]!.GetValue<int>() == 5)!["count"]!.GetValue<int>());
        Assert.Equal(0, cells.Single(c => c!["probability"]!.GetValue<int>() == 1 && c["impact"]!.GetValue<int>() == 1)!["count"]!.GetValue<int>());

        using var svg = await team.Stakeholder.GetAsync($"/api/v1/products/{team.Key}/risks/heatmap.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        var text = await svg.Content.ReadAsStringAsync();
        Assert.Contains("role=\"img\"", text, StringComparison.Ordinal);
        Assert.Contains("data-probability=\"4\" data-impact=\"5\" data-count=\"2\"", text, StringComparison.Ordinal);
        Assert.Contains("Probability 4 × impact 5 = score 20 (severe): 2 risks", text, StringComparison.Ordinal);
        Assert.Equal(25, text.Split("class=\"cell\"").Length - 1);
    }

    [Fact]
    public async Task An_invalidated_assumption_becomes_a_risk_in_one_step_linked_back_and_only_once()
    {
        var team = await RaidTeam.CreateAsync(app);
        var assumption = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/assumptions",
            new { statement = "Legal signs before we start", validateBy = "2000-01-01" })))!;
        var id = assumption["id"]!.GetValue<Guid>();
        Assert.Equal(1, assumption["number"]!.GetValue<int>());
        Assert.True(assumption["overdue"]!.GetValue<bool>());
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/assumptions", new { statement = "", validateBy = "later" }));

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/assumptions/{id}/invalidate", new { probability = 4, impact = 4 }));
        Assert.Contains(team.TpmPerson.DisplayName, Expect.Detail(refused), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/assumptions/{id}/invalidate", new { probability = 9, impact = 4 }));

        var risk = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/assumptions/{id}/invalidate", new { probability = 4, impact = 4 })))!;
        Assert.Equal(1, risk["assumptionNumber"]!.GetValue<int>());
        Assert.Equal(16, risk["score"]!.GetValue<int>());
        Assert.Equal(team.DevPerson.Id, risk["owner"]!["id"]!.GetValue<Guid>());
        var after = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/assumptions/{id}"))!;
        Assert.Equal("invalidated", after["status"]!.GetValue<string>());
        Assert.Equal(risk["number"]!.GetValue<int>(), after["riskNumber"]!.GetValue<int>());
        var again = await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PostAsJsonAsync($"/api/v1/assumptions/{id}/invalidate", new { probability = 4, impact = 4 }));
        Assert.Contains($"risk {risk["number"]}", Expect.Detail(again), StringComparison.Ordinal);

        var other = (await Expect.Status(HttpStatusCode.Created, await team.Stakeholder.PostAsJsonAsync($"/api/v1/products/{team.Key}/assumptions", new { statement = "Volumes stay low" })))!;
        var validated = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.PostAsync($"/api/v1/assumptions/{other["id"]}/validate", null)))!;
        Assert.Equal("validated", validated["status"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PostAsync($"/api/v1/assumptions/{other["id"]}/validate", null));
        var listed = (await team.Dev.GetFromJsonAsync<JsonArray>($"/api/v1/products/{team.Key}/assumptions"))!;
        Assert.Equal(2, listed.Count);
    }

    [Fact]
    public async Task Issues_are_recorded_by_anyone_and_changed_and_resolved_by_the_TPM()
    {
        var team = await RaidTeam.CreateAsync(app);
        var issue = (await Expect.Status(HttpStatusCode.Created, await team.Stakeholder.PostAsJsonAsync($"/api/v1/products/{team.Key}/raid-issues",
            new { title = "Test endpoint certificate expired", priority = "high", dueOn = "2099-01-01" })))!;
        var id = issue["id"]!.GetValue<Guid>();
        Assert.Equal(1, issue["number"]!.GetValue<int>());
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/raid-issues", new { title = "x", priority = "urgent" }));
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.SendAsync(Put($"/api/v1/raid-issues/{id}", new { priority = "low" })));
        var changed = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.SendAsync(Put($"/api/v1/raid-issues/{id}", new { priority = "critical", ownerId = team.DevPerson.Id }, version: 1))))!;
        Assert.Equal("critical", changed["priority"]!.GetValue<string>());
        Assert.Equal(team.DevPerson.Id, changed["owner"]!["id"]!.GetValue<Guid>());
        var resolved = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.SendAsync(Put($"/api/v1/raid-issues/{id}/status", new { status = "resolved", resolution = "Renewed" }))))!;
        Assert.Equal("resolved", resolved["status"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.SendAsync(Put($"/api/v1/raid-issues/{id}/status", new { status = "resolved" })));
        var devNotes = (await team.Dev.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!["items"]!.AsArray();
        Assert.Contains(devNotes, n => n!["text"]!.GetValue<string>().Contains("owner of issue 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Links_reach_items_and_impediments_anyone_adds_one_only_the_TPM_removes_it()
    {
        var team = await RaidTeam.CreateAsync(app);
        var item = (await Expect.Status(HttpStatusCode.Created, await team.Po.PostAsJsonAsync($"/api/v1/products/{team.Key}/items", new { type = "story", title = "Payout reconciliation" })))!;
        var itemKey = item["key"]!.GetValue<string>();
        var risk = await RaiseAsync(team.Dev, team.Key, new { title = "Reconciliation drifts", probability = 3, impact = 3 });
        var id = risk["id"]!.GetValue<Guid>();
        var link = (await Expect.Status(HttpStatusCode.Created, await team.Stakeholder.PostAsJsonAsync($"/api/v1/risks/{id}/links", new { kind = "item", @ref = itemKey })))!;
        Assert.Equal(itemKey, link["ref"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Dev.PostAsJsonAsync($"/api/v1/risks/{id}/links", new { kind = "item", @ref = itemKey }));
        var unknown = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/risks/{id}/links", new { kind = "milestone", @ref = "99" }));
        Assert.NotNull(unknown["errors"]!["ref"]);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/risks/{id}/links", new { kind = "planet", @ref = "1" }));
        var shown = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/risks/{id}"))!;
        Assert.Equal("Payout reconciliation", Assert.Single(shown["links"]!.AsArray())!["title"]!.GetValue<string>());

        var linkId = link["id"]!.GetValue<Guid>();
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.DeleteAsync($"/api/v1/risks/{id}/links/{linkId}"));
        await Expect.Status(HttpStatusCode.NoContent, await team.Tpm.DeleteAsync($"/api/v1/risks/{id}/links/{linkId}"));
        await Expect.Problem(HttpStatusCode.NotFound, await team.Tpm.DeleteAsync($"/api/v1/risks/{id}/links/{linkId}"));
    }

    private static async Task<Guid> EscalatedImpedimentAsync(RaidTeam team, string title, string? itemKey = null)
    {
        var raised = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/impediments",
            new { title, impact = "high", itemKeys = itemKey is null ? Array.Empty<string>() : [itemKey] })))!;
        var id = raised["id"]!.GetValue<Guid>();
        await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsJsonAsync($"/api/v1/impediments/{id}/escalate", new { reason = "Needs the partnership contact." }));
        return id;
    }

    [Fact]
    public async Task The_TPM_promotes_an_escalated_impediment_into_a_risk_or_an_issue_once_keeping_the_links()
    {
        var team = await RaidTeam.CreateAsync(app);
        var item = (await Expect.Status(HttpStatusCode.Created, await team.Po.PostAsJsonAsync($"/api/v1/products/{team.Key}/items", new { type = "story", title = "Payouts end to end" })))!;
        var itemKey = item["key"]!.GetValue<string>();
        var impediment = await EscalatedImpedimentAsync(team, "No sandbox credentials", itemKey);

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Sm.PostAsJsonAsync($"/api/v1/impediments/{impediment}/promote", new { @as = "risk", probability = 4, impact = 4 }));
        Assert.Contains(team.TpmPerson.DisplayName, Expect.Detail(refused), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/impediments/{impediment}/promote", new { @as = "epic" }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/impediments/{impediment}/promote", new { @as = "risk", probability = 0, impact = 4 }));

        var promoted = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/impediments/{impediment}/promote", new { @as = "risk", probability = 4, impact = 4 })))!;
        Assert.Equal("risk", promoted["as"]!.GetValue<string>());
        var risk = promoted["risk"]!;
        Assert.Equal(16, risk["score"]!.GetValue<int>());
        Assert.Equal(promoted["impedimentNumber"]!.GetValue<int>(), risk["impedimentNumber"]!.GetValue<int>());
        var refs = risk["links"]!.AsArray().Select(l => l!["ref"]!.GetValue<string>()).ToList();
        Assert.Contains(itemKey, refs);
        Assert.Contains(refs, r => r.StartsWith("impediment ", StringComparison.Ordinal));

        var twice = await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PostAsJsonAsync($"/api/v1/impediments/{impediment}/promote", new { @as = "issue" }));
        Assert.Contains($"risk {risk["number"]}", Expect.Detail(twice), StringComparison.Ordinal);

        var open = (await Expect.Status(HttpStatusCode.Created, await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.Key}/impediments", new { title = "Not escalated" })))!;
        var notEscalated = await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PostAsJsonAsync($"/api/v1/impediments/{open["id"]}/promote", new { @as = "issue" }));
        Assert.Contains("not escalated", Expect.Detail(notEscalated), StringComparison.Ordinal);

        var second = await EscalatedImpedimentAsync(team, "Legal review stuck");
        var asIssue = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/impediments/{second}/promote", new { @as = "issue", dueOn = "2099-03-01" })))!;
        Assert.Equal("high", asIssue["issue"]!["priority"]!.GetValue<string>());

        // Two clicks at the same instant: one record, the other told.
        var third = await EscalatedImpedimentAsync(team, "Vendor contract lapsed");
        var clicks = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => team.Tpm.PostAsJsonAsync($"/api/v1/impediments/{third}/promote", new { @as = "risk", probability = 2, impact = 2 })));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], clicks.Select(c => c.StatusCode).Order());
        var risks = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/risks"))!["items"]!.AsArray();
        Assert.Single(risks, r => r!["title"]!.GetValue<string>() == "Vendor contract lapsed");
        var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/decision-log?limit=50"))!.ToJsonString();
        Assert.Contains("Promoted escalated impediment", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_raises_get_distinct_numbers()
    {
        var team = await RaidTeam.CreateAsync(app);
        var clients = new[] { team.Dev, team.Stakeholder, team.Po, team.Tl, team.Sm, team.Tpm };
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            clients[i % clients.Length].PostAsJsonAsync($"/api/v1/products/{team.Key}/risks", new { title = $"Risk {i}", probability = 1 + i % 5, impact = 1 + i / 5 % 5 })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = new List<int>();
        foreach (var r in responses) numbers.Add((await r.Content.ReadFromJsonAsync<JsonObject>())!["number"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(1, 12), numbers.Order());
    }

    [Fact]
    public async Task The_RAID_pages_render_the_heat_map_and_the_risk_and_name_the_TPM_to_others()
    {
        var team = await RaidTeam.CreateAsync(app);
        var risk = await RaiseAsync(team.Dev, team.Key, new { title = "Certification slips", probability = 3, impact = 5 });
        var page = await team.Po.GetStringAsync($"/p/{team.Key}/raid");
        Assert.Contains("data-testid=\"risk-heatmap\"", page, StringComparison.Ordinal);
        Assert.Contains("Certification slips", page, StringComparison.Ordinal);
        Assert.Contains(team.TpmPerson.DisplayName, page, StringComparison.Ordinal);
        Assert.Contains("/delivery/dependencies", page, StringComparison.Ordinal);
        var one = await team.Tpm.GetStringAsync($"/p/{team.Key}/risks/{risk["number"]}");
        Assert.Contains("data-testid=\"risk-handle\"", one, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"history-row\"", one, StringComparison.Ordinal);
        using var missing = await team.Tpm.GetAsync($"/p/{team.Key}/risks/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
