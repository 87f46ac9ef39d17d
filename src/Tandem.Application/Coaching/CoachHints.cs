using Tandem.Domain.Teams;

namespace Tandem.Application.Coaching;

/// <summary>One figure behind a coach hint, shown beside it ("sprints with carry-over": "4 of the last 5").</summary>
public sealed record CoachHintFact(string Label, string Value);

/// <summary>
/// A pattern the Scrum Master should look at, with the data behind it and a link to where it shows.
/// <see cref="Key"/> names the pattern and its subject ("wip-over-limit:{columnId}"), so a dismissal
/// (with a reason) hides exactly this hint, and the same pattern on another subject still shows.
/// </summary>
public sealed record CoachHint(string Key, string Kind, string Title, string Detail, string Link, IReadOnlyList<CoachHintFact> Data);

/// <summary>
/// Where coach hints come from: each area that knows a pattern (the board, stand-ups, retrospectives,
/// sprints) contributes its own source, registered in ApplicationServices; the coach reads them all.
/// </summary>
public interface ICoachHintSource
{
    Task<IReadOnlyList<CoachHint>> HintsAsync(Team team, DateTimeOffset now, CancellationToken ct);
}
