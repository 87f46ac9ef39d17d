using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record LabelRequest(string? Label);

public sealed record LinkRequest(string? Kind, string? Target);

public sealed record ItemCommentRequest(string? Text);

/// <summary>Several items at once: move to top (the PO's), set epic or add a label (the team's).</summary>
public sealed record BulkRequest(string? Action, IReadOnlyList<string>? Keys, string? Epic, string? Label);

public sealed record BulkResult(string Action, IReadOnlyList<string> Items);

/// <summary>Labels, links, comments and bulk actions on backlog items.</summary>
public sealed class ItemDetailsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, BacklogFeature backlog, TimeProvider clock)
{
    public const int MaxBulk = 500;

    public async Task<Result<BacklogItemDto>> AddLabelAsync(string itemKey, LabelRequest request, CancellationToken ct)
    {
        var found = await backlog.FindItemAsync(itemKey, Operations.Backlog.EditItem, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        ItemLabel label;
        try
        {
            label = ItemLabel.On(item, request.Label ?? "");
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        if (!await db.ItemLabels.AnyAsync(l => l.ItemId == item.Id && l.Label == label.Label, ct))
        {
            db.ItemLabels.Add(label);
            backlog.Activity(item, $"added label {label.Label}");
            await db.SaveChangesAsync(ct);
        }
        return await backlog.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> RemoveLabelAsync(string itemKey, string labelText, CancellationToken ct)
    {
        var found = await backlog.FindItemAsync(itemKey, Operations.Backlog.EditItem, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        var normalized = ItemLabel.Normalize(labelText);
        var label = await db.ItemLabels.FirstOrDefaultAsync(l => l.ItemId == item.Id && l.Label == normalized, ct);
        if (label is null) return Error.NotFound($"{item.Key} has no label {normalized}.");
        db.ItemLabels.Remove(label);
        backlog.Activity(item, $"removed label {label.Label}");
        await db.SaveChangesAsync(ct);
        return await backlog.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> LinkAsync(string itemKey, LinkRequest request, CancellationToken ct)
    {
        LinkKind kind;
        var reversed = false;
        switch (request.Kind?.Trim().ToLowerInvariant())
        {
            case "blocks": kind = LinkKind.Blocks; break;
            case "blocked-by": kind = LinkKind.Blocks; reversed = true; break;
            case "relates-to": kind = LinkKind.RelatesTo; break;
            case "duplicates": kind = LinkKind.Duplicates; break;
            case "duplicated-by": kind = LinkKind.Duplicates; reversed = true; break;
            default: return Error.Invalid("kind", "kind is blocks, blocked-by, relates-to, duplicates or duplicated-by.");
        }
        var found = await backlog.FindItemAsync(itemKey, Operations.Backlog.EditItem, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        var targetKey = request.Target?.Trim().ToUpperInvariant();
        var target = targetKey is null ? null : await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == targetKey, ct);
        if (target is null) return Error.Invalid("target", $"There is no item {request.Target}.");
        var (source, destination) = reversed ? (target, item) : (item, target);
        ItemLink link;
        try
        {
            link = ItemLink.Between(source, destination, kind, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        if (await db.ItemLinks.AnyAsync(l => l.SourceId == source.Id && l.TargetId == destination.Id && l.Kind == kind, ct))
            return Error.Conflict($"{item.Key} is already linked that way to {target.Key}.");
        if (kind == LinkKind.Blocks && await db.ItemLinks.AnyAsync(l => l.SourceId == destination.Id && l.TargetId == source.Id && l.Kind == LinkKind.Blocks, ct))
            return Error.Invalid("kind", $"{destination.Key} already blocks {source.Key}; two items cannot block each other.");
        db.ItemLinks.Add(link);
        backlog.Activity(item, $"linked it: {request.Kind!.Trim().ToLowerInvariant()} {target.Key}");
        await db.SaveChangesAsync(ct);
        return await backlog.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> UnlinkAsync(string itemKey, Guid linkId, CancellationToken ct)
    {
        var found = await backlog.FindItemAsync(itemKey, Operations.Backlog.EditItem, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        var link = await db.ItemLinks.FirstOrDefaultAsync(l => l.Id == linkId && (l.SourceId == item.Id || l.TargetId == item.Id), ct);
        if (link is null) return Error.NotFound($"{item.Key} has no such link.");
        db.ItemLinks.Remove(link);
        backlog.Activity(item, "removed a link");
        await db.SaveChangesAsync(ct);
        return await backlog.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> CommentAsync(string itemKey, ItemCommentRequest request, CancellationToken ct)
    {
        var found = await backlog.FindItemAsync(itemKey, Operations.Backlog.EditItem, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        try
        {
            db.ItemComments.Add(ItemComment.Write(item, me.UserId, request.Text, clock.GetUtcNow()));
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        await db.SaveChangesAsync(ct);
        return await backlog.DetailAsync(item, product, ct);
    }

    public async Task<Result<BulkResult>> BulkAsync(string productKey, BulkRequest request, CancellationToken ct)
    {
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is not ("move-to-top" or "set-epic" or "add-label"))
            return Error.Invalid("action", "action is move-to-top, set-epic or add-label.");
        var keys = request.Keys?.Select(k => k.Trim().ToUpperInvariant()).Distinct().ToList() ?? [];
        if (keys.Count == 0) return Error.Invalid("keys", "Choose at least one item.");
        if (keys.Count > MaxBulk) return Error.Invalid("keys", $"Bulk actions take at most {MaxBulk} items.");

        var found = await rights.ProductForAsync(productKey, action == "move-to-top" ? Operations.Backlog.Reorder : Operations.Backlog.EditItem, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;

        var items = await db.BacklogItems.Where(i => i.ProductId == product.Id && keys.Contains(i.Key)).ToListAsync(ct);
        var missing = keys.Except(items.Select(i => i.Key)).ToList();
        if (missing.Count > 0) return Error.Invalid("keys", $"{product.Key} has no item {string.Join(", ", missing)}.");
        var now = clock.GetUtcNow();
        try
        {
            switch (action)
            {
                case "move-to-top":
                {
                    // Keep the chosen items' order among themselves, above everything else: one row each.
                    var ordered = items.OrderBy(i => i.Rank, StringComparer.Ordinal).ThenBy(i => i.Id).ToList();
                    var ids = ordered.Select(i => i.Id).ToList();
                    var top = await db.BacklogItems.Where(i => i.ProductId == product.Id && !ids.Contains(i.Id)).OrderBy(i => i.Rank).Select(i => i.Rank).FirstOrDefaultAsync(ct);
                    var high = top;
                    for (var i = ordered.Count - 1; i >= 0; i--)
                    {
                        var rank = Rank.Between(null, high);
                        ordered[i].MoveTo(rank, now);
                        backlog.Activity(ordered[i], "moved it to the top (with others)");
                        high = rank;
                    }
                    await rights.RecordAsync(product, Operations.Backlog.Reorder, $"Moved {items.Count} items to the top: {string.Join(", ", ordered.Take(10).Select(i => i.Key))}{(items.Count > 10 ? " …" : "")}", null, "backlog", product.Key, ct);
                    break;
                }
                case "set-epic":
                {
                    BacklogItem? epic = null;
                    if (!string.IsNullOrWhiteSpace(request.Epic))
                    {
                        var epicKey = request.Epic.Trim().ToUpperInvariant();
                        epic = await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == epicKey && i.ProductId == product.Id, ct);
                        if (epic is null || epic.Type != ItemType.Epic) return Error.Invalid("epic", $"{product.Key} has no epic {request.Epic}.");
                    }
                    foreach (var item in items)
                    {
                        item.PlaceIn(epic?.Id, now);
                        backlog.Activity(item, epic is null ? "took it out of its epic" : $"put it in {epic.Key}");
                    }
                    break;
                }
                default:
                {
                    var label = ItemLabel.Normalize(request.Label);
                    var ids = items.Select(i => i.Id).ToList();
                    var already = await db.ItemLabels.Where(l => ids.Contains(l.ItemId) && l.Label == label).Select(l => l.ItemId).ToListAsync(ct);
                    foreach (var item in items.Where(i => !already.Contains(i.Id)))
                    {
                        db.ItemLabels.Add(ItemLabel.On(item, label));
                        backlog.Activity(item, $"added label {label}");
                    }
                    break;
                }
            }
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale("Some of these items changed while you were working; nothing was applied. Reload and try again.");
        }
        return new BulkResult(action, items.OrderBy(i => i.Rank, StringComparer.Ordinal).Select(i => i.Key).ToList());
    }
}
