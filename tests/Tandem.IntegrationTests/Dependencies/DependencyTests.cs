using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Dependencies;
using Tandem.Application.Identity;
using Tandem.Domain.Dependencies;
using Tandem.Domain.Sprints;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Dependencies;

[Collection(TandemCollection.Name)]
public class DependencyTests(TandemApp app)
{
    /// <summary>A needing product with its TPM (a stakeholder of the providing product, so they can read it) and PO; a providing product with a TL, a developer and a team.</summary>
    private static readonly string[] ElsewhereKeys = ["GLX", "NOPE404"];

    private sealed record Sides(string Needing, string Providing, Guid Team, string TeamName, HttpClient Tpm, HttpClient Po, HttpClient Tl, HttpClient Dev, Person TpmPerson, Person TlPerson, Guid WorkspaceId);

    private async Task<Sides> SidesAsync()
    {
        var needing = await app.CreateProductAsync("Needing");
        var providing = await app.CreateProductAsync("Providing");
        var tpm = await app.CreatePersonAsync($"TPM {needing}");
        await app.AssignAsync(needing, tpm.Id, "technical-project-manager");
        await app.AssignAsync(providing, tpm.Id, "stakeholder");
        var po = await app.CreatePersonAsync($"PO {needing}");
        await app.AssignAsync(needing, po.Id, "product-owner");
        var tl = await app.CreatePersonAsync($"TL {providing}");
        await app.AssignAsync(providing, tl.Id, "tech-lead");
        var dev = await app.CreatePersonAsync($"Dev {providing}");
        await app.AssignAsync(providing, dev.Id, "developer");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var name = $"Providers {providing}";
        var team = (await Expect.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name, productKey = providing, timeZone = "UTC", members = new[] { new { userId = dev.Id, allocationPercent = 100 } },
        })))!["id"]!.GetValue<Guid>();
        var workspace = await WorkspaceOfAsync(providing);
        return new Sides(needing, providing, team, name, await app.SignInAsync(tpm.Email, tpm.Password), await app.SignInAsync(po.Email, po.Password),
            await app.SignInAsync(tl.Email, tl.Password), await app.SignInAsync(dev.Email, dev.Password), tpm, tl, workspace);
    }

    private async Task<Guid> WorkspaceOfAsync(string productKey)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.Products.IgnoreQueryFilters().Where(p => p.Key == productKey).Select(p => p.WorkspaceId).FirstAsync();
    }

    private static string Day(int days) => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<int> AtRiskNotesAsync(HttpClient client, string title)
    {
        var notes = (await client.GetFromJsonAsync<JsonObject>("/api/v1/notifications?limit=100"))!["items"]!.AsArray();
        return notes.Count(n => n!["text"]!.GetValue<string>().Contains($"\"{title}\" is at risk", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Put(string url, object body, int version)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return request;
    }

    private static async Task<List<string>> LogAsync(HttpClient client, string productKey)
    {
        var page = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/products/{productKey}/decision-log?limit=50"))!;
        return page["items"]!.AsArray().Select(e => e!["operation"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task The_TPM_records_a_dependency_the_PO_is_refused_naming_the_TPM_and_the_providing_team_commits_and_delivers()
    {
        var s = await SidesAsync();
        var body = new
        {
            needingProduct = s.Needing, provider = new { kind = "team", teamId = s.Team }, title = "Tokenisation API", description = "For saved cards.",
            neededBy = Day(90), owners = new { provider = s.TlPerson.Id },
        };
        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await s.Po.PostAsJsonAsync("/api/v1/dependencies", body));
        Assert.Contains("Technical Project Manager", Expect.Detail(refused), StringComparison.Ordinal);
        Assert.Contains(s.TpmPerson.DisplayName, Expect.Detail(refused), StringComparison.Ordinal);

        var created = (await Expect.Status(HttpStatusCode.Created, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", body)))!;
        var id = created["id"]!.GetValue<Guid>();
        Assert.Equal("requested", created["status"]!.GetValue<string>());
        Assert.Equal("team", created["provider"]!["kind"]!.GetValue<string>());
        Assert.Equal(s.Providing, created["provider"]!["product"]!["key"]!.GetValue<string>());
        Assert.Equal(s.TpmPerson.Id, created["neederOwner"]!["id"]!.GetValue<Guid>());
        Assert.Single(await LogAsync(s.Tpm, s.Needing), o => o == "schedule.edit");

        // The providing side reads it (it touches their product) without any role on the needing product.
        var theirs = (await s.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/dependencies?product={s.Providing}"))!;
        Assert.Contains(theirs["items"]!.AsArray(), d => d!["id"]!.GetValue<Guid>() == id);
        await Expect.Status(HttpStatusCode.OK, await s.Dev.GetAsync($"/api/v1/dependencies/{id}"));

        // Answering is the providing product's TL's or TPM's: the needing TPM and the developer are refused, named.
        var notYours = await Expect.Problem(HttpStatusCode.Forbidden, await s.Tpm.PutAsJsonAsync($"/api/v1/dependencies/{id}/status", new { status = "committed" }));
        Assert.Contains("Tech Lead", Expect.Detail(notYours), StringComparison.Ordinal);
        Assert.Contains(s.TlPerson.DisplayName, Expect.Detail(notYours), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.Forbidden, await s.Dev.PutAsJsonAsync($"/api/v1/dependencies/{id}/status", new { status = "delivered" }));
        await Expect.Problem(HttpStatusCode.BadRequest, await s.Tl.PutAsJsonAsync($"/api/v1/dependencies/{id}/status", new { status = "declined" }));

        var committed = (await Expect.Status(HttpStatusCode.OK, await s.Tl.PutAsJsonAsync($"/api/v1/dependencies/{id}/status", new { status = "committed", expectedOn = Day(60), note = "In sprint 3." })))!;
        Assert.Equal("committed", committed["status"]!.GetValue<string>());
        Assert.Equal(Day(60), committed["expectedOn"]!.GetValue<string>());
        Assert.False(committed["atRisk"]!.GetValue<bool>());
        Assert.Single(await LogAsync(s.Tl, s.Providing), o => o == "dependency.respond");
        var told = (await s.Tpm.GetFromJsonAsync<JsonObject>("/api/v1/notifications?limit=100"))!["items"]!.AsArray();
        Assert.Contains(told, n => n!["text"]!.GetValue<string>().Contains("Committed to dependency \"Tokenisation API\"", StringComparison.Ordinal));

        var delivered = (await Expect.Status(HttpStatusCode.OK, await s.Tl.PutAsJsonAsync($"/api/v1/dependencies/{id}/status", new { status = "delivered" })))!;
        Assert.Equal("delivered", delivered["status"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.BadRequest, await s.Tpm.PutAsJsonAsync($"/api/v1/dependencies/{id}/status", new { status = "cancelled" }));
        var filtered = (await s.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/dependencies?product={s.Needing}&status=delivered&team={s.Team}"))!["items"]!.AsArray();
        Assert.Equal(id, Assert.Single(filtered)!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Bad_input_names_every_field_and_another_workspaces_product_does_not_exist()
    {
        var s = await SidesAsync();
        var missing = await Expect.Problem(HttpStatusCode.BadRequest, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new { needingProduct = s.Needing, title = "No date" }));
        var fields = missing["errors"]!.AsObject().Select(f => f.Key).ToList();
        Assert.Contains("neededBy", fields);
        Assert.Contains("provider", fields);
        Assert.Contains("owners.provider", fields);

        await Expect.Problem(HttpStatusCode.BadRequest, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new { title = "No product" }));
        await Expect.Problem(HttpStatusCode.NotFound, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new { needingProduct = "NOPE404", title = "x", neededBy = Day(10) }));
        foreach (var key in ElsewhereKeys)
        {
            var elsewhere = await Expect.Problem(HttpStatusCode.NotFound, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new
            {
                needingProduct = s.Needing, provider = new { kind = "product", productKey = key }, title = "From elsewhere", neededBy = Day(10), owners = new { provider = s.TlPerson.Id },
            }));
            Assert.Contains(key, Expect.Detail(elsewhere), StringComparison.Ordinal);
        }
        var badParts = await Expect.Problem(HttpStatusCode.BadRequest, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new
        {
            needingProduct = s.Needing, provider = new { kind = "external", externalName = "Visa" }, title = "Partner", neededBy = "next week",
            owners = new { provider = Guid.NewGuid() }, providingItems = (string[])["X-1"],
        }));
        var badFields = badParts["errors"]!.AsObject().Select(f => f.Key).ToList();
        Assert.Contains("provider.externalKind", badFields);
        Assert.Contains("neededBy", badFields);
        Assert.Contains("owners.provider", badFields);
        Assert.Contains("providingItems", badFields);
        var unknownItem = await Expect.Problem(HttpStatusCode.BadRequest, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new
        {
            needingProduct = s.Needing, provider = new { kind = "product", productKey = s.Providing }, title = "Items", neededBy = Day(10),
            owners = new { provider = s.TlPerson.Id }, providingItems = new[] { $"{s.Providing}-999" },
        }));
        Assert.Contains("providingItems", unknownItem["errors"]!.AsObject().Select(f => f.Key));
        var sameProduct = await Expect.Problem(HttpStatusCode.BadRequest, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new
        {
            needingProduct = s.Needing, provider = new { kind = "product", productKey = s.Needing }, title = "Myself", neededBy = Day(10), owners = new { provider = s.TlPerson.Id },
        }));
        Assert.Contains("provider.productKey", sameProduct["errors"]!.AsObject().Select(f => f.Key));
        Assert.DoesNotContain(await LogAsync(s.Tpm, s.Needing), o => o == "schedule.edit");
        await Expect.Problem(HttpStatusCode.NotFound, await s.Tpm.GetAsync($"/api/v1/dependencies/{Guid.NewGuid()}"));
    }

    [Fact]
    public async Task An_external_partner_expected_after_the_date_needed_is_at_risk_and_both_owners_are_told_once_per_transition()
    {
        var s = await SidesAsync();
        const string title = "Card-network certification";
        var body = new
        {
            needingProduct = s.Needing, provider = new { kind = "external", externalName = "Visa", externalKind = "partner" }, title,
            neededBy = Day(28), expectedOn = Day(49), owners = new { provider = s.TlPerson.Id },
        };
        var created = (await Expect.Status(HttpStatusCode.Created, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", body)))!;
        var id = created["id"]!.GetValue<Guid>();
        Assert.True(created["atRisk"]!.GetValue<bool>());
        Assert.Contains("expects it on", created["riskReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await AtRiskNotesAsync(s.Tpm, title));
        Assert.Equal(1, await AtRiskNotesAsync(s.Tl, title));

        // Still at risk after an edit and after two background passes: nobody is told again.
        var version = created["version"]!.GetValue<int>();
        var edited = (await Expect.Status(HttpStatusCode.OK, await s.Tpm.SendAsync(Put($"/api/v1/dependencies/{id}", body, version))))!;
        version = edited["version"]!.GetValue<int>();
        var pass = app.Services.GetRequiredService<DependencyReassessment>();
        await pass.RunForWorkspaceAsync(s.WorkspaceId, CancellationToken.None);
        await pass.RunForWorkspaceAsync(s.WorkspaceId, CancellationToken.None);
        Assert.Equal(1, await AtRiskNotesAsync(s.Tl, title));
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await s.Tpm.SendAsync(Put($"/api/v1/dependencies/{id}", body, 1)));

        // The partner moves its date forward (the needing TPM records it): on track; then back: at risk, told again.
        var onTrack = (await Expect.Status(HttpStatusCode.OK, await s.Tpm.PutAsJsonAsync($"/api/v1/dependencies/{id}/status", new { status = "committed", expectedOn = Day(20) })))!;
        Assert.False(onTrack["atRisk"]!.GetValue<bool>());
        var slipped = (await Expect.Status(HttpStatusCode.OK, await s.Tpm.PutAsJsonAsync($"/api/v1/dependencies/{id}/status", new { status = "committed", expectedOn = Day(35) })))!;
        Assert.True(slipped["atRisk"]!.GetValue<bool>());
        Assert.Equal(2, await AtRiskNotesAsync(s.Tl, title));
        Assert.Equal(2, await AtRiskNotesAsync(s.Tpm, title));

        var atRisk = (await s.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/dependencies?product={s.Needing}&atRisk=true"))!;
        Assert.Equal(id, Assert.Single(atRisk["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        var contract = app.Services.CreateScope();
        contract.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(s.WorkspaceId);
        var productId = await contract.ServiceProvider.GetRequiredService<TandemDbContext>().Products.Where(p => p.Key == s.Needing).Select(p => p.Id).FirstAsync();
        var listed = await contract.ServiceProvider.GetRequiredService<Tandem.Application.Program.IAtRiskDependencies>().ForProductsAsync([productId], CancellationToken.None);
        Assert.Equal(title, Assert.Single(listed).Title);
        contract.Dispose();
    }

    [Fact]
    public async Task Providing_work_forecast_after_the_date_needed_is_at_risk_and_the_background_pass_flags_growth_once()
    {
        var s = await SidesAsync();
        var items = new List<string>();
        for (var i = 0; i < 12; i++)
            items.Add((await Expect.Status(HttpStatusCode.Created, await s.Dev.PostAsJsonAsync($"/api/v1/products/{s.Providing}/items", new { type = "story", title = $"Provided {i}" })))!["key"]!.GetValue<string>());
        await HistoryAsync(s, items);

        var late = (await Expect.Status(HttpStatusCode.Created, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new
        {
            needingProduct = s.Needing, provider = new { kind = "team", teamId = s.Team }, title = "Refund API", neededBy = Day(21),
            owners = new { provider = s.TlPerson.Id }, providingItems = items.Take(8),
        })))!;
        Assert.True(late["atRisk"]!.GetValue<bool>(), late.ToJsonString());
        Assert.True(DateOnly.Parse(late["forecastOn"]!.GetValue<string>(), CultureInfo.InvariantCulture) > DateOnly.Parse(Day(21), CultureInfo.InvariantCulture));
        Assert.Contains("85 %", late["riskReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(8, late["providingItems"]!.AsArray().Count);

        const string title = "Payout API";
        var fine = (await Expect.Status(HttpStatusCode.Created, await s.Tpm.PostAsJsonAsync("/api/v1/dependencies", new
        {
            needingProduct = s.Needing, provider = new { kind = "product", productKey = s.Providing }, title, neededBy = Day(50),
            owners = new { provider = s.TlPerson.Id }, providingItems = items.Skip(8).Take(1),
        })))!;
        Assert.False(fine["atRisk"]!.GetValue<bool>(), fine.ToJsonString());
        Assert.NotNull(fine["forecastOn"]);

        // The work grows behind the dependency's back (items linked straight in the database): the pass flags it once.
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(s.WorkspaceId);
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var dependency = await db.Dependencies.FirstAsync(d => d.Id == fine["id"]!.GetValue<Guid>());
            foreach (var id in await db.BacklogItems.Where(i => items.Take(8).Contains(i.Key)).Select(i => i.Id).ToListAsync())
                db.DependencyItems.Add(DependencyItem.Of(dependency, id));
            await db.SaveChangesAsync();
        }
        var pass = app.Services.GetRequiredService<DependencyReassessment>();
        Assert.Equal(1, await pass.RunForWorkspaceAsync(s.WorkspaceId, CancellationToken.None));
        Assert.Equal(0, await pass.RunForWorkspaceAsync(s.WorkspaceId, CancellationToken.None));
        Assert.Equal(1, await AtRiskNotesAsync(s.Tl, title));
        Assert.Equal(1, await AtRiskNotesAsync(s.Tpm, title));
        var after = (await s.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/dependencies/{fine["id"]}"))!;
        Assert.True(after["atRisk"]!.GetValue<bool>());

        // The map: both parties as nodes, the at-risk arrow dashed and labelled.
        var svg = await (await s.Tpm.GetAsync($"/api/v1/dependencies/map.svg?product={s.Needing}")).Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains($"data-label=\"{s.Needing}\"", svg, StringComparison.Ordinal);
        Assert.Contains($"data-label=\"{s.TeamName}\"", svg, StringComparison.Ordinal);
        Assert.Contains($"data-label=\"{s.Providing}\"", svg, StringComparison.Ordinal);
        Assert.Contains(">at risk<", svg, StringComparison.Ordinal);
        Assert.Contains("data-at-risk=\"true\"", svg, StringComparison.Ordinal);
    }

    /// <summary>One finished card a week for the last twelve weeks on the providing team: a throughput of one a week.</summary>
    private async Task HistoryAsync(Sides s, List<string> keys)
    {
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(s.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var team = await db.Teams.FirstAsync(t => t.Id == s.Team);
        var column = await db.BoardColumns.Where(c => c.TeamId == s.Team).OrderByDescending(c => c.Position).Select(c => c.Id).FirstAsync();
        var ids = await db.BacklogItems.Where(i => keys.Contains(i.Key)).ToDictionaryAsync(i => i.Key, i => i.Id);
        var now = TimeProvider.System.GetUtcNow();
        var monday = Tandem.Application.Forecasting.DeliveryForecasts.WeekOf(DateOnly.FromDateTime(now.UtcDateTime));
        var start = monday.AddDays(-7 * 13);
        var sprint = Sprint.Plan(team.WorkspaceId, team.ProductId, team.Id, 1, "History", null, start, start.AddDays(27), null, now.AddDays(-7 * 13));
        db.Sprints.Add(sprint);
        for (var week = 0; week < keys.Count; week++)
        {
            var card = SprintItem.Add(sprint, ids[keys[week]], 1, null, $"a{week:D2}", afterStart: false, now.AddDays(-7 * 13));
            var wednesday = monday.AddDays(-7 * (week + 1) + 2).ToDateTime(new TimeOnly(12, 0));
            card.MoveTo(column, $"a{week:D2}", isFirst: false, isDone: true, new DateTimeOffset(wednesday, TimeSpan.Zero));
            db.SprintItems.Add(card);
        }
        await db.SaveChangesAsync();
    }
}
