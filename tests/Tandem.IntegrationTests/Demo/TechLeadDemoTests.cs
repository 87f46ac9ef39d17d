using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Demo;

/// <summary>What the demo gives a Tech Lead to look at on PAY: every readiness state, and decision records in every status.</summary>
[Collection(TandemCollection.Name)]
public class TechLeadDemoTests(TandemApp app)
{
    [Fact]
    public async Task The_top_of_PAYs_backlog_shows_items_ready_on_both_halves_on_one_half_and_on_neither()
    {
        var tl = await app.SignInAsync("tl@demo.tandem");
        var page = (await tl.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/backlog?limit=60&status=new"))!["items"]!.AsArray();
        var states = new HashSet<(bool Po, bool Tl)>();
        foreach (var row in page.Where(r => r!["type"]!.GetValue<string>() != "epic").Take(45))
        {
            var readiness = (await tl.GetFromJsonAsync<JsonObject>($"/api/v1/items/{row!["key"]!.GetValue<string>()}"))!["readiness"]!;
            var po = readiness["productOwnerReady"]!.GetValue<bool>();
            var tech = readiness["techLeadReady"]!.GetValue<bool>();
            Assert.Equal(po && tech, readiness["ready"]!.GetValue<bool>());
            states.Add((po, tech));
        }
        Assert.Equal(4, states.Count);
    }

    [Fact]
    public async Task PAY_has_decision_records_in_every_status_and_one_supersedes_another()
    {
        var tl = await app.SignInAsync("tl@demo.tandem");
        var records = (await tl.GetFromJsonAsync<JsonNode>("/api/v1/products/PAY/adrs"))!;
        var list = (records is JsonArray array ? array : records["items"]!.AsArray()).Select(r => r!.AsObject()).ToList();
        foreach (var status in new[] { "proposed", "accepted", "rejected", "superseded" })
            Assert.Contains(list, r => r["status"]!.GetValue<string>() == status);
        var superseded = list.First(r => r["status"]!.GetValue<string>() == "superseded");
        var successor = list.Single(r => r["number"]!.GetValue<int>() == superseded["supersededByNumber"]!.GetValue<int>());
        Assert.Equal("accepted", successor["status"]!.GetValue<string>());

        var home = (await tl.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/home"))!["awaiting"]!.AsArray();
        Assert.Contains(home, a => a!["title"]!.GetValue<string>().StartsWith("Assess ", StringComparison.Ordinal));
        Assert.Contains(home, a => a!["title"]!.GetValue<string>().StartsWith("Decide ", StringComparison.Ordinal)
            && a["detail"]!.GetValue<string>().Contains("Idempotency keys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_Tech_Leads_home_lists_disagreements_evaluations_NFRs_not_met_and_poker_and_a_developer_sees_only_the_poker()
    {
        static async Task<List<string>> TitlesAsync(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/home"))!["awaiting"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList();

        var tl = await TitlesAsync(await app.SignInAsync("tl@demo.tandem"));
        Assert.Contains(tl, t => t.StartsWith("Resolve ", StringComparison.Ordinal) && t.Contains("technical disagreement", StringComparison.Ordinal));
        Assert.Contains(tl, t => t.StartsWith("Decide ", StringComparison.Ordinal) && t.Contains("technology evaluation", StringComparison.Ordinal));
        Assert.Contains(tl, t => t.EndsWith(" not met", StringComparison.Ordinal));
        Assert.Contains(tl, t => t.StartsWith("Join planning poker", StringComparison.Ordinal));

        var dev = await TitlesAsync(await app.SignInAsync("dev1@demo.tandem"));
        Assert.Contains(dev, t => t.StartsWith("Join planning poker", StringComparison.Ordinal));
        Assert.DoesNotContain(dev, t => t.StartsWith("Resolve ", StringComparison.Ordinal) || t.EndsWith(" not met", StringComparison.Ordinal));

        // The Scrum Master runs sessions but does not vote: invited to facilitate, never to vote (issue 14).
        var sm = await TitlesAsync(await app.SignInAsync("sm@demo.tandem"));
        Assert.Contains(sm, t => t.StartsWith("Facilitate planning poker", StringComparison.Ordinal));
        Assert.DoesNotContain(sm, t => t.StartsWith("Join planning poker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_demo_map_shows_which_decision_record_shaped_the_card_authorisation_interface()
    {
        var tl = await app.SignInAsync("tl@demo.tandem");
        var map = (await tl.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/integration-map"))!;
        var authorise = map["interfaces"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "Card authorisation API")!;
        var face = (await tl.GetFromJsonAsync<JsonObject>($"/api/v1/interfaces/{authorise["id"]}"))!;
        Assert.Contains(face["adrs"]!.AsArray(), a => a!["title"]!.GetValue<string>().StartsWith("Queue card authorisations", StringComparison.Ordinal));
    }
}
