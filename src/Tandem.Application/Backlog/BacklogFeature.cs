using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;

namespace Tandem.Application.Backlog;



/// <summary>
/// A backlog query. <paramref name="Done"/> is "show" (the default: every item) or "hide" (done and accepted items left
/// out, what the backlog page asks for unless told otherwise); a status filter wins over it.
/// </summary>
public sealed record BacklogQuery(int? Limit, string? Cursor, string? Type, string? Status, string? Epic, Guid? Assignee, string? Q, string? Label = null, string? Needs = null, string? Done = null);

public sealed record CreateItemRequest(string? Type, string? Title, string? Description, string? Epic, Guid? Assignee, int? BusinessValue);

/// <summary>A partial update: only the fields present change.</summary>
public sealed record PatchItemRequest(string? Type, string? Title, string? Description, string? Status, string? Epic, Guid? Assignee, bool? Unassign, int? BusinessValue);

public sealed record MoveItemRequest(string? Position, string? Before, string? After);

public sealed record AcceptanceRequest(string? Decision, string? Reason);

/// <summary>The product backlog: items, their ranked order, edits, moves and the PO's acceptance.</summary>
public sealed class BacklogFeature(
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, ChangeVersions versions, BacklogPageCache pages,
    Items items, IEnumerable<IItemAccepted> accepted, ItemDetailCache details, IOptions<JsonOptions> api)
{
    /// <summary>How often a change sent without If-Match is tried again when it meets a concurrent change.</summary>
    private const int Attempts = 3;

    public async Task<Result<Page<BacklogItemSummary>>> ListAsync(string productKey, BacklogQuery query, CancellationToken ct)
    {
        if (Normalize(query).Failed(out var invalid, out var filter)) return invalid;
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;
        return await PageAsync(product, filter, ct);
    }

    /// <summary>
    /// The same page as <see cref="ListAsync"/>, serialised to UTF-8 JSON with <paramref name="json"/> and
    /// kept in <see cref="BacklogPageCache"/> under the product's backlog version, which every committed
    /// write to its items or labels moves (ADR 0009). Authorization is checked on every call.
    /// </summary>
    public async Task<Result<BacklogPageJson>> ListJsonAsync(string productKey, BacklogQuery query, JsonSerializerOptions json, CancellationToken ct)
    {
        if (Normalize(query).Failed(out var invalid, out var filter)) return invalid;
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;

        // Versions are read before the query: a write committed meanwhile moves them, and this entry is never found.
        var key = new BacklogPageKey(product.WorkspaceId, product.Id, versions.Backlog(product.Id), versions.People, filter);
        var tag = pages.Enabled ? $"W/\"{versions.Epoch}.{key.Version}.{key.People}\"" : null;
        if (pages.TryGet(key, out var cached)) return new BacklogPageJson(cached, tag);

        if ((await PageAsync(product, filter, ct)).Failed(out var refused, out var page)) return refused;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(page, json);
        pages.Set(key, bytes);
        return new BacklogPageJson(bytes, tag);
    }

    /// <summary>Validates the query and puts it in one canonical form, which is also the page cache's key.</summary>
    private static Result<BacklogFilter> Normalize(BacklogQuery query)
    {
        var validation = new Validation();
        if (Paging.ValidateLimit(query.Limit) is not null) validation.Add("limit", $"limit must be between 1 and {Paging.MaxLimit}.");
        var type = EnumText.Optional<ItemType>(query.Type, "type", validation);
        var status = EnumText.Optional<ItemStatus>(query.Status, "status", validation);
        var needs = EnumText.Optional<BacklogNeed>(query.Needs, "needs", validation);
        var done = string.IsNullOrWhiteSpace(query.Done) ? "show" : query.Done.Trim().ToLowerInvariant();
        if (done is not ("show" or "hide")) validation.Add("done", "done is \"show\" or \"hide\".");
        if (query.Cursor is not null && !(Paging.TryDecode(query.Cursor, out var raw) && raw.Split('\n') is [_, var id] && Guid.TryParse(id, out _)))
            validation.Add("cursor", "The cursor is not one this list handed out; start again without it.");
        if (validation.Result is { } invalid) return invalid;
        return new BacklogFilter(
            query.Limit ?? Paging.DefaultLimit, query.Cursor, type, status,
            string.IsNullOrWhiteSpace(query.Epic) ? null : query.Epic.Trim().ToUpperInvariant(),
            query.Assignee,
            string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim().ToUpperInvariant(),
            string.IsNullOrWhiteSpace(query.Label) ? null : ItemLabel.Normalize(query.Label),
            needs,
            HideDone: done == "hide" && status is null);
    }

    private async Task<Result<Page<BacklogItemSummary>>> PageAsync(ProductRef product, BacklogFilter filter, CancellationToken ct)
    {
        var rows = db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id);
        if (filter.Type is { } t) rows = rows.Where(i => i.Type == t);
        if (filter.Status is { } s) rows = rows.Where(i => i.Status == s);
        if (filter.HideDone) rows = rows.Where(i => i.Status != ItemStatus.Done && i.Status != ItemStatus.Accepted);
        if (filter.Epic is { } epicKey)
        {
            var epicId = await db.BacklogItems.Where(i => i.Key == epicKey && i.ProductId == product.Id).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
            if (epicId is null) return Error.Invalid("epic", $"{product.Key} has no epic {epicKey}.");
            rows = rows.Where(i => i.EpicId == epicId);
        }
        if (filter.Assignee is { } assignee) rows = rows.Where(i => i.AssigneeId == assignee);
        if (filter.Label is { } label) rows = rows.Where(i => db.ItemLabels.Any(l => l.ItemId == i.Id && l.Label == label));
        if (filter.Needs is { } need)
        {
            rows = rows.Where(i => i.Type != ItemType.Epic).Where(ItemStatuses.OpenItem);
            rows = need == BacklogNeed.Estimate
                ? rows.Where(i => i.Estimate == null)
                : rows.Where(i => !db.TechnicalAssessments.Any(a => a.ItemId == i.Id));
        }
        if (filter.Q is { } term) rows = rows.Where(i => i.Title.ToUpper().Contains(term) || i.Key == term);
        if (filter.Cursor is not null && Paging.TryDecode(filter.Cursor, out var raw) && raw.Split('\n') is [var rank, var id])
        {
            var after = Guid.Parse(id);
            // The plain lower bound lets the engine seek the (product, rank, id) index instead of walking it from its start.
            rows = rows.Where(i => string.Compare(i.Rank, rank) >= 0 && (string.Compare(i.Rank, rank) > 0 || (i.Rank == rank && i.Id.CompareTo(after) > 0)));
        }

        var take = filter.Limit;
        var found = await rows.OrderBy(i => i.Rank).ThenBy(i => i.Id).Take(take + 1).ToListAsync(ct);
        var page = found.Take(take).ToList();
        var summaries = await items.SummariesAsync(page, ct);
        var next = found.Count > take ? Paging.Encode($"{page[^1].Rank}\n{page[^1].Id}") : null;
        return new Page<BacklogItemSummary>(summaries, next);
    }

    public async Task<Result<BacklogItemDto>> GetAsync(string itemKey, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await items.DetailAsync(found.Entity, found.Product, ct);
    }

    /// <summary>
    /// The item as <see cref="GetAsync"/> builds it, serialised to UTF-8 JSON with <paramref name="json"/> and kept in
    /// <see cref="ItemDetailCache"/> under the versions every committed write to what it shows moves (ADR 0025).
    /// Authorization is decided on every call, with the same answer as an uncached read. When
    /// <paramref name="clientHas"/> says the client holds the current tag (If-None-Match), the detail is not built.
    /// </summary>
    public async Task<Result<ItemDetailJson>> GetJsonAsync(string itemKey, Func<string, bool> clientHas, JsonSerializerOptions json, CancellationToken ct)
    {
        var key = Items.KeyOf(itemKey);
        // Read before any query: a write committed meanwhile moves them, so what is read now is never served under them.
        var clock = versions.DetailsClock;
        var workspace = versions.ItemDetailsInWorkspace(me.WorkspaceId);
        var people = versions.People;
        if (details.TryGet(me.WorkspaceId, key, out var entry)
            && entry.Stamp == new ItemDetailStamp(workspace, versions.ItemDetails(entry.ProductId), people, versions.ItemDetail(entry.ItemId)))
        {
            // The rights cache decides, and a refusal takes the ordinary path for its message; a product gone since is a miss.
            var allowed = await rights.ProductRefForAsync(entry.ProductKey, Operations.Products.Read, ct);
            if (allowed.Failed(out var refused, out var product))
            {
                if (refused.Kind != ErrorKind.NotFound) return refused;
            }
            else if (product.Id == entry.ProductId)
            {
                var tag = ItemDetailCache.TagOf(versions.Epoch, entry.Version, entry.Stamp);
                TandemMetrics.Hit(TandemMetrics.ItemDetailCache);
                return clientHas(tag) ? new ItemDetailJson([], tag, Cached: true, NotModified: true) : new ItemDetailJson(entry.Utf8Json(), tag, Cached: true);
            }
        }

        if (details.Enabled) TandemMetrics.Miss(TandemMetrics.ItemDetailCache);
        // The item and its product in one round trip, untracked: a read changes nothing.
        if (await items.ReadAsync(key, ct) is not { } read) return Error.NotFound($"There is no item {itemKey} in your workspace.");
        var found = (Item: read.Entity, read.Product);
        if (await rights.AuthorizeAsync(found.Product, Operations.Products.Read, ct) is { } notAllowed) return notAllowed;

        // The product is known only now: a version past the clock read above means it changed during this read,
        // so what was read may be older than that version. Answer it, but neither keep it nor promise it with a tag.
        var productVersion = versions.ItemDetails(found.Product.Id);
        var itemVersion = versions.ItemDetail(found.Item.Id);
        if (!details.Enabled || productVersion > clock || itemVersion > clock)
        {
            var built = JsonSerializer.SerializeToUtf8Bytes(await items.DetailAsync(found.Item, found.Product, ct), json);
            return new ItemDetailJson(built, string.Create(CultureInfo.InvariantCulture, $"\"{found.Item.Version}\""), Cached: false);
        }
        var stamp = new ItemDetailStamp(workspace, productVersion, people, itemVersion);
        var etag = ItemDetailCache.TagOf(versions.Epoch, found.Item.Version, stamp);
        if (clientHas(etag)) return new ItemDetailJson([], etag, Cached: true, NotModified: true);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(await items.DetailAsync(found.Item, found.Product, ct), json);
        details.Set(me.WorkspaceId, key, new ItemDetailEntry(found.Product.Id, found.Product.Key, found.Item.Id, found.Item.Version, stamp), bytes);
        return new ItemDetailJson(bytes, etag, Cached: true);
    }

    public async Task<Result<BacklogItemDto>> CreateAsync(string productKey, CreateItemRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Backlog.AddItem, ct)).Failed(out var error, out var product)) return error;
        if (request.BusinessValue is not null && await rights.AuthorizeAsync(product, Operations.Backlog.SetBusinessValue, ct) is { } refused) return refused;

        // The title and description are the model's to check (BacklogItem.Create reports both at once).
        var validation = new Validation();
        var type = EnumText.Required<ItemType>(request.Type, "type", validation);
        var epic = await ResolveEpicAsync(product, request.Epic, validation, ct);
        if (request.Assignee is { } assigneeId && !await IsWorkspacePersonAsync(assigneeId, ct)) validation.Add("assignee", "There is nobody with that account in your workspace.");
        if (validation.Result is { } invalid) return invalid;
        var itemType = type.GetValueOrDefault();
        var spec = new NewItem(itemType, request.Title ?? "", request.Description, $"created this {EnumText.Slug(itemType)}");

        // The creator's own changes, applied to a draft now (every rule is checked before the create joins a batch) and to the numbered item later.
        void Fill(BacklogItem item, DateTimeOffset at)
        {
            if (epic is not null) item.PlaceIn(epic.Id, at);
            if (request.Assignee is not null) item.Assign(request.Assignee, at);
            if (request.BusinessValue is not null) item.SetBusinessValue(request.BusinessValue, at);
        }
        if (items.Draft(product, spec).Failed(out var invalidItem, out var draft)) return invalidItem;
        if (Rules.Apply(() => Fill(draft, clock.GetUtcNow())) is { } invalidChange) return invalidChange;

        // Numbered, ranked and saved with the product's other creates of the moment, in one transaction (ADR 41).
        var created = await items.CreateAtBottomAsync(product, spec, request.Assignee, async (item, now, batchCt) =>
        {
            if (Rules.Apply(() => Fill(item, now)) is { } refusedChange) return refusedChange;
            if (request.BusinessValue is not null
                && await rights.DecideAsync(product, Operations.Backlog.SetBusinessValue, new DecisionRecord($"Set business value of {item.Key} to {item.BusinessValue}", "item", item.Key), batchCt) is { } notYours)
                return notYours;
            return null;
        });
        if (created.Failed(out var notCreated, out var newItem)) return notCreated;
        return Items.NewDetail(newItem, product, epic?.Key);
    }

    /// <summary>
    /// Changes the fields present. With If-Match the change is refused when the item moved on; without it, a
    /// change that meets a concurrent one is applied again to the item as it is now (issue 12).
    /// </summary>
    public Task<Result<BacklogItemDto>> PatchAsync(string itemKey, PatchItemRequest request, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(itemKey, precondition: ifMatch is not null, async () =>
        {
            if ((await StagePatchAsync(itemKey, request, ifMatch, ct)).Failed(out var error, out var found)) return error;
            return await SaveAsync(found, ct);
        }, ct);

    /// <summary>Applies a patch to the tracked item and stages its activity (and the business value decision), unsaved.</summary>
    internal async Task<Result<Owned<BacklogItem>>> StagePatchAsync(string itemKey, PatchItemRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.Backlog.EditItem, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        if (ifMatch is { } expected && expected != item.Version)
            return Error.Stale($"{item.Key} was changed by someone else (version {item.Version}, you sent {expected}). Reload it and try again.");
        if (request.BusinessValue is not null && await rights.AuthorizeAsync(product, Operations.Backlog.SetBusinessValue, ct) is { } refusedValue)
            return refusedValue;

        var validation = new Validation();
        var type = EnumText.Optional<ItemType>(request.Type, "type", validation);
        var status = EnumText.Optional<ItemStatus>(request.Status, "status", validation);
        var epic = await ResolveEpicAsync(product, request.Epic, validation, ct);
        if (request.Assignee is { } assigneeId && !await IsWorkspacePersonAsync(assigneeId, ct)) validation.Add("assignee", "There is nobody with that account in your workspace.");
        if (validation.Result is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var changes = new List<string>();
        if (request.Title is not null && request.Title.Trim() != item.Title) changes.Add("changed the title");
        if (request.Description is not null && request.Description != item.Description) changes.Add("changed the description");
        if (type is { } tt && tt != item.Type) changes.Add($"changed the type to {EnumText.Slug(tt)}");
        if (status is { } ss && ss != item.Status) changes.Add($"moved it to {EnumText.Slug(ss)}");
        if (request.Epic is not null) changes.Add(epic is null ? "took it out of its epic" : $"put it in {epic.Key}");
        if (request.Unassign == true) changes.Add("unassigned it");
        else if (request.Assignee is not null) changes.Add("changed the assignee");
        if (request.BusinessValue is not null) changes.Add($"set business value to {request.BusinessValue}");
        if (Rules.Apply(() =>
            {
                if (request.Title is not null) item.Retitle(request.Title, now);
                if (request.Description is not null) item.Describe(request.Description, now);
                if (type is { } newType) item.ChangeType(newType, now);
                if (status is { } newStatus && newStatus != item.Status) item.ChangeStatus(newStatus, now);
                if (request.Epic is not null) item.PlaceIn(epic?.Id, now);
                if (request.Unassign == true) item.Assign(null, now);
                else if (request.Assignee is not null) item.Assign(request.Assignee, now);
                if (request.BusinessValue is not null) item.SetBusinessValue(request.BusinessValue, now);
            }) is { } refused) return refused;
        if (request.BusinessValue is not null
            && await rights.DecideAsync(product, Operations.Backlog.SetBusinessValue, new DecisionRecord($"Set business value of {item.Key} to {item.BusinessValue}", "item", item.Key), ct) is { } notYours)
            return notYours;
        if (changes.Count > 0) items.Activity(item, string.Join(", ", changes));
        return found;
    }

    /// <summary>
    /// Moves an item and answers with it, built once after the save. Found and authorised before the
    /// transaction (the rights cache serves it); placed, logged and saved inside it, so a respread the
    /// placement needs commits with the move or not at all.
    /// </summary>
    public async Task<Result<BacklogItemDto>> MoveAsync(string itemKey, MoveItemRequest request, CancellationToken ct)
    {
        if (MoveShape(request) is { } invalid) return invalid;
        return await ChangeAsync<BacklogItemDto>(itemKey, precondition: false, async () =>
        {
            // Where it goes comes with the item, in the same round trip: the end's first rank, or the target and its neighbour.
            // (MoveShape let through exactly one of a position, a "before" and an "after".)
            var start = request.Position is "top" or "bottom"
                ? (await items.FindAtEndAsync(itemKey, top: request.Position == "top", Operations.Backlog.Reorder, ct)).Map(read => (read.Found, (Spot?)read.Spot))
                : await items.FindBesideAsync(itemKey, (request.Before ?? request.After)!, before: request.Before is not null, Operations.Backlog.Reorder, ct);
            if (start.Failed(out var error, out var read)) return error;
            var (found, spot) = read;
            var known = Known(found);
            var moved = await items.InTransactionAsync<Unit>(async () =>
            {
                if ((await StageMoveAsync(found, request, ct, spotRead: true, spot)).Failed(out var refused, out var where)) return refused;
                if (await rights.DecideAsync(found.Product, Operations.Backlog.Reorder, new DecisionRecord($"Moved {found.Entity.Key} {where}", "item", found.Entity.Key), ct) is { } notYours)
                    return notYours;
                // No savepoint around the save (two round trips of its own): a failed save ends this transaction
                // and the move is tried again from the start (ChangeAsync), so nothing would roll back to it.
                db.Database.AutoSavepointsEnabled = false;
                if (await db.SaveOrStaleAsync(found.Entity.Key, ct) is { } stale) return stale;
                return Unit.Value;
            }, ct);
            // Built once, after the commit, from the detail it had when that is still current.
            if (moved.Failed(out var notMoved, out _)) return notMoved;
            return await AnswerAsync(found, known, ct);
        }, ct);
    }

    private static Error? MoveShape(MoveItemRequest request)
    {
        var given = new[] { request.Position, request.Before, request.After }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
            return Error.Invalid("position", "Give exactly one of {\"position\":\"top\"}, {\"position\":\"bottom\"}, {\"before\":\"KEY\"} or {\"after\":\"KEY\"}.");
        if (request.Position is { } p && p is not ("top" or "bottom"))
            return Error.Invalid("position", $"position is \"top\" or \"bottom\", not \"{p}\".");
        return null;
    }

    /// <summary>
    /// Places the tracked item where the request says, with its activity line, unsaved and unlogged: the move
    /// logs it as a reorder, an accepted suggestion as the Product Owner's decision on the suggestion.
    /// Answers where it went ("to the top", "after PAY-3").
    /// </summary>
    internal async Task<Result<string>> StageMoveAsync(Owned<BacklogItem> found, MoveItemRequest request, CancellationToken ct,
        bool spotRead = false, Spot? read = null)
    {
        if (MoveShape(request) is { } invalid) return invalid;
        var (item, product) = found;
        var spot = request.Position switch { "top" => read ?? Spot.Top, "bottom" => read ?? Spot.Bottom, _ => null };
        if (spot is null)
        {
            var targetKey = Items.KeyOf(request.Before ?? request.After);
            var field = request.Before is not null ? "before" : "after";
            if (targetKey == item.Key) return Error.Invalid(field, $"{item.Key} cannot be moved relative to itself.");
            // The target and its neighbour on the other side in one round trip, unless the caller read them with the item.
            spot = spotRead ? read : await items.BesideAsync(targetKey, before: request.Before is not null, item.Id, ct);
            if (spot?.Target is not { } target) return Error.Invalid(field, $"There is no item {targetKey}.");
            if (target.ProductId != product.Id) return Error.Invalid(field, $"{targetKey} belongs to another product; items move only within {product.Key}.");
        }
        await items.PlaceAsync(product, [item], spot, $"moved it {spot.Where}", ct);
        return spot.Where;
    }

    public async Task<Result<BacklogItemDto>> DecideAcceptanceAsync(string itemKey, AcceptanceRequest request, CancellationToken ct)
    {
        if (request.Decision is not ("accept" or "reject"))
            return Error.Invalid("decision", "decision is \"accept\" or \"reject\".");
        if ((await items.FindAsync(itemKey, Operations.Work.AcceptOrReject, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        var accept = request.Decision == "accept";
        var now = clock.GetUtcNow();
        if (Rules.Apply(() =>
            {
                if (accept) item.Accept(now);
                else item.Reject(request.Reason, now);
            }) is { } refused) return refused;
        if (await rights.DecideAsync(product, Operations.Work.AcceptOrReject,
                new DecisionRecord(accept ? $"Accepted {item.Key}" : $"Rejected {item.Key}; back to in progress", "item", item.Key, request.Reason), ct) is { } notYours)
            return notYours;
        // What follows from an acceptance (feedback ships) is saved with it, by whoever handles the fact.
        if (accept) foreach (var handler in accepted) await handler.OnAcceptedAsync(product, item, now, ct);
        items.Activity(item, accept ? "accepted it" : $"rejected it: {request.Reason}");
        return await SaveAsync(found, ct);
    }

    private async Task<Result<BacklogItemDto>> SaveAsync(Owned<BacklogItem> found, CancellationToken ct)
    {
        var known = Known(found);
        if (await db.SaveOrStaleAsync(found.Entity.Key, ct) is { } stale) return stale;
        return await AnswerAsync(found, known, ct);
    }

    /// <summary>
    /// What a write of one item's row and history knows before it changes anything: the item's cached detail, when it
    /// shows the item as loaded (its version, epic and assignee) under versions that are still current, and what of the
    /// item's lines the context tracked already (usually nothing), so the lines the write adds can be told apart.
    /// </summary>
    private sealed record KnownDetail(ItemDetailEntry Entry, HashSet<object>? Tracked);

    private KnownDetail? Known(Owned<BacklogItem> found)
    {
        var (item, product) = found;
        if (!details.TryGet(me.WorkspaceId, item.Key, out var entry) || entry.ItemId != item.Id) return null;
        // Its original values only: DbContext.Entry would first compare every property of the item with its snapshot,
        // as the save does again (4 % of a PATCH's CPU in Tandem, issue 12).
        var loaded = Unscanned(() => db.Entry(item));
        // By name: a lambda here is an expression tree built and parsed on every write.
        if (loaded.Property<int>(nameof(BacklogItem.Version)).OriginalValue != entry.Version
            || loaded.Property<Guid?>(nameof(BacklogItem.EpicId)).OriginalValue != item.EpicId
            || loaded.Property<Guid?>(nameof(BacklogItem.AssigneeId)).OriginalValue != item.AssigneeId
            || entry.Stamp != ItemDetailStamp.Now(versions, me.WorkspaceId, product.Id, item.Id))
            return null;
        HashSet<object>? tracked = null;
        // Lines staged already (a patch stages before it saves) are the write's own, like those staged after this. Only
        // lines need their changes detected here, not the item and product beside them (the save detects those).
        foreach (var line in TrackedUnscanned())
        {
            if (!IsDetailLine(line.Entity)) continue;
            if (db.ChangeTracker.AutoDetectChangesEnabled) line.DetectChanges();
            if (line.State == EntityState.Unchanged) (tracked ??= new(ReferenceEqualityComparer.Instance)).Add(line.Entity);
        }
        return new KnownDetail(entry, tracked);
    }

    /// <summary>
    /// What the context tracks, without the scan of every tracked entity for changes that <c>ChangeTracker.Entries()</c>
    /// starts with: for a caller that reads no state, or detects the few entries it reads (ADR 49).
    /// </summary>
    private List<EntityEntry> TrackedUnscanned() => Unscanned(() => db.ChangeTracker.Entries().ToList());

    /// <summary><paramref name="read"/> of the change tracker without its detecting changes first (ADR 49).</summary>
    private T Unscanned<T>(Func<T> read)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private static bool IsDetailLine(object entity) =>
        entity is ItemActivity or AcceptanceCriterion or ItemLink or ItemComment or ItemLabel or Domain.Estimation.TechnicalAssessment;

    /// <summary>
    /// The item's detail after its write: from what the write knew, when nobody else changed the item meanwhile and the
    /// write itself added only history lines to it, else built from the database. Kept for the next read and write when
    /// nothing it shows moved after this write (a later write to the item, or to what other items' details show).
    /// </summary>
    private async Task<BacklogItemDto> AnswerAsync(Owned<BacklogItem> found, KnownDetail? known, CancellationToken ct)
    {
        var (item, product) = found;
        // Inside a transaction (a change tried again, ChangeAsync) the write is not committed, nor published, yet: nothing
        // it reads may be kept, and the versions do not show it.
        if (!details.Enabled || db.InTransaction || db.ItemAdvanced(item.Id) is not { } advance) return await items.DetailAsync(item, product, ct);
        var json = api.Value.SerializerOptions;
        var stamp = ItemDetailStamp.Now(versions, me.WorkspaceId, product.Id, item.Id);
        BacklogItemDto answer;
        if (known is not null && advance.Before <= known.Entry.Stamp.Item && stamp == known.Entry.Stamp with { Item = advance.After }
            && AddedHistory(item, known) is { } added && JsonSerializer.Deserialize<BacklogItemDto>(known.Entry.Utf8Json(), json) is { } before)
            answer = items.DetailAfter(item, product, before, added);
        else
        {
            answer = await items.DetailAsync(item, product, ct);
            // Something it shows moved while it was read: answered, not kept.
            if (ItemDetailStamp.Now(versions, me.WorkspaceId, product.Id, item.Id) != stamp) return answer;
        }
        // The item as this write left it, unless a later write to it was published already.
        if (stamp.Item == advance.After)
            details.Set(me.WorkspaceId, item.Key, new ItemDetailEntry(product.Id, product.Key, item.Id, item.Version, stamp), JsonSerializer.SerializeToUtf8Bytes(answer, json));
        return answer;
    }

    // The history lines the write added to the item; null when it added or changed any other line its detail shows.
    private List<ItemActivity>? AddedHistory(BacklogItem item, KnownDetail known)
    {
        var added = new List<ItemActivity>(1);
        // After the save: which entities are tracked is the question, not what changed in them.
        foreach (var entry in TrackedUnscanned())
        {
            if (!IsDetailLine(entry.Entity) || known.Tracked?.Contains(entry.Entity) == true) continue;
            if (entry.Entity is not ItemActivity line) return null;
            if (line.ItemId == item.Id) added.Add(line);
        }
        return added;
    }

    /// <summary>
    /// Runs a change of one item. When the client sent no precondition and the change meets a concurrent one
    /// (the save finds another version), it runs again with the item's row locked for the transaction, so it
    /// applies to the item as it is now instead of answering 412 to a client that asked for no check.
    /// </summary>
    private async Task<Result<T>> ChangeAsync<T>(string itemKey, bool precondition, Func<Task<Result<T>>> change, CancellationToken ct)
    {
        var result = await change();
        var key = Items.KeyOf(itemKey);
        for (var attempt = 2; attempt <= Attempts && !precondition && result.Error is { Kind: ErrorKind.PreconditionFailed }; attempt++)
        {
            // The failed attempt's unit of work was cleared with its staged decision; the next one stages its own.
            rights.DiscardStaged();
            result = await items.InTransactionAsync(async () =>
            {
                // PostgreSQL: the product's rank lock before the row's, the order a respread takes them in; holding the row
                // while a move's respread waits for a respread that waits for the row was a deadlock (40P01).
                if (!db.IsSqlite && await db.BacklogItems.Where(i => i.Key == key).Select(i => (Guid?)i.ProductId).FirstOrDefaultAsync(ct) is { } productId)
                    await items.LockRanksAsync(productId, ct);
                // A write that changes nothing takes the row's lock (PostgreSQL) or the database's (SQLite) until the commit.
                await db.BacklogItems.Where(i => i.Key == key).ExecuteUpdateAsync(u => u.SetProperty(i => i.Version, i => i.Version), ct);
                return await change();
            }, ct);
        }
        return result;
    }

    private async Task<BacklogItem?> ResolveEpicAsync(Product product, string? epicKey, Validation validation, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(epicKey)) return null;
        var key = Items.KeyOf(epicKey);
        var epic = await db.BacklogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Key == key, ct);
        if (epic is null || epic.ProductId != product.Id) validation.Add("epic", $"{product.Key} has no item {epicKey}.");
        else if (epic.Type != ItemType.Epic) validation.Add("epic", $"{epic.Key} is a {EnumText.Slug(epic.Type)}, not an epic.");
        else return epic;
        return null;
    }

    private Task<bool> IsWorkspacePersonAsync(Guid userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.WorkspaceId == me.WorkspaceId, ct);
}
