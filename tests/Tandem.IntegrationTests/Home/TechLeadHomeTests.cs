using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Home;

/// <summary>The Tech Lead's queue on the product home, and the backlog filters it links to.</summary>
[Collection(TandemCollection.Name)]
public class TechLeadHomeTests(TandemApp app)
{
    private async Task<(BacklogTeam Team, HttpClient Tl)> TeamAsync()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var tl = await app.CreatePersonAsync(TandemApp.Unique("Lead"));
        await app.AssignAsync(team.ProductKey, tl.Id, "tech-lead");
        return (team, await app.SignInAsync(tl.Email, tl.Password));
    }

    private static async Task<List<JsonObject>> AwaitingAsync(HttpClient client, string productKey) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/v1/products/{productKey}/home"))!["awaiting"]!.AsArray().Select(a => a!.AsObject()).ToList();

    private static JsonObject? Titled(List<JsonObject> awaiting, string prefix) =>
        awaiting.FirstOrDefault(a => a["title"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal));

    private static async Task<List<string>> KeysAsync(HttpClient client, string productKey, string query)
    {
        using var response = await client.GetAsync($"/api/v1/products/{productKey}/backlog?{query}");
        var page = (await Expect.Status(HttpStatusCode.OK, response))!;
        return page["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task The_Tech_Leads_queue_counts_items_to_estimate_and_assess_and_empties_as_the_TL_works_through_them()
    {
        var (team, tl) = await TeamAsync();
        var first = BacklogTeam.Key(await team.CreateItemAsync("Refund a card payment"));
        var second = BacklogTeam.Key(await team.CreateItemAsync("Export settlements as CSV"));
        await team.CreateItemAsync("Payments", type: "epic");

        var queue = await AwaitingAsync(tl, team.ProductKey);
        var estimate = Titled(queue, "Estimate ")!;
        Assert.Equal("Estimate 2 items", estimate["title"]!.GetValue<string>());
        Assert.Contains($"{first}, {second}", estimate["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"/p/{team.ProductKey}/backlog?needs=estimate", estimate["href"]!.GetValue<string>());
        Assert.Equal("Assess 2 items", Titled(queue, "Assess ")!["title"]!.GetValue<string>());

        // The links' filters list exactly what the counts say; the epic is neither.
        Assert.Equal([first, second], await KeysAsync(tl, team.ProductKey, "needs=estimate"));
        Assert.Equal([first, second], await KeysAsync(tl, team.ProductKey, "needs=assessment"));

        using (var estimated = await tl.PutAsJsonAsync($"/api/v1/items/{first}/estimate", new { points = 3 }))
            await Expect.Status(HttpStatusCode.OK, estimated);
        using (var assessed = await tl.PutAsJsonAsync($"/api/v1/items/{second}/assessment", new { feasibility = "feasible", risk = "low", confidence = "high" }))
            await Expect.Status(HttpStatusCode.OK, assessed);

        Assert.Equal([second], await KeysAsync(tl, team.ProductKey, "needs=estimate"));
        Assert.Equal([first], await KeysAsync(tl, team.ProductKey, "needs=assessment"));
        queue = await AwaitingAsync(tl, team.ProductKey);
        Assert.Equal("Estimate 1 item", Titled(queue, "Estimate ")!["title"]!.GetValue<string>());
        Assert.Equal("Assess 1 item", Titled(queue, "Assess ")!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Proposed_records_and_debt_and_the_costliest_debt_wait_for_the_Tech_Lead_and_nobody_else()
    {
        var (team, tl) = await TeamAsync();
        using (var adr = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/adrs",
                   new { title = "Use idempotency keys", context = "Retries double-charge.", decision = "Every write takes a key.", consequences = "Clients send a key." }))
            await Expect.Status(HttpStatusCode.Created, adr);
        using (var proposed = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/debt",
                   new { title = "Flaky settlement tests", kind = "tests", principal = 2, interest = 0.5, risk = "low" }))
            await Expect.Status(HttpStatusCode.Created, proposed);
        foreach (var (title, interest) in new[] { ("Cheap debt", 0.2m), ("Costly debt", 4m), ("Middling debt", 1.5m), ("Small debt", 0.5m) })
        {
            using var registered = await tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/debt", new { title, kind = "code", principal = 1, interest, risk = "medium" });
            await Expect.Status(HttpStatusCode.Created, registered);
        }

        var queue = await AwaitingAsync(tl, team.ProductKey);
        var records = Titled(queue, "Decide 1 decision record")!;
        Assert.Contains("ADR-0001 Use idempotency keys", records["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"/p/{team.ProductKey}/adrs?status=proposed", records["href"]!.GetValue<string>());
        Assert.NotNull(Titled(queue, "Register or decline 1 proposed debt"));
        var costly = Titled(queue, "Highest-interest debt")!["detail"]!.GetValue<string>();
        Assert.StartsWith("Costly debt (4 d/sprint", costly, StringComparison.Ordinal);
        Assert.True(costly.IndexOf("Middling debt", StringComparison.Ordinal) < costly.IndexOf("Small debt", StringComparison.Ordinal));
        Assert.DoesNotContain("Cheap debt", costly, StringComparison.Ordinal);

        foreach (var other in new[] { team.Po, team.Dev })
        {
            var theirs = await AwaitingAsync(other, team.ProductKey);
            Assert.Null(Titled(theirs, "Decide 1 decision record"));
            Assert.Null(Titled(theirs, "Assess "));
            Assert.Null(Titled(theirs, "Highest-interest debt"));
        }
    }

    [Fact]
    public async Task An_unknown_need_is_a_validation_problem_that_lists_the_choices()
    {
        var (team, tl) = await TeamAsync();
        using var response = await tl.GetAsync($"/api/v1/products/{team.ProductKey}/backlog?needs=love");
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.Contains("estimate, assessment", problem["errors"]!["needs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
