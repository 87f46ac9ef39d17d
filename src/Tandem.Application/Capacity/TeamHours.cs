using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;

namespace Tandem.Application.Capacity;

/// <summary>One member's share of a team, with the days they work.</summary>
public sealed record MemberShare(Guid TeamId, Guid UserId, string DisplayName, int AllocationPercent, WorkingDays WorkingDays);

/// <summary>A team's rhythm as capacity reads it.</summary>
public sealed record TeamRhythm(Guid Id, Guid ProductId, string Name, decimal HoursPerDay, decimal FocusFactor);

/// <summary>
/// The sprint capacity rule of the Scrum Master's workspace (SprintsFeature), shared by capacity and budget without
/// touching it: a member's hours in a sprint are their working days (by their week, less absences) × their team
/// share × the team's hours a day (× the focus factor for focus hours); velocity per focus hour comes from the team's
/// last three closed sprints. Loaded in a handful of queries for many teams at once.
/// </summary>
public sealed class TeamHours
{
    private readonly Dictionary<Guid, TeamRhythm> _teams;
    private readonly ILookup<Guid, MemberShare> _members;
    private readonly ILookup<(Guid Team, Guid User), (DateOnly From, DateOnly To)> _absences;
    private readonly ILookup<Guid, (DateOnly Start, DateOnly End, decimal Completed)> _history;

    private TeamHours(Dictionary<Guid, TeamRhythm> teams, ILookup<Guid, MemberShare> members,
        ILookup<(Guid, Guid), (DateOnly, DateOnly)> absences, ILookup<Guid, (DateOnly, DateOnly, decimal)> history) =>
        (_teams, _members, _absences, _history) = (teams, members, absences, history);

    public static async Task<TeamHours> LoadAsync(TandemDbContext db, IReadOnlyCollection<Guid> teamIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id))
            .Select(t => new TeamRhythm(t.Id, t.ProductId, t.Name, t.HoursPerDay, t.FocusFactor)).ToListAsync(ct);
        var members = await db.TeamMembers.AsNoTracking().Where(m => teamIds.Contains(m.TeamId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberShare(m.TeamId, m.UserId, u.DisplayName, m.AllocationPercent, m.WorkingDays)).ToListAsync(ct);
        // The velocity history reaches back before the window: the last closed sprints before each one.
        var history = await db.Sprints.AsNoTracking().Where(s => teamIds.Contains(s.TeamId) && s.State == SprintState.Closed && s.End <= to)
            .OrderByDescending(s => s.End).Take(Math.Max(1, teamIds.Count) * 60)
            .Select(s => new { s.TeamId, s.Start, s.End, s.CompletedPoints }).ToListAsync(ct);
        var earliest = history.Count == 0 ? from : new[] { from, history.Min(h => h.Start) }.Min();
        var absences = await db.TeamAbsences.AsNoTracking().Where(a => teamIds.Contains(a.TeamId) && a.From <= to && a.To >= earliest)
            .Select(a => new { a.TeamId, a.UserId, a.From, a.To }).ToListAsync(ct);
        return new TeamHours(teams.ToDictionary(t => t.Id), members.ToLookup(m => m.TeamId),
            absences.ToLookup(a => (a.TeamId, a.UserId), a => (a.From, a.To)), history.ToLookup(h => h.TeamId, h => (h.Start, h.End, h.CompletedPoints)));
    }

    public TeamRhythm? Team(Guid teamId) => _teams.GetValueOrDefault(teamId);

    public IEnumerable<MemberShare> Members(Guid teamId) => _members[teamId];

    /// <summary>A member's working days in the period, and the days of them they are away.</summary>
    public (int Working, int Away) Days(MemberShare member, DateOnly start, DateOnly end)
    {
        int working = 0, away = 0;
        var absent = _absences[(member.TeamId, member.UserId)].ToList();
        for (var d = start; d <= end; d = d.AddDays(1))
        {
            if (!member.WorkingDays.HasFlag(TeamMember.Flag(d.DayOfWeek))) continue;
            if (absent.Any(a => a.From <= d && a.To >= d)) away++;
            else working++;
        }
        return (working, away);
    }

    /// <summary>Paid hours: days × share × hours a day (no focus factor: meetings cost too).</summary>
    public static decimal Hours(int days, int percent, TeamRhythm team) => Math.Round(days * percent / 100m * team.HoursPerDay, 1);

    /// <summary>Focus hours, as the sprint capacity counts them: paid hours × the focus factor.</summary>
    public static decimal FocusHours(int days, int percent, TeamRhythm team) => Math.Round(days * percent / 100m * team.HoursPerDay * team.FocusFactor, 1);

    /// <summary>The team's focus hours in a sprint (absences left out).</summary>
    public decimal FocusHoursIn(Guid teamId, DateOnly start, DateOnly end) =>
        Team(teamId) is not { } team ? 0 : Members(teamId).Sum(m => FocusHours(Days(m, start, end).Working, m.AllocationPercent, team));

    /// <summary>Completed points per focus hour over the team's last three closed sprints ending before <paramref name="before"/>; null without them.</summary>
    public decimal? PointsPerHour(Guid teamId, DateOnly before)
    {
        var last = _history[teamId].Where(h => h.End < before).OrderByDescending(h => h.End).Take(3).ToList();
        if (last.Count == 0) return null;
        var hours = last.Sum(h => FocusHoursIn(teamId, h.Start, h.End));
        return hours > 0 ? last.Sum(h => h.Completed) / hours : null;
    }

    /// <summary>Average completed points per sprint over the team's last three closed sprints; null without them.</summary>
    public decimal? Velocity(Guid teamId)
    {
        var last = _history[teamId].OrderByDescending(h => h.End).Take(3).ToList();
        return last.Count == 0 ? null : last.Average(h => h.Completed);
    }
}
