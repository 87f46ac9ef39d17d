using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Sprints;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Board;

/// <summary>
/// Sprints for the board's tests, written straight through the model (the sprints API is another area's):
/// a sprint of the team far in the future, with the given items as cards in the first column.
/// </summary>
public static class BoardSprints
{
    public static async Task<Guid> CreateAsync(TandemApp app, Guid teamId, IReadOnlyList<string> itemKeys, bool active = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var team = await db.Teams.IgnoreQueryFilters().AsNoTracking().FirstAsync(t => t.Id == teamId);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(team.WorkspaceId);
        var existing = await db.Sprints.CountAsync(s => s.TeamId == teamId);
        var number = 5000 + existing;
        var start = new DateOnly(2031, 1, 6).AddDays(21 * existing);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var sprint = Sprint.Plan(team.WorkspaceId, team.ProductId, team.Id, number, $"Board sprint {number}", "Show the board", start, start.AddDays(13), null, now);
        var first = await db.BoardColumns.Where(c => c.TeamId == teamId).OrderBy(c => c.Position).FirstAsync();
        var items = await db.BacklogItems.Where(i => itemKeys.Contains(i.Key)).ToListAsync();
        var ordered = itemKeys.Select(k => items.First(i => i.Key == k)).ToList();
        var ranks = Rank.Spread(ordered.Count);
        db.Sprints.Add(sprint);
        for (var n = 0; n < ordered.Count; n++) db.SprintItems.Add(SprintItem.Add(sprint, ordered[n].Id, ordered[n].Estimate, first.Id, ranks[n], false, now));
        if (active) sprint.BeginAt(now, 0, ordered.Count);
        await db.SaveChangesAsync();
        return sprint.Id;
    }

    public static async Task CloseAsync(TandemApp app, Guid sprintId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var sprint = await db.Sprints.IgnoreQueryFilters().FirstAsync(s => s.Id == sprintId);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(sprint.WorkspaceId);
        sprint.CloseAt(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), 0, 0, 0, 0, 0);
        await db.SaveChangesAsync();
    }

    /// <summary>Marks an item done and accepted, as the Product Owner's acceptance would.</summary>
    public static async Task AcceptAsync(TandemApp app, string itemKey)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var item = await db.BacklogItems.IgnoreQueryFilters().FirstAsync(i => i.Key == itemKey);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(item.WorkspaceId);
        if (item.Status != ItemStatus.Done) item.ChangeStatus(ItemStatus.Done, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
        item.Accept(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
        await db.SaveChangesAsync();
    }

    /// <summary>How many column changes were recorded for the sprint.</summary>
    public static async Task<int> MovesAsync(TandemApp app, Guid sprintId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.CardMoves.IgnoreQueryFilters().CountAsync(m => m.SprintId == sprintId);
    }

    /// <summary>The cards' orders and their cycle marks, for checks the API does not show.</summary>
    public static async Task<List<SprintItem>> CardsAsync(TandemApp app, Guid sprintId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.SprintItems.IgnoreQueryFilters().AsNoTracking().Where(s => s.SprintId == sprintId).ToListAsync();
    }
}
