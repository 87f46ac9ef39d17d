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
