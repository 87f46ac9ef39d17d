using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// Issue 12: a move that finds no room (neighbours that share a rank, as two concurrent moves to the top leave them)
/// rewrites the ranks of the items around it, not the whole backlog; only when those have no room either does the
/// product respread. Through the API, on both databases.
/// </summary>
[Collection(TandemCollection.Name)]
public class NearRespreadTests(TandemApp app)
{
    [Fact]
    public async Task Moving_between_two_items_that_share_a_rank_respreads_only_the_items_around_them()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(300);
        // Ten items in the middle share one rank, as concurrent moves leave them; ties sort by id.
        var ranks = await RanksAsync(team);
        await SetRanksAsync(team, keys.Skip(140).Take(10).ToDictionary(k => k, _ => ranks[keys[140]]));
        var before = await RanksAsync(team);
        var order = await team.OrderAsync();
        var anchor = order[144];
        Assert.Equal(before[anchor], before[order[145]]);

        using var move = await team.MoveAsync(keys[250], new { after = anchor });
        var moved = await Expect.Status(HttpStatusCode.OK, move);

        var expected = order.Where(k => k != keys[250]).ToList();
        expected.Insert(expected.IndexOf(anchor) + 1, keys[250]);
        Assert.Equal(expected, await team.OrderAsync());
        var after = await RanksAsync(team);
        Assert.Equal(after[keys[250]], moved!["rank"]!.GetValue<string>());
        // The ties are gone, every rank is distinct and short, and the order of the ranks is the backlog's order.
        var inOrder = expected.Select(k => after[k]).ToList();
        for (var i = 1; i < inOrder.Count; i++) Assert.True(string.CompareOrdinal(inOrder[i - 1], inOrder[i]) < 0, $"{expected[i - 1]} '{inOrder[i - 1]}' is not before {expected[i]} '{inOrder[i]}'");
        Assert.All(inOrder, r => Assert.InRange(r.Length, 1, Rank.ShortLength));
        // Only the items around the spot have new ranks: the window on each side, the target and the moved item.
        var changed = keys.Where(k => after[k] != before[k]).ToList();
        Assert.InRange(changed.Count, 12, 2 * Items.NearWindow + 2);
        Assert.Contains(anchor, changed);
        Assert.DoesNotContain(order[0], changed);
        Assert.DoesNotContain(order[^1], changed);
    }

    [Fact]
    public async Task Moving_to_the_top_when_it_has_no_room_respreads_only_the_first_items()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(300);
        // The first item sits on the lowest rank there is at its length: nothing fits above it at that length.
        await SetRanksAsync(team, new Dictionary<string, string> { [keys[0]] = "001" });
        var before = await RanksAsync(team);

        using var move = await team.MoveAsync(keys[200], new { position = "top" });
        await Expect.Status(HttpStatusCode.OK, move);

        var expected = keys.Where(k => k != keys[200]).Prepend(keys[200]).ToList();
        Assert.Equal(expected, await team.OrderAsync());
        var after = await RanksAsync(team);
        var changed = keys.Where(k => after[k] != before[k]).ToList();
        Assert.InRange(changed.Count, 2, 2 * Items.NearWindow + 1);
        Assert.Contains(keys[0], changed);
        Assert.DoesNotContain(keys[^1], changed);
        Assert.All(after.Values, r => Assert.InRange(r.Length, 1, Rank.ShortLength));
    }

    [Fact]
    public async Task When_the_items_around_the_spot_have_no_room_a_wider_window_is_respread()
    {
        var (team, order, before) = await LongRanksAsync(from: 500, to: 700);

        var moved = order[20];
        using var move = await team.MoveAsync(moved, new { after = order[599] });
        await Expect.Status(HttpStatusCode.OK, move);

        var expected = order.Where(k => k != moved).ToList();
        expected.Insert(expected.IndexOf(order[599]) + 1, moved);
        Assert.Equal(expected, await team.OrderAsync());
        var after = await RanksAsync(team);
        // The hundred around the spot are bounded by long ranks; the thousand around it are not.
        var changed = order.Where(k => k != moved && after[k] != before[k]).ToList();
        Assert.InRange(changed.Count, 2 * Items.NearWindow + 2, 16 * Items.NearWindow + 1);
        Assert.Contains(order[599], changed);
        Assert.DoesNotContain(order[0], changed);
        Assert.DoesNotContain(order[^1], changed);
        Assert.All(after.Values, r => Assert.InRange(r.Length, 1, Rank.ShortLength));
    }

    [Fact]
    public async Task When_even_the_wider_window_has_no_room_the_whole_product_is_respread()
    {
        var (team, order, _) = await LongRanksAsync(from: 0, to: Size);

        using var move = await team.MoveAsync(order[10], new { after = order[599] });
        await Expect.Status(HttpStatusCode.OK, move);

        var expected = order.Where(k => k != order[10]).ToList();
        expected.Insert(expected.IndexOf(order[599]) + 1, order[10]);
        Assert.Equal(expected, await team.OrderAsync());
        var after = await RanksAsync(team);
        // Rank.Spread gives 1,200 items four digits.
        Assert.All(after, r => Assert.True(r.Value.Length <= 4, $"{r.Key} kept '{r.Value}'"));
    }

    private const int Size = 1200;

    /// <summary>
    /// A product of 1,200 items whose ranks from position <paramref name="from"/> up to <paramref name="to"/> are 15
    /// characters long, one unit apart, with positions 599 and 600 sharing one: nothing fits there, and no short spread
    /// fits between long ranks. Created in-process (1,200 API calls would test HTTP, not ranks). Answers the order and the ranks.
    /// </summary>
    private async Task<(BacklogTeam Team, List<string> Order, Dictionary<string, string> Ranks)> LongRanksAsync(int from, int to)
    {
        var team = await BacklogTeam.CreateAsync(app);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var po = await db.Users.IgnoreQueryFilters().AsNoTracking().FirstAsync(u => u.Id == team.ProductOwner.Id);
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(po);
            var product = await db.Products.FirstAsync(p => p.Key == team.ProductKey);
            var items = scope.ServiceProvider.GetRequiredService<Items>();
            var specs = Enumerable.Range(0, Size).Select(n => new NewItem(ItemType.Story, $"Item {n}", null, "created this story")).ToList();
            var added = await items.InTransactionAsync(async () =>
            {
                var result = await items.AddAtBottomAsync(product, specs, default);
                await db.SaveChangesAsync();
                return result;
            }, default);
            Assert.False(added.Failed(out var error, out _), error?.Detail);
        }
        var order = await team.OrderAsync();
        var ranks = await RanksAsync(team);
        var prefix = from == 0 ? "V" : ranks[order[from - 1]];
        var longRanks = new Dictionary<string, string>();
        for (var n = from; n < to; n++)
            longRanks[order[n]] = prefix + new string('V', 14 - prefix.Length - 1) + Rank.Digits[1 + (n - from) / 61] + Rank.Digits[1 + (n - from) % 61];
        longRanks[order[600]] = longRanks[order[599]];
        await SetRanksAsync(team, longRanks);
        var before = await RanksAsync(team);
        // The two that share a rank sort by id, maybe the other way round; nothing else moved.
        var now = await team.OrderAsync();
        Assert.Equal(order.Take(599).Concat(order.Skip(601)), now.Take(599).Concat(now.Skip(601)));
        Assert.Equal(15, before[now[599]].Length);
        Assert.Equal(before[now[599]], before[now[600]]);
        return (team, now, before);
    }

    private async Task<Dictionary<string, string>> RanksAsync(BacklogTeam team)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var product = await db.Products.IgnoreQueryFilters().AsNoTracking().FirstAsync(p => p.Key == team.ProductKey);
        return await db.BacklogItems.IgnoreQueryFilters().AsNoTracking().Where(i => i.ProductId == product.Id).ToDictionaryAsync(i => i.Key, i => i.Rank);
    }

    /// <summary>Sets ranks as a race would leave them, behind the API's back, and tells the caches as a write does.</summary>
    private async Task SetRanksAsync(BacklogTeam team, Dictionary<string, string> ranks)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var product = await db.Products.IgnoreQueryFilters().AsNoTracking().FirstAsync(p => p.Key == team.ProductKey);
        foreach (var (key, rank) in ranks)
            await db.BacklogItems.IgnoreQueryFilters().Where(i => i.ProductId == product.Id && i.Key == key).ExecuteUpdateAsync(u => u.SetProperty(i => i.Rank, rank));
        db.BacklogChanged(product.Id);
    }
}
