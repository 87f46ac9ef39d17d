using Microsoft.AspNetCore.SignalR.Client;
using Tandem.Domain.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Board;

/// <summary>A fresh product and team (SM, TL, two developers, PO, stakeholder on it) with story items for a board.</summary>
public sealed class BoardTeam
{
    private BoardTeam(string productKey) => ProductKey = productKey;

    public string ProductKey { get; }
    public Guid TeamId { get; private set; }
    public HttpClient Sm { get; private set; } = null!;
    public HttpClient Tl { get; private set; } = null!;
    public HttpClient Dev { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Stakeholder { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public Person DevPerson { get; private set; } = null!;
    public IReadOnlyList<Guid> Columns { get; private set; } = [];

    public static async Task<BoardTeam> CreateAsync(TandemApp app)
    {
        var team = new BoardTeam(await app.CreateProductAsync());
        Person sm, tl, po, holder;
        (team.Sm, sm) = await MemberAsync(app, team.ProductKey, "scrum-master");
        (team.Tl, tl) = await MemberAsync(app, team.ProductKey, "tech-lead");
        (team.Dev, team.DevPerson) = await MemberAsync(app, team.ProductKey, "developer");
        (team.Po, po) = await MemberAsync(app, team.ProductKey, "product-owner");
        (team.Stakeholder, holder) = await MemberAsync(app, team.ProductKey, "stakeholder");
        team.Admin = await app.SignInAsync(TandemApp.Admin);
        using var created = await team.Admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = TandemApp.Unique("Board team"), productKey = team.ProductKey, timeZone = "Europe/Berlin",
            members = new[] { sm, tl, team.DevPerson, po }.Select(p => new { userId = p.Id, allocationPercent = 100 }),
        });
        var json = (await Expect.Status(HttpStatusCode.Created, created))!;
        team.TeamId = json["id"]!.GetValue<Guid>();
        team.Columns = json["columns"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()).ToList();
        return team;
    }

    private static async Task<(HttpClient, Person)> MemberAsync(TandemApp app, string key, string role)
    {
        var person = await app.CreatePersonAsync(TandemApp.Unique(role));
        await app.AssignAsync(key, person.Id, role);
        return (await app.SignInAsync(person.Email, person.Password), person);
    }

    public async Task<List<string>> StoriesAsync(int count)
    {
        var keys = new List<string>();
        for (var n = 1; n <= count; n++)
        {
            using var response = await Po.PostAsJsonAsync($"/api/v1/products/{ProductKey}/items", new { type = "story", title = $"Story {n}" });
            keys.Add((await Expect.Status(HttpStatusCode.Created, response))!["key"]!.GetValue<string>());
        }
        return keys;
    }

    public async Task<JsonObject> BoardAsync(Guid sprintId, string? swimlane = null)
    {
        using var response = await Sm.GetAsync($"/api/v1/sprints/{sprintId}/board{(swimlane is null ? "" : $"?swimlane={swimlane}")}");
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    public static List<string> Keys(JsonObject board, int column) =>
        board["columns"]![column]!["cards"]!.AsArray().Select(c => c!["item"]!.GetValue<string>()).ToList();

    public Task<HttpResponseMessage> MoveAsync(HttpClient who, Guid sprintId, string item, int column, string? before = null, string? after = null, int? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sprints/{sprintId}/board/moves")
        {
            Content = JsonContent.Create(new { itemKey = item, columnId = Columns[column], beforeItemKey = before, afterItemKey = after }),
        };
        if (ifMatch is { } v) request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        return who.SendAsync(request);
    }
}

[Collection(TandemCollection.Name)]
public class BoardTests(TandemApp app)
{
    [Fact]
    public async Task The_board_shows_the_columns_in_order_with_limits_and_cards_and_groups_them_into_lanes()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(3);
        using (var assign = await team.Po.PatchAsJsonAsync($"/api/v1/items/{keys[0]}", new { assignee = team.DevPerson.Id })) await Expect.Status(HttpStatusCode.OK, assign);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);

