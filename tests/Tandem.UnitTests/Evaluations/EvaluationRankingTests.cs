using Tandem.Domain.Common;
using Tandem.Domain.Evaluations;
using static Tandem.Domain.Evaluations.EvaluationRanking;

namespace Tandem.UnitTests.Evaluations;

public class EvaluationRankingTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();
    private static readonly Guid Fit = Guid.NewGuid(), Cost = Guid.NewGuid(), Skill = Guid.NewGuid();

    private static readonly Candidate[] Options = [new(A, "Kafka"), new(B, "RabbitMQ"), new(C, "SQS")];
    private static readonly Weighted[] Criteria = [new(Fit, 5), new(Cost, 3), new(Skill, 2)];

    private static Cell[] Row(Guid option, params int[] scores) =>
        scores.Select((s, i) => new Cell(option, Criteria[i].Id, s)).ToArray();

    [Fact]
    public void The_weighted_sum_is_normalised_to_a_share_of_the_best_possible()
    {
        var ranking = Compute(Options, Criteria, [.. Row(A, 5, 2, 4), .. Row(B, 4, 4, 4), .. Row(C, 1, 1, 1)]);

        Assert.Equal(["RabbitMQ", "Kafka", "SQS"], ranking.Select(r => r.Name));
        Assert.Equal([40, 39, 10], ranking.Select(r => r.WeightedSum));
        Assert.All(ranking, r => Assert.Equal(50, r.MaxSum));
        Assert.Equal([80.0m, 78.0m, 20.0m], ranking.Select(r => r.Percent));
        Assert.Equal([1, 2, 3], ranking.Select(r => r.Rank));
        Assert.All(ranking, r => Assert.True(r.Complete));
    }

    [Fact]
    public void Equal_sums_share_a_rank_name_each_other_and_keep_the_order_they_were_added_in()
    {
        var ranking = Compute(Options, Criteria, [.. Row(A, 3, 3, 3), .. Row(B, 3, 3, 3), .. Row(C, 5, 5, 5)]);

        Assert.Equal(["SQS", "Kafka", "RabbitMQ"], ranking.Select(r => r.Name));
        Assert.Equal([1, 2, 2], ranking.Select(r => r.Rank));
        Assert.Equal(["RabbitMQ"], ranking[1].TiedWith);
        Assert.Equal(["Kafka"], ranking[2].TiedWith);
        Assert.Empty(ranking[0].TiedWith);
    }

    [Fact]
    public void A_tie_is_exact_on_whole_sums_not_on_rounded_percentages()
    {
        // 5×5 + 3×1 + 2×1 = 30 and 5×4 + 3×3 + 2×1 = 31: 60.0 % against 62.0 %, never tied.
        var ranking = Compute(Options[..2], Criteria, [.. Row(A, 5, 1, 1), .. Row(B, 4, 3, 1)]);
        Assert.Equal([1, 2], ranking.Select(r => r.Rank));
        Assert.All(ranking, r => Assert.Empty(r.TiedWith));
    }

    [Fact]
    public void An_unscored_cell_counts_as_nothing_so_a_partly_scored_option_does_not_outrank_a_complete_one()
    {
        var ranking = Compute(Options[..2], Criteria, [new Cell(A, Fit, 5), .. Row(B, 4, 4, 4)]);

        Assert.Equal("RabbitMQ", ranking[0].Name);
        var kafka = ranking[1];
        Assert.Equal(25, kafka.WeightedSum);
        Assert.Equal(50.0m, kafka.Percent);
        Assert.Equal(1, kafka.Scored);
        Assert.Equal(3, kafka.Criteria);
        Assert.False(kafka.Complete);
    }

    [Fact]
    public void A_criterion_weighted_zero_counts_for_nothing_and_no_weight_at_all_gives_zero_percent()
    {
        var ranking = Compute(Options[..2], [new(Fit, 0), new(Cost, 1)], [new(A, Fit, 5), new(A, Cost, 1), new(B, Fit, 1), new(B, Cost, 2)]);
        Assert.Equal("RabbitMQ", ranking[0].Name);
        Assert.Equal(40.0m, ranking[0].Percent);

        var none = Compute(Options[..1], [new(Fit, 0)], [new(A, Fit, 5)]);
        Assert.Equal(0m, none[0].Percent);
        Assert.Equal(0, none[0].MaxSum);
    }

    [Fact]
    public void Percentages_round_half_away_from_zero_to_one_decimal()
    {
        // Weights 1 and 2, one score of 1 on the lighter: 1 of a possible 15 = 6.666… % → 6.7 %.
        var ranking = Compute(Options[..1], [new(Fit, 1), new(Cost, 2)], [new(A, Fit, 1)]);
        Assert.Equal(6.7m, ranking[0].Percent);
        // 1 of a possible 40 = 2.5 % exactly stays 2.5; 1 of 80 = 1.25 → 1.3 (half away from zero).
        Assert.Equal(1.3m, Compute(Options[..1], [new(Fit, 1), new(Cost, 15)], [new(A, Fit, 1)])[0].Percent);
    }

    [Fact]
    public void Scores_and_weights_out_of_range_are_refused_with_their_field()
    {
        Assert.Equal("criteria[1].weight", Assert.Throws<DomainException>(() => TechnologyEvaluation.CheckWeight("criteria[1].weight", 11)).Field);
        Assert.Throws<DomainException>(() => TechnologyEvaluation.CheckWeight("weight", -1));
        Assert.Throws<DomainException>(() => TechnologyEvaluation.CheckScore("score", 0));
        Assert.Throws<DomainException>(() => TechnologyEvaluation.CheckScore("score", 6));
        TechnologyEvaluation.CheckScore("score", 5);
        TechnologyEvaluation.CheckWeight("weight", 0);
    }

    [Fact]
    public void A_decided_evaluation_keeps_its_choice_and_removing_an_option_removes_its_scores()
    {
        var now = DateTimeOffset.UnixEpoch;
        var e = TechnologyEvaluation.Start(Guid.NewGuid(), Guid.NewGuid(), 1, "Which broker?", null,
            [("Kafka", null), ("RabbitMQ", null)], [("Fit", 5)], Guid.NewGuid(), now);
        var kafka = e.Options[0].Id;
        var rabbit = e.Options[1].Id;
        e.Score(kafka, e.Criteria[0].Id, 5, Guid.NewGuid(), now);
        e.Score(rabbit, e.Criteria[0].Id, 3, Guid.NewGuid(), now);
        e.RemoveOption(rabbit, now);
        Assert.Single(e.Scores);

        e.Decide(kafka, "Replay.", Guid.NewGuid(), Guid.NewGuid(), now);
        Assert.Equal(EvaluationStatus.Decided, e.Status);
        Assert.Throws<InvalidOperationException>(() => e.Score(kafka, e.Criteria[0].Id, 1, Guid.NewGuid(), now));
    }
}
