using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Sprints;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The sprint board with the team in separate browsers: a drag in one shows in the other, a keyboard move, a form move, and a stakeholder who may only look.</summary>
[Collection(DemoCollection.Name)]
public sealed class BoardJourneys(DemoApp app)
{
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    [Fact]
    public async Task Two_developers_see_each_others_moves_live_by_drag_and_by_keyboard_and_a_stakeholder_cannot_move_a_card()
    {
        // A team on PAY with its own running sprint of three stories.
        var admin = await SignedInAsync("admin@demo.tandem");
        var people = (await UserIdsAsync("tl@demo.tandem", "dev1@demo.tandem", "dev2@demo.tandem", "sm@demo.tandem")).Select(id => new { userId = id, allocationPercent = 100 }).ToList();
        var created = await admin.APIRequest.PostAsync("/api/v1/teams", new() { DataObject = new { name = $"Board crew {Guid.NewGuid():N}"[..19], productKey = "PAY", timeZone = "Europe/Berlin", members = people } });
        Assert.Equal(201, created.Status);
        var team = JsonDocument.Parse(await created.TextAsync()).RootElement;
        var teamId = team.GetProperty("id").GetGuid();
        var columns = team.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();

        var po = await SignedInAsync("po@demo.tandem");
        var keys = new List<string>();
        foreach (var title in new[] { "Card refunds", "Refund e-mails", "Refund audit trail" })
        {
            var item = await po.APIRequest.PostAsync("/api/v1/products/PAY/items", new() { DataObject = new { type = "story", title } });
            Assert.Equal(201, item.Status);
            keys.Add(JsonDocument.Parse(await item.TextAsync()).RootElement.GetProperty("key").GetString()!);
        }
        var sprintId = await SeedSprintAsync(teamId, keys);

        // The team's board tab leads to the running sprint's board.
        var priya = await SignedInAsync("dev1@demo.tandem");
        await priya.GotoAsync($"/teams/{teamId}/board");
        await Expect(priya).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sprints/{sprintId}/board$"));
        await Expect(priya.GetByTestId("board-live")).ToHaveAttributeAsync("data-state", "connected");
        var jonas = await SignedInAsync("dev2@demo.tandem");
        await jonas.GotoAsync($"/sprints/{sprintId}/board");
        await Expect(jonas.GetByTestId("board-live")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(jonas.GetByTestId("column-head").Nth(1)).ToContainTextAsync("0 / 4");

        // Priya drags the first card to In progress; Jonas sees it there without reloading.
        ILocator Card(IPage page, string key) => page.Locator($"[data-testid=board-card][data-item='{key}']");
        ILocator Column(IPage page, int n) => page.Locator($"[data-testid=column][data-column-id='{columns[n]}']");
        await Card(priya, keys[0]).DragToAsync(Column(priya, 1));
        await Expect(Column(jonas, 1).Locator($"[data-item='{keys[0]}']")).ToBeVisibleAsync();
        await Expect(jonas.GetByTestId("column-head").Nth(1)).ToContainTextAsync("1 / 4");

        // Jonas moves the second card with the keyboard; Priya sees it too, and it is saved.
        await Card(jonas, keys[1]).FocusAsync();
        await jonas.Keyboard.PressAsync("Alt+ArrowRight");
        await Expect(Column(priya, 1).Locator($"[data-item='{keys[1]}']")).ToBeVisibleAsync();
        await Expect(Card(jonas, keys[1])).ToBeFocusedAsync();
        await jonas.Keyboard.PressAsync("Alt+ArrowUp");
        await Expect(Column(priya, 1).Locator("[data-testid=board-card]").First).ToHaveAttributeAsync("data-item", keys[1]);
        await priya.ReloadAsync();
        await Expect(Column(priya, 1).Locator("[data-testid=board-card]")).ToHaveCountAsync(2);
        await Expect(Column(priya, 1).Locator("[data-testid=board-card]").First).ToHaveAttributeAsync("data-item", keys[1]);

        // The Scrum Master moves the third card with the form (no script needed) and flags it blocked; the developers see the flag.
        var sam = await SignedInAsync("sm@demo.tandem");
        await sam.GotoAsync($"/sprints/{sprintId}/board");
        await Card(sam, keys[2]).GetByTestId("card-move").ClickAsync();
        await sam.GetByTestId("move-column").SelectOptionAsync(columns[2].ToString());
        await sam.GetByTestId("move-submit").ClickAsync();
        await Expect(sam.GetByTestId("notice")).ToContainTextAsync($"Moved {keys[2]}");
        await Expect(Column(priya, 2).Locator($"[data-item='{keys[2]}']")).ToBeVisibleAsync();
        await Card(sam, keys[2]).GetByTestId("card-move").ClickAsync();
        await sam.GetByTestId("block-reason").FillAsync("Waiting for the bank's sandbox");
        await sam.GetByTestId("block-submit").ClickAsync();
        await Expect(Card(priya, keys[2]).GetByTestId("card-blocked")).ToContainTextAsync("Waiting for the bank's sandbox");

        // A stakeholder sees the board, is told who moves cards, and cannot move one.
        var stella = await SignedInAsync("stakeholder@demo.tandem");
        await stella.GotoAsync($"/sprints/{sprintId}/board");
        await Expect(stella.GetByTestId("board-read-only")).ToContainTextAsync("Only");
        await Expect(Card(stella, keys[0])).ToHaveAttributeAsync("draggable", "false");
        await Card(stella, keys[0]).GetByTestId("card-move").ClickAsync();
        await Expect(stella.GetByTestId("move-form")).ToHaveCountAsync(0);
        var refused = await stella.APIRequest.PostAsync($"/api/v1/sprints/{sprintId}/board/moves", new() { DataObject = new { itemKey = keys[0], columnId = columns[3] } });
        Assert.Equal(403, refused.Status);
        Assert.Contains("Only", await refused.TextAsync(), StringComparison.Ordinal);
        await Expect(Column(priya, 1).Locator($"[data-item='{keys[0]}']")).ToBeVisibleAsync();
    }

    private async Task<List<Guid>> UserIdsAsync(params string[] emails)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => emails.Contains(u.Email!)).Select(u => new { u.Id, u.Email }).ToListAsync();
        return emails.Select(e => users.First(u => u.Email == e).Id).ToList();
    }

    /// <summary>A running sprint of the team with the items as cards in the first column, written through the model (the sprints API is another area's).</summary>
    private async Task<Guid> SeedSprintAsync(Guid teamId, List<string> keys)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var team = await db.Teams.IgnoreQueryFilters().AsNoTracking().FirstAsync(t => t.Id == teamId);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(team.WorkspaceId);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var start = DateOnly.FromDateTime(now.UtcDateTime);
        var sprint = Sprint.Plan(team.WorkspaceId, team.ProductId, team.Id, 1, "Sprint 1", "Refunds end to end", start, start.AddDays(13), null, now);
        var first = await db.BoardColumns.Where(c => c.TeamId == teamId).OrderBy(c => c.Position).FirstAsync();
        var items = await db.BacklogItems.Where(i => keys.Contains(i.Key)).ToListAsync();
        var ranks = Rank.Spread(keys.Count);
        db.Sprints.Add(sprint);
        for (var n = 0; n < keys.Count; n++) db.SprintItems.Add(SprintItem.Add(sprint, items.First(i => i.Key == keys[n]).Id, null, first.Id, ranks[n], false, now));
        sprint.BeginAt(now, 0, keys.Count);
        await db.SaveChangesAsync();
        return sprint.Id;
    }
}
