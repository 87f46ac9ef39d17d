using System.Diagnostics;
using Xunit.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// Issue 13.1: a product never stops accepting items because ranks grew. The bulk runs in-process through
/// <see cref="Items"/>, the code every create and move of the API goes through (40,000 HTTP calls would
/// measure HTTP, not ranks); a smaller run goes through the API itself.
/// </summary>
[Collection(TandemCollection.Name)]
public class RankGrowthTests(TandemApp app, ITestOutputHelper output)
{
    private const int Batch = 1000;
    private const int Count = 20000;

    [Fact]
    public async Task Twenty_thousand_created_at_the_bottom_and_twenty_thousand_moved_to_the_top_keep_every_rank_within_16_characters()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var clock = Stopwatch.StartNew();

        // 20,000 created at the bottom, in batches of one transaction each.
        var bottom = new List<string>();
        for (var start = 0; start < Count; start += Batch)
        {
            bottom.AddRange(await WithItemsAsync(team, async (items, db, product) =>
            {
                var specs = Enumerable.Range(start, Batch).Select(n => new NewItem(ItemType.Story, $"Bottom {n}", null, "created this story")).ToList();
                var added = await items.InTransactionAsync(async () =>
                {
                    var result = await items.AddAtBottomAsync(product, specs, default);
                    await db.SaveChangesAsync();
                    return result;
                }, default);
                Assert.False(added.Failed(out var error, out var created), error?.Detail);
                return created.Select(i => i.Key).ToList();
            }));
            output.WriteLine($"{bottom.Count} created at the bottom after {clock.Elapsed}");
        }

        // 20,000 more, each created at the bottom and then moved to the top on its own, as "move to top" does.
        var top = new List<string>();
        for (var start = 0; start < Count; start += Batch)
        {
            top.AddRange(await WithItemsAsync(team, async (items, db, product) =>
            {
                var specs = Enumerable.Range(start, Batch).Select(n => new NewItem(ItemType.Bug, $"Top {n}", null, "created this bug")).ToList();
                var added = await items.InTransactionAsync(async () =>
                {
                    var result = await items.AddAtBottomAsync(product, specs, default);
                    await db.SaveChangesAsync();
                    // One tracked item at a time, as in a request.
                    db.ChangeTracker.Clear();
                    foreach (var item in result.Value ?? [])
                    {
                        db.Attach(item);
                        await items.PlaceAsync(product, [item], Spot.Top, "moved it to the top", default);
                        await db.SaveChangesAsync();
                        db.ChangeTracker.Clear();
                    }
                    return result;
                }, default);
                Assert.False(added.Failed(out var error, out var created), error?.Detail);
                return created.Select(i => i.Key).ToList();
            }));
            output.WriteLine($"{top.Count} moved to the top after {clock.Elapsed}");
        }

        // Then moves between neighbours: 120 times just after the same item (the worst case, which respreads) and a few others.
        var expected = Enumerable.Reverse(top).Concat(bottom).ToList();
        var anchor = bottom[Count / 2];
        var moved = top.Take(120).ToList();
        await WithItemsAsync(team, async (items, db, product) =>
        {
            foreach (var key in moved)
            {
                // Each move reads its target afresh, as a request does.
                var target = await db.BacklogItems.AsNoTracking().FirstAsync(i => i.Key == anchor);
                var item = await db.BacklogItems.FirstAsync(i => i.Key == key);
                await items.InTransactionAsync<bool>(async () =>
                {
                    await items.PlaceAsync(product, [item], Spot.AfterItem(target), $"moved it after {anchor}", default);
                    await db.SaveChangesAsync();
                    return true;
                }, default);
            }
            return true;
        });
        foreach (var key in moved) expected.Remove(key);
        expected.InsertRange(expected.IndexOf(anchor) + 1, Enumerable.Reverse(moved));

        var saved = await WithItemsAsync(team, (_, db, product) =>
            db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id).OrderBy(i => i.Rank).ThenBy(i => i.Id)
                .Select(i => new { i.Key, i.Rank }).ToListAsync());

        Assert.Equal(2 * Count, saved.Count);
        output.WriteLine($"checked after {clock.Elapsed}");
        var longest = saved.MaxBy(r => r.Rank.Length)!;
        Assert.True(longest.Rank.Length <= Rank.ShortLength, $"{longest.Key} has rank '{longest.Rank}' ({longest.Rank.Length} characters)");
        Assert.Equal(saved.Count, saved.Select(r => r.Rank).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected, saved.Select(r => r.Key).ToList());
        // About a minute on an idle 2-core machine, three when other builds share it; quadratic placement takes hours.
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(10), $"took {clock.Elapsed}");

        // The product still takes items through the API, at the bottom, with a short rank.
        var next = await team.CreateItemAsync("After forty thousand");
        Assert.InRange(next["rank"]!.GetValue<string>().Length, 1, Rank.ShortLength);
        Assert.Equal(BacklogTeam.Key(next), (await WithItemsAsync(team, (_, db, product) =>
            db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id).OrderByDescending(i => i.Rank).Select(i => i.Key).FirstAsync())));
    }

    [Fact]
    public async Task Three_hundred_creates_and_moves_through_the_API_keep_ranks_short_and_in_order()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(300);
        // Every tenth item to the top, one after another, then twenty moves just after the same item.
        var tops = keys.Where((_, i) => i % 10 == 0).ToList();
        foreach (var key in tops)
        {
            using var move = await team.MoveAsync(key, new { position = "top" });
            await Expect.Status(HttpStatusCode.OK, move);
        }
        var anchor = keys[150];
        var after = keys.Skip(200).Take(20).ToList();
        foreach (var key in after)
        {
            using var move = await team.MoveAsync(key, new { after = anchor });
            var body = await Expect.Status(HttpStatusCode.OK, move);
            Assert.InRange(body!["rank"]!.GetValue<string>().Length, 1, Rank.ShortLength);
        }

        var expected = Enumerable.Reverse(tops).Concat(keys.Except(tops)).ToList();
        foreach (var key in after) expected.Remove(key);
        expected.InsertRange(expected.IndexOf(anchor) + 1, Enumerable.Reverse(after));
        Assert.Equal(expected, await team.OrderAsync());

        var ranks = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/backlog?limit=100" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")))!;
            ranks.AddRange(page["items"]!.AsArray().Select(i => i!["rank"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.All(ranks, r => Assert.InRange(r.Length, 1, Rank.ShortLength));
    }

    /// <summary>Runs <paramref name="work"/> in a fresh scope signed in as the team's Product Owner.</summary>
    private async Task<T> WithItemsAsync<T>(BacklogTeam team, Func<Items, TandemDbContext, Product, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var po = await db.Users.IgnoreQueryFilters().AsNoTracking().FirstAsync(u => u.Id == team.ProductOwner.Id);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(po);
        var product = await db.Products.FirstAsync(p => p.Key == team.ProductKey);
        return await work(scope.ServiceProvider.GetRequiredService<Items>(), db, product);
    }
}
