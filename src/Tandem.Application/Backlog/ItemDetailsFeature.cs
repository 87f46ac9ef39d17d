using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record LabelRequest(string? Label);

public sealed record LinkRequest(string? Kind, string? Target);

public sealed record ItemCommentRequest(string? Text);

/// <summary>Several items at once: move to top (the PO's), set epic or add a label (the team's).</summary>
public sealed record BulkRequest(string? Action, IReadOnlyList<string>? Keys, string? Epic, string? Label);

public sealed record BulkResult(string Action, IReadOnlyList<string> Items);

/// <summary>Labels, links, comments and bulk actions on backlog items.</summary>
public sealed class ItemDetailsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, Items items, TimeProvider clock)
{
    public const int MaxBulk = 500;

    public async Task<Result<BacklogItemDto>> AddLabelAsync(string itemKey, LabelRequest request, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Backlog.EditItem, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        if (Rules.Create(() => ItemLabel.On(item, request.Label ?? "")).Failed(out var invalid, out var label)) return invalid;
        if (!await db.ItemLabels.AnyAsync(l => l.ItemId == item.Id && l.Label == label.Label, ct))
        {
            db.ItemLabels.Add(label);
            items.Activity(item, $"added label {label.Label}");
            await db.SaveChangesAsync(ct);
        }
        return await items.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> RemoveLabelAsync(string itemKey, string labelText, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Backlog.EditItem, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        var normalized = ItemLabel.Normalize(labelText);
        var label = await db.ItemLabels.FirstOrDefaultAsync(l => l.ItemId == item.Id && l.Label == normalized, ct);
        if (label is null) return Error.NotFound($"{item.Key} has no label {normalized}.");
        db.ItemLabels.Remove(label);
        items.Activity(item, $"removed label {label.Label}");
        await db.SaveChangesAsync(ct);
        return await items.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> LinkAsync(string itemKey, LinkRequest request, CancellationToken ct)
    {
        var name = request.Kind?.Trim().ToLowerInvariant();
        (LinkKind Kind, bool Reversed)? parsed = name switch
        {
            "blocks" => (LinkKind.Blocks, false),
            "blocked-by" => (LinkKind.Blocks, true),
            "relates-to" => (LinkKind.RelatesTo, false),
            "duplicates" => (LinkKind.Duplicates, false),
            "duplicated-by" => (LinkKind.Duplicates, true),
            _ => null,
        };
        if (parsed is not { } chosen) return Error.Invalid("kind", "kind is blocks, blocked-by, relates-to, duplicates or duplicated-by.");
        var (kind, reversed) = chosen;
        if ((await items.FindAsync(itemKey, Operations.Backlog.EditItem, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        var targetKey = Items.KeyOf(request.Target);
        var target = await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == targetKey, ct);
        if (target is null) return Error.Invalid("target", $"There is no item {request.Target}.");
        var (source, destination) = reversed ? (target, item) : (item, target);
        if (Rules.Create(() => ItemLink.Between(source, destination, kind, clock.GetUtcNow())).Failed(out var invalid, out var link)) return invalid;
        if (await db.ItemLinks.AnyAsync(l => l.SourceId == source.Id && l.TargetId == destination.Id && l.Kind == kind, ct))
            return Error.Conflict($"{item.Key} is already linked that way to {target.Key}.");
        if (kind == LinkKind.Blocks && await db.ItemLinks.AnyAsync(l => l.SourceId == destination.Id && l.TargetId == source.Id && l.Kind == LinkKind.Blocks, ct))
            return Error.Invalid("kind", $"{destination.Key} already blocks {source.Key}; two items cannot block each other.");
        db.ItemLinks.Add(link);
        items.Activity(item, $"linked it: {name} {target.Key}");
        await db.SaveChangesAsync(ct);
        return await items.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> UnlinkAsync(string itemKey, Guid linkId, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Backlog.EditItem, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        var link = await db.ItemLinks.FirstOrDefaultAsync(l => l.Id == linkId && (l.SourceId == item.Id || l.TargetId == item.Id), ct);
        if (link is null) return Error.NotFound($"{item.Key} has no such link.");
        db.ItemLinks.Remove(link);
        items.Activity(item, "removed a link");
        await db.SaveChangesAsync(ct);
        return await items.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> CommentAsync(string itemKey, ItemCommentRequest request, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Backlog.EditItem, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        if (Rules.Create(() => ItemComment.Write(item, me.UserId, request.Text, clock.GetUtcNow())).Failed(out var invalid, out var comment)) return invalid;
        db.ItemComments.Add(comment);
        await db.SaveChangesAsync(ct);
        return await items.DetailAsync(item, product, ct);
    }

    /// <summary>
    /// One action on several items: editing them is the team's (EditItem, checked for every action); moving
    /// them to the top is also a reorder, the Product Owner's decision, logged once for the whole move.
    /// </summary>
    public async Task<Result<BulkResult>> BulkAsync(string productKey, BulkRequest request, CancellationToken ct)
    {
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is not ("move-to-top" or "set-epic" or "add-label"))
            return Error.Invalid("action", "action is move-to-top, set-epic or add-label.");
        if (KeysOf(request.Keys, MaxBulk, "Choose at least one item.", $"Bulk actions take at most {MaxBulk} items.").Failed(out var badKeys, out var keys)) return badKeys;

        if ((await rights.ProductForAsync(productKey, Operations.Backlog.EditItem, ct)).Failed(out var error, out var product)) return error;
        if (action == "move-to-top" && await rights.AuthorizeAsync(product, Operations.Backlog.Reorder, ct) is { } notYours) return notYours;

        var chosen = await db.BacklogItems.Where(i => i.ProductId == product.Id && keys.Contains(i.Key)).ToListAsync(ct);
        var missing = keys.Except(chosen.Select(i => i.Key)).ToList();
        if (missing.Count > 0) return Error.Invalid("keys", $"{product.Key} has no item {string.Join(", ", missing)}.");
        var now = clock.GetUtcNow();
        return await items.InTransactionAsync<BulkResult>(async () =>
        {
            switch (action)
            {
                case "move-to-top":
                {
                    // Keep the chosen items' order among themselves, above everything else: one row each.
                    var ordered = chosen.OrderBy(i => i.Rank, StringComparer.Ordinal).ThenBy(i => i.Id).ToList();
                    await items.PlaceAsync(product, ordered, Spot.Top, "moved it to the top (with others)", ct);
                    if (await rights.DecideAsync(product, Operations.Backlog.Reorder, new DecisionRecord(
                            $"Moved {chosen.Count} items to the top: {string.Join(", ", ordered.Take(10).Select(i => i.Key))}{(chosen.Count > 10 ? " …" : "")}",
                            "backlog", product.Key), ct) is { } refused)
                        return refused;
                    break;
                }
                case "set-epic":
                {
                    BacklogItem? epic = null;
                    if (!string.IsNullOrWhiteSpace(request.Epic))
                    {
                        var epicKey = Items.KeyOf(request.Epic);
                        epic = await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == epicKey && i.ProductId == product.Id, ct);
                        if (epic is null || epic.Type != ItemType.Epic) return Error.Invalid("epic", $"{product.Key} has no epic {request.Epic}.");
                    }
                    if (Rules.Apply(() =>
                        {
                            foreach (var item in chosen) item.PlaceIn(epic?.Id, now);
                        }) is { } invalid)
                        return invalid;
                    foreach (var item in chosen) items.Activity(item, epic is null ? "took it out of its epic" : $"put it in {epic.Key}");
                    break;
                }
                default:
                {
                    if (Rules.Create(() => ItemLabel.Normalize(request.Label)).Failed(out var invalid, out var label)) return invalid;
                    var ids = chosen.Select(i => i.Id).ToList();
                    var already = await db.ItemLabels.Where(l => ids.Contains(l.ItemId) && l.Label == label).Select(l => l.ItemId).ToListAsync(ct);
                    foreach (var item in chosen.Where(i => !already.Contains(i.Id)))
                    {
                        if (Rules.Create(() => ItemLabel.On(item, label)).Failed(out var refusedLabel, out var added)) return refusedLabel;
                        db.ItemLabels.Add(added);
                        items.Activity(item, $"added label {label}");
                    }
                    break;
                }
            }
            if (await db.SaveOrStaleAsync($"One of these {chosen.Count} items", ct) is { } stale) return stale;
            return new BulkResult(action, chosen.OrderBy(i => i.Rank, StringComparer.Ordinal).Select(i => i.Key).ToList());
        }, ct);
    }

    /// <summary>
    /// The keys a bulk request names, canonical and distinct; a missing or empty key is a 400 on "keys", never
    /// a crash (issue 13: <c>{"keys":[null]}</c>).
    /// </summary>
    internal static Result<List<string>> KeysOf(IReadOnlyList<string?>? keys, int max, string none, string tooMany)
    {
        if (keys is null || keys.Count == 0) return Error.Invalid("keys", none);
        if (keys.Any(string.IsNullOrWhiteSpace)) return Error.Invalid("keys", "Every entry of keys is an item key such as PAY-12; one is empty or null.");
        var distinct = keys.Select(Items.KeyOf).Distinct().ToList();
        if (distinct.Count > max) return Error.Invalid("keys", tooMany);
        return distinct;
    }
}
