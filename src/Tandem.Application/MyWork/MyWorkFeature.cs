using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Home;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.MyWork;

/// <summary>One item in a list of "My work": enough to name it and link to it.</summary>
public sealed record WorkItem(string Key, string ProductKey, string Type, string Title, string Status);

/// <summary>The first items of a list and how many there are in all.</summary>
public sealed record WorkList(int Total, IReadOnlyList<WorkItem> Items);

/// <summary>What waits for the person's decision on one product.</summary>
public sealed record ProductAwaiting(string ProductKey, string ProductName, IReadOnlyList<Awaiting> Awaiting);

/// <summary>
/// A person's work across products: what is assigned to them (open), what waits for their decision (the decision
/// rights say which: the home's queues, product by product), and what they follow. <see cref="ProductsTotal"/> is
/// how many products they have a role on; only the first <see cref="MyWorkFeature.ProductsChecked"/> are asked.
/// </summary>
public sealed record MyWorkData(WorkList Assigned, IReadOnlyList<ProductAwaiting> Awaiting, WorkList Following, int ProductsTotal);

/// <summary>Whether the signed-in person follows an item.</summary>
public sealed record FollowDto(string ItemKey, bool Following);

/// <summary>"My work" for the signed-in person, and following items. Every list is capped and counted.</summary>
public sealed class MyWorkFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, HomeFeature home, Items items, TimeProvider clock)
{
    /// <summary>How many items a list shows; its total says how many there are.</summary>
    public const int ItemsShown = 50;

    /// <summary>How many products are asked what waits (each costs the home's queries), in key order.</summary>
    public const int ProductsChecked = 12;

    public async Task<Result<MyWorkData>> GetAsync(CancellationToken ct)
    {
        var mine = db.RoleAssignments.AsNoTracking().Where(r => r.UserId == me.UserId).Select(r => r.ProductId);
        var products = await db.Products.AsNoTracking().Where(p => mine.Contains(p.Id)).OrderBy(p => p.Key).Take(ProductsChecked).ToListAsync(ct);
        var productsTotal = await db.Products.CountAsync(p => mine.Contains(p.Id), ct);

        var awaiting = new List<ProductAwaiting>();
        foreach (var product in products)
        {
            var queue = await home.AwaitingOnAsync(product, await rights.ActorOnAsync(product, ct), ct);
            if (queue.Count > 0) awaiting.Add(new ProductAwaiting(product.Key, product.Name, queue));
        }

        var assigned = db.BacklogItems.AsNoTracking().Where(i => i.AssigneeId == me.UserId).Where(ItemStatuses.OpenItem);
        var followed = db.BacklogItems.AsNoTracking().Where(i => db.ItemFollows.Any(f => f.UserId == me.UserId && f.ItemId == i.Id));
        return new MyWorkData(
            await ListAsync(assigned.OrderByDescending(i => i.UpdatedAt).ThenBy(i => i.Key), assigned, ct),
            awaiting,
            await ListAsync(followed.OrderByDescending(i => i.UpdatedAt).ThenBy(i => i.Key), followed, ct),
            productsTotal);
    }

    public async Task<Result<FollowDto>> IsFollowingAsync(string itemKey, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var id = found.Entity.Id;
        return new FollowDto(found.Entity.Key, await db.ItemFollows.AnyAsync(f => f.UserId == me.UserId && f.ItemId == id, ct));
    }

    /// <summary>Follows the item; following it again changes nothing (PUT is idempotent).</summary>
    public async Task<Result<FollowDto>> FollowAsync(string itemKey, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var item = found.Entity;
        if (!await db.ItemFollows.AnyAsync(f => f.UserId == me.UserId && f.ItemId == item.Id, ct))
        {
            db.ItemFollows.Add(ItemFollow.Start(item, me.UserId, clock.GetUtcNow()));
            // Two clicks at once: the unique (person, item) index lets one in; the other learns it is followed already.
            if (await db.SaveOrConflictAsync($"You follow {item.Key} already.", ct) is { } conflict) return conflict;
        }
        return new FollowDto(item.Key, true);
    }

    /// <summary>Stops following the item; not following it is not an error.</summary>
    public async Task<Result<FollowDto>> UnfollowAsync(string itemKey, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var id = found.Entity.Id;
        await db.ItemFollows.Where(f => f.UserId == me.UserId && f.ItemId == id).ExecuteDeleteAsync(ct);
        return new FollowDto(found.Entity.Key, false);
    }

    private static async Task<WorkList> ListAsync(IQueryable<BacklogItem> ordered, IQueryable<BacklogItem> all, CancellationToken ct)
    {
        var rows = await ordered.Take(ItemsShown).Select(i => new { i.Key, i.Type, i.Title, i.Status }).ToListAsync(ct);
        var total = rows.Count < ItemsShown ? rows.Count : await all.CountAsync(ct);
        return new WorkList(total, rows.Select(r => new WorkItem(r.Key, r.Key[..r.Key.LastIndexOf('-')], EnumText.Slug(r.Type), r.Title, EnumText.Slug(r.Status))).ToList());
    }
}
