using Tandem.Domain.Backlog;

namespace Tandem.UnitTests.Backlog;

public class RankBetween
{
    [Fact]
    public void Thousands_of_inserts_at_random_places_keep_a_strict_total_order()
    {
        var random = new Random(20261123);
        var ranks = new List<string> { Rank.Between(null, null) };
        for (var n = 0; n < 5000; n++)
        {
            var at = random.Next(ranks.Count + 1);
            var low = at == 0 ? null : ranks[at - 1];
            var high = at == ranks.Count ? null : ranks[at];
            var rank = Rank.Between(low, high);
            AssertStrictlyBetween(low, rank, high);
            ranks.Insert(at, rank);
        }
        for (var i = 1; i < ranks.Count; i++) Assert.True(string.CompareOrdinal(ranks[i - 1], ranks[i]) < 0);
    }

    [Fact]
    public void Repeated_moves_to_the_top_and_to_the_bottom_stay_ordered_and_valid()
    {
        var top = Rank.Between(null, null);
        var bottom = top;
        for (var n = 0; n < 3000; n++)
        {
            var newTop = Rank.Between(null, top);
            AssertStrictlyBetween(null, newTop, top);
            top = newTop;
            var newBottom = Rank.Between(bottom, null);
            AssertStrictlyBetween(bottom, newBottom, null);
            bottom = newBottom;
        }
    }

    [Fact]
    public void Repeated_inserts_just_after_one_rank_stay_between_it_and_its_neighbour()
    {
        var low = "A";
        var high = "B";
        for (var n = 0; n < 200; n++)
        {
            var middle = Rank.Between(low, high);
            AssertStrictlyBetween(low, middle, high);
            high = middle;
        }
    }

    [Theory]
    [InlineData("B", "A")]
    [InlineData("A", "A")]
    [InlineData("A1", "A")]
    public void Refuses_a_low_that_does_not_sort_before_high(string low, string high) =>
        Assert.Throws<ArgumentException>(() => Rank.Between(low, high));

    [Theory]
    [InlineData("A0")]
    [InlineData("A-")]
    public void Refuses_something_that_is_not_a_rank(string notARank)
    {
        Assert.Throws<ArgumentException>(() => Rank.Between(notARank, null));
        Assert.Throws<ArgumentException>(() => Rank.Between(null, notARank));
    }

    private static void AssertStrictlyBetween(string? low, string rank, string? high)
    {
        Assert.True(Rank.IsValid(rank), $"'{rank}' is not a valid rank");
        Assert.False(rank.EndsWith('0'), $"'{rank}' ends with 0");
        if (low is not null) Assert.True(string.CompareOrdinal(low, rank) < 0, $"'{rank}' is not after '{low}'");
        if (high is not null) Assert.True(string.CompareOrdinal(rank, high) < 0, $"'{rank}' is not before '{high}'");
    }
}

public class RankSpread
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(100000)]
    public void Gives_ascending_distinct_valid_ranks(int count)
    {
        var ranks = Rank.Spread(count);

        Assert.Equal(count, ranks.Count);
        Assert.All(ranks, r => Assert.True(Rank.IsValid(r), $"'{r}' is not a valid rank"));
        for (var i = 1; i < ranks.Count; i++) Assert.True(string.CompareOrdinal(ranks[i - 1], ranks[i]) < 0, $"'{ranks[i - 1]}' !< '{ranks[i]}'");
    }

    [Fact]
    public void Leaves_room_between_neighbours()
    {
        var ranks = Rank.Spread(1000);
        for (var i = 1; i < ranks.Count; i++) Assert.False(Rank.NeedsRebalance(Rank.Between(ranks[i - 1], ranks[i])));
    }
}

public class RankSteps
{
    [Theory]
    [InlineData("V", "W")]
    [InlineData("Vz", "W1")]
    [InlineData("V0z", "V11")]
    [InlineData("0z", "11")]
    public void After_is_one_unit_later_at_the_same_length(string rank, string expected) => Assert.Equal(expected, Rank.After(rank));

