using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Milestones;
using Tandem.IntegrationTests.Standups;

namespace Tandem.IntegrationTests.TradeOffs;

[Collection(TandemCollection.Name)]
public class TradeOffTests(TandemApp app)
{
    private static readonly string[] OptionKinds = ["move-date", "cut-scope", "add-capacity"];

    private static string Day(int days) => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_PO_cuts_scope_the_TPM_moves_the_date_each_refused_the_others_side_and_stakeholders_are_told()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var keep = await MilestoneTests.ItemAsync(team.Po, team.ProductKey, "Card capture");
        var cut1 = await MilestoneTests.ItemAsync(team.Po, team.ProductKey, "Refund flow");
        var cut2 = await MilestoneTests.ItemAsync(team.Po, team.ProductKey, "Chargebacks");
        var milestone = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/milestones",
            new { name = "Cards live", date = Day(14), itemKeys = new[] { keep, cut1, cut2 } })))!;
        var id = milestone["id"]!.GetValue<Guid>();

        var other = await app.CreateProductAsync();
        var otherPo = await app.CreatePersonAsync();
        await app.AssignAsync(other, otherPo.Id, "product-owner");
        using var otherClient = await app.SignInAsync(otherPo.Email, otherPo.Password);
        var foreign = await MilestoneTests.ItemAsync(otherClient, other, "Not ours");
        var wrong = await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/milestones/{id}/trade-offs",
            new { moveDate = Day(42), cutItems = new[] { foreign } }));
        Assert.Contains("another product", wrong["errors"]!["cutItems"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/milestones/{id}/trade-offs", new { reason = "Nothing offered" }));
        var poOpens = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/milestones/{id}/trade-offs", new { moveDate = Day(42) }));
        Assert.Contains("Technical Project Manager", Expect.Detail(poOpens), StringComparison.Ordinal);

        var opened = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/milestones/{id}/trade-offs",
            new { reason = "Below target", moveDate = Day(42), cutItems = new[] { cut1, cut2 }, addCapacityPercent = 25 })))!;
        var tradeOff = opened["id"]!.GetValue<Guid>();
        Assert.Equal("open", opened["status"]!.GetValue<string>());
        Assert.Equal(OptionKinds, opened["options"]!.AsArray().Select(o => o!["kind"]!.GetValue<string>()).ToArray());
        Assert.Equal(1, opened["options"]![1]!["openItems"]!.GetValue<int>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Tpm.PostAsJsonAsync($"/api/v1/milestones/{id}/trade-offs", new { moveDate = Day(50) }));

        var tpmCuts = await Expect.Problem(HttpStatusCode.Forbidden, await team.Tpm.PostAsJsonAsync($"/api/v1/trade-offs/{tradeOff}/scope", new { removeItems = new[] { cut1 } }));
        Assert.Contains("Product Owner", Expect.Detail(tpmCuts), StringComparison.Ordinal);
        var poMoves = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/trade-offs/{tradeOff}/date", new { date = Day(42) }));
        Assert.Contains("Technical Project Manager", Expect.Detail(poMoves), StringComparison.Ordinal);
        var foreignCut = await Expect.Problem(HttpStatusCode.BadRequest, await team.Po.PostAsJsonAsync($"/api/v1/trade-offs/{tradeOff}/scope", new { removeItems = new[] { foreign } }));
        Assert.Contains("another product", foreignCut["errors"]!["removeItems"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/trade-offs/{tradeOff}/scope") { Content = JsonContent.Create(new { noChange = true }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"99\""));
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Po.SendAsync(stale));

        var scoped = (await Expect.Status(HttpStatusCode.OK, await team.Po.PostAsJsonAsync($"/api/v1/trade-offs/{tradeOff}/scope",
            new { removeItems = new[] { cut1 }, reason = "Refunds can follow" })))!;
        Assert.Equal("open", scoped["status"]!.GetValue<string>());
        Assert.Equal(cut1, Assert.Single(scoped["scopeSide"]!["removedItems"]!.AsArray())!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Po.PostAsJsonAsync($"/api/v1/trade-offs/{tradeOff}/scope", new { noChange = true }));
        var dated = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.PostAsJsonAsync($"/api/v1/trade-offs/{tradeOff}/date", new { date = Day(42), reason = "Slot" })))!;
        Assert.Equal("closed", dated["status"]!.GetValue<string>());
        Assert.Equal(Day(42), dated["milestoneDate"]!.GetValue<string>());

        var after = (await team.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/milestones/{id}"))!;
        Assert.DoesNotContain(after["scope"]!.AsArray(), s => s!["key"]!.GetValue<string>() == cut1);
        Assert.Null(after["openTradeOffId"]);

        var log = (await team.Tpm.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log?subject={tradeOff}"))!["items"]!.AsArray();
        Assert.All(log, e => Assert.Equal("trade-off", e!["subjectType"]!.GetValue<string>()));
        Assert.Single(log, e => e!["operation"]!.GetValue<string>() == "trade-off.scope");
        Assert.Contains(log, e => e!["operation"]!.GetValue<string>() == "schedule.edit" && e["summary"]!.GetValue<string>().Contains("Moved", StringComparison.Ordinal));

        var notes = (await team.Stakeholder.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!["items"]!.AsArray();
        Assert.Contains(notes, n => n!["text"]!.GetValue<string>().Contains("is decided", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!["text"]!.GetValue<string>().Contains("opened a trade-off", StringComparison.Ordinal));
    }
}
