using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Teams;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Health;

namespace Tandem.Application.Health;

/// <summary>The dimensions to ask about; none means the defaults (fun, pace, learning, teamwork, …).</summary>
public sealed record OpenHealthCheckRequest(IReadOnlyList<string>? Dimensions);

/// <summary><c>scores</c>: every dimension of the round, 1 (bad) to 5 (great), such as {"fun": 4, "pace": 2, …}.</summary>
public sealed record HealthAnswerRequest(Dictionary<string, int?>? Scores);

/// <summary>A dimension's average in a round; null while fewer than three people answered.</summary>
public sealed record HealthAverageDto(string Dimension, decimal? Average);

/// <summary>One round of the trend. Never per person: averages only, and only from three answers on.</summary>
public sealed record HealthRoundDto(Guid Id, int Number, DateTimeOffset OpenedAt, bool Open, int Answers, bool Shown, IReadOnlyList<HealthAverageDto> Averages, decimal? Overall, bool Answered, IReadOnlyList<string> Dimensions);

/// <summary>The team's health trend, oldest round first, and the open round to answer, if any.</summary>
public sealed record HealthTrendDto(Guid TeamId, IReadOnlyList<string> Dimensions, IReadOnlyList<HealthRoundDto> Rounds, HealthRoundDto? Current, int MinAnswers);

/// <summary>
/// The periodic team health check: the Scrum Master opens a round (logged), every member answers 1–5 per
/// dimension once (again replaces), and the team sees averages per round once three have answered. See
/// <see cref="HealthRound"/> for how answers stay anonymous.
/// </summary>
public sealed class HealthFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TeamsFeature teams, TimeProvider clock)
{
    public const int RoundsShown = 12;

    public async Task<Result<HealthRoundDto>> OpenAsync(Guid teamId, OpenHealthCheckRequest request, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Process.Edit, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var now = clock.GetUtcNow();
        var number = (await db.HealthRounds.Where(r => r.TeamId == team.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;
        if (Rules.Create(() => HealthRound.Open(team, number, request.Dimensions, now)).Failed(out var invalid, out var round)) return invalid;
        foreach (var open in await db.HealthRounds.Where(r => r.TeamId == team.Id && r.ClosedAt == null).ToListAsync(ct)) open.Close(now);
        if (await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord(
                $"Opened {team.Name}'s health check #{round.Number} on {string.Join(", ", round.Dimensions)}", "health-check", round.Id.ToString()), ct) is { } refused) return refused;
        db.HealthRounds.Add(round);
        if (await db.SaveOrConflictAsync("Another health check was opened at the same moment; reload the page.", ct) is { } conflict) return conflict;
        return Dto(round, [], answered: false);
    }

    /// <summary>Records (or replaces) the caller's anonymous answer to an open round.</summary>
    public async Task<Result<HealthRoundDto>> AnswerAsync(Guid roundId, HealthAnswerRequest request, CancellationToken ct)
    {
        if ((await rights.LoadAsync<HealthRound>(r => r.Id == roundId, Operations.Process.AnswerHealthCheck, "There is no such health check in your workspace.", ct))
            .Failed(out var error, out var found)) return error;
        var round = found.Entity;
        if (!await db.TeamMembers.AnyAsync(m => m.TeamId == round.TeamId && m.UserId == me.UserId, ct))
            return Error.Forbidden("Only the team's members answer its health check; ask a workspace admin to add you to the team.");
        if (Rules.Create(() => round.CheckScores(request.Scores)).Failed(out var invalid, out var scores)) return invalid;
        var ballot = round.BallotOf(me.UserId);
        var earlier = await db.HealthAnswers.FirstOrDefaultAsync(a => a.RoundId == round.Id && a.Ballot == ballot, ct);
        if (earlier is null) db.HealthAnswers.Add(HealthAnswer.Give(round, ballot, scores));
        else earlier.Replace(scores);
        if (!await db.HealthParticipations.AnyAsync(p => p.RoundId == round.Id && p.UserId == me.UserId, ct))
            db.HealthParticipations.Add(HealthParticipation.Of(round, me.UserId));
        if (await db.SaveOrConflictAsync("Your answer arrived twice at the same moment; the first one counts.", ct) is { } conflict) return conflict;
        var answers = await db.HealthAnswers.AsNoTracking().Where(a => a.RoundId == round.Id).Select(a => a.ScoreList).ToListAsync(ct);
        return Dto(round, answers, answered: true);
    }

    /// <summary>The last rounds of the team, oldest first, with averages where three or more answered.</summary>
    public async Task<Result<HealthTrendDto>> TrendAsync(Guid teamId, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var team = found.Entity;
        var rounds = await db.HealthRounds.AsNoTracking().Where(r => r.TeamId == team.Id).OrderByDescending(r => r.Number).Take(RoundsShown).ToListAsync(ct);
        rounds.Reverse();
        var ids = rounds.Select(r => r.Id).ToList();
        var answers = (await db.HealthAnswers.AsNoTracking().Where(a => ids.Contains(a.RoundId)).Select(a => new { a.RoundId, a.ScoreList }).ToListAsync(ct))
            .ToLookup(a => a.RoundId, a => a.ScoreList);
        var mine = (await db.HealthParticipations.AsNoTracking().Where(p => ids.Contains(p.RoundId) && p.UserId == me.UserId).Select(p => p.RoundId).ToListAsync(ct)).ToHashSet();
        var dtos = rounds.Select(r => Dto(r, answers[r.Id].ToList(), mine.Contains(r.Id))).ToList();
        var dimensions = rounds.SelectMany(r => r.Dimensions).Distinct(StringComparer.Ordinal).ToList();
        if (dimensions.Count == 0) dimensions = [.. HealthRound.DefaultDimensions];
        return new HealthTrendDto(team.Id, dimensions, dtos, dtos.LastOrDefault(d => d.Open), HealthRound.MinAnswersToShow);
    }

    private static HealthRoundDto Dto(HealthRound round, IReadOnlyList<string> scoreLists, bool answered)
    {
        var dimensions = round.Dimensions;
        var rows = scoreLists.Select(s => s.Split(',').Select(int.Parse).ToArray()).Where(s => s.Length == dimensions.Count).ToList();
        var shown = rows.Count >= HealthRound.MinAnswersToShow;
        var averages = dimensions.Select((d, i) => new HealthAverageDto(d, shown ? Math.Round((decimal)rows.Average(r => r[i]), 1) : null)).ToList();
        decimal? overall = shown ? Math.Round((decimal)rows.SelectMany(r => r).Average(), 1) : null;
        return new HealthRoundDto(round.Id, round.Number, round.OpenedAt, round.IsOpen, rows.Count, shown, averages, overall, answered, dimensions);
    }
}
