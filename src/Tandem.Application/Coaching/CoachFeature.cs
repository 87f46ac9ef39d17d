using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Teams;
using Tandem.Domain.Coaching;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Coaching;

/// <summary>The Scrum Master's dismissal: the hint's key and why it needs no action (required).</summary>
public sealed record DismissHintRequest(string? Key, string? Reason);

/// <summary>A hint the Scrum Master dismissed, with the reason and who did it.</summary>
public sealed record DismissedHintDto(string Key, string Reason, PersonSummary By, DateTimeOffset At);

/// <summary>The hints that show (every source's, minus the dismissed) and the latest dismissals.</summary>
public sealed record CoachHintsDto(Guid TeamId, string TeamName, IReadOnlyList<CoachHint> Hints, IReadOnlyList<DismissedHintDto> Dismissed);

/// <summary>
/// Coach hints: every registered <see cref="ICoachHintSource"/> contributes the patterns it knows; the team
/// sees them all (Products.Read), and the Scrum Master dismisses one with a reason (Process.DismissHint, logged).
/// </summary>
public sealed class CoachFeature(TandemDbContext db, TeamsFeature teams, DecisionRightsService rights, CurrentUser me, TimeProvider clock, IEnumerable<ICoachHintSource> sources)
{
    public const int MaxDismissedShown = 20;

    public async Task<Result<CoachHintsDto>> HintsAsync(Guid teamId, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, ct);
    }

    public async Task<Result<CoachHintsDto>> DismissAsync(Guid teamId, DismissHintRequest request, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Process.DismissHint, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var now = clock.GetUtcNow();
        if (Rules.Create(() => HintDismissal.Record(team.WorkspaceId, team.Id, request.Key, request.Reason, me.UserId, now)).Failed(out var invalid, out var dismissal))
            return invalid;
        if (await db.HintDismissals.AnyAsync(d => d.TeamId == team.Id && d.Key == dismissal.Key, ct))
            return Error.Conflict("That hint was already dismissed.");
        var hint = (await AllHintsAsync(team, now, ct)).FirstOrDefault(h => h.Key == dismissal.Key);
        if (hint is null) return Error.NotFound($"{team.Name} has no coach hint {dismissal.Key} now.");
        if (await rights.DecideAsync(product, Operations.Process.DismissHint,
                new DecisionRecord($"Dismissed the coach hint “{hint.Title}” for {team.Name}", "team", team.Name, dismissal.Reason), ct) is { } refused)
            return refused;
        db.HintDismissals.Add(dismissal);
        if (await db.SaveOrConflictAsync("That hint was dismissed at the same moment.", ct) is { } conflict) return conflict;
        return await DtoAsync(team, ct);
    }

    private async Task<CoachHintsDto> DtoAsync(Domain.Teams.Team team, CancellationToken ct)
    {
        var hints = await AllHintsAsync(team, clock.GetUtcNow(), ct);
        var keys = hints.Select(h => h.Key).ToList();
        var hidden = await db.HintDismissals.AsNoTracking().Where(d => d.TeamId == team.Id && keys.Contains(d.Key)).Select(d => d.Key).ToListAsync(ct);
        var dismissed = await (from d in db.HintDismissals.AsNoTracking()
                               where d.TeamId == team.Id
                               orderby d.DismissedAt descending
                               join u in db.Users on d.DismissedById equals u.Id
                               select new DismissedHintDto(d.Key, d.Reason, new PersonSummary(u.Id, u.DisplayName), d.DismissedAt)).Take(MaxDismissedShown).ToListAsync(ct);
        return new CoachHintsDto(team.Id, team.Name, hints.Where(h => !hidden.Contains(h.Key)).ToList(), dismissed);
    }

    private async Task<List<CoachHint>> AllHintsAsync(Domain.Teams.Team team, DateTimeOffset now, CancellationToken ct)
    {
        var all = new List<CoachHint>();
        foreach (var source in sources) all.AddRange(await source.HintsAsync(team, now, ct));
        return all;
    }
}
