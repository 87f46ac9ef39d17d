using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR.Client;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Poker;

/// <summary>A fresh product with a Tech Lead, a Scrum Master, a Product Owner and two developers, and story items to estimate.</summary>
public sealed class PokerTeam
{
    private PokerTeam(string productKey) => ProductKey = productKey;

    public string ProductKey { get; }
    public HttpClient Tl { get; private set; } = null!;
    public HttpClient Sm { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Dev1 { get; private set; } = null!;
    public HttpClient Dev2 { get; private set; } = null!;
    public Person TlPerson { get; private set; } = null!;
    public Person Dev1Person { get; private set; } = null!;
    public Person Dev2Person { get; private set; } = null!;

    public static async Task<PokerTeam> CreateAsync(TandemApp app)
    {
        var team = new PokerTeam(await app.CreateProductAsync());
        (team.Tl, team.TlPerson) = await MemberAsync(app, team.ProductKey, "tech-lead");
        (team.Sm, _) = await MemberAsync(app, team.ProductKey, "scrum-master");
        (team.Po, _) = await MemberAsync(app, team.ProductKey, "product-owner");
        (team.Dev1, team.Dev1Person) = await MemberAsync(app, team.ProductKey, "developer");
        (team.Dev2, team.Dev2Person) = await MemberAsync(app, team.ProductKey, "developer");
        return team;
    }

    private static async Task<(HttpClient, Person)> MemberAsync(TandemApp app, string key, string role)
    {
        var person = await app.CreatePersonAsync(TandemApp.Unique(role));
        await app.AssignAsync(key, person.Id, role);
        return (await app.SignInAsync(person.Email, person.Password), person);
    }

    public async Task<string> StoryAsync(string title = "Pay by card")
    {
        using var response = await Po.PostAsJsonAsync($"/api/v1/products/{ProductKey}/items", new { type = "story", title });
        return (await Expect.Status(HttpStatusCode.Created, response))!["key"]!.GetValue<string>();
    }

    public async Task<JsonObject> OpenAsync(params string[] items)
    {
        using var response = await Tl.PostAsJsonAsync($"/api/v1/products/{ProductKey}/poker", new { title = "Refinement", items });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public static async Task<JsonObject> VoteAsync(HttpClient who, JsonObject session, object points)
    {
        using var response = await who.PutAsJsonAsync($"/api/v1/poker/{session["id"]}/vote", new { points });
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    public static async Task<JsonObject> StepAsync(HttpClient who, JsonObject session, string step, object? body = null)
    {
        using var response = body is null
            ? await who.PostAsync($"/api/v1/poker/{session["id"]}/{step}", null)
            : await who.PostAsJsonAsync($"/api/v1/poker/{session["id"]}/{step}", body);
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    public static async Task<JsonObject> GetAsync(HttpClient who, JsonObject session) =>
        (await who.GetFromJsonAsync<JsonObject>($"/api/v1/poker/{session["id"]}"))!;

    public async Task<JsonObject> ItemAsync(string key) => (await Tl.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}"))!;
}

[Collection(TandemCollection.Name)]
public class PokerTests(TandemApp app)
{
    [Fact]
    public async Task The_Tech_Lead_opens_a_session_and_votes_stay_hidden_from_everyone_else_until_the_reveal()
    {
        var team = await PokerTeam.CreateAsync(app);
        var first = await team.StoryAsync("Refund to card");
        var second = await team.StoryAsync("Refund to wallet");

        using var opened = await team.Tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/poker", new { title = "Sprint 3 refinement", items = new[] { first, second.ToLowerInvariant() } });
        var session = (await Expect.Status(HttpStatusCode.Created, opened))!.AsObject();
        Assert.Equal($"/api/v1/poker/{session["id"]}", opened.Headers.Location!.ToString());
        Assert.Equal("open", session["status"]!.GetValue<string>());
        Assert.Equal([first, second], session["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()));
        Assert.Equal(first, session["current"]!["item"]!.GetValue<string>());
        Assert.Equal(["0", "1", "2", "3", "5", "8", "13", "21", "?"], session["scale"]!.AsArray().Select(v => v!.GetValue<string>()));

        var mine = await PokerTeam.VoteAsync(team.Dev1, session, 5);
        Assert.Equal("5", mine["myVote"]!.GetValue<string>());

        // Another developer sees that Dev1 voted, but not the card.
        var seen = await PokerTeam.GetAsync(team.Dev2, session);
        var vote = Assert.Single(seen["current"]!["votes"]!.AsArray())!;
        Assert.Equal(team.Dev1Person.DisplayName, vote["voter"]!["displayName"]!.GetValue<string>());
        Assert.Null(vote["value"]);
        Assert.Null(seen["current"]!["spread"]);
        Assert.Null(seen["myVote"]);
        Assert.DoesNotContain("\"5\"", seen["current"]!.ToJsonString(), StringComparison.Ordinal);
        var voters = seen["current"]!["voters"]!.AsArray();
        Assert.True(voters.Single(v => v!["person"]!["displayName"]!.GetValue<string>() == team.Dev1Person.DisplayName)!["voted"]!.GetValue<bool>());
        Assert.False(voters.Single(v => v!["person"]!["displayName"]!.GetValue<string>() == team.Dev2Person.DisplayName)!["voted"]!.GetValue<bool>());
        // Nor does the facilitator or the Product Owner.
        Assert.Null((await PokerTeam.GetAsync(team.Tl, session))["current"]!["votes"]![0]!["value"]);
        Assert.Null((await PokerTeam.GetAsync(team.Po, session))["current"]!["votes"]![0]!["value"]);

        // Changing one's mind in the same round replaces the card.
        await PokerTeam.VoteAsync(team.Dev1, session, "8");
        await PokerTeam.VoteAsync(team.Dev2, session, "8");
        Assert.Equal(2, (await PokerTeam.GetAsync(team.Tl, session))["current"]!["votes"]!.AsArray().Count);

        var revealed = await PokerTeam.StepAsync(team.Tl, session, "reveal");
        Assert.True(revealed["current"]!["revealed"]!.GetValue<bool>());
        var afterReveal = await PokerTeam.GetAsync(team.Po, session);
        Assert.Equal(["8", "8"], afterReveal["current"]!["votes"]!.AsArray().Select(v => v!["value"]!.GetValue<string>()));
        Assert.True(afterReveal["current"]!["spread"]!["consensus"]!.GetValue<bool>());

        // Listed among the product's open sessions.
        var list = (await team.Dev1.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/poker?status=open"))!;
        var row = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal(first, row["currentItem"]!.GetValue<string>());
        Assert.Equal(2, row["itemCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_vote_after_the_reveal_is_refused_with_409_and_changes_nothing_and_a_re_vote_starts_a_new_round()
    {
        var team = await PokerTeam.CreateAsync(app);
        var session = await team.OpenAsync(await team.StoryAsync());
        await PokerTeam.VoteAsync(team.Dev1, session, 3);
        await PokerTeam.VoteAsync(team.Dev2, session, 13);
        await PokerTeam.StepAsync(team.Sm, session, "reveal");
        var before = (await PokerTeam.GetAsync(team.Tl, session)).ToJsonString();

        using var late = await team.Dev1.PutAsJsonAsync($"/api/v1/poker/{session["id"]}/vote", new { points = 5 });
        var problem = await Expect.Problem(HttpStatusCode.Conflict, late);
        Assert.Contains("revealed", Expect.Detail(problem), StringComparison.Ordinal);
        Assert.Contains("re-vote", Expect.Detail(problem), StringComparison.Ordinal);
        using var lateNew = await team.Tl.PutAsJsonAsync($"/api/v1/poker/{session["id"]}/vote", new { points = 5 });
        await Expect.Problem(HttpStatusCode.Conflict, lateNew);
        Assert.Equal(before, (await PokerTeam.GetAsync(team.Tl, session)).ToJsonString());

        var revealed = await PokerTeam.GetAsync(team.Tl, session);
        Assert.Equal("3", revealed["current"]!["spread"]!["min"]!.GetValue<string>());
        Assert.Equal("13", revealed["current"]!["spread"]!["max"]!.GetValue<string>());
        Assert.False(revealed["current"]!["spread"]!["consensus"]!.GetValue<bool>());

        var again = await PokerTeam.StepAsync(team.Sm, session, "revote");
        Assert.Equal(2, again["current"]!["round"]!.GetValue<int>());
        Assert.False(again["current"]!["revealed"]!.GetValue<bool>());
        Assert.Empty(again["current"]!["votes"]!.AsArray());
        Assert.All(again["current"]!["voters"]!.AsArray(), v => Assert.False(v!["voted"]!.GetValue<bool>()));
        var voted = await PokerTeam.VoteAsync(team.Dev1, session, 5);
        Assert.Equal("5", voted["myVote"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_consensus_accepted_by_the_Scrum_Master_sets_the_estimate_through_the_estimate_history()
    {
        var team = await PokerTeam.CreateAsync(app);
        var key = await team.StoryAsync();
        var other = await team.StoryAsync("Second");
        var session = await team.OpenAsync(key, other);
        await PokerTeam.VoteAsync(team.Dev1, session, 5);
        await PokerTeam.VoteAsync(team.Dev2, session, "5");
        await PokerTeam.VoteAsync(team.Tl, session, "5");

        // Not before the reveal.
        using (var early = await team.Sm.PostAsync($"/api/v1/poker/{session["id"]}/accept", null))
            Assert.Contains("Reveal", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, early)), StringComparison.Ordinal);

        var revealed = await PokerTeam.StepAsync(team.Sm, session, "reveal");
        Assert.Empty(revealed["current"]!["spread"]!["outliers"]!.AsArray());
        var accepted = await PokerTeam.StepAsync(team.Sm, session, "accept");
        Assert.Equal("consensus", accepted["current"]!["outcome"]!.GetValue<string>());
        Assert.Equal("5", accepted["items"]![0]!["points"]!.GetValue<string>());

        var item = await team.ItemAsync(key);
        Assert.Equal(5m, item["estimate"]!.GetValue<decimal>());
        var history = (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}/estimates"))!;
        Assert.Equal("5", history["current"]!.GetValue<string>());
        Assert.Equal("5", history["history"]![0]!["to"]!.GetValue<string>());
        var log = (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log?subject={key}"))!;
        Assert.Contains(log["items"]!.AsArray(), e => e!["summary"]!.GetValue<string>().Contains("consensus", StringComparison.Ordinal));

        // Once decided the item takes no more votes; the facilitator moves on.
        using (var vote = await team.Dev1.PutAsJsonAsync($"/api/v1/poker/{session["id"]}/vote", new { points = 8 }))
            await Expect.Problem(HttpStatusCode.Conflict, vote);
        var next = await PokerTeam.StepAsync(team.Sm, session, "next");
        Assert.Equal(other, next["current"]!["item"]!.GetValue<string>());
        var closed = await PokerTeam.StepAsync(team.Sm, session, "close");
        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        Assert.Equal("skipped", closed["items"]![1]!["outcome"]!.GetValue<string>());
        using var afterClose = await team.Dev1.PutAsJsonAsync($"/api/v1/poker/{session["id"]}/vote", new { points = 8 });
        await Expect.Problem(HttpStatusCode.Conflict, afterClose);
    }

    [Fact]
    public async Task A_split_vote_is_settled_only_by_the_Tech_Lead_and_the_refusals_name_the_Tech_Lead()
    {
        var team = await PokerTeam.CreateAsync(app);
        var key = await team.StoryAsync();
        var session = await team.OpenAsync(key);
        await PokerTeam.VoteAsync(team.Dev1, session, 3);
        await PokerTeam.VoteAsync(team.Dev2, session, 3);
        await PokerTeam.VoteAsync(team.Tl, session, 13);
        var revealed = await PokerTeam.StepAsync(team.Tl, session, "reveal");
        var votes = revealed["current"]!["votes"]!.AsArray();
        Assert.True(votes.Single(v => v!["value"]!.GetValue<string>() == "13")!["outlier"]!.GetValue<bool>());
        Assert.All(votes.Where(v => v!["value"]!.GetValue<string>() == "3"), v => Assert.False(v!["outlier"]!.GetValue<bool>()));
        Assert.Equal(["13"], revealed["current"]!["spread"]!["outliers"]!.AsArray().Select(o => o!.GetValue<string>()));
        var before = (await PokerTeam.GetAsync(team.Tl, session)).ToJsonString();

        // No consensus to accept: the Scrum Master is told the Tech Lead decides.
        using (var accept = await team.Sm.PostAsync($"/api/v1/poker/{session["id"]}/accept", null))
        {
            var detail = Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, accept));
            Assert.Contains("Tech Lead", detail, StringComparison.Ordinal);
            Assert.Contains(team.TlPerson.DisplayName, detail, StringComparison.Ordinal);
        }
        // The Product Owner and a developer may not settle; the refusal names the Tech Lead.
        foreach (var refused in new[] { team.Po, team.Dev1, team.Sm })
        {
            using var settle = await refused.PostAsJsonAsync($"/api/v1/poker/{session["id"]}/settle", new { points = 5, reason = "Middle ground" });
            var detail = Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, settle));
            Assert.Contains("Only the Tech Lead", detail, StringComparison.Ordinal);
            Assert.Contains(team.TlPerson.DisplayName, detail, StringComparison.Ordinal);
        }
        Assert.Equal(before, (await PokerTeam.GetAsync(team.Tl, session)).ToJsonString());
        Assert.Null((await team.ItemAsync(key))["estimate"]);

        // The Tech Lead must give a value of the scale and a reason; every bad field is named.
        using (var bad = await team.Tl.PostAsJsonAsync($"/api/v1/poker/{session["id"]}/settle", new { points = 4 }))
        {
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, bad);
            Assert.Contains("not on the scale", problem["errors"]!["points"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotNull(problem["errors"]!["reason"]);
        }
        Assert.Equal(before, (await PokerTeam.GetAsync(team.Tl, session)).ToJsonString());

        // A stale facilitator's view is refused.
        using (var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/poker/{session["id"]}/settle") { Content = JsonContent.Create(new { points = 5, reason = "x" }) })
        {
            stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Tl.SendAsync(stale));
        }

        using var etag = await team.Tl.GetAsync($"/api/v1/poker/{session["id"]}");
        using var settleRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/poker/{session["id"]}/settle")
        {
            Content = JsonContent.Create(new { points = 8, reason = "The fraud checks need a new provider; the 3s missed that." }),
        };
        settleRequest.Headers.IfMatch.Add(etag.Headers.ETag!);
        using var settled = await team.Tl.SendAsync(settleRequest);
        var after = (await Expect.Status(HttpStatusCode.OK, settled))!;
        Assert.Equal("settled", after["current"]!["outcome"]!.GetValue<string>());
        Assert.Equal(8m, (await team.ItemAsync(key))["estimate"]!.GetValue<decimal>());

        var log = (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log?subject={key}"))!;
        var entry = log["items"]!.AsArray().First(e => e!["operation"]!.GetValue<string>() == "estimate.settle")!;
        Assert.Contains(team.Dev1Person.DisplayName + " 3", entry["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(team.TlPerson.DisplayName + " 13", entry["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("The fraud checks need a new provider; the 3s missed that.", entry["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Opening_needs_the_Tech_Lead_or_the_Scrum_Master_items_of_the_product_and_votes_on_the_scale()
    {
        var team = await PokerTeam.CreateAsync(app);
        var key = await team.StoryAsync();

        using (var po = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/poker", new { items = new[] { key } }))
            Assert.Contains("Only the Tech Lead or the Scrum Master", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, po)), StringComparison.Ordinal);
        using (var none = await team.Sm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/poker", new { items = Array.Empty<string>() }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, none))["errors"]!["items"]);
        using (var stranger = await team.Sm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/poker", new { items = new[] { key, "PAY-1" } }))
            Assert.Contains("PAY-1", Expect.Detail(await Expect.Problem(HttpStatusCode.BadRequest, stranger)), StringComparison.Ordinal);
        using (var twice = await team.Sm.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/poker", new { items = new[] { key, key } }))
            await Expect.Problem(HttpStatusCode.BadRequest, twice);
        Assert.Empty((await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/poker"))!["items"]!.AsArray());

        var candidates = (await team.Tl.GetFromJsonAsync<JsonArray>($"/api/v1/products/{team.ProductKey}/poker/candidates"))!;
        Assert.Contains(candidates, c => c!["key"]!.GetValue<string>() == key);

        var session = await team.OpenAsync(key);
        using (var offScale = await team.Dev1.PutAsJsonAsync($"/api/v1/poker/{session["id"]}/vote", new { points = 4 }))
            Assert.Contains("not on the scale", (await Expect.Problem(HttpStatusCode.BadRequest, offScale))["errors"]!["points"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        using (var poVote = await team.Po.PutAsJsonAsync($"/api/v1/poker/{session["id"]}/vote", new { points = 5 }))
            await Expect.Problem(HttpStatusCode.Forbidden, poVote);
        using (var nothing = await team.Sm.PostAsync($"/api/v1/poker/{session["id"]}/reveal", null))
            Assert.Contains("Nobody has voted", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, nothing)), StringComparison.Ordinal);
        Assert.Empty((await PokerTeam.GetAsync(team.Tl, session))["current"]!["votes"]!.AsArray());
    }

    [Fact]
    public async Task Another_workspace_cannot_see_or_join_a_session_and_the_hub_refuses_it()
    {
        var team = await PokerTeam.CreateAsync(app);
        var session = await team.OpenAsync(await team.StoryAsync());
        using var globex = await app.SignInAsync(TandemApp.GlobexPo);
        await Expect.Problem(HttpStatusCode.NotFound, await globex.GetAsync($"/api/v1/poker/{session["id"]}"));
        await Expect.Problem(HttpStatusCode.NotFound, await globex.PutAsJsonAsync($"/api/v1/poker/{session["id"]}/vote", new { points = 5 }));

        await using var hub = await ConnectAsync(await app.LoginAsync(TandemApp.GlobexPo, TandemApp.DemoPassword));
        var refusal = await hub.InvokeAsync<string?>("Join", session["id"]!.GetValue<Guid>());
        Assert.NotNull(refusal);
        Assert.Contains("no planning-poker session", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Participants_connected_to_the_hub_hear_joins_votes_without_values_and_the_reveal()
    {
        var team = await PokerTeam.CreateAsync(app);
        var session = await team.OpenAsync(await team.StoryAsync());
        var id = session["id"]!.GetValue<Guid>();

        // Anonymous connections are refused outright.
        await using (var anonymous = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/poker")).Build())
            await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());

        await using var watcher = await ConnectAsync(await app.LoginAsync(team.Dev2Person.Email, team.Dev2Person.Password));
        var changes = System.Threading.Channels.Channel.CreateUnbounded<JsonElementMessage>();
        var presence = System.Threading.Channels.Channel.CreateUnbounded<System.Text.Json.JsonElement>();
        watcher.On<System.Text.Json.JsonElement>("changed", m => changes.Writer.TryWrite(new JsonElementMessage(m)));
        watcher.On<System.Text.Json.JsonElement>("presence", m => presence.Writer.TryWrite(m));
        Assert.Null(await watcher.InvokeAsync<string?>("Join", id));
        var present = await ReadAsync(presence.Reader);
        Assert.Contains(team.Dev2Person.DisplayName, present.GetProperty("people").ToString(), StringComparison.Ordinal);

        await using var voter = await ConnectAsync(await app.LoginAsync(team.Dev1Person.Email, team.Dev1Person.Password));
        Assert.Null(await voter.InvokeAsync<string?>("Join", id));
        present = await ReadAsync(presence.Reader);
        Assert.Contains(team.Dev1Person.DisplayName, present.GetProperty("people").ToString(), StringComparison.Ordinal);

        await PokerTeam.VoteAsync(team.Dev1, session, 8);
        var voted = (await ReadAsync(changes.Reader)).Value;
        Assert.Equal("voted", voted.GetProperty("change").GetString());
        var card = voted.GetProperty("votes")[0];
        Assert.Equal(team.Dev1Person.DisplayName, card.GetProperty("voter").GetProperty("displayName").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, card.GetProperty("value").ValueKind);
        Assert.DoesNotContain("\"8\"", voted.GetRawText(), StringComparison.Ordinal);
        Assert.False(voted.GetProperty("revealed").GetBoolean());

        await PokerTeam.StepAsync(team.Tl, session, "reveal");
        var revealed = (await ReadAsync(changes.Reader)).Value;
        Assert.Equal("revealed", revealed.GetProperty("change").GetString());
        Assert.True(revealed.GetProperty("revealed").GetBoolean());
        Assert.Equal("8", revealed.GetProperty("votes")[0].GetProperty("value").GetString());
        Assert.True(revealed.GetProperty("spread").GetProperty("consensus").GetBoolean());

        // A participant leaving is heard too.
        await voter.StopAsync();
        present = await ReadAsync(presence.Reader);
        Assert.DoesNotContain(team.Dev1Person.DisplayName, present.GetProperty("people").ToString(), StringComparison.Ordinal);
    }

    private sealed record JsonElementMessage(System.Text.Json.JsonElement Value);

    private static async Task<T> ReadAsync<T>(System.Threading.Channels.ChannelReader<T> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadAsync(timeout.Token);
    }

    private async Task<HubConnection> ConnectAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/poker"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
