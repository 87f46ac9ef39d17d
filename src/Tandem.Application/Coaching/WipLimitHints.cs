using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Tandem.Application.Data;
using Tandem.Application.Metrics;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;

namespace Tandem.Application.Coaching;

/// <summary>
/// A column of the active sprint's board over its WIP limit for <c>Tandem:Coach:WipDays</c> days in a row
/// (default 2, today included), counted from the card moves at the end of each day in the team's time zone.
/// </summary>
public sealed class WipLimitHints(TandemDbContext db, IConfiguration configuration) : ICoachHintSource
{
    public int Days => Math.Max(1, configuration.GetValue("Tandem:Coach:WipDays", 2));

    public async Task<IReadOnlyList<CoachHint>> HintsAsync(Team team, DateTimeOffset now, CancellationToken ct)
    {
        var sprint = await db.Sprints.AsNoTracking().Where(s => s.TeamId == team.Id && s.State == SprintState.Active)
            .OrderByDescending(s => s.Number).Select(s => new { s.Id, s.Name, s.Start }).FirstOrDefaultAsync(ct);
        if (sprint is null) return [];
        var columns = await db.BoardColumns.AsNoTracking().Where(c => c.TeamId == team.Id).OrderBy(c => c.Position).ToListAsync(ct);
        if (!columns.Any(c => c.WipLimit is not null)) return [];
        var zone = team.Zone();
        var today = team.Today(now);
        var from = today.AddDays(1 - Days) < sprint.Start ? sprint.Start : today.AddDays(1 - Days);
        var days = today.DayNumber - from.DayNumber + 1;
        if (days < Days) return [];
        var counts = await WipCountsAsync(sprint.Id, columns, from, today, zone, ct);
        var hints = new List<CoachHint>();
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].WipLimit is not { } limit) continue;
            var over = 0;
            for (var d = counts.Count - 1; d >= 0 && counts[d][c] > limit; d--) over++;
            if (over < Days) continue;
            var cardsNow = counts[^1][c];
            hints.Add(new CoachHint($"wip-over-limit:{columns[c].Id}:{sprint.Id}", "wip-over-limit", $"{columns[c].Name} is over its WIP limit",
                $"{columns[c].Name} has held more than {limit} cards for {over} days in {sprint.Name}. Stop starting, start finishing: can the team swarm on what is there?",
                $"/teams/{team.Id}/board",
                [
                    new CoachHintFact("Cards now", cardsNow.ToString(CultureInfo.InvariantCulture)),
                    new CoachHintFact("WIP limit", limit.ToString(CultureInfo.InvariantCulture)),
                    new CoachHintFact("Days over the limit", over.ToString(CultureInfo.InvariantCulture)),
                ]));
        }
        return hints;
    }

    /// <summary>Cards per column at the end of each day from <paramref name="from"/> to <paramref name="to"/> in one sprint.</summary>
    private async Task<IReadOnlyList<int[]>> WipCountsAsync(Guid sprintId, List<BoardColumn> columns, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var rows = await db.SprintItems.AsNoTracking().Where(s => s.SprintId == sprintId)
            .Select(s => new { s.ItemId, s.ColumnId, s.AddedAt, s.RemovedAt }).ToListAsync(ct);
        var moves = await db.CardMoves.AsNoTracking().Where(m => m.SprintId == sprintId).OrderBy(m => m.At)
            .Select(m => new { m.ItemId, m.FromColumnId, m.ToColumnId, m.At }).ToListAsync(ct);
        var first = moves.GroupBy(m => m.ItemId).ToDictionary(g => g.Key, g => g.First().FromColumnId);
        var cards = rows.Select(r => new FlowCard(sprintId, r.ItemId, first.TryGetValue(r.ItemId, out var initial) ? initial ?? columns[0].Id : r.ColumnId,
            r.AddedAt, r.RemovedAt, null)).ToList();
        return FlowMaths.CumulativeFlow(cards, moves.Select(m => new FlowMove(sprintId, m.ItemId, m.ToColumnId, m.At)).ToList(),
            columns.Select(c => c.Id).ToList(), new HashSet<Guid>(), from, to, zone);
    }
}
