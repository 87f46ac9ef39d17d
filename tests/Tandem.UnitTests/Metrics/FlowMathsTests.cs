using Tandem.Application.Metrics;

namespace Tandem.UnitTests.Metrics;

public class FlowMathsTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly DateOnly Monday = new(2026, 11, 2);

    private static DateTimeOffset At(int day, int hour = 12) => new(Monday.AddDays(day).ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    [Fact]
    public void Median_of_an_odd_and_an_even_count_and_of_nothing()
    {
        Assert.Equal(3, FlowMaths.Median([5, 1, 3]));
        Assert.Equal(2.5, FlowMaths.Median([4, 1, 3, 2]));
        Assert.Equal(7, FlowMaths.Median([7]));
        Assert.Null(FlowMaths.Median([]));
    }

    [Fact]
    public void The_85th_percentile_interpolates_between_closest_ranks()
    {
        // Ranks 0..6, p85 at 5.1: 6 + 0.1 × (9 − 6).
        Assert.Equal(6.3, FlowMaths.Percentile([1, 2, 2, 3, 4, 6, 9], 0.85)!.Value, 6);
        Assert.Equal(10, FlowMaths.Percentile([10], 0.85));
        Assert.Equal(1, FlowMaths.Percentile([1, 2, 3], 0));
        Assert.Equal(3, FlowMaths.Percentile([1, 2, 3], 1));
    }

    [Fact]
    public void Say_do_with_nothing_committed_is_no_ratio_not_zero_or_infinity()
    {
        Assert.Null(FlowMaths.Ratio(5, 0));
        Assert.Null(FlowMaths.Ratio(0, 0));
        Assert.Equal(0, FlowMaths.Ratio(0, 8));
        Assert.Equal(1.25, FlowMaths.Ratio(10, 8));
    }

    [Fact]
    public void Burndown_per_day_counts_scope_changes_and_completions_at_the_end_of_each_day()
    {
        BurnItem[] items =
        [
            new(3, At(-1), null, At(1)),
            new(5, At(-1), null, null),
            new(2, At(-1), At(2), null),   // removed on day 2
            new(1, At(1), null, At(3)),    // added on day 1, done on day 3
        ];
        var days = FlowMaths.Burn(items, Monday, Monday.AddDays(4), Monday.AddDays(3), committed: 10, Utc);

        Assert.Equal(5, days.Count);
        Assert.Equal([10m, 7.5m, 5m, 2.5m, 0m], days.Select(d => d.Ideal));
        Assert.Equal([10m, 11m, 9m, 9m], days.Take(4).Select(d => d.Scope!.Value));
        Assert.Equal([10m, 8m, 6m, 5m], days.Take(4).Select(d => d.Remaining!.Value));
        Assert.Null(days[4].Remaining);
    }

    [Fact]
    public void Burndown_days_follow_the_team_time_zone()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        // 20:00 UTC on day 0 is 05:00 on day 1 in Tokyo: done on day 1 there.
        var days = FlowMaths.Burn([new BurnItem(4, At(-1), null, At(0, 20))], Monday, Monday.AddDays(1), Monday.AddDays(1), 4, tokyo);
        Assert.Equal([4m, 0m], days.Select(d => d.Remaining!.Value));
    }

    [Fact]
    public void A_one_day_sprint_has_an_ideal_of_zero_and_no_division_by_zero()
    {
        var days = FlowMaths.Burn([], Monday, Monday, Monday, 0, Utc);
        Assert.Equal(0m, Assert.Single(days).Ideal);
    }

    [Fact]
    public void Cumulative_flow_follows_moves_and_keeps_done_cards_after_the_sprint_closes()
    {
        Guid todo = Guid.NewGuid(), doing = Guid.NewGuid(), done = Guid.NewGuid();
        Guid sprint = Guid.NewGuid(), a = Guid.NewGuid(), b = Guid.NewGuid();
        FlowCard[] cards = [new(sprint, a, todo, At(0), null, At(2)), new(sprint, b, todo, At(0), null, At(2))];
        FlowMove[] moves = [new(sprint, a, doing, At(0, 14)), new(sprint, a, done, At(1)), new(sprint, b, doing, At(1))];
        var flow = FlowMaths.CumulativeFlow(cards, moves, [todo, doing, done], new HashSet<Guid> { done }, Monday, Monday.AddDays(3), Utc);

        Assert.Equal([1, 1, 0], flow[0]);
        Assert.Equal([0, 1, 1], flow[1]);
        Assert.Equal([0, 0, 1], flow[2]);   // closed on day 2: b left the board, a stays done
        Assert.Equal([0, 0, 1], flow[3]);
    }

    [Fact]
    public void Weeks_start_on_Monday()
    {
        Assert.Equal(Monday, FlowMaths.WeekOf(Monday.AddDays(6)));
        Assert.Equal(Monday, FlowMaths.WeekOf(Monday));
        Assert.Equal(Monday.AddDays(7), FlowMaths.WeekOf(Monday.AddDays(7)));
    }
}
