using System.Globalization;
using Tandem.Application.Coaching;
using Tandem.Application.Retros;
using Tandem.Web.Components;
using Tandem.Domain.Teams;

namespace Tandem.Web.Features.Retros;

/// <summary>
/// "Retro actions never done": actions a review found not done twice, or open past their due date. It lives
/// in the web project because a hint carries a page link, and page routes are the web layer's (AppRoutes).
/// </summary>
public sealed class RetroCoachHints(RetrosFeature retros) : ICoachHintSource
{
    public async Task<IReadOnlyList<CoachHint>> HintsAsync(Team team, DateTimeOffset now, CancellationToken ct)
    {
        var today = team.Today(now);
        var actions = await retros.NeverDoneAsync(team.Id, today, ct);
        return actions.Select(a => new CoachHint(
            $"retro-action-never-done:{a.Id}", "retro-actions-never-done",
            a.NotDoneCount >= 2 ? $"A retro action was found not done {a.NotDoneCount} times" : "A retro action is overdue",
            $"“{a.Text}” keeps coming back. Is it still worth doing, does it need a smaller first step, or should the team drop it?",
            AppRoutes.Retro(a.RetroId),
            [
                new CoachHintFact("Action", a.Text),
                new CoachHintFact("Owner", a.Owner?.DisplayName ?? "nobody"),
                new CoachHintFact("Due", a.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no date"),
                new CoachHintFact("Reviews found it not done", a.NotDoneCount.ToString(CultureInfo.InvariantCulture)),
            ])).ToList();
    }
}
