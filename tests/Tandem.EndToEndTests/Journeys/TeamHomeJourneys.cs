using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The Scrum Master's home for a team: the active sprint's burndown and the coach hints, one dismissed with a reason.</summary>
[Collection(DemoCollection.Name)]
public sealed class TeamHomeJourneys(DemoApp app)
{
    [Fact]
    public async Task The_SM_sees_the_burndown_and_a_hint_and_dismisses_it_with_a_reason()
    {
        var teamId = await SeedTeamAsync();
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("sm@demo.tandem");
        await page.GotoAsync($"/teams/{teamId}");

        var burndown = page.GetByTestId("home-burndown");
        await Expect(burndown.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        await Expect(burndown.Locator("svg title").First).ToContainTextAsync("Burndown");
        await Expect(page.GetByTestId("wip-breach")).ToContainTextAsync("In progress");

        var hint = page.GetByTestId("coach-hint").Filter(new() { HasText = "over its WIP limit" });
        await Expect(hint).ToBeVisibleAsync();
        await Expect(hint.GetByTestId("coach-hint-link")).ToHaveAttributeAsync("href", $"/teams/{teamId}/board");

        // The reason is required: the browser keeps an empty one from being sent.
        await hint.GetByTestId("dismiss-reason").FillAsync("Two pairs are swarming on the release; it clears by Friday.");
        await hint.GetByTestId("dismiss-hint").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Hint dismissed");
        await Expect(page.GetByTestId("coach-hint").Filter(new() { HasText = "over its WIP limit" })).ToHaveCountAsync(0);
        await page.GetByTestId("dismissed-hints").Locator("summary").ClickAsync();
        await Expect(page.GetByTestId("dismissed-hints")).ToContainTextAsync("Two pairs are swarming");
        await Expect(page.GetByTestId("dismissed-hints")).ToContainTextAsync("Sam Rivera");
    }

    /// <summary>A team of its own on PAY with Sam (SM) on it, and an active sprint whose In progress column has held 5 cards (limit 4) for three days.</summary>
    private async Task<Guid> SeedTeamAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var sm = await db.Users.IgnoreQueryFilters().AsNoTracking().FirstAsync(u => u.Email == "sm@demo.tandem");
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(sm);
        var pay = await db.Products.FirstAsync(p => p.Key == "PAY");
        var now = TimeProvider.System.GetUtcNow();
        var team = Team.Create(pay.WorkspaceId, pay.Id, $"Home journey {Guid.NewGuid():N}"[..20], "UTC", now.AddDays(-30));
        db.Teams.Add(team);
        db.TeamProducts.Add(TeamProduct.Of(team, pay.Id));
        db.TeamMembers.Add(TeamMember.Add(team, sm.Id, 50, WorkingDays.Monday | WorkingDays.Tuesday | WorkingDays.Wednesday | WorkingDays.Thursday | WorkingDays.Friday, now));
        var columns = BoardColumn.DefaultWorkflow.Select((c, i) => BoardColumn.Create(team, c.Name, i, c.Status, c.WipLimit, now)).ToList();
        db.BoardColumns.AddRange(columns);

        var start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-3);
        var begin = new DateTimeOffset(start.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
        var sprint = Sprint.Plan(pay.WorkspaceId, pay.Id, team.Id, 1, "Sprint 1", "Checkout without surprises", start, start.AddDays(13), sm.Id, begin.AddDays(-1));
        db.Sprints.Add(sprint);
        var number = 90_000 + Random.Shared.Next(9_000);
        var rows = new List<SprintItem>();
        for (var n = 0; n < 7; n++)
        {
            var item = BacklogItem.Create(pay.WorkspaceId, pay.Id, pay.Key, number * 10 + n, ItemType.Story, $"Journey story {n}", null, $"zz{number}{n}", sm.Id, begin.AddDays(-5));
            db.BacklogItems.Add(item);
            var row = SprintItem.Add(sprint, item.Id, 3, columns[0].Id, $"o{n}", false, begin.AddHours(-1));
            db.SprintItems.Add(row);
            rows.Add(row);
        }
        sprint.BeginAt(begin, 21, rows.Count);
        for (var n = 0; n < 6; n++)
        {
            var at = begin.AddHours(2 + n);
            rows[n].MoveTo(columns[1].Id, rows[n].Order, false, false, at);
            db.CardMoves.Add(CardMove.Of(rows[n], columns[0].Id, columns[1].Id, sm.Id, at));
        }
        var done = begin.AddDays(1).AddHours(4);
        rows[5].MoveTo(columns[3].Id, rows[5].Order, false, true, done);
        db.CardMoves.Add(CardMove.Of(rows[5], columns[1].Id, columns[3].Id, sm.Id, done));
        await db.SaveChangesAsync();
        return team.Id;
    }
}