    [Theory]
    [InlineData("W", "V")]
    [InlineData("W1", "Vz")]
    [InlineData("V11", "V0z")]
    public void Before_is_one_unit_earlier_at_the_same_length(string rank, string expected) => Assert.Equal(expected, Rank.Before(rank));

    [Theory]
    [InlineData("z")]
    [InlineData("zzz")]
    public void After_the_last_rank_of_a_length_there_is_none(string rank) => Assert.Null(Rank.After(rank));

    [Theory]
    [InlineData("1")]
    [InlineData("01")]
    [InlineData("001")]
    public void Before_the_first_rank_of_a_length_there_is_none(string rank) => Assert.Null(Rank.Before(rank));

    [Fact]
    public void Between_at_an_open_end_grows_only_when_a_length_is_used_up()
    {
        Assert.Equal("zz1", Rank.Between("zz", null));
        Assert.Equal("00z", Rank.Between(null, "01"));
        Assert.Equal("W1", Rank.Between("Vz", null));
        Assert.Equal("Vz", Rank.Between(null, "W1"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(40000)]
    public void A_spread_leaves_room_for_64_steps_per_item_at_both_ends_without_growing(int count)
    {
        var ranks = Rank.Spread(count);
        var width = ranks[0].Length;
        Assert.All(ranks, r => Assert.Equal(width, r.Length));
        var (top, bottom) = (ranks[0], ranks[^1]);
        for (var n = 0; n < 64 * count; n++)
        {
            top = Rank.Before(top) ?? throw new Xunit.Sdk.XunitException($"No room above after {n} steps");
            bottom = Rank.After(bottom) ?? throw new Xunit.Sdk.XunitException($"No room below after {n} steps");
        }
        Assert.Equal(width, top.Length);
        Assert.Equal(width, bottom.Length);
    }

    [Fact]
    public void A_spread_with_a_reserve_makes_room_for_the_items_about_to_be_added()
    {
        var ranks = Rank.Spread(1, reserve: 5000);
        var bottom = ranks[^1];
        for (var n = 0; n < 5000 * 64; n++) bottom = Rank.After(bottom) ?? throw new Xunit.Sdk.XunitException($"No room after {n} steps");
    }
}

/// <summary>Issue 12: the local respread's ranks, between the ranks of the first items outside the window.</summary>
public class SpreadBetweenTests
{
    [Theory]
    [InlineData(null, null, 100)]
    [InlineData(null, "V", 128)]
    [InlineData("V", null, 128)]
    [InlineData("V", "W", 129)]
    [InlineData("V", "V1", 10)]
    [InlineData("Abc", "Abd", 129)]
    [InlineData("zz", null, 1)]
    [InlineData(null, "01", 1)]
    public void Spreads_strictly_between_the_bounds_evenly_and_short(string? low, string? high, int count)
    {
        var ranks = Rank.SpreadBetween(low, high, count);

        Assert.NotNull(ranks);
        Assert.Equal(count, ranks.Count);
        Assert.All(ranks, r => Assert.True(Rank.IsValid(r) && r.Length <= Rank.LocalSpreadLength, $"'{r}'"));
        Assert.Single(ranks.Select(r => r.Length).Distinct());
        if (low is not null) Assert.True(string.CompareOrdinal(low, ranks[0]) < 0, $"'{ranks[0]}' is not after '{low}'");
        if (high is not null) Assert.True(string.CompareOrdinal(ranks[^1], high) < 0, $"'{ranks[^1]}' is not before '{high}'");
        for (var i = 1; i < ranks.Count; i++) Assert.True(string.CompareOrdinal(ranks[i - 1], ranks[i]) < 0);
        // Room after each: a dozen inserts just after the same item stay short.
        var next = ranks.Count > 1 ? ranks[1] : high;
        for (var n = 0; n < 12; n++) next = Rank.Between(ranks[0], next);
        Assert.True(next!.Length <= Rank.ShortLength, $"'{next}'");
    }

    [Fact]
    public void Over_the_whole_space_it_is_the_spread_of_the_backlog() =>
        Assert.Equal(Rank.Spread(500), Rank.SpreadBetween(null, null, 500));

    [Theory]
    [InlineData("V", "V")]
    [InlineData("W", "V")]
    [InlineData("VVVVVVVVVVVVVA", "VVVVVVVVVVVVVB")]
    [InlineData("VVVVVVVVVVV1", "VVVVVVVVVVV2")]
    public void Gives_nothing_when_the_bounds_leave_no_short_room(string low, string high) =>
        Assert.Null(Rank.SpreadBetween(low, high, 3));
}

/// <summary>The placement policy of <see cref="Tandem.Application.Backlog.Items"/> played in memory: a list of ranks, respread when nothing fits.</summary>
public class PlacementKeepsRanksShort
{
    private readonly List<string> _ranks = [];
    private int _respreads;

    private void Place(int index)
    {
        var fit = Tandem.Application.Backlog.Items.Fit(index == 0 ? null : _ranks[index - 1], index == _ranks.Count ? null : _ranks[index], 1);
        if (fit is null)
        {
            _respreads++;
            var spread = Rank.Spread(_ranks.Count, reserve: 1);
            for (var i = 0; i < _ranks.Count; i++) _ranks[i] = spread[i];
            fit = Tandem.Application.Backlog.Items.Fit(index == 0 ? null : _ranks[index - 1], index == _ranks.Count ? null : _ranks[index], 1);
        }
        Assert.NotNull(fit);
        _ranks.Insert(index, fit[0]);
    }

    [Fact]
    public void Twenty_thousand_at_the_bottom_then_twenty_thousand_at_the_top_then_one_spot_stay_within_sixteen_characters()
    {
        for (var n = 0; n < 20000; n++) Place(_ranks.Count);
        for (var n = 0; n < 20000; n++) Place(0);
        // The worst case between two neighbours: always just after the same item.
        for (var n = 0; n < 2000; n++) Place(20000);

        Assert.All(_ranks, r => Assert.True(r.Length <= Rank.ShortLength, $"'{r}' is {r.Length} characters"));
        for (var i = 1; i < _ranks.Count; i++) Assert.True(string.CompareOrdinal(_ranks[i - 1], _ranks[i]) < 0);
        // Respreads are rare: the ends have room for many times the backlog, a spot for dozens of inserts.
        Assert.InRange(_respreads, 1, 2000 / 40 + 5);
    }

    [Fact]
    public void Neighbours_that_share_a_rank_do_not_fit_until_respread() =>
        Assert.Null(Tandem.Application.Backlog.Items.Fit("V", "V", 1));

    [Theory]
    [InlineData(1, "Az", "B1")]
    [InlineData(3, "Az", "B3")]
    [InlineData(16, "Az", "BG")]
    public void A_placement_at_an_end_steps_the_units_it_is_given(int step, string end, string after)
    {
        Assert.Equal([after], Tandem.Application.Backlog.Items.Fit(end, null, 1, step));
        Assert.Equal(after, Rank.After(end, step));
        Assert.Equal(end, Rank.Before(after, step));
        Assert.Equal([Rank.Before("B1", step)!], Tandem.Application.Backlog.Items.Fit(null, "B1", 1, step));
        // Several items: the first steps, the rest follow one unit apart, in order.
        Assert.Equal([after, Rank.After(after)!, Rank.After(after, 2)!], Tandem.Application.Backlog.Items.Fit(end, null, 3, step));
    }

    [Fact]
    public void Two_moves_to_the_top_that_read_the_same_first_rank_rarely_tie()
    {
        // Concurrent moves to one end read the same end rank; with one fixed step every such pair tied (and the next
        // move between the two respread). Expected ties with a random step of 1 to 16: one pair in sixteen.
        var ties = 0;
        for (var n = 0; n < 1000; n++)
        {
            var first = Tandem.Application.Backlog.Items.Fit(null, "V0001", 1)![0];
            var second = Tandem.Application.Backlog.Items.Fit(null, "V0001", 1)![0];
            Assert.True(string.CompareOrdinal(first, "V0001") < 0 && string.CompareOrdinal(second, "V0001") < 0);
            if (first == second) ties++;
        }
        Assert.InRange(ties, 0, 150);
    }
}
