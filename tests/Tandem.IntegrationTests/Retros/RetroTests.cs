using Microsoft.AspNetCore.SignalR.Client;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Retros;

[Collection(TandemCollection.Name)]
public class RetroTests(TandemApp app)
{
    [Theory]
    [InlineData("start-stop-continue", new[] { "Start", "Stop", "Continue" })]
    [InlineData("mad-sad-glad", new[] { "Mad", "Sad", "Glad" })]
    [InlineData("4ls", new[] { "Liked", "Learned", "Lacked", "Longed for" })]
    [InlineData("sailboat", new[] { "Wind", "Anchors", "Rocks", "Island" })]
    public async Task Each_format_brings_its_columns(string format, string[] columns)
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync(new { title = "Formats", format });
        Assert.Equal(format, retro["format"]!.GetValue<string>());
        Assert.Equal(columns, retro["columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("write", retro["phase"]!.GetValue<string>());
        Assert.Equal(3, retro["voteAllowance"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_custom_retrospective_has_the_columns_given_and_bad_input_lists_every_field()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync(new { format = "custom", columns = (string[])["Kudos", "Puzzles"], voteAllowance = 5 });
        Assert.Equal(["Kudos", "Puzzles"], retro["columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(5, retro["voteAllowance"]!.GetValue<int>());

        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/retros", new { format = "custom", voteAllowance = 0, sprintId = Guid.NewGuid() }));
        var errors = bad["errors"]!.AsObject();
        Assert.Contains("columns", errors.Select(e => e.Key));
        Assert.Contains("voteAllowance", errors.Select(e => e.Key));
        Assert.Contains("sprintId", errors.Select(e => e.Key));

        var unknown = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/retros", new { format = "happy-sappy" }));
        Assert.Contains("format", unknown["errors"]!.AsObject().Select(e => e.Key));
        // Nothing half-written.
        var list = await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/retros"));
        Assert.Single(list!.AsArray());
    }

    [Fact]
    public async Task Only_the_Scrum_Master_moves_the_phases_one_step_at_a_time_and_each_move_is_logged()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync();

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/phase", new { phase = "group" }));
        Assert.Contains("Only the Scrum Master", Expect.Detail(refused), StringComparison.Ordinal);
        Assert.Contains(team.SmPerson.DisplayName, Expect.Detail(refused), StringComparison.Ordinal);
        var refusedStart = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/retros", new { }));
        Assert.Contains("Scrum Master", Expect.Detail(refusedStart), StringComparison.Ordinal);

        var skip = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/phase", new { phase = "vote" }));
        Assert.Contains("phase", skip["errors"]!.AsObject().Select(e => e.Key));

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/retros/{retro["id"]}/phase") { Content = JsonContent.Create(new { phase = "group" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"99\"");
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Sm.SendAsync(stale));

        var closed = await team.PhaseAsync(retro, "group", "vote", "discuss", "actions", "closed");
        Assert.Equal("closed", closed["phase"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/phase", new { phase = "actions" }));

        var log = await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/products/{team.ProductKey}/decision-log?limit=20"));
        Assert.Equal(6, log!["items"]!.AsArray().Count(e => e!["operation"]!.GetValue<string>() == "retro.facilitate"));
    }

    [Fact]
    public async Task An_anonymous_card_never_shows_its_author_in_the_api_or_the_page()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync();
        var card = await RetroTeam.CardAsync(team.Dev1, retro, "Stop", "Stop merging on Fridays", anonymous: true);
        await RetroTeam.CardAsync(team.Dev2, retro, "Start", "Pair more");
        Assert.Null(card["author"]);
        Assert.True(card["mine"]!.GetValue<bool>());

        foreach (var reader in new[] { team.Dev2, team.Sm, team.Dev1 })
        {
            var json = await (await reader.GetAsync($"/api/v1/retros/{retro["id"]}")).Content.ReadAsStringAsync();
            Assert.Contains("Stop merging on Fridays", json, StringComparison.Ordinal);
            Assert.DoesNotContain(team.Dev1Person.Id.ToString(), json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(team.Dev1Person.DisplayName, json, StringComparison.Ordinal);
            Assert.Contains(team.Dev2Person.DisplayName, json, StringComparison.Ordinal);

            var html = await (await reader.GetAsync($"/retros/{retro["id"]}")).Content.ReadAsStringAsync();
            Assert.Contains("Stop merging on Fridays", html, StringComparison.Ordinal);
            // The author's own page names them in the header; everyone else's says nothing of them.
            if (reader == team.Dev1) continue;
            Assert.DoesNotContain(team.Dev1Person.Id.ToString(), html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(team.Dev1Person.DisplayName, html, StringComparison.Ordinal);
        }

        // Later phases show the card too, still without its author.
        await team.PhaseAsync(retro, "group", "vote", "discuss");
        var later = await (await team.Sm.GetAsync($"/retros/{retro["id"]}")).Content.ReadAsStringAsync();
        // The action form lists the team's members as possible owners; the board itself names no author.
        var board = later[later.IndexOf("data-testid=\"retro-topics\"", StringComparison.Ordinal)..later.IndexOf("data-testid=\"retro-actions\"", StringComparison.Ordinal)];
        Assert.Contains("Stop merging on Fridays", board, StringComparison.Ordinal);
        Assert.DoesNotContain(team.Dev1Person.DisplayName, board, StringComparison.Ordinal);
        Assert.DoesNotContain(team.Dev1Person.Id.ToString(), board, StringComparison.OrdinalIgnoreCase);

        // Only the author edits their card, and only while the team writes.
        var edit = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PatchAsJsonAsync($"/api/v1/retro-cards/{card["id"]}", new { text = "Too late" }));
        Assert.Contains("phase", edit["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task The_live_channel_admits_the_team_and_tells_of_an_anonymous_card_without_its_author()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync();
        var token = await app.LoginAsync(team.Dev2Person.Email, team.Dev2Person.Password);
        await using var watcher = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/retro"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var changes = System.Threading.Channels.Channel.CreateUnbounded<string>();
        watcher.On<System.Text.Json.JsonElement>("changed", m => changes.Writer.TryWrite(m.GetRawText()));
        await watcher.StartAsync();
        Assert.Null(await watcher.InvokeAsync<string?>("Join", retro["id"]!.GetValue<Guid>()));
        Assert.NotNull(await watcher.InvokeAsync<string?>("Join", Guid.NewGuid()));

        await RetroTeam.CardAsync(team.Dev1, retro, "Stop", "Secret worry", anonymous: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await changes.Reader.ReadAsync(timeout.Token);
        Assert.Contains(retro["id"]!.GetValue<string>(), message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(team.Dev1Person.Id.ToString(), message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(team.Dev1Person.DisplayName, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret worry", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_author_edits_their_own_card_while_writing_and_nobody_else_may()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync();
        var card = await RetroTeam.CardAsync(team.Dev1, retro, "Start", "Demo earlier", anonymous: true);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev2.PatchAsJsonAsync($"/api/v1/retro-cards/{card["id"]}", new { text = "Hijacked" }));
        var edited = await Expect.Status(HttpStatusCode.OK, await team.Dev1.PatchAsJsonAsync($"/api/v1/retro-cards/{card["id"]}", new { text = "Demo on Wednesday", column = "Continue" }));
        var after = edited!["cards"]!.AsArray().Single(c => c!["id"]!.GetValue<Guid>() == card["id"]!.GetValue<Guid>())!;
        Assert.Equal("Demo on Wednesday", after["text"]!.GetValue<string>());
        Assert.Equal("Continue", after["column"]!.GetValue<string>());
        var badColumn = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PatchAsJsonAsync($"/api/v1/retro-cards/{card["id"]}", new { column = "Nope" }));
        Assert.Contains("column", badColumn["errors"]!.AsObject().Select(e => e.Key));
        var stakeholder = await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/cards", new { column = "Start", text = "Me too" }));
        Assert.Contains("Only", Expect.Detail(stakeholder), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Votes_stay_within_the_allowance_and_are_private_until_the_vote_ends()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync(new { voteAllowance = 2 });
        var a = await RetroTeam.CardAsync(team.Dev1, retro, "Start", "Card A");
        var b = await RetroTeam.CardAsync(team.Dev2, retro, "Stop", "Card B");
        var c = await RetroTeam.CardAsync(team.Dev2, retro, "Stop", "Card C");
        var early = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/votes", new { cardId = a["id"] }));
        Assert.Contains("phase", early["errors"]!.AsObject().Select(e => e.Key));

        await team.PhaseAsync(retro, "group");
        var grouped = await Expect.Status(HttpStatusCode.OK, await team.Dev3.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/groups", new { title = "Friction", cardIds = new[] { b["id"], c["id"] } }));
        var groupId = grouped!["groups"]![0]!["id"]!.GetValue<Guid>();
        await team.PhaseAsync(retro, "vote");

        await Expect.Status(HttpStatusCode.OK, await team.Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/votes", new { cardId = a["id"] }));
        var second = await Expect.Status(HttpStatusCode.OK, await team.Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/votes", new { groupId }));
        Assert.Equal(0, second!["votesLeft"]!.GetValue<int>());
        var beyond = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/votes", new { cardId = a["id"] }));
        Assert.Contains("you have used your 2 votes", Expect.Detail(beyond) + string.Join(" ", beyond["errors"]!.AsObject().SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>()))), StringComparison.OrdinalIgnoreCase);
        var inGroup = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev2.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/votes", new { cardId = b["id"] }));
        Assert.Contains("cardId", inGroup["errors"]!.AsObject().Select(e => e.Key));

        // While the vote runs, nobody sees totals, only their own dots.
        var dev2View = await RetroTeam.GetAsync(team.Dev2, retro);
        Assert.All(dev2View["cards"]!.AsArray(), card => Assert.Null(card!["votes"]));
        Assert.All(dev2View["cards"]!.AsArray(), card => Assert.Equal(0, card!["myVotes"]!.GetValue<int>()));

        // Taking one back frees a dot.
        var back = await Expect.Status(HttpStatusCode.OK, await team.Dev1.DeleteAsync($"/api/v1/retros/{retro["id"]}/votes?cardId={a["id"]}"));
        Assert.Equal(1, back!["votesLeft"]!.GetValue<int>());
        await Expect.Status(HttpStatusCode.OK, await team.Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/votes", new { groupId }));
        await Expect.Status(HttpStatusCode.OK, await team.Dev2.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/votes", new { cardId = a["id"] }));

        var discuss = await team.PhaseAsync(retro, "discuss");
        var topics = discuss["topics"]!.AsArray();
        Assert.Equal("Friction", topics[0]!["title"]!.GetValue<string>());
        Assert.Equal(2, topics[0]!["votes"]!.GetValue<int>());
        Assert.Equal(1, topics[1]!["votes"]!.GetValue<int>());
        Assert.Equal(1, discuss["cards"]!.AsArray().Single(x => x!["text"]!.GetValue<string>() == "Card A")!["votes"]!.GetValue<int>());
    }

    [Fact]
    public async Task Two_votes_at_the_same_instant_cannot_exceed_the_allowance()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync(new { voteAllowance = 1 });
        var a = await RetroTeam.CardAsync(team.Dev1, retro, "Start", "Card A");
        var b = await RetroTeam.CardAsync(team.Dev1, retro, "Stop", "Card B");
        await team.PhaseAsync(retro, "group", "vote");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            team.Dev2.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/votes", new { cardId = i % 2 == 0 ? a["id"] : b["id"] })));
        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, r.StatusCode.ToString()));

        var discuss = await team.PhaseAsync(retro, "discuss");
        Assert.Equal(1, discuss["cards"]!.AsArray().Sum(card => card!["votes"]!.GetValue<int>()));
    }

    [Fact]
    public async Task An_action_becomes_a_backlog_item_or_a_working_agreement()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync();
        var early = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/actions", new { text = "Too early" }));
        Assert.Contains("phase", early["errors"]!.AsObject().Select(e => e.Key));
        await team.PhaseAsync(retro, "group", "vote", "discuss", "actions");

        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PostAsJsonAsync($"/api/v1/retros/{retro["id"]}/actions", new { text = "", ownerId = Guid.NewGuid(), due = "tomorrow" }));
        Assert.Equal(["due", "ownerId", "text"], bad["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        var action = await team.ActionAsync(retro, "Automate the release notes", team.Dev2Person.Id, "2030-01-15");
        Assert.Equal(team.Dev2Person.DisplayName, action["owner"]!["displayName"]!.GetValue<string>());
        Assert.Equal("2030-01-15", action["due"]!.GetValue<string>());

        var converted = await Expect.Status(HttpStatusCode.OK, await team.Dev2.PostAsync($"/api/v1/retro-actions/{action["id"]}/to-backlog", null));
        var itemKey = converted!["itemKey"]!.GetValue<string>();
        var item = await Expect.Status(HttpStatusCode.OK, await team.Po.GetAsync($"/api/v1/items/{itemKey}"));
        Assert.Equal("Automate the release notes", item!["title"]!.GetValue<string>());
        Assert.Equal(team.ProductKey, item["productKey"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Dev2.PostAsync($"/api/v1/retro-actions/{action["id"]}/to-backlog", null));

        // A developer's agreement is a suggestion; the Scrum Master's is adopted at once.
        var suggestion = await team.ActionAsync(retro, "Reviews within a day");
        var fromDev = await Expect.Status(HttpStatusCode.OK, await team.Dev1.PostAsync($"/api/v1/retro-actions/{suggestion["id"]}/to-agreement", null));
        var agreed = await team.ActionAsync(retro, "No meetings before ten");
        await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsync($"/api/v1/retro-actions/{agreed["id"]}/to-agreement", null));
        var agreements = (await Expect.Status(HttpStatusCode.OK, await team.Dev1.GetAsync($"/api/v1/teams/{team.TeamId}/agreements")))!.AsArray();
        Assert.Equal("suggested", agreements.Single(a => a!["text"]!.GetValue<string>() == "Reviews within a day")!["status"]!.GetValue<string>());
        Assert.Equal("adopted", agreements.Single(a => a!["text"]!.GetValue<string>() == "No meetings before ten")!["status"]!.GetValue<string>());
        Assert.Equal(fromDev!["agreementId"]!.GetValue<Guid>(), agreements.Single(a => a!["text"]!.GetValue<string>() == "Reviews within a day")!["id"]!.GetValue<Guid>());

        var stakeholder = await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.PostAsync($"/api/v1/retro-actions/{agreed["id"]}/to-backlog", null));
        Assert.Contains("Only", Expect.Detail(stakeholder), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_retrospective_opens_by_reviewing_the_last_ones_actions()
    {
        var team = await RetroTeam.CreateAsync(app);
        var first = await team.StartAsync(new { title = "Sprint 1 retro" });
        await team.PhaseAsync(first, "group", "vote", "discuss", "actions");
        var kept = await team.ActionAsync(first, "Write the runbook", team.Dev1Person.Id, "2020-01-10");
        var done = await team.ActionAsync(first, "Fix the flaky test");
        await team.PhaseAsync(first, "closed");

        var open = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/retro-actions?status=open")))!.AsArray();
        Assert.Equal(2, open.Count);
        Assert.True(open.Single(a => a!["text"]!.GetValue<string>() == "Write the runbook")!["overdue"]!.GetValue<bool>());

        var second = await team.StartAsync(new { title = "Sprint 2 retro" });
        Assert.Equal(["Write the runbook", "Fix the flaky test"], second["review"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/retro-actions/{done["id"]}") { Content = JsonContent.Create(new { status = "done" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"42\"");
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Dev2.SendAsync(stale));
        await Expect.Status(HttpStatusCode.OK, await team.Dev2.PatchAsJsonAsync($"/api/v1/retro-actions/{done["id"]}", new { status = "done" }));
        var notDone = await Expect.Status(HttpStatusCode.OK, await team.Dev1.PatchAsJsonAsync($"/api/v1/retro-actions/{kept["id"]}", new { status = "not-done" }));
        Assert.Equal(1, notDone!["notDoneCount"]!.GetValue<int>());
        var badStatus = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev1.PatchAsJsonAsync($"/api/v1/retro-actions/{kept["id"]}", new { status = "maybe" }));
        Assert.Contains("status", badStatus["errors"]!.AsObject().Select(e => e.Key));

        var reviewed = await RetroTeam.GetAsync(team.Dev3, second);
        Assert.Equal("done", reviewed["review"]!.AsArray().Single(a => a!["text"]!.GetValue<string>() == "Fix the flaky test")!["status"]!.GetValue<string>());

        // Not done carries to the next review; done does not.
        await team.PhaseAsync(second, "group", "vote", "discuss", "actions", "closed");
        var third = await team.StartAsync(new { title = "Sprint 3 retro" });
        Assert.Equal(["Write the runbook"], third["review"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));
        var twice = await Expect.Status(HttpStatusCode.OK, await team.Dev1.PatchAsJsonAsync($"/api/v1/retro-actions/{kept["id"]}", new { status = "not-done" }));
        Assert.Equal(2, twice!["notDoneCount"]!.GetValue<int>());

        var page = await (await team.Sm.GetAsync($"/teams/{team.TeamId}/retros")).Content.ReadAsStringAsync();
        Assert.Contains("Write the runbook", page, StringComparison.Ordinal);
        var retroPage = await (await team.Dev2.GetAsync($"/retros/{third["id"]}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"retro-review\"", retroPage, StringComparison.Ordinal);
        Assert.Contains("Write the runbook", retroPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_refuse_the_facilitators_controls_and_name_who_decides()
    {
        var team = await RetroTeam.CreateAsync(app);
        var retro = await team.StartAsync();
        var asDev = await (await team.Dev1.GetAsync($"/retros/{retro["id"]}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"facilitate-note\"", asDev, StringComparison.Ordinal);
        Assert.Contains("Only the Scrum Master", asDev, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"write-form\"", asDev, StringComparison.Ordinal);
        var list = await (await team.Dev1.GetAsync($"/teams/{team.TeamId}/retros")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"start-retro-note\"", list, StringComparison.Ordinal);
        var asSm = await (await team.Sm.GetAsync($"/teams/{team.TeamId}/retros")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"start-retro-form\"", asSm, StringComparison.Ordinal);
    }
}
