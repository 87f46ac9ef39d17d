using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tandem.Application.Metrics;
using Tandem.Domain.Teams;

namespace Tandem.Application.Coaching;

/// <summary>
/// Patterns in the closed sprints: chronic carry-over (carry-over in at least 3 of the last 5 sprints) and a
/// say/do ratio below <c>Tandem:Coach:SayDoThreshold</c> (default 0.7) over the last 3. Each key carries the
/// latest closed sprint's number, so a dismissal holds until the next sprint closes and the pattern is looked at again.
/// </summary>
public sealed class SprintPatternHints(MetricsFeature metrics, IConfiguration configuration) : ICoachHintSource
{
    public const int CarryOverWindow = 5;
    public const int CarryOverSprints = 3;
    public const int SayDoWindow = 3;

    public double SayDoThreshold => configuration.GetValue("Tandem:Coach:SayDoThreshold", 0.7);

    public async Task<IReadOnlyList<CoachHint>> HintsAsync(Team team, DateTimeOffset now, CancellationToken ct)
    {
        var closed = await metrics.ClosedSprintsAsync(team.Id, CarryOverWindow, ct);
        if (closed.Count == 0) return [];
        var latest = closed[^1].Number;
        var hints = new List<CoachHint>();
        var carried = closed.Where(s => s.CarriedOverItems > 0).ToList();
        if (carried.Count >= CarryOverSprints)
            hints.Add(new CoachHint($"chronic-carry-over:{latest}", "chronic-carry-over", "Work carries over sprint after sprint",
                $"{carried.Count} of the last {closed.Count} sprints ended with unfinished items carried over. Is the team committing to more than it finishes, or are items too big?",
                $"/teams/{team.Id}/metrics",
                [
                    new CoachHintFact("Sprints with carry-over", $"{carried.Count} of the last {closed.Count}"),
                    new CoachHintFact("Items carried over", carried.Sum(s => s.CarriedOverItems).ToString(CultureInfo.InvariantCulture)),
                    new CoachHintFact("Sprints", string.Join(", ", carried.Select(s => s.Name))),
                ]));

        var recent = closed.TakeLast(SayDoWindow).ToList();
        var committed = recent.Sum(s => s.CommittedPoints);
        var done = recent.Sum(s => s.CompletedPoints);
        if (FlowMaths.Ratio(done, committed) is { } sayDo && sayDo < SayDoThreshold)
            hints.Add(new CoachHint($"say-do-low:{latest}", "say-do-low", "The team finishes less than it commits to",
                $"Over the last {recent.Count} sprints the team completed {Percent(sayDo)} of the points it committed to (threshold {Percent(SayDoThreshold)}).",
                $"/teams/{team.Id}/metrics",
                [
                    new CoachHintFact("Say/do (points)", Percent(sayDo)),
                    new CoachHintFact("Committed points", committed.ToString("0.#", CultureInfo.InvariantCulture)),
                    new CoachHintFact("Completed points", done.ToString("0.#", CultureInfo.InvariantCulture)),
                    new CoachHintFact("Threshold", Percent(SayDoThreshold)),
                ]));
        return hints;
    }

    private static string Percent(double value) => (value * 100).ToString("0", CultureInfo.InvariantCulture) + " %";
}
