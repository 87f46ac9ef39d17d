using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Sprints;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Forecasting;

/// <summary>Throughput history for a test team, written straight to the database (the sprints API cannot back-date).</summary>
public static class ForecastTestData
{
    /// <summary>
    /// <paramref name="sprints"/> closed two-week sprints ending last Sunday, each finishing <paramref name="perSprint"/>
    /// items of <paramref name="points"/> points (one per week alternately), and <paramref name="openItems"/> open
    /// items of <paramref name="openPoints"/> points each on the backlog.
    /// </summary>
    public static async Task SeedHistoryAsync(TandemApp app, string productKey, Guid teamId, int sprints, int perSprint, decimal points, int openItems = 0, decimal openPoints = 0)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var team = await db.Teams.IgnoreQueryFilters().FirstAsync(t => t.Id == teamId);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(team.WorkspaceId);
        var product = await db.Products.FirstAsync(p => p.Key == productKey);
        var column = await db.BoardColumns.Where(c => c.TeamId == teamId).OrderByDescending(c => c.Position).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
        var now = TimeProvider.System.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var number = 5000;
        var ranks = Rank.Spread(sprints * perSprint + openItems + 2);
        var r = 0;
        var by = await db.RoleAssignments.Where(a => a.ProductId == product.Id).Select(a => a.UserId).FirstAsync();
        BacklogItem Item(DateTimeOffset created, decimal estimate)
        {
            var item = BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, number++, ItemType.Story, $"History item {number}", null, ranks[r++], by, created);
            item.SetEstimate(estimate, created);
            db.BacklogItems.Add(item);
            return item;
        }
        for (var k = 0; k < sprints; k++)
        {
            var start = monday.AddDays(-14 * (sprints - k));
            var end = start.AddDays(13);
            var at = new DateTimeOffset(start.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            var sprint = Sprint.Plan(team.WorkspaceId, team.ProductId, team.Id, 900 + k, $"History {k + 1}", "Finish the history", start, end, null, at.AddDays(-1));
            sprint.Commit(at);
            db.Sprints.Add(sprint);
            var cards = new List<SprintItem>();
            for (var i = 0; i < perSprint; i++)
            {
                var item = Item(at.AddDays(-3), points);
                var card = SprintItem.Add(sprint, item.Id, points, column, $"a{i:D3}", afterStart: false, at);
                db.SprintItems.Add(card);
                cards.Add(card);
            }
            sprint.BeginAt(at, perSprint * points, perSprint);
            for (var i = 0; i < cards.Count; i++)
            {
                var finished = at.AddDays(i % 2 == 0 ? 2 : 9).AddHours(i);
                if (column is { } done) cards[i].MoveTo(done, cards[i].Order, isFirst: false, isDone: true, finished);
                cards[i].Settle(SprintItemOutcome.Completed, points);
                db.BacklogItems.Local.First(b => b.Id == cards[i].ItemId).ChangeStatus(ItemStatus.Done, finished);
            }
            sprint.CloseAt(at.AddDays(13), perSprint * points, perSprint, 0, 0, 0);
        }
        for (var i = 0; i < openItems; i++) Item(now.AddDays(-1), openPoints);
        await db.SaveChangesAsync();
    }
}

/// <summary>Cards for a planned sprint, written straight to the database.</summary>
public static class SprintLoadData
{
    public static async Task AddItemsAsync(TandemApp app, string productKey, Guid sprintId, int count, decimal points)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var sprint = await db.Sprints.IgnoreQueryFilters().FirstAsync(s => s.Id == sprintId);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(sprint.WorkspaceId);
        var product = await db.Products.FirstAsync(p => p.Key == productKey);
        var by = await db.RoleAssignments.Where(a => a.ProductId == product.Id).Select(a => a.UserId).FirstAsync();
        var now = TimeProvider.System.GetUtcNow();
        var ranks = Rank.Spread(count + 2);
        for (var i = 0; i < count; i++)
        {
            var item = BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, 7000 + i, ItemType.Story, $"Planned item {i}", null, ranks[i], by, now);
            item.SetEstimate(points, now);
            db.BacklogItems.Add(item);
            db.SprintItems.Add(SprintItem.Add(sprint, item.Id, points, null, $"b{i:D3}", afterStart: false, now));
        }
        await db.SaveChangesAsync();
    }
}
