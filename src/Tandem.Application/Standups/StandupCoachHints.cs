using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Coaching;
using Tandem.Application.Data;
using Tandem.Application.Impediments;
using Tandem.Domain.Impediments;
using Tandem.Domain.Teams;

namespace Tandem.Application.Standups;

/// <summary>
/// The coach hints stand-ups and the impediment log know: low stand-up participation over the last two
/// working weeks, and open impediments older than <see cref="ImpedimentSettings.OldAfterDays"/>.
/// </summary>
public sealed class StandupCoachHints(TandemDbContext db, ImpedimentSettings settings) : ICoachHintSource
{
    /// <summary>Below this share of expected answers, participation is low.</summary>
    public const decimal LowParticipation = 0.6m;
    public const int WindowWorkingDays = 10;

    public async Task<IReadOnlyList<CoachHint>> HintsAsync(Team team, DateTimeOffset now, CancellationToken ct)
    {
        var hints = new List<CoachHint>();
        var today = team.Today(now);
        var days = new List<DateOnly>();
        for (var day = today.AddDays(-1); days.Count < WindowWorkingDays && day > today.AddDays(-30); day = day.AddDays(-1))
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(day);
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == team.Id).Select(m => m.WorkingDays).ToListAsync(ct);
        var expected = days.Sum(d => members.Count(w => w.HasFlag(TeamMember.Flag(d.DayOfWeek))));
        if (expected >= 5 && days.Count > 0)
        {
            var first = days[^1];
            var answered = await db.StandupEntries.CountAsync(e => e.TeamId == team.Id && e.Date >= first && e.Date < today, ct);
            var share = (decimal)answered / expected;
            if (share < LowParticipation)
                hints.Add(new CoachHint($"standup-participation:{team.Id}", "low-standup-participation", "Few stand-up answers",
                    $"Only {share:P0} of the expected stand-up answers came in over the last {days.Count} working days. Ask the team whether the cut-off time or the questions still work for them.",
                    $"/teams/{team.Id}/standups",
                    [new("answers", $"{answered} of {expected}"), new("share", share.ToString("P0", CultureInfo.InvariantCulture)), new("since", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))]));
        }

        var oldBefore = now.AddDays(-settings.OldAfterDays);
        var old = db.Impediments.AsNoTracking().Where(i => i.TeamId == team.Id && i.Status != ImpedimentStatus.Resolved && i.RaisedAt <= oldBefore);
        var count = await old.CountAsync(ct);
        if (count > 0)
        {
            var oldest = await old.OrderBy(i => i.RaisedAt).Select(i => new { i.Number, i.Title, i.RaisedAt, i.ProductId }).FirstAsync(ct);
            var key = await db.Products.Where(p => p.Id == oldest.ProductId).Select(p => p.Key).FirstAsync(ct);
            var age = (int)(now - oldest.RaisedAt).TotalDays;
            hints.Add(new CoachHint($"impediments-old:{team.Id}", "old-impediments", $"{count} impediment{(count == 1 ? "" : "s")} older than {settings.OldAfterDays} days",
                $"The oldest, {key}-{oldest.Number} \"{oldest.Title}\", has been open for {age} days. Clear it, or escalate it to the Technical Project Manager.",
                $"/p/{key}/impediments?team={team.Id}&status=unresolved",
                [new("old impediments", count.ToString(CultureInfo.InvariantCulture)), new("oldest", $"{age} days"), new("threshold", $"{settings.OldAfterDays} days")]));
        }
        return hints;
    }
}
