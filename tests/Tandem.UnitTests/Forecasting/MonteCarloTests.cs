using Tandem.Application.Forecasting;

namespace Tandem.UnitTests.Forecasting;

public class MonteCarloTests
{
    private static readonly int[] Steady = [5, 5, 5, 5];
    private static readonly int[] Mixed = [0, 2, 3, 5, 8, 1, 4, 6, 0, 3, 5, 2];
    private static readonly int[] OneOrThree = [1, 3];
    private static readonly int[] Nothing = [0, 0, 0];

    [Fact]
    public void The_same_seed_gives_the_same_forecast_and_another_seed_may_not()
    {
        var a = MonteCarlo.WeeksToFinish(Mixed, 60, 10_000, 42);
        var b = MonteCarlo.WeeksToFinish(Mixed, 60, 10_000, 42);
        Assert.Equal((a.P50, a.P85, a.P95), (b.P50, b.P85, b.P95));
        Assert.Equal(a.Histogram, b.Histogram);
        Assert.Equal(a.Sorted, b.Sorted);
        var c = MonteCarlo.WeeksToFinish(Mixed, 60, 10_000, 43);
        Assert.NotEqual(a.Sorted, c.Sorted);
    }

    [Fact]
    public void A_constant_throughput_finishes_in_exactly_the_weeks_it_takes()
    {
        var run = MonteCarlo.WeeksToFinish(Steady, 23, 1_000, 1);
        Assert.Equal((5, 5, 5), (run.P50, run.P85, run.P95));
        Assert.Equal([(5, 1_000)], run.Histogram);
        Assert.Equal(1.0, run.ShareAtMost(5));
        Assert.Equal(0.0, run.ShareAtMost(4));
    }

    [Fact]
    public void Percentiles_of_a_known_distribution_follow_the_binomial()
    {
        // Weeks of 1 or 3 items, even odds; ten weeks give 10 + 2·Binomial(10, ½) items: median 20, 15th percentile 16, 5th 14.
        var run = MonteCarlo.ItemsWithin(OneOrThree, 10, 100_000, 7);
        Assert.Equal(20, run.P50);
        Assert.InRange(run.P85, 16, 16);
        Assert.InRange(run.P95, 14, 14);
        Assert.True(run.P50 >= run.P85 && run.P85 >= run.P95, "More confidence promises fewer items.");
        Assert.Equal(100_000, run.Histogram.Sum(h => h.Trials));
        Assert.All(run.Histogram, h => Assert.True(h.Value % 2 == 0 && h.Value is >= 10 and <= 30));
    }

    [Fact]
    public void Weeks_to_finish_grow_with_the_confidence()
    {
        var run = MonteCarlo.WeeksToFinish(Mixed, 40, 10_000, 5);
        Assert.True(run.P50 <= run.P85 && run.P85 <= run.P95);
        Assert.InRange(run.P50, 10, 14); // 40 items at 3.25 a week on average: about 12 weeks.
        // Nearest rank: at least half the trials finish by P50, fewer than half a week earlier.
        Assert.True(run.ShareAtMost(run.P50) >= 0.5 && run.ShareAtMost(run.P50 - 1) < 0.5);
        Assert.True(run.ShareAtMost(run.P85) >= 0.85 && run.ShareAtMost(run.P85 - 1) < 0.85);
    }

    [Fact]
    public void A_history_without_finished_work_cannot_forecast_and_is_capped_if_run()
    {
        Assert.False(MonteCarlo.CanForecast(Nothing));
        Assert.False(MonteCarlo.CanForecast([]));
        Assert.True(MonteCarlo.CanForecast(Mixed));
        var run = MonteCarlo.WeeksToFinish(Nothing, 5, 100, 1);
        Assert.Equal(MonteCarlo.MaxWeeks, run.P50);
        Assert.Equal(0, MonteCarlo.ItemsWithin(Nothing, 10, 100, 1).P95);
    }

    [Fact]
    public void Nothing_left_is_done_now_and_bad_inputs_are_refused()
    {
        Assert.Equal(0, MonteCarlo.WeeksToFinish(Mixed, 0, 100, 1).P95);
        Assert.Throws<ArgumentException>(() => MonteCarlo.WeeksToFinish([], 5, 100, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarlo.WeeksToFinish(Mixed, 5, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarlo.ItemsWithin(Mixed, 5, MonteCarlo.MaxTrials + 1, 1));
    }

    [Fact]
    public void Nearest_rank_percentiles()
    {
        int[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal(5, MonteCarlo.Percentile(sorted, 50));
        Assert.Equal(9, MonteCarlo.Percentile(sorted, 85));
        Assert.Equal(10, MonteCarlo.Percentile(sorted, 95));
        Assert.Equal(0, MonteCarlo.Percentile([], 50));
    }
}
