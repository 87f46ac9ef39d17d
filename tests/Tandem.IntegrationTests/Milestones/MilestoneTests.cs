using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Standups;

namespace Tandem.IntegrationTests.Milestones;

[Collection(TandemCollection.Name)]
public class MilestoneTests(TandemApp app)
{
    private static readonly string[] Fields = ["name", "date", "targetConfidence", "itemKeys"];

    private static readonly string[] Checklist = ["Sequence diagrams reviewed"];

    private static string Day(int days) => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal static async Task<string> ItemAsync(HttpClient po, string key, string title, string type = "story")
    {
        using var item = await po.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type, title });
        return (await Expect.Status(HttpStatusCode.Created, item))!["key"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_TPM_plans_a_milestone_with_scope_and_the_PO_may_not_move_its_date()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var story = await ItemAsync(team.Po, team.ProductKey, "Card capture");
        var created = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/milestones",
            new { name = "Card payments live", date = Day(60), itemKeys = new[] { story } })))!;
        var id = created["id"]!.GetValue<Guid>();
        Assert.Equal(1, created["number"]!.GetValue<int>());
        Assert.Equal(85, created["targetConfidence"]!.GetValue<int>());
        Assert.Equal(story, Assert.Single(created["scope"]!.AsArray())!["key"]!.GetValue<string>());
        Assert.Equal(1, created["forecast"]!["openItems"]!.GetValue<int>());
        Assert.NotNull(created["forecast"]!["basis"]);

        var list = (await team.Stakeholder.GetFromJsonAsync<JsonArray>($"/api/v1/products/{team.ProductKey}/milestones"))!;
        Assert.Equal(id, Assert.Single(list)!["id"]!.GetValue<Guid>());

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PutAsJsonAsync($"/api/v1/milestones/{id}/date", new { date = Day(90) }));
        Assert.Contains("Technical Project Manager", Expect.Detail(refused), StringComparison.Ordinal);
        var moved = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.PutAsJsonAsync($"/api/v1/milestones/{id}/date", new { date = Day(70), reason = "Certification slot" })))!;
        Assert.Equal(Day(70), moved["date"]!.GetValue<string>());

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/milestones/{id}") { Content = JsonContent.Create(new { name = "Renamed" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Tpm.SendAsync(stale));
        var renamed = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.PutAsJsonAsync($"/api/v1/milestones/{id}", new { name = "Cards live", criteria = "Live in NL" })))!;
        Assert.Equal("Cards live", renamed["name"]!.GetValue<string>());
        Assert.Equal(Day(70), renamed["date"]!.GetValue<string>());

        var log = (await team.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log?subject=1"))!["items"]!.AsArray();
        Assert.Equal(3, log.Count(e => e!["operation"]!.GetValue<string>() == "schedule.edit"));
    }

    [Fact]
    public async Task Bad_milestones_list_every_field_and_write_nothing()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var other = await app.CreateProductAsync();
        var po2 = await app.CreatePersonAsync();
        await app.AssignAsync(other, po2.Id, "product-owner");
        using var po2Client = await app.SignInAsync(po2.Email, po2.Password);
        var foreign = await ItemAsync(po2Client, other, "Elsewhere");
        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/milestones",
            new { name = " ", date = "next week", targetConfidence = 120, itemKeys = new[] { foreign } }));
        foreach (var field in Fields) Assert.NotNull(bad["errors"]![field]);
        Assert.Contains("another product", bad["errors"]!["itemKeys"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await team.Tpm.GetFromJsonAsync<JsonArray>($"/api/v1/products/{team.ProductKey}/milestones"))!);
        await Expect.Problem(HttpStatusCode.NotFound, await team.Tpm.GetAsync($"/api/v1/milestones/{Guid.NewGuid()}"));
        var notTpm = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/milestones", new { name = "Mine", date = Day(10) }));
        Assert.Contains("Technical Project Manager", Expect.Detail(notTpm), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gates_come_before_the_milestone_and_a_go_waits_for_every_prerequisite()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var spike = await ItemAsync(team.Po, team.ProductKey, "Try the card network sandbox", "spike");
        var milestone = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/milestones",
            new { name = "Certification", date = Day(30), itemKeys = new[] { spike } })))!;
        var id = milestone["id"]!.GetValue<Guid>();

        var late = await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/milestones/{id}/gates", new { kind = "design-review", dueOn = Day(31) }));
        Assert.Contains("design review", late["errors"]!["dueOn"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var gated = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.PostAsJsonAsync($"/api/v1/milestones/{id}/gates",
            new { kind = "design-review", dueOn = Day(20), checklist = Checklist })))!;
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.PostAsJsonAsync($"/api/v1/milestones/{id}/gates", new { kind = "go-no-go", dueOn = Day(29) }));
        var before = await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PutAsJsonAsync($"/api/v1/milestones/{id}/date", new { date = Day(25) }));
        Assert.Contains("go/no-go", before["errors"]!["date"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var adr = (await Expect.Status(HttpStatusCode.Created, await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/adrs",
            new { title = "Tokenise cards at the edge", context = "PCI scope", decision = "Use the vault", consequences = "Less scope" })))!;
        await Expect.Status(HttpStatusCode.OK, await team.Tpm.PostAsJsonAsync($"/api/v1/milestones/{id}/prerequisites", new { kind = "decision", id = adr["id"]!.GetValue<Guid>() }));

        var design = gated["gates"]!.AsArray().Single(g => g!["kind"]!.GetValue<string>() == "design-review")!;
        var designId = design["id"]!.GetValue<Guid>();
        var byTpm = await Expect.Problem(HttpStatusCode.Forbidden, await team.Tpm.PostAsJsonAsync($"/api/v1/gates/{designId}/decision", new { status = "passed" }));
        Assert.Contains("Tech Lead", Expect.Detail(byTpm), StringComparison.Ordinal);
        var open = await Expect.Problem(HttpStatusCode.Conflict, await team.Tl.PostAsJsonAsync($"/api/v1/gates/{designId}/decision", new { status = "passed" }));
        Assert.Contains("Sequence diagrams reviewed", Expect.Detail(open), StringComparison.Ordinal);
        var line = design["checklist"]![0]!["id"]!.GetValue<Guid>();
        await Expect.Status(HttpStatusCode.OK, await team.Dev.PutAsJsonAsync($"/api/v1/gates/{designId}/checklist/{line}", new { done = true }));
        await Expect.Status(HttpStatusCode.OK, await team.Tl.PostAsJsonAsync($"/api/v1/gates/{designId}/decision", new { status = "passed", note = "Clean" }));

        var current = (await team.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/milestones/{id}"))!;
        var go = current["gates"]!.AsArray().Single(g => g!["kind"]!.GetValue<string>() == "go-no-go")!["id"]!.GetValue<Guid>();
        var noGo = await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PostAsJsonAsync($"/api/v1/gates/{go}/decision", new { status = "go" }));
        Assert.Contains("Tokenise cards at the edge", Expect.Detail(noGo), StringComparison.Ordinal);
        Assert.Contains(spike, Expect.Detail(noGo), StringComparison.Ordinal);
        var achieved = await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PutAsJsonAsync($"/api/v1/milestones/{id}", new { name = "Certification", status = "achieved" }));
        Assert.Contains("go/no-go", Expect.Detail(achieved), StringComparison.Ordinal);
        Assert.Contains(current["blockers"]!.AsArray(), b => b!.GetValue<string>().Contains("ADR", StringComparison.Ordinal));

        var dueSoon = (await team.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/milestones/{id}"))!["gates"]!.AsArray();
        Assert.Equal("passed", dueSoon.Single(g => g!["kind"]!.GetValue<string>() == "design-review")!["status"]!.GetValue<string>());
    }
}
