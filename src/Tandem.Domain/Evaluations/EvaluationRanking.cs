namespace Tandem.Domain.Evaluations;

/// <summary>
/// The ranking of an evaluation's options: for each option the weighted sum of its scores
/// (Σ weight × score), normalised to a percentage of the best possible (every criterion scored
/// <see cref="TechnologyEvaluation.MaxScore"/>).
/// </summary>
/// <remarks>
/// An unscored cell counts as nothing rather than being left out of the maximum: leaving it out would
/// let an option scored on one criterion outrank one scored on all. Incomplete options say so
/// (<see cref="Entry.Scored"/> of <see cref="Entry.Criteria"/>). Sums are compared as whole numbers, so
/// a tie is exact, not an accident of rounding; tied options share a rank (1, 1, 3) and name each
/// other, and keep the order they were added in. A criterion weighted 0 counts for nothing.
/// </remarks>
public static class EvaluationRanking
{
    public sealed record Candidate(Guid Id, string Name);

    public sealed record Weighted(Guid Id, int Weight);

    public sealed record Cell(Guid OptionId, Guid CriterionId, int Score);

    public sealed record Entry(Guid OptionId, string Name, int Rank, int WeightedSum, int MaxSum, decimal Percent, int Scored, int Criteria, IReadOnlyList<string> TiedWith)
    {
        public bool Complete => Scored == Criteria;
    }

    public static Entry[] Compute(IReadOnlyList<Candidate> options, IReadOnlyList<Weighted> criteria, IReadOnlyList<Cell> cells)
    {
        var weights = criteria.ToDictionary(c => c.Id, c => c.Weight);
        var max = weights.Values.Sum() * TechnologyEvaluation.MaxScore;
        var sums = options.Select((o, position) =>
        {
            var mine = cells.Where(c => c.OptionId == o.Id && weights.ContainsKey(c.CriterionId)).ToList();
            return (Option: o, Position: position, Sum: mine.Sum(c => weights[c.CriterionId] * c.Score), Scored: mine.Select(c => c.CriterionId).Distinct().Count());
        }).OrderByDescending(x => x.Sum).ThenBy(x => x.Position).ToList();

        return sums.Select(x => new Entry(
            x.Option.Id, x.Option.Name,
            Rank: 1 + sums.Count(other => other.Sum > x.Sum),
            x.Sum, max,
            Percent: max == 0 ? 0m : Math.Round(100m * x.Sum / max, 1, MidpointRounding.AwayFromZero),
            x.Scored, criteria.Count,
            TiedWith: sums.Where(other => other.Sum == x.Sum && other.Option.Id != x.Option.Id).Select(other => other.Option.Name).ToList()))
            .ToArray();
    }
}