        var board = await team.BoardAsync(sprint);
        Assert.Equal(["To do", "In progress", "Review", "Done"], board["columns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(["ready", "in-progress", "in-progress", "done"], board["columns"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()));
        Assert.Equal(4, board["columns"]![1]!["wipLimit"]!.GetValue<int>());
        Assert.Equal(keys, BoardTeam.Keys(board, 0));
        Assert.Equal(3, board["columns"]![0]!["count"]!.GetValue<int>());
        Assert.False(board["columns"]![0]!["overLimit"]!.GetValue<bool>());
        var card = board["columns"]![0]!["cards"]![0]!;
        Assert.Equal(team.DevPerson.DisplayName, card["assignee"]!["displayName"]!.GetValue<string>());
        Assert.Equal(0, card["daysInColumn"]!.GetValue<int>());
        Assert.False(card["blocked"]!.GetValue<bool>());
        Assert.Equal("story", card["type"]!.GetValue<string>());

        var lanes = (await team.BoardAsync(sprint, "assignee"))["lanes"]!.AsArray();
        Assert.Equal([team.DevPerson.DisplayName, "Unassigned"], lanes.Select(l => l!["name"]!.GetValue<string>()));
        Assert.Equal([keys[0]], lanes[0]!["cards"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Single((await team.BoardAsync(sprint, "none"))["lanes"]!.AsArray());
        Assert.Single((await team.BoardAsync(sprint, "epic"))["lanes"]!.AsArray());

        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.GetAsync($"/api/v1/sprints/{sprint}/board?swimlane=colour"));
        Assert.Contains("swimlane", bad["errors"]!.AsObject().Select(e => e.Key));
        await Expect.Problem(HttpStatusCode.NotFound, await team.Sm.GetAsync($"/api/v1/sprints/{Guid.NewGuid()}/board"));
    }

    [Fact]
    public async Task The_team_board_is_the_active_sprints_and_says_so_when_none_runs()
    {
        var team = await BoardTeam.CreateAsync(app);
        var none = await Expect.Problem(HttpStatusCode.NotFound, await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/board"));
        Assert.Contains("no active sprint", Expect.Detail(none), StringComparison.Ordinal);

        await BoardSprints.CreateAsync(app, team.TeamId, [], active: false);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, await team.StoriesAsync(1));
        var board = (await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.GetAsync($"/api/v1/teams/{team.TeamId}/board")))!;
        Assert.Equal(sprint, board["sprintId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_move_places_the_card_between_its_neighbours_gives_the_item_the_columns_status_and_records_the_move()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(4);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);

        var moved = (await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[0], 1)))!;
        Assert.Equal("in-progress", moved["card"]!["status"]!.GetValue<string>());
        Assert.Equal(1, moved["column"]!["count"]!.GetValue<int>());
        Assert.False(moved["overLimit"]!.GetValue<bool>());
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Tl, sprint, keys[1], 1));
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Sm, sprint, keys[2], 1, before: keys[0]));
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[3], 1, after: keys[2]));

        var board = await team.BoardAsync(sprint);
        Assert.Equal([keys[2], keys[3], keys[0], keys[1]], BoardTeam.Keys(board, 1));
        Assert.Empty(BoardTeam.Keys(board, 0));
        var item = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/items/{keys[0]}")))!;
        Assert.Equal("in-progress", item["status"]!.GetValue<string>());
        Assert.Equal(4, await BoardSprints.MovesAsync(app, sprint));

        // Reordering inside a column is not a column change; done completes the card, moving back clears it.
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[1], 1, before: keys[2]));
        Assert.Equal(4, await BoardSprints.MovesAsync(app, sprint));
        Assert.Equal([keys[1], keys[2], keys[3], keys[0]], BoardTeam.Keys(await team.BoardAsync(sprint), 1));
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[0], 3));
        var done = (await BoardSprints.CardsAsync(app, sprint)).Single(c => c.ColumnId == team.Columns[3]);
        Assert.NotNull(done.CompletedAt);
        Assert.NotNull(done.StartedAt);
        item = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/items/{keys[0]}")))!;
        Assert.Equal("done", item["status"]!.GetValue<string>());
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[0], 2));
        Assert.Null((await BoardSprints.CardsAsync(app, sprint)).Single(c => c.Id == done.Id).CompletedAt);

        // A neighbour from another column, or a card not on the board, is refused with the field.
        var wrong = await Expect.Problem(HttpStatusCode.BadRequest, await team.MoveAsync(team.Dev, sprint, keys[1], 0, before: keys[2]));
        Assert.Contains("beforeItemKey", wrong["errors"]!.AsObject().Select(e => e.Key));
        await Expect.Problem(HttpStatusCode.NotFound, await team.MoveAsync(team.Dev, sprint, $"{team.ProductKey}-9999", 0));
        using var noColumn = await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/board/moves", new { itemKey = keys[1], columnId = Guid.NewGuid() });
        Assert.Contains("columnId", (await Expect.Problem(HttpStatusCode.BadRequest, noColumn))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_move_over_the_WIP_limit_is_made_and_flagged()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(4);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);
        for (var n = 0; n < 3; n++)
            Assert.False((await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[n], 2)))!["overLimit"]!.GetValue<bool>());

        var over = (await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[3], 2)))!;
        Assert.True(over["overLimit"]!.GetValue<bool>());
        Assert.Contains("over its WIP limit of 3", over["warning"]!.GetValue<string>(), StringComparison.Ordinal);
        var review = (await team.BoardAsync(sprint))["columns"]![2]!;
        Assert.Equal(4, review["count"]!.GetValue<int>());
        Assert.True(review["overLimit"]!.GetValue<bool>());
        Assert.Equal("4 / 3 — over the limit", review["breach"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_card_is_blocked_with_a_reason_and_unblocked()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(1);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);

        using var empty = await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/board/cards/{keys[0]}/block", new { reason = " " });
        Assert.Contains("reason", (await Expect.Problem(HttpStatusCode.BadRequest, empty))["errors"]!.AsObject().Select(e => e.Key));
        using var blocked = await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/board/cards/{keys[0]}/block", new { reason = "Waiting for the bank's sandbox" });
        var card = (await Expect.Status(HttpStatusCode.OK, blocked))!;
        Assert.True(card["blocked"]!.GetValue<bool>());
        var onBoard = (await team.BoardAsync(sprint))["columns"]![0]!["cards"]![0]!;
        Assert.Equal("Waiting for the bank's sandbox", onBoard["blockedReason"]!.GetValue<string>());

        using var stakeholder = await team.Stakeholder.PostAsJsonAsync($"/api/v1/sprints/{sprint}/board/cards/{keys[0]}/unblock", new { });
        await Expect.Problem(HttpStatusCode.Forbidden, stakeholder);
        using var unblocked = await team.Sm.PostAsync($"/api/v1/sprints/{sprint}/board/cards/{keys[0]}/unblock", null);
        Assert.False((await Expect.Status(HttpStatusCode.OK, unblocked))!["blocked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_stale_card_version_is_refused_with_412()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(1);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);
        var version = (await team.BoardAsync(sprint))["columns"]![0]!["cards"]![0]!["version"]!.GetValue<int>();

        using var first = await team.MoveAsync(team.Dev, sprint, keys[0], 1, ifMatch: version);
        await Expect.Status(HttpStatusCode.OK, first);
        Assert.Equal($"\"{version + 1}\"", first.Headers.ETag?.Tag);
        var stale = await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.MoveAsync(team.Tl, sprint, keys[0], 2, ifMatch: version));
        Assert.Contains("Reload the board", Expect.Detail(stale), StringComparison.Ordinal);
        Assert.Equal([keys[0]], BoardTeam.Keys(await team.BoardAsync(sprint), 1));
    }

    [Fact]
    public async Task Cards_of_a_closed_sprint_and_of_an_accepted_item_do_not_move()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(2);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);
        await BoardSprints.AcceptAsync(app, keys[1]);
        var accepted = await Expect.Problem(HttpStatusCode.Conflict, await team.MoveAsync(team.Dev, sprint, keys[1], 1));
        Assert.Contains("accepted", Expect.Detail(accepted), StringComparison.Ordinal);

        await BoardSprints.CloseAsync(app, sprint);
        var closed = await Expect.Problem(HttpStatusCode.Conflict, await team.MoveAsync(team.Dev, sprint, keys[0], 1));
        Assert.Contains("closed", Expect.Detail(closed), StringComparison.Ordinal);
        using var block = await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/board/cards/{keys[0]}/block", new { reason = "x" });
        await Expect.Problem(HttpStatusCode.Conflict, block);
    }

    [Fact]
    public async Task The_Product_Owner_and_a_stakeholder_may_not_move_cards_and_are_told_who_may()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(1);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);
        foreach (var who in new[] { team.Po, team.Stakeholder })
        {
            var refusal = await Expect.Problem(HttpStatusCode.Forbidden, await team.MoveAsync(who, sprint, keys[0], 1));
            Assert.Contains("Only", Expect.Detail(refusal), StringComparison.Ordinal);
            Assert.Contains("Developer", Expect.Detail(refusal), StringComparison.Ordinal);
        }
        Assert.Equal([keys[0]], BoardTeam.Keys(await team.BoardAsync(sprint), 0));
    }

    [Fact]
    public async Task The_workflow_lists_every_bad_field_and_writes_nothing()
    {
        var team = await BoardTeam.CreateAsync(app);
        using var bad = await team.Sm.PutAsJsonAsync($"/api/v1/teams/{team.TeamId}/workflow", new
        {
            columns = new object[]
            {
                new { name = "To do", status = "ready" },
                new { name = "Doing", status = "in-progress", wipLimit = 0 },
                new { name = "Review", status = "in-progress", wipLimit = -2 },
                new { name = "", status = "sideways" },
                new { name = "Shipped", status = "accepted" },
            },
        });
        var errors = (await Expect.Problem(HttpStatusCode.BadRequest, bad))["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("columns[1].wipLimit", errors);
        Assert.Contains("columns[2].wipLimit", errors);
        Assert.Contains("columns[3].name", errors);
        Assert.Contains("columns[3].status", errors);
        Assert.Contains("columns[4].status", errors);

        using var none = await team.Sm.PutAsJsonAsync($"/api/v1/teams/{team.TeamId}/workflow", new { columns = Array.Empty<object>() });
        Assert.Contains("columns", (await Expect.Problem(HttpStatusCode.BadRequest, none))["errors"]!.AsObject().Select(e => e.Key));
        using var thirteen = await team.Sm.PutAsJsonAsync($"/api/v1/teams/{team.TeamId}/workflow",
            new { columns = Enumerable.Range(1, 13).Select(n => new { name = $"Step {n}", status = n == 13 ? "done" : "in-progress" }) });
        await Expect.Problem(HttpStatusCode.BadRequest, thirteen);
        using var notDone = await team.Sm.PutAsJsonAsync($"/api/v1/teams/{team.TeamId}/workflow", new { columns = new[] { new { name = "To do", status = "ready" } } });
        Assert.Contains("columns[0].status", (await Expect.Problem(HttpStatusCode.BadRequest, notDone))["errors"]!.AsObject().Select(e => e.Key));

        var teamNow = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}")))!;
        Assert.Equal(team.Columns, teamNow["columns"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()));
        Assert.Equal(4, teamNow["columns"]![1]!["wipLimit"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_Scrum_Master_replaces_the_workflow_and_cards_of_removed_columns_move_to_the_nearest_with_their_status()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(3);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[0], 2));
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[1], 1));

        var body = new
        {
            columns = new object[]
            {
                new { id = team.Columns[0], name = "Ready", status = "ready" },
                new { id = team.Columns[1], name = "Doing", status = "in-progress", wipLimit = 2 },
                new { name = "Testing", status = "in-progress", wipLimit = (int?)null },
                new { id = team.Columns[3], name = "Done", status = "done" },
            },
        };
        using (var po = await team.Po.PutAsJsonAsync($"/api/v1/teams/{team.TeamId}/workflow", body))
            Assert.Contains("Only", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, po)), StringComparison.Ordinal);
        using var done = await team.Sm.PutAsJsonAsync($"/api/v1/teams/{team.TeamId}/workflow", body);
        var workflow = (await Expect.Status(HttpStatusCode.OK, done))!;
        Assert.Equal(1, workflow["movedCards"]!.GetValue<int>());
        Assert.Equal(["Ready", "Doing", "Testing", "Done"], workflow["columns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));

        var board = await team.BoardAsync(sprint);
        Assert.Equal(4, board["columns"]!.AsArray().Count);
        // Review (third) is gone: its card goes to the nearest in-progress column, the new third one.
        Assert.Equal([keys[1]], BoardTeam.Keys(board, 1));
        Assert.Equal([keys[0]], BoardTeam.Keys(board, 2));
        Assert.Equal("in-progress", board["columns"]![2]!["cards"]![0]!["status"]!.GetValue<string>());
        Assert.Equal([keys[2]], BoardTeam.Keys(board, 0));

        var log = (await Expect.Status(HttpStatusCode.OK, await team.Admin.GetAsync($"/api/v1/products/{team.ProductKey}/decision-log?limit=1")))!;
        var entry = log["items"]![0]!;
        Assert.Equal("process.edit", entry["operation"]!.GetValue<string>());
        Assert.Contains("Ready → Doing (WIP 2) → Testing → Done", entry["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        // A stale team version is refused.
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/teams/{team.TeamId}/workflow") { Content = JsonContent.Create(body) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Sm.SendAsync(stale));
    }

    [Fact]
    public async Task Two_thousand_inserts_at_the_same_spot_keep_every_order_short()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(12);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);
        // Two anchors, then cards inserted again and again right after the first: each insert halves the gap.
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[0], 1));
        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[1], 1));
        string? last = null;
        for (var n = 0; n < 2000; n++)
        {
            last = keys[2 + n % 10];
            using var moved = await team.MoveAsync(team.Dev, sprint, last, 1, after: keys[0]);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        var cards = await BoardSprints.CardsAsync(app, sprint);
        Assert.All(cards, c => Assert.InRange(c.Order.Length, 1, Rank.ShortLength));
        Assert.All(cards, c => Assert.True(Rank.IsValid(c.Order), c.Order));
        var column = BoardTeam.Keys(await team.BoardAsync(sprint), 1);
        Assert.Equal(12, column.Count);
        Assert.Equal(keys[0], column[0]);
        Assert.Equal(last, column[1]);
        Assert.Equal(keys[1], column[^1]);
        Assert.Equal(12, cards.Select(c => c.Order).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Watchers_of_the_board_hear_each_move_and_outsiders_are_not_admitted()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(2);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);
        var outsider = await app.CreatePersonAsync(TandemApp.Unique("outsider"));

        await using var stranger = await ConnectAsync(await app.LoginAsync(outsider.Email, outsider.Password));
        Assert.NotNull(await stranger.InvokeAsync<string?>("Join", sprint));

        await using var watcher = await ConnectAsync(await app.LoginAsync(team.DevPerson.Email, team.DevPerson.Password));
        var changes = System.Threading.Channels.Channel.CreateUnbounded<System.Text.Json.JsonElement>();
        watcher.On<System.Text.Json.JsonElement>("changed", m => changes.Writer.TryWrite(m));
        Assert.Null(await watcher.InvokeAsync<string?>("Join", sprint));

        await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Tl, sprint, keys[1], 1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var change = await changes.Reader.ReadAsync(timeout.Token);
        Assert.Equal("move", change.GetProperty("change").GetString());
        Assert.Equal(keys[1], change.GetProperty("card").GetProperty("item").GetString());
        Assert.Equal(team.Columns[1], change.GetProperty("card").GetProperty("columnId").GetGuid());
        Assert.Equal(keys[1], change.GetProperty("columnOrder")[0].GetString());
        Assert.Equal(1, change.GetProperty("columns")[1].GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task The_board_page_renders_every_card_server_side_with_its_breach_and_blocked_flag()
    {
        var team = await BoardTeam.CreateAsync(app);
        var keys = await team.StoriesAsync(5);
        var sprint = await BoardSprints.CreateAsync(app, team.TeamId, keys);
        for (var n = 0; n < 4; n++) await Expect.Status(HttpStatusCode.OK, await team.MoveAsync(team.Dev, sprint, keys[n], 2));
        using (var blocked = await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/board/cards/{keys[4]}/block", new { reason = "Waiting for legal" }))
            await Expect.Status(HttpStatusCode.OK, blocked);

        using var page = await team.Dev.GetAsync($"/sprints/{sprint}/board?swimlane=assignee");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        foreach (var key in keys) Assert.Contains($"data-item=\"{key}\"", html, StringComparison.Ordinal);
        Assert.Contains("4 / 3 — over the limit", html, StringComparison.Ordinal);
        Assert.Contains("Waiting for legal", html, StringComparison.Ordinal);
        Assert.Contains("team-tab-board", html, StringComparison.Ordinal);

        // The team's board tab sends to the running sprint's board.
        using var teamPage = await team.Stakeholder.GetAsync($"/teams/{team.TeamId}/board");
        Assert.True(teamPage.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, teamPage.StatusCode.ToString());
        if (teamPage.StatusCode == HttpStatusCode.Redirect) Assert.EndsWith($"/sprints/{sprint}/board", teamPage.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var stakeholderPage = await team.Stakeholder.GetAsync($"/sprints/{sprint}/board");
        var stakeholderHtml = WebUtility.HtmlDecode(await stakeholderPage.Content.ReadAsStringAsync());
        Assert.True(stakeholderPage.StatusCode == HttpStatusCode.OK, stakeholderHtml);
        Assert.Contains("board-read-only", stakeholderHtml, StringComparison.Ordinal);
    }

    private async Task<HubConnection> ConnectAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
