using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Estimation;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Products;

namespace Tandem.Application.Backlog;

/// <summary>What a new backlog item is; <see cref="Items.AddAtBottomAsync(Product, NewItem, CancellationToken)"/> numbers and places it.</summary>
public sealed record NewItem(ItemType Type, string Title, string? Description, string Activity);

/// <summary>
/// Where items go: the top or the bottom of the backlog, or just before or after another item. A spot from
/// <see cref="Items.BesideAsync"/> also knows the rank on the target's other side (<paramref name="Neighbour"/>),
/// read for the one item <paramref name="ReadFor"/>, so placing that item needs no second read.
/// </summary>
public sealed record Spot(string Where, BacklogItem? Target = null, bool Before = false, string? Neighbour = null, Guid? ReadFor = null)
{
    /// <summary>The top of the backlog (a copy with <see cref="Neighbour"/> read is the top too).</summary>
    public bool IsTop => Target is null && Where == Top.Where;

    public static readonly Spot Top = new("to the top");
    public static readonly Spot Bottom = new("to the bottom");
    public static Spot BeforeItem(BacklogItem target) => new($"before {target.Key}", target, Before: true);
    public static Spot AfterItem(BacklogItem target) => new($"after {target.Key}", target);
}

/// <summary>
/// The backlog's items as every feature meets them: finding one for an operation, numbering and
/// placing new ones, moving them, their detail and their activity lines. Every path that creates or
/// places an item comes through here, so the rules hold in one place: numbers are taken atomically in
/// the transaction that saves the item (ADR 21), and ranks stay short — a placement that would run
/// out of room, pass <see cref="Rank.ShortLength"/> or land between two equal neighbours respreads
/// the ranks around the spot first (the whole product only when those have no room), in the same transaction (ADR 0008).
/// </summary>
public sealed partial class Items(
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, ProductNumbers numbers,
    ItemCreations creations)
{
    /// <summary>The canonical form of an item key as people type it.</summary>
    public static string KeyOf(string? itemKey) => (itemKey ?? "").Trim().ToUpperInvariant();

    /// <summary>The item (tracked) and its product, when the current user may perform <paramref name="operation"/> on it.</summary>
    public async Task<Result<Owned<BacklogItem>>> FindAsync(string itemKey, Operation operation, CancellationToken ct)
    {
        // An item's read, update and move start here: their statements are worth preparing (PreparedStatements).
        db.PrepareStatements = true;
        return await rights.AuthorizeFoundAsync(await ItemByKey(db, KeyOf(itemKey), ct), operation, $"There is no item {itemKey} in your workspace.", ct);
    }

    /// <summary>
    /// The item with this key and its product, both tracked: every item write and every uncached item read starts
    /// here, so the query is compiled once rather than built, parameter-extracted and looked up in EF's cache on
    /// each call (issue 12). The workspace filter applies as everywhere: it reads the context it runs on.
    /// </summary>
    private static readonly Func<TandemDbContext, string, CancellationToken, Task<Owned<BacklogItem>?>> ItemByKey = EF.CompileAsyncQuery(
        (TandemDbContext db, string key, CancellationToken ct) => db.BacklogItems.Where(i => i.Key == key)
            .Join(db.Products, i => i.ProductId, p => p.Id, (i, p) => new Owned<BacklogItem>(i, p)).FirstOrDefault());

    /// <summary>
    /// The item with this key and its product, untracked, for a read that changes nothing (the item GET when its detail
    /// is not cached): one compiled statement, prepared on PostgreSQL like a write's, so a read the cache cannot answer
    /// is not parsed and planned again on every call (issue 12: that was most of PostgreSQL's work per uncached read).
    /// Authorization is the caller's.
    /// </summary>
    public async Task<Owned<BacklogItem>?> ReadAsync(string key, CancellationToken ct)
    {
        db.PrepareStatements = true;
        return await ItemByKeyUntracked(db, key, ct);
    }

    private static readonly Func<TandemDbContext, string, CancellationToken, Task<Owned<BacklogItem>?>> ItemByKeyUntracked = EF.CompileAsyncQuery(
        (TandemDbContext db, string key, CancellationToken ct) => db.BacklogItems.AsNoTracking().Where(i => i.Key == key)
            .Join(db.Products.AsNoTracking(), i => i.ProductId, p => p.Id, (i, p) => new Owned<BacklogItem>(i, p)).FirstOrDefault());

    /// <summary>
    /// <see cref="FindAsync"/> for a move before or after another item: the item to move, its product, the target and
    /// the target's neighbour on the other side (as <see cref="BesideAsync"/> reads them) in one round trip instead of
    /// two. The spot is null when there is no item <paramref name="targetKey"/> in the workspace; the caller checks that
    /// the target is in the item's product and not the item itself. A spot read here may be stale by the time the
    /// move saves, as one read inside the move's transaction may be on PostgreSQL: the placement checks the room it
    /// finds, and a stale save starts the move again (issue 12).
    /// </summary>
    public async Task<Result<(Owned<BacklogItem> Found, Spot? Spot)>> FindBesideAsync(string itemKey, string targetKey, bool before, Operation operation, CancellationToken ct)
    {
        db.PrepareStatements = true;
        var row = await (before ? ItemBefore : ItemAfter)(db, KeyOf(itemKey), KeyOf(targetKey), ct);
        var found = await rights.AuthorizeFoundAsync(row is null ? null : new Owned<BacklogItem>(row.Item, row.Product), operation, $"There is no item {itemKey} in your workspace.", ct);
        if (found.Failed(out var error, out var owned)) return error;
        if (row!.Target is not { } target) return (owned, null);
        var spot = before ? Spot.BeforeItem(target) : Spot.AfterItem(target);
        return (owned, spot with { Neighbour = row.Neighbour, ReadFor = row.Item.Id });
    }

    /// <summary>
    /// <see cref="FindAsync"/> for a move to the top or the bottom: the item, its product and the first rank at that end
    /// other than the item's, in one round trip instead of two (issue 12).
    /// </summary>
    public async Task<Result<(Owned<BacklogItem> Found, Spot Spot)>> FindAtEndAsync(string itemKey, bool top, Operation operation, CancellationToken ct)
    {
        db.PrepareStatements = true;
        var row = await (top ? ItemToTop : ItemToBottom)(db, KeyOf(itemKey), ct);
        var found = await rights.AuthorizeFoundAsync(row is null ? null : new Owned<BacklogItem>(row.Item, row.Product), operation, $"There is no item {itemKey} in your workspace.", ct);
        if (found.Failed(out var error, out var owned)) return error;
        return (owned, (top ? Spot.Top : Spot.Bottom) with { Neighbour = row!.Neighbour, ReadFor = row.Item.Id });
    }

    private sealed record MoveToEnd(BacklogItem Item, Product Product, string? Neighbour);

    /// <summary>The item (tracked), its product and the lowest rank of its product's other items.</summary>
    private static readonly Func<TandemDbContext, string, CancellationToken, Task<MoveToEnd?>> ItemToTop = EF.CompileAsyncQuery(
        (TandemDbContext db, string key, CancellationToken ct) => db.BacklogItems.Where(i => i.Key == key)
            .Join(db.Products, i => i.ProductId, p => p.Id, (i, p) => new MoveToEnd(i, p,
                db.BacklogItems.Where(o => o.ProductId == i.ProductId && o.Id != i.Id).OrderBy(o => o.Rank).ThenBy(o => o.Id).Select(o => o.Rank).FirstOrDefault()))
            .FirstOrDefault());

    /// <summary>The item (tracked), its product and the highest rank of its product's other items.</summary>
    private static readonly Func<TandemDbContext, string, CancellationToken, Task<MoveToEnd?>> ItemToBottom = EF.CompileAsyncQuery(
        (TandemDbContext db, string key, CancellationToken ct) => db.BacklogItems.Where(i => i.Key == key)
            .Join(db.Products, i => i.ProductId, p => p.Id, (i, p) => new MoveToEnd(i, p,
                db.BacklogItems.Where(o => o.ProductId == i.ProductId && o.Id != i.Id).OrderByDescending(o => o.Rank).ThenByDescending(o => o.Id).Select(o => o.Rank).FirstOrDefault()))
            .FirstOrDefault());

    private sealed record MoveStart(BacklogItem Item, Product Product, BacklogItem? Target, string? Neighbour);

    /// <summary>The item, its product, the target (both tracked) and the rank just below the target, other than the item's.</summary>
    private static readonly Func<TandemDbContext, string, string, CancellationToken, Task<MoveStart?>> ItemBefore = EF.CompileAsyncQuery(
        (TandemDbContext db, string key, string targetKey, CancellationToken ct) => db.BacklogItems.Where(i => i.Key == key)
            .Join(db.Products, i => i.ProductId, p => p.Id, (i, p) => new { i, p })
            .GroupJoin(db.BacklogItems.Where(t => t.Key == targetKey), x => true, t => true, (x, ts) => new { x.i, x.p, ts })
            .SelectMany(x => x.ts.DefaultIfEmpty(), (x, t) => new MoveStart(x.i, x.p, t,
                t == null ? null : db.BacklogItems.Where(o => o.ProductId == t.ProductId && o.Id != x.i.Id && string.Compare(o.Rank, t.Rank) <= 0
                        && (string.Compare(o.Rank, t.Rank) < 0 || (o.Rank == t.Rank && o.Id.CompareTo(t.Id) < 0)))
                    .OrderByDescending(o => o.Rank).ThenByDescending(o => o.Id).Select(o => o.Rank).FirstOrDefault()))
            .FirstOrDefault());

    /// <summary>The item, its product, the target (both tracked) and the rank just above the target, other than the item's.</summary>
    private static readonly Func<TandemDbContext, string, string, CancellationToken, Task<MoveStart?>> ItemAfter = EF.CompileAsyncQuery(
        (TandemDbContext db, string key, string targetKey, CancellationToken ct) => db.BacklogItems.Where(i => i.Key == key)
            .Join(db.Products, i => i.ProductId, p => p.Id, (i, p) => new { i, p })
            .GroupJoin(db.BacklogItems.Where(t => t.Key == targetKey), x => true, t => true, (x, ts) => new { x.i, x.p, ts })
            .SelectMany(x => x.ts.DefaultIfEmpty(), (x, t) => new MoveStart(x.i, x.p, t,
                t == null ? null : db.BacklogItems.Where(o => o.ProductId == t.ProductId && o.Id != x.i.Id && string.Compare(o.Rank, t.Rank) >= 0
                        && (string.Compare(o.Rank, t.Rank) > 0 || (o.Rank == t.Rank && o.Id.CompareTo(t.Id) > 0)))
                    .OrderBy(o => o.Rank).ThenBy(o => o.Id).Select(o => o.Rank).FirstOrDefault()))
            .FirstOrDefault());

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction (joining the caller's), as numbering needs: it commits
    /// when the work succeeds and rolls back, giving the numbers back, when it returns an error.
    /// </summary>
    public Task<Result<T>> InTransactionAsync<T>(Func<Task<Result<T>>> work, CancellationToken ct) => numbers.InTransactionAsync(work, ct);

    /// <summary>
    /// A new item numbered and placed at the bottom, staged with its first activity line; the caller saves it
    /// inside <see cref="InTransactionAsync{T}"/>. Invalid when the model refuses the title or description.
    /// </summary>
    public async Task<Result<BacklogItem>> AddAtBottomAsync(Product product, NewItem item, CancellationToken ct)
    {
        var added = await AddAtBottomAsync(product, [item], ct);
        if (added.Failed(out var error, out var items)) return error;
        return items[0];
    }

    /// <summary>Several new items at the bottom in the given order (an import, a seed), numbered one after another.</summary>
    public async Task<Result<IReadOnlyList<BacklogItem>>> AddAtBottomAsync(Product product, IReadOnlyList<NewItem> items, CancellationToken ct)
    {
        if (items.Count == 0) return Array.Empty<BacklogItem>();
        // The number first: its row lock queues concurrent creates, so the bottom read below sees the one before.
        var first = await NextNumbersAsync(product, items.Count, ct);
        var ranks = await RanksAsync(product, Spot.Bottom, items.Count, [], ct);
        var now = clock.GetUtcNow();
        var created = new List<BacklogItem>(items.Count);
        for (var n = 0; n < items.Count; n++)
        {
            var spec = items[n];
            var (number, rank) = (first + n, ranks[n]);
            if (Rules.Create(() => BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, number, spec.Type, spec.Title, spec.Description, rank, me.UserId, now))
                .Failed(out var error, out var item)) return error;
            db.BacklogItems.Add(item);
            Activity(item, spec.Activity);
            created.Add(item);
        }
        return created;
    }

    /// <summary>The first of <paramref name="count"/> item numbers of the product, in one statement; inside the saving transaction.</summary>
    private Task<int> NextNumbersAsync(Product product, int count, CancellationToken ct) =>
        numbers.NextAsync(product, Sequences.Items, count, HighestNumber(product), ct);

    /// <summary>The highest item number saved in the product: where its series starts, the first time it numbers.</summary>
    private Func<CancellationToken, Task<int?>> HighestNumber(Product product) =>
        c => db.BacklogItems.Where(i => i.ProductId == product.Id).MaxAsync(i => (int?)i.Number, c);

    /// <summary>
    /// Moves items (in the given order) to <paramref name="spot"/>, staging one activity line each; the caller
    /// authorises, logs and saves. May respread the product's ranks first, which joins the caller's transaction.
    /// </summary>
    public async Task PlaceAsync(Product product, IReadOnlyList<BacklogItem> items, Spot spot, string activity, CancellationToken ct)
    {
        var ranks = await RanksAsync(product, spot, items.Count, items.Select(i => i.Id).ToList(), ct);
        var now = clock.GetUtcNow();
        for (var n = 0; n < items.Count; n++)
        {
            items[n].MoveTo(ranks[n], now);
            Activity(items[n], activity);
        }
    }

    /// <summary>
    /// Ranks for <paramref name="count"/> items placed together at <paramref name="spot"/>, ascending, among the
    /// product's other items (those in <paramref name="moving"/> do not count as neighbours). When they do not
    /// fit short, the product is respread and they are placed again.
    /// </summary>
    private async Task<IReadOnlyList<string>> RanksAsync(Product product, Spot spot, int count, IReadOnlyList<Guid> moving, CancellationToken ct)
    {
        if (count == 0) return [];
        bool near = false, whole = false;
        while (true)
        {
            var (low, high) = await NeighboursAsync(product, spot, moving, respread: near || whole, ct);
            if (Fit(low, high, count) is { } ranks) return ranks;
            if (whole) throw new InvalidOperationException($"{count} items found no room {spot.Where} in {product.Key}, even after a respread.");
            // First the items around the spot (a hundred rows, then a thousand); the whole product only when they have no room.
            if (!near && count <= NearCount && (await RespreadNearAsync(product, spot, moving, NearWindow, ct) || await RespreadNearAsync(product, spot, moving, 8 * NearWindow, ct)))
            {
                near = true;
                continue;
            }
            await RespreadAsync(product, reserve: count, ct);
            whole = true;
        }
    }

    /// <summary>
    /// Items on each side of a spot that a local respread gives new ranks first (twice as many below the top or above the
    /// bottom); eight times as many when the ranks just outside them leave no short room.
    /// </summary>
    public const int NearWindow = 64;

    /// <summary>Placements of up to this many items try a local respread first; larger ones respread the product.</summary>
    private const int NearCount = 16;

    private sealed record Ranked(Guid Id, string Rank);

    /// <summary>
    /// Respreads the ranks of the <paramref name="window"/> items on each side of <paramref name="spot"/> (those in
    /// <paramref name="moving"/> do not count) between the ranks of the first items outside them, keeping the order;
    /// joins the caller's transaction. False, having written nothing, when those two ranks leave too little room
    /// (<see cref="Rank.SpreadBetween"/>). A move that finds no room, or neighbours that share a rank (two concurrent
    /// moves to the top may pick the same one), so rewrites about a hundred rows instead of the whole backlog (issue 12).
    /// </summary>
    private async Task<bool> RespreadNearAsync(Product product, Spot spot, IReadOnlyList<Guid> moving, int window, CancellationToken ct)
    {
        using var gate = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await LockRanksAsync(product.Id, ct);
        var others = db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && !moving.Contains(i.Id));
        // Each side closest first, with one more item than it rewrites: that one's rank bounds the spread.
        List<Ranked> below, above;
        int belowCount, aboveCount;
        if (spot.Target is null)
        {
            var top = spot.IsTop;
            var side = top
                ? await others.OrderBy(i => i.Rank).ThenBy(i => i.Id).Select(i => new Ranked(i.Id, i.Rank)).Take(2 * window + 1).ToListAsync(ct)
                : await others.OrderByDescending(i => i.Rank).ThenByDescending(i => i.Id).Select(i => new Ranked(i.Id, i.Rank)).Take(2 * window + 1).ToListAsync(ct);
            (below, belowCount, above, aboveCount) = top ? (new List<Ranked>(), 0, side, 2 * window) : (side, 2 * window, new List<Ranked>(), 0);
        }
        else
        {
            var targetId = spot.Target.Id;
            if (moving.Contains(targetId)) return false;
            // The target's rank as saved now: another respread may have moved it since the request read it.
            var target = await db.BacklogItems.AsNoTracking().Where(i => i.Id == targetId).Select(i => new Ranked(i.Id, i.Rank)).FirstAsync(ct);
            var rank = target.Rank;
            below = await Below(others, rank, targetId).Select(i => new Ranked(i.Id, i.Rank)).Take(window + 1).ToListAsync(ct);
            above = await Above(others, rank, targetId).Select(i => new Ranked(i.Id, i.Rank)).Take(window + 1).ToListAsync(ct);
            // The target belongs to the side of the spot it is on, so the spot lies inside the rewritten items.
            (spot.Before ? above : below).Insert(0, target);
            (belowCount, aboveCount) = spot.Before ? (window, window + 1) : (window + 1, window);
        }
        var low = below.Count > belowCount ? below[belowCount].Rank : null;
        var high = above.Count > aboveCount ? above[aboveCount].Rank : null;
        var rows = Enumerable.Reverse(below.Take(belowCount)).Concat(above.Take(aboveCount)).ToList();
        // PostgreSQL reads each side in its own statement: a move committed between the two can show one item on both.
        // Then nothing read here is certain, and the product is respread in one statement instead.
        if (rows.Count == 0 || rows.Select(r => r.Id).Distinct().Count() != rows.Count) return false;
        if (Rank.SpreadBetween(low, high, rows.Count) is not { } ranks) return false;
        await WriteRanksAsync(product, rows, ranks, ct);
        if (transaction is not null) await transaction.CommitWholeAsync();
        return true;
    }

    private async Task<(string? Low, string? High)> NeighboursAsync(Product product, Spot spot, IReadOnlyList<Guid> moving, bool respread, CancellationToken ct)
    {
        // A single move's neighbours came with the item (FindAtEndAsync, FindBesideAsync), unless a respread changed them
        // since: answered before any query is built (each LINQ expression below is a tree built on every call).
        if (!respread && spot.ReadFor is { } readFor && moving is [var only] && only == readFor)
        {
            if (spot.Target is not { } beside) return spot.IsTop ? (null, spot.Neighbour) : (spot.Neighbour, null);
            return spot.Before ? (spot.Neighbour, beside.Rank) : (beside.Rank, spot.Neighbour);
        }
        var others = db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && !moving.Contains(i.Id));
        if (spot.Target is null)
        {
            return spot.IsTop
                ? (null, await others.OrderBy(i => i.Rank).ThenBy(i => i.Id).Select(i => i.Rank).FirstOrDefaultAsync(ct))
                : (await others.OrderByDescending(i => i.Rank).ThenByDescending(i => i.Id).Select(i => i.Rank).FirstOrDefaultAsync(ct), null);
        }
        // After a respread, the target's rank as saved now.
        var target = spot.Target;
        var rank = respread ? await db.BacklogItems.AsNoTracking().Where(i => i.Id == target.Id).Select(i => i.Rank).FirstAsync(ct) : target.Rank;
        return spot.Before
            ? (await Below(others, rank, target.Id).Select(i => i.Rank).FirstOrDefaultAsync(ct), rank)
            : (rank, await Above(others, rank, target.Id).Select(i => i.Rank).FirstOrDefaultAsync(ct));
    }

    /// <summary>The items that sort before the item at (<paramref name="rank"/>, <paramref name="id"/>), nearest first.</summary>
    private static IQueryable<BacklogItem> Below(IQueryable<BacklogItem> items, string rank, Guid id) =>
        items.Where(i => string.Compare(i.Rank, rank) <= 0 && (string.Compare(i.Rank, rank) < 0 || (i.Rank == rank && i.Id.CompareTo(id) < 0)))
            .OrderByDescending(i => i.Rank).ThenByDescending(i => i.Id);

    /// <summary>The items that sort after the item at (<paramref name="rank"/>, <paramref name="id"/>), nearest first.</summary>
    private static IQueryable<BacklogItem> Above(IQueryable<BacklogItem> items, string rank, Guid id) =>
        items.Where(i => string.Compare(i.Rank, rank) >= 0 && (string.Compare(i.Rank, rank) > 0 || (i.Rank == rank && i.Id.CompareTo(id) > 0)))
            .OrderBy(i => i.Rank).ThenBy(i => i.Id);

    /// <summary>
    /// The spot just before (or after) the item keyed <paramref name="targetKey"/> for moving the item
    /// <paramref name="moving"/> there, read in one round trip with the rank on the target's other side; null when
    /// there is no such item in the workspace. The caller checks that the target is in its product. The neighbour's
    /// condition repeats its bound on the rank alone, so both engines seek the (product, rank, id) index to the
    /// target and step once, instead of walking it from one end until the OR holds (half the backlog on average).
    /// </summary>
    public async Task<Spot?> BesideAsync(string targetKey, bool before, Guid moving, CancellationToken ct)
    {
        var targets = db.BacklogItems.AsNoTracking().Where(i => i.Key == targetKey);
        var found = before
            ? await targets.Select(t => new
            {
                Target = t,
                Neighbour = db.BacklogItems.Where(o => o.ProductId == t.ProductId && o.Id != moving && string.Compare(o.Rank, t.Rank) <= 0 && (string.Compare(o.Rank, t.Rank) < 0 || (o.Rank == t.Rank && o.Id.CompareTo(t.Id) < 0)))
                    .OrderByDescending(o => o.Rank).ThenByDescending(o => o.Id).Select(o => o.Rank).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct)
            : await targets.Select(t => new
            {
                Target = t,
                Neighbour = db.BacklogItems.Where(o => o.ProductId == t.ProductId && o.Id != moving && string.Compare(o.Rank, t.Rank) >= 0 && (string.Compare(o.Rank, t.Rank) > 0 || (o.Rank == t.Rank && o.Id.CompareTo(t.Id) > 0)))
                    .OrderBy(o => o.Rank).ThenBy(o => o.Id).Select(o => o.Rank).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct);
        if (found is null) return null;
        var spot = before ? Spot.BeforeItem(found.Target) : Spot.AfterItem(found.Target);
        return spot with { Neighbour = found.Neighbour, ReadFor = moving };
    }

    /// <summary>
    /// <paramref name="count"/> ascending ranks strictly between the neighbours, each at most
    /// <see cref="Rank.ShortLength"/> long; null when they do not fit (no room at an end, ranks that would
    /// grow too long, or neighbours that share a rank) and the backlog needs a respread.
    /// </summary>
    /// <param name="endStep">
    /// At an open end, how many units the first rank lies past the end's rank; by default a random 1 to
    /// <see cref="EndSteps"/>, so that two moves to the top at the same moment, which read the same first rank,
    /// rarely save the same new one (a tie, which the next move between the two has to respread).
    /// </param>
    public static IReadOnlyList<string>? Fit(string? low, string? high, int count, int? endStep = null)
    {
        if (low is null && high is null) return Rank.Spread(count);
        if (low is not null && high is not null && string.CompareOrdinal(low, high) >= 0) return null;
        var ranks = new List<string>(count);
        var step = endStep ?? Random.Shared.Next(1, EndSteps + 1);
        if (high is null && low is not null)
        {
            var rank = low;
            for (var n = 0; n < count; n++)
            {
                if (Rank.After(rank, n == 0 ? step : 1) is not { } next) return null;
                ranks.Add(rank = next);
            }
        }
        else if (low is null && high is not null)
        {
            var rank = high;
            for (var n = 0; n < count; n++)
            {
                if (Rank.Before(rank, n == 0 ? step : 1) is not { } previous) return null;
                ranks.Add(rank = previous);
            }
            ranks.Reverse();
        }
        else if (low is not null && high is not null)
        {
            var rank = low;
            for (var n = 0; n < count; n++) ranks.Add(rank = Rank.Between(rank, high));
        }
        return ranks.Any(Rank.NeedsRebalance) ? null : ranks;
    }

    /// <summary>
    /// The most units a placement at an open end steps past the end's rank (<see cref="Fit"/>): concurrent moves to one
    /// end tie one time in this many instead of every time, and the end's room, at least 64 units per item after a
    /// spread (<see cref="Rank.Spread"/>), still lasts several times the backlog's size in moves to it.
    /// </summary>
    public const int EndSteps = 16;

    /// <summary>
    /// Respreads every rank of the product evenly, keeping the order, with room for <paramref name="reserve"/>
    /// more items at either end; joins the caller's transaction. The one write proportional to the backlog's
    /// size; it does not change the items' versions, since their order does not change.
    /// </summary>
    public async Task RespreadAsync(Product product, int reserve, CancellationToken ct)
    {
        using var gate = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await LockRanksAsync(product.Id, ct);
        var rows = await db.BacklogItems.Where(i => i.ProductId == product.Id).OrderBy(i => i.Rank).ThenBy(i => i.Id).Select(i => new Ranked(i.Id, i.Rank)).ToListAsync(ct);
        await WriteRanksAsync(product, rows, Rank.Spread(rows.Count, reserve), ct);
        if (transaction is not null) await transaction.CommitWholeAsync();
    }

    /// <summary>
    /// PostgreSQL: two moves that both find no room respread at once, and their chunked updates lock the same rows in
    /// different orders (a deadlock, 40P01, seen at 16 connections). One respread of a product at a time, until its
    /// commit; the next reads the ranks the first wrote. SQLite's writers already take turns (SqliteWriteGate).
    /// A transaction that locks an item's row before it may respread takes this lock first, so the two are always
    /// taken in one order.
    /// </summary>
    public async Task LockRanksAsync(Guid productId, CancellationToken ct)
    {
        if (!db.IsSqlite)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({productId.ToString()}, 0))", ct);
    }

    /// <summary>
    /// Gives the items <paramref name="rows"/> the ranks <paramref name="ranks"/> (same order), 500 rows per statement, and
    /// tells the caches. A row whose rank is no longer the one read (a move committed since) keeps the rank that move gave it
    /// rather than losing the move.
    /// </summary>
    private async Task WriteRanksAsync(Product product, List<Ranked> rows, IReadOnlyList<string> ranks, CancellationToken ct)
    {
        const int chunk = 500;
        for (var start = 0; start < rows.Count; start += chunk)
        {
            var count = Math.Min(chunk, rows.Count - start);
            var values = string.Join(", ", Enumerable.Range(0, count).Select(n => $"({{{3 * n}}}, {{{3 * n + 1}}}, {{{3 * n + 2}}})"));
            var parameters = Enumerable.Range(start, count).SelectMany(n => new object[] { rows[n].Id, rows[n].Rank, ranks[n] }).ToArray();
            // One statement per chunk; both engines name the columns of a VALUES list column1, column2, column3.
            await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(
                $"UPDATE backlog_items SET \"Rank\" = v.column3 FROM (VALUES {values}) AS v WHERE backlog_items.\"Id\" = v.column1 AND backlog_items.\"Rank\" = v.column2", parameters), ct);
        }
        // Tracked items take their new rank as saved, so a later SaveChanges neither writes nor compares the old one.
        var respread = rows.Select((row, n) => (row.Id, n)).ToDictionary(x => x.Id, x => ranks[x.n]);
        foreach (var entry in db.ChangeTracker.Entries<BacklogItem>())
        {
            var rank = entry.Property(i => i.Rank);
            if (rank.IsModified || !respread.TryGetValue(entry.Entity.Id, out var value)) continue;
            rank.CurrentValue = value;
            rank.OriginalValue = value;
        }
        db.BacklogChanged(product.Id, respread.Keys);
    }

    /// <summary>Takes back a new item that a later rule refused, with its activity, so nothing unsaved is left for a later save.</summary>
    public void Forget(BacklogItem item)
    {
        foreach (var line in db.ChangeTracker.Entries<ItemActivity>().Where(e => e.Entity.ItemId == item.Id).ToList()) line.State = EntityState.Detached;
        db.Entry(item).State = EntityState.Detached;
    }

    /// <summary>Adds a line to the item's history, saved with the change it describes.</summary>
    public void Activity(BacklogItem item, string text) => db.ItemActivity.Add(ItemActivity.Record(item, me.UserId, text, clock.GetUtcNow()));

    /// <summary>
    /// The whole item as the API and the item page show it. The Definition of Done takes the product's
    /// lines and one line per NFR linked to the item (not retired), met when its latest verification is.
    /// </summary>
    public async Task<BacklogItemDto> DetailAsync(BacklogItem item, Product product, CancellationToken ct)
    {
        // Its small collections and single-valued neighbours in one round trip (issue 12): criteria, links, comments,
        // history, labels, the product's Definition of Done, the NFRs linked to it and the item's own line, one
        // statement of UNION ALL.
        var lines = await LinesAsync(item, product, ct);
        var criteria = lines.Where(l => l.Part == CriterionLine).OrderBy(l => l.Seq)
            .Select(c => new CriterionDto(c.Id.GetValueOrDefault(), (int)c.Seq, c.A ?? "", c.B ?? "", c.C ?? "", c.X, c.Y)).ToList();
        // Both directions of links: the other end is the item that is not this one.
        var links = lines.Where(l => l.Part == LinkLine)
            .Select(l => new LinkDto(l.Id.GetValueOrDefault(), LinkName(Enum.Parse<LinkKind>(l.A!), l.X), l.B ?? "", l.C ?? "")).OrderBy(l => l.Kind).ThenBy(l => l.Item).ToList();
        // Names come with the rows that show them (a join), not in a lookup of their own; a removed account reads "someone".
        var comments = lines.Where(l => l.Part == CommentLine).OrderBy(l => l.At).ToList();
        var activity = lines.Where(l => l.Part == ActivityLine).OrderByDescending(l => l.Seq).ToList();
        var labels = lines.Where(l => l.Part == LabelLine).Select(l => l.A ?? "").ToList();
        var done = lines.Where(l => l.Part == DoneLine).OrderBy(l => l.Seq).Select(l => l.A ?? "").ToList();
        // The item's single-valued neighbours came with them: its epic's key, its assignee's name and whether it is
        // assessed. Epic and assignee are the item's as given (the caller's, saved or not), not the row's. The
        // assessment, with its spike and assessor, costs a round trip only for an item that has one.
        var single = lines.FirstOrDefault(l => l.Part == ItemLine);
        var assessed = single is { X: true }
            ? await db.TechnicalAssessments.AsNoTracking().Where(a => a.ItemId == item.Id).Select(a => new
            {
                Assessment = a,
                Spike = db.BacklogItems.Where(s => s.Id == a.SpikeId).Select(s => s.Key).FirstOrDefault(),
                AssessedBy = db.Users.Where(u => u.Id == a.AssessedById).Select(u => u.DisplayName).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct)
            : null;
        var assessment = assessed?.Assessment;
        var epic = item.EpicId is null ? null : single?.A;
        static PersonSummary Person(Guid id, string? name) => new(id, name ?? "someone");
        var nfrs = lines.Where(l => l.Part == NfrLine).OrderBy(l => l.Seq).Select(l =>
        {
            var result = l.C is { } latest ? Enum.Parse<NfrResult>(latest) : NfrResult.NotVerified;
            return new NfrDoneCheck(l.Id.GetValueOrDefault(), Nfr.CodeOf((int)l.Seq), Nfr.DoneLine((int)l.Seq, l.A ?? "", l.B ?? ""),
                result == NfrResult.Met, EnumText.Slug(result));
        }).ToList();
        return Compose(item, product, epic, item.AssigneeId is { } assignee && single?.B is { } assigneeName ? Person(assignee, assigneeName) : null,
            criteria, labels.Order(StringComparer.Ordinal).ToList(), links,
            comments.Select(c => new CommentDto(c.Id.GetValueOrDefault(), Person(c.Person.GetValueOrDefault(), c.B), c.A ?? "", Markdown.ToSafeHtml(c.A ?? ""), At(c.At))).ToList(),
            activity.Select(x => new ActivityDto(Person(x.Person.GetValueOrDefault(), x.B), x.A ?? "", At(x.At))).ToList(),
            assessment is null ? null : new AssessmentDto(EnumText.Slug(assessment.Feasibility), EnumText.Slug(assessment.Risk), assessment.RiskReason,
                EnumText.Slug(assessment.Confidence), assessment.ComponentList, assessment.Notes, Markdown.ToSafeHtml(assessment.Notes),
                Person(assessment.AssessedById, assessed?.AssessedBy), assessment.AssessedAt, assessed?.Spike),
            new DoneChecklistDto(done, nfrs));
    }

    /// <summary>
    /// The item's detail after a change to its own row and history only, from the detail it had before the change
    /// (the cached one the writer found current, <see cref="ItemDetailCache"/>): its fields as now, the lines
    /// <paramref name="added"/> (saved, so numbered) before the history it had, and everything else as it was. What
    /// <see cref="DetailAsync"/> would read, without reading it (issue 12: a write answers without rebuilding what it has).
    /// </summary>
    public BacklogItemDto DetailAfter(BacklogItem item, Product product, BacklogItemDto before, IReadOnlyList<ItemActivity> added)
    {
        // The writer's name as the history shows it elsewhere in this detail, else as the request knows it.
        string NameOf(Guid actor) =>
            before.Activity.FirstOrDefault(a => a.Actor.Id == actor)?.Actor.DisplayName
            ?? before.Comments.FirstOrDefault(c => c.Author.Id == actor)?.Author.DisplayName
            ?? (actor == me.UserId && me.DisplayName.Length > 0 ? me.DisplayName : "someone");
        var activity = added.OrderByDescending(a => a.Id).Select(a => new ActivityDto(new PersonSummary(a.ActorId, NameOf(a.ActorId)), a.Text, AsStored(a.At)))
            .Concat(before.Activity).Take(HistoryShown).ToList();
        return Compose(item, product, before.Epic, before.Assignee, before.AcceptanceCriteria, before.Labels, before.Links, before.Comments, activity,
            before.Assessment, before.DefinitionOfDone ?? new DoneChecklistDto([], []));
    }

    /// <summary>How many lines of an item's history its detail shows, newest first (the LIMIT of <see cref="LinesAsync"/>).</summary>
    internal const int HistoryShown = 50;

    // The detail from the item's row and its lines, however they were had.
    private BacklogItemDto Compose(BacklogItem item, Product product, string? epic, PersonSummary? assignee, IReadOnlyList<CriterionDto> criteria,
        IReadOnlyList<string> labels, IReadOnlyList<LinkDto> links, IReadOnlyList<CommentDto> comments, IReadOnlyList<ActivityDto> activity,
        AssessmentDto? assessment, DoneChecklistDto done)
    {
        return new BacklogItemDto(item.Key, product.Key, EnumText.Slug(item.Type), item.Title, item.Description, Markdown.ToSafeHtml(item.Description),
            EnumText.Slug(item.Status), item.Rank, epic, assignee, item.Estimate, item.BusinessValue, item.RejectionReason,
            new PrioritisationDto(item.BusinessValue, item.TimeCriticality, item.RiskReduction, item.Estimate, item.Reach, item.Impact,
                item.Confidence, item.Effort, item.MoSCoW is { } m ? EnumText.Slug(m) : null, item.Wsjf, item.Rice),
            ReadinessFrom(item, criteria.Count, assessment?.Feasibility ?? NotAssessed),
            criteria, labels, links, comments, activity, AsStored(item.CreatedAt), AsStored(item.UpdatedAt), item.Version, assessment, done);
    }

    private const int CriterionLine = 1, LinkLine = 2, CommentLine = 3, ActivityLine = 4, LabelLine = 5, DoneLine = 6, ItemLine = 7, NfrLine = 8;

    /// <summary>
    /// One line of an item's small collections as <see cref="LinesAsync"/> reads them: <see cref="Part"/> says which
    /// collection, the other columns mean what that part puts in them (see the statement).
    /// </summary>
    private sealed class DetailLine
    {
        public int Part { get; init; }
        public Guid? Id { get; init; }
        public Guid? Person { get; init; }
        public long Seq { get; init; }
        public string? A { get; init; }
        public string? B { get; init; }
        public string? C { get; init; }
        public bool X { get; init; }
        public bool Y { get; init; }
        public long At { get; init; }
    }

    /// <summary>
    /// An instant of the item as the database keeps it, so a write's answer (built from the entity it saved) is
    /// byte for byte what a later read gives: PostgreSQL's timestamptz holds microseconds, the clock ticks of 100 ns.
    /// </summary>
    private DateTimeOffset AsStored(DateTimeOffset at) => db.IsSqlite ? at : new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>An instant as <see cref="LinesAsync"/> reads it: UTC ticks on both engines.</summary>
    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    /// <summary>
    /// Criteria (A given, B when, C then, X met, Y verified, Seq position), links (A kind, B and C the other item's key
    /// and title, X outgoing), comments (the first 500 by time: A text, B author's name), history (the latest 50: Seq
    /// its id, A text, B actor's name), labels (A), the product's Definition of Done (A, Seq position), the NFRs linked to
    /// the item and not retired (Id, Seq number, A metric, B target, C latest result) and one line for
    /// the item itself (A its epic's key, B its assignee's name, X whether it has an assessment), in one statement. Instants come as UTC ticks: SQLite stores them so, PostgreSQL's timestamptz is turned into them.
    /// Every row is the item's (its id is unique), and the other end of a link is looked for in this workspace only.
    /// </summary>
    private async Task<List<DetailLine>> LinesAsync(BacklogItem item, Product product, CancellationToken ct)
    {
        // One command text per engine, built once and run through EF's relational command (its interceptors, diagnostics
        // and transaction), not through a query: an interpolated SqlQuery rebuilt its SQL and parameters on every call,
        // a fifth of what a PATCH allocated (issue 12, seventh pass).
        var factory = db.GetService<IRelationalCommandBuilderFactory>();
        // The look-up first: the callback captures this context, and would be allocated on every read otherwise.
        if (!LinesCommands.TryGetValue(factory, out var template))
            template = LinesCommands.GetValue(factory, f => LinesCommand(f, db.IsSqlite));
        var values = new Dictionary<string, object?>(8, StringComparer.Ordinal)
        {
            ["id"] = item.Id,
            ["workspace"] = product.WorkspaceId,
            ["product"] = product.Id,
            // No epic or assignee: an id no row has.
            ["epic"] = item.EpicId ?? Guid.Empty,
            ["assignee"] = item.AssigneeId ?? Guid.Empty,
            ["done"] = nameof(DefinitionKind.Done),
            ["toItem"] = nameof(NfrLinkKind.Item),
            ["retired"] = nameof(NfrStatus.Retired),
        };
        var lines = new List<DetailLine>();
        // A command (and the reader it keeps for reuse) serves one execution at a time: rented from this context's
        // connection and filled from the shared template, as EF's own queries do.
        var connection = db.GetService<IRelationalConnection>();
        var command = connection.RentCommand();
        command.PopulateFrom(template);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(new RelationalCommandParameterObject(connection, values, null, db,
                db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery), ct);
            var row = reader.DbDataReader;
            while (await row.ReadAsync(ct)) lines.Add(Line(row));
        }
        finally
        {
            connection.ReturnCommand(command);
        }
        return lines;
    }

    private static DetailLine Line(System.Data.Common.DbDataReader row) =>
        new()
        {
            Part = row.GetInt32(0),
            Id = row.IsDBNull(1) ? null : row.GetGuid(1),
            Person = row.IsDBNull(2) ? null : row.GetGuid(2),
            Seq = row.GetInt64(3),
            A = row.IsDBNull(4) ? null : row.GetString(4),
            B = row.IsDBNull(5) ? null : row.GetString(5),
            C = row.IsDBNull(6) ? null : row.GetString(6),
            X = row.GetBoolean(7),
            Y = row.GetBoolean(8),
            At = row.GetInt64(9),
        };

    /// <summary>The detail's command, per EF service provider (one per engine and configuration): its text and typed parameters never change.</summary>
    private static readonly ConditionalWeakTable<IRelationalCommandBuilderFactory, IRelationalCommandTemplate> LinesCommands = new();

    private IRelationalCommandTemplate LinesCommand(IRelationalCommandBuilderFactory factory, bool sqlite)
    {
        var builder = factory.Create().Append(sqlite ? SqliteLines : PostgresLines);
        var names = db.GetService<ISqlGenerationHelper>();
        var types = db.GetService<IRelationalTypeMappingSource>();
        foreach (var (name, type) in new[] { ("id", typeof(Guid)), ("workspace", typeof(Guid)), ("product", typeof(Guid)), ("epic", typeof(Guid)), ("assignee", typeof(Guid)),
                     ("done", typeof(string)), ("toItem", typeof(string)), ("retired", typeof(string)) })
            builder.AddParameter(name, names.GenerateParameterName(name), types.FindMapping(type)!, nullable: false);
        return builder.Build();
    }

    private const string SqliteLines = """
        SELECT 1 AS "Part", c."Id" AS "Id", NULL AS "Person", c."Position" AS "Seq", c."Given" AS "A", c."When" AS "B", c."Then" AS "C", c."IsMet" AS "X", c."IsVerified" AS "Y", 0 AS "At"
        FROM acceptance_criteria AS c WHERE c."ItemId" = @id
        UNION ALL
        SELECT 2, l."Id", NULL, 0, l."Kind", o."Key", o."Title", l."SourceId" = @id, 0, 0
        FROM item_links AS l INNER JOIN backlog_items AS o ON o."Id" = CASE WHEN l."SourceId" = @id THEN l."TargetId" ELSE l."SourceId" END
        WHERE (l."SourceId" = @id OR l."TargetId" = @id) AND o."WorkspaceId" = @workspace
        UNION ALL
        SELECT * FROM (SELECT 3, m."Id", m."AuthorId", 0, m."Text", u."DisplayName", NULL, 0, 0, m."At"
            FROM item_comments AS m LEFT JOIN "AspNetUsers" AS u ON u."Id" = m."AuthorId" WHERE m."ItemId" = @id ORDER BY m."At" LIMIT 500)
        UNION ALL
        SELECT * FROM (SELECT 4, NULL, a."ActorId", a."Id", a."Text", u."DisplayName", NULL, 0, 0, a."At"
            FROM item_activity AS a LEFT JOIN "AspNetUsers" AS u ON u."Id" = a."ActorId" WHERE a."ItemId" = @id ORDER BY a."Id" DESC LIMIT 50)
        UNION ALL
        SELECT 5, NULL, NULL, 0, b."Label", NULL, NULL, 0, 0, 0 FROM item_labels AS b WHERE b."ItemId" = @id
        UNION ALL
        SELECT 6, NULL, NULL, d."Position", d."Text", NULL, NULL, 0, 0, 0 FROM definition_entries AS d WHERE d."ProductId" = @product AND d."Kind" = @done
        UNION ALL
        SELECT 7, NULL, NULL, 0,
            (SELECT e."Key" FROM backlog_items AS e WHERE e."Id" = @epic AND e."WorkspaceId" = @workspace),
            (SELECT u."DisplayName" FROM "AspNetUsers" AS u WHERE u."Id" = @assignee),
            NULL, EXISTS (SELECT 1 FROM technical_assessments AS t WHERE t."ItemId" = @id), 0, 0
        FROM backlog_items AS i WHERE i."Id" = @id
        UNION ALL
        SELECT 8, n."Id", NULL, n."Number", n."Metric", n."Target", n."LatestResult", 0, 0, 0
        FROM nfr_links AS k INNER JOIN nfrs AS n ON n."Id" = k."NfrId"
        WHERE k."TargetId" = @id AND k."Kind" = @toItem AND n."Status" <> @retired AND n."WorkspaceId" = @workspace
        """;

    // PostgreSQL types every column of a UNION from all its parts, and a bare NULL in a derived table is text: cast them.
    private const string PostgresLines = """
        SELECT 1 AS "Part", c."Id" AS "Id", CAST(NULL AS uuid) AS "Person", CAST(c."Position" AS bigint) AS "Seq", c."Given" AS "A", c."When" AS "B", c."Then" AS "C", c."IsMet" AS "X", c."IsVerified" AS "Y", CAST(0 AS bigint) AS "At"
        FROM acceptance_criteria AS c WHERE c."ItemId" = @id
        UNION ALL
        SELECT 2, l."Id", CAST(NULL AS uuid), CAST(0 AS bigint), l."Kind", o."Key", o."Title", l."SourceId" = @id, FALSE, CAST(0 AS bigint)
        FROM item_links AS l INNER JOIN backlog_items AS o ON o."Id" = CASE WHEN l."SourceId" = @id THEN l."TargetId" ELSE l."SourceId" END
        WHERE (l."SourceId" = @id OR l."TargetId" = @id) AND o."WorkspaceId" = @workspace
        UNION ALL
        SELECT * FROM (SELECT 3, m."Id", m."AuthorId", CAST(0 AS bigint), m."Text", u."DisplayName", CAST(NULL AS text), FALSE, FALSE,
                CAST(EXTRACT(EPOCH FROM m."At") * 10000000 AS bigint) + 621355968000000000
            FROM item_comments AS m LEFT JOIN "AspNetUsers" AS u ON u."Id" = m."AuthorId" WHERE m."ItemId" = @id ORDER BY m."At" LIMIT 500) AS m
        UNION ALL
        SELECT * FROM (SELECT 4, CAST(NULL AS uuid), a."ActorId", a."Id", a."Text", u."DisplayName", CAST(NULL AS text), FALSE, FALSE,
                CAST(EXTRACT(EPOCH FROM a."At") * 10000000 AS bigint) + 621355968000000000
            FROM item_activity AS a LEFT JOIN "AspNetUsers" AS u ON u."Id" = a."ActorId" WHERE a."ItemId" = @id ORDER BY a."Id" DESC LIMIT 50) AS a
        UNION ALL
        SELECT 5, CAST(NULL AS uuid), CAST(NULL AS uuid), CAST(0 AS bigint), b."Label", CAST(NULL AS text), CAST(NULL AS text), FALSE, FALSE, CAST(0 AS bigint)
        FROM item_labels AS b WHERE b."ItemId" = @id
        UNION ALL
        SELECT 6, CAST(NULL AS uuid), CAST(NULL AS uuid), CAST(d."Position" AS bigint), d."Text", CAST(NULL AS text), CAST(NULL AS text), FALSE, FALSE, CAST(0 AS bigint)
        FROM definition_entries AS d WHERE d."ProductId" = @product AND d."Kind" = @done
        UNION ALL
        SELECT 7, CAST(NULL AS uuid), CAST(NULL AS uuid), CAST(0 AS bigint),
            (SELECT e."Key" FROM backlog_items AS e WHERE e."Id" = @epic AND e."WorkspaceId" = @workspace),
            (SELECT u."DisplayName" FROM "AspNetUsers" AS u WHERE u."Id" = @assignee),
            CAST(NULL AS text), EXISTS (SELECT 1 FROM technical_assessments AS t WHERE t."ItemId" = @id), FALSE, CAST(0 AS bigint)
        FROM backlog_items AS i WHERE i."Id" = @id
        UNION ALL
        SELECT 8, n."Id", CAST(NULL AS uuid), CAST(n."Number" AS bigint), n."Metric", n."Target", n."LatestResult", FALSE, FALSE, CAST(0 AS bigint)
        FROM nfr_links AS k INNER JOIN nfrs AS n ON n."Id" = k."NfrId"
        WHERE k."TargetId" = @id AND k."Kind" = @toItem AND n."Status" <> @retired AND n."WorkspaceId" = @workspace
        """;

    /// <summary>Feasibility is the Tech Lead's assessment: "not-assessed" until there is one.</summary>
    public static ReadinessDto ReadinessOf(BacklogItem item, int criteriaCount, TechnicalAssessment? assessment) =>
        ReadinessFrom(item, criteriaCount, assessment is null ? NotAssessed : EnumText.Slug(assessment.Feasibility));

    /// <summary>Readiness with the Tech Lead's feasibility as the detail shows it (a slug, or "not-assessed").</summary>
    private static ReadinessDto ReadinessFrom(BacklogItem item, int criteriaCount, string feasibility)
    {
        var r = Readiness.Of(item, criteriaCount, feasibility);
        return new ReadinessDto(r.Ready, r.ProductOwnerReady, r.StoryForm, r.HasCriteria, r.HasValue, r.TechLeadReady, r.HasEstimate, r.Feasibility);
    }

    private const string NotAssessed = "not-assessed";

    /// <summary>Turns items into list rows with two lookups for the whole page (epics, assignees) and one for labels, never one per row.</summary>
    public async Task<List<BacklogItemSummary>> SummariesAsync(IReadOnlyList<BacklogItem> items, CancellationToken ct)
    {
        var epicIds = items.Select(i => i.EpicId).OfType<Guid>().Distinct().ToList();
        // The epic's title comes in the same query as its key: the list shows names, with the key as the tooltip (ADR 29).
        var epics = epicIds.Count == 0 ? [] : await db.BacklogItems.AsNoTracking().Where(i => epicIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Key, i.Title }).ToDictionaryAsync(i => i.Id, ct);
        var peopleIds = items.Select(i => i.AssigneeId).OfType<Guid>().Distinct().ToList();
        var people = peopleIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => peopleIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var labels = (await db.ItemLabels.AsNoTracking().Where(l => itemIds.Contains(l.ItemId)).Select(l => new { l.ItemId, l.Label }).ToListAsync(ct))
            .ToLookup(l => l.ItemId, l => l.Label);
        return items.Select(i => new BacklogItemSummary(i.Key, EnumText.Slug(i.Type), i.Title, EnumText.Slug(i.Status), i.Rank,
            i.EpicId is { } e && epics.TryGetValue(e, out var ek) ? ek.Key : null,
            i.AssigneeId is { } a && people.TryGetValue(a, out var name) ? new PersonSummary(a, name) : null,
            i.Estimate, i.BusinessValue, i.MoSCoW is { } m ? EnumText.Slug(m) : null, i.Wsjf, i.Rice, labels[i.Id].Order(StringComparer.Ordinal).ToList(), i.Version, i.UpdatedAt,
            i.EpicId is { } et && epics.TryGetValue(et, out var epic) ? epic.Title : null)).ToList();
    }

    private static string LinkName(LinkKind kind, bool outgoing) => (kind, outgoing) switch
    {
        (LinkKind.Blocks, true) => "blocks",
        (LinkKind.Blocks, false) => "blocked-by",
        (LinkKind.Duplicates, true) => "duplicates",
        (LinkKind.Duplicates, false) => "duplicated-by",
        _ => "relates-to",
    };
}

/// <summary>
/// What follows from the Product Owner accepting an item (its linked feedback ships), in the same unit of
/// work as the acceptance: implemented by the features that care and registered in DI, so the backlog
/// raises the fact without knowing who handles it.
/// </summary>
public interface IItemAccepted
{
    Task OnAcceptedAsync(Product product, BacklogItem item, DateTimeOffset at, CancellationToken ct);
}
