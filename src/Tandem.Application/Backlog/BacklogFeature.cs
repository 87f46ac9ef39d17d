using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Estimation;
using Tandem.Domain.Products;

namespace Tandem.Application.Backlog;



public sealed record BacklogItemSummary(
    string Key, string Type, string Title, string Status, string Rank, string? Epic, PersonSummary? Assignee,
    decimal? Estimate, int? BusinessValue, string? Moscow, decimal? Wsjf, decimal? Rice, IReadOnlyList<string> Labels, int Version, DateTimeOffset UpdatedAt) : IVersioned;

public sealed record LinkDto(Guid Id, string Kind, string Item, string Title);

public sealed record CommentDto(Guid Id, PersonSummary Author, string Text, string Html, DateTimeOffset At);

public sealed record ActivityDto(PersonSummary Actor, string Text, DateTimeOffset At);

public sealed record PrioritisationDto(
    int? BusinessValue, int? TimeCriticality, int? RiskReduction, decimal? JobSize,
    int? Reach, decimal? Impact, int? Confidence, decimal? Effort, string? Moscow, decimal? Wsjf, decimal? Rice);

public sealed record BacklogItemDto(
    string Key, string ProductKey, string Type, string Title, string Description, string DescriptionHtml, string Status, string Rank,
    string? Epic, PersonSummary? Assignee, decimal? Estimate, int? BusinessValue, string? RejectionReason,
    PrioritisationDto Prioritisation, ReadinessDto Readiness, IReadOnlyList<CriterionDto> AcceptanceCriteria,
    IReadOnlyList<string> Labels, IReadOnlyList<LinkDto> Links, IReadOnlyList<CommentDto> Comments, IReadOnlyList<ActivityDto> Activity,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, AssessmentDto? Assessment = null, DoneChecklistDto? DefinitionOfDone = null) : IVersioned;

/// <summary>The item's Definition of Done: the product's lines, and one line per NFR linked to the item (checked when its latest verification is met).</summary>
public sealed record DoneChecklistDto(IReadOnlyList<string> Product, IReadOnlyList<Nfrs.NfrDoneCheck> Nfrs);

/// <summary>The Tech Lead's technical assessment of an item, null until the TL has made one.</summary>
public sealed record AssessmentDto(
    string Feasibility, string Risk, string? RiskReason, string Confidence, IReadOnlyList<string> Components,
    string Notes, string NotesHtml, PersonSummary AssessedBy, DateTimeOffset AssessedAt, string? Spike);

/// <summary>The two halves of readiness; the Tech Lead's feasibility reads "not-assessed" until the TL assesses the item.</summary>
public sealed record ReadinessDto(bool Ready, bool ProductOwnerReady, bool StoryForm, bool HasCriteria, bool HasValue, bool TechLeadReady, bool HasEstimate, string Feasibility);

public sealed record CriterionDto(Guid Id, int Position, string Given, string When, string Then, bool IsMet, bool IsVerified);

public sealed record BacklogQuery(int? Limit, string? Cursor, string? Type, string? Status, string? Epic, Guid? Assignee, string? Q, string? Label = null, string? Needs = null);

public sealed record CreateItemRequest(string? Type, string? Title, string? Description, string? Epic, Guid? Assignee, int? BusinessValue);

/// <summary>A partial update: only the fields present change.</summary>
public sealed record PatchItemRequest(string? Type, string? Title, string? Description, string? Status, string? Epic, Guid? Assignee, bool? Unassign, int? BusinessValue);

public sealed record MoveItemRequest(string? Position, string? Before, string? After);

public sealed record AcceptanceRequest(string? Decision, string? Reason);

/// <summary>The product backlog: items, their ranked order, edits, moves and the PO's acceptance.</summary>
public sealed class BacklogFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, ChangeVersions versions, BacklogPageCache pages)
{
    public async Task<Result<Page<BacklogItemSummary>>> ListAsync(string productKey, BacklogQuery query, CancellationToken ct)
    {
        var normalized = Normalize(query);
        if (!normalized.IsSuccess) return normalized.Error!;
        var found = await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        return await PageAsync(found.Value!, normalized.Value!, ct);
    }

    /// <summary>
    /// The same page as <see cref="ListAsync"/>, serialised to UTF-8 JSON with <paramref name="json"/> and
    /// kept in <see cref="BacklogPageCache"/> under the product's backlog version, which every committed
    /// write to its items or labels moves (ADR 0009). Authorization is checked on every call.
    /// </summary>
    public async Task<Result<BacklogPageJson>> ListJsonAsync(string productKey, BacklogQuery query, JsonSerializerOptions json, CancellationToken ct)
    {
        var normalized = Normalize(query);
        if (!normalized.IsSuccess) return normalized.Error!;
        var found = await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;

        // Versions are read before the query: a write committed meanwhile moves them, and this entry is never found.
        var key = new BacklogPageKey(product.WorkspaceId, product.Id, versions.Backlog(product.Id), versions.People, normalized.Value!);
        var tag = pages.Enabled ? $"W/\"{versions.Epoch}.{key.Version}.{key.People}\"" : null;
        if (pages.TryGet(key, out var cached)) return new BacklogPageJson(cached, tag);

        var page = await PageAsync(product, normalized.Value!, ct);
        if (!page.IsSuccess) return page.Error!;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(page.Value!, json);
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
        if (query.Cursor is not null && !(Paging.TryDecode(query.Cursor, out var raw) && raw.Split('\n') is [_, var id] && Guid.TryParse(id, out _)))
            validation.Add("cursor", "The cursor is not one this list handed out; start again without it.");
        if (validation.Result is { } invalid) return invalid;
        return new BacklogFilter(
            query.Limit ?? Paging.DefaultLimit, query.Cursor, type, status,
            string.IsNullOrWhiteSpace(query.Epic) ? null : query.Epic.Trim().ToUpperInvariant(),
            query.Assignee,
            string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim().ToUpperInvariant(),
            string.IsNullOrWhiteSpace(query.Label) ? null : ItemLabel.Normalize(query.Label),
            needs);
    }

    private async Task<Result<Page<BacklogItemSummary>>> PageAsync(ProductRef product, BacklogFilter filter, CancellationToken ct)
    {
        var items = db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id);
        if (filter.Type is { } t) items = items.Where(i => i.Type == t);
        if (filter.Status is { } s) items = items.Where(i => i.Status == s);
        if (filter.Epic is { } epicKey)
        {
            var epicId = await db.BacklogItems.Where(i => i.Key == epicKey && i.ProductId == product.Id).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
            if (epicId is null) return Error.Invalid("epic", $"{product.Key} has no epic {epicKey}.");
            items = items.Where(i => i.EpicId == epicId);
        }
        if (filter.Assignee is { } assignee) items = items.Where(i => i.AssigneeId == assignee);
        if (filter.Label is { } label) items = items.Where(i => db.ItemLabels.Any(l => l.ItemId == i.Id && l.Label == label));
        if (filter.Needs is { } need)
        {
            items = items.Where(i => i.Type != ItemType.Epic).Where(ItemStatuses.OpenItem);
            items = need == BacklogNeed.Estimate
                ? items.Where(i => i.Estimate == null)
                : items.Where(i => !db.TechnicalAssessments.Any(a => a.ItemId == i.Id));
        }
        if (filter.Q is { } term) items = items.Where(i => i.Title.ToUpper().Contains(term) || i.Key == term);
        if (filter.Cursor is not null && Paging.TryDecode(filter.Cursor, out var raw) && raw.Split('\n') is [var rank, var id])
        {
            var after = Guid.Parse(id);
            items = items.Where(i => string.Compare(i.Rank, rank) > 0 || (i.Rank == rank && i.Id.CompareTo(after) > 0));
        }

        var take = filter.Limit;
        var rows = await items.OrderBy(i => i.Rank).ThenBy(i => i.Id).Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var summaries = await SummariesAsync(page, ct);
        var next = rows.Count > take ? Paging.Encode($"{page[^1].Rank}\n{page[^1].Id}") : null;
        return new Page<BacklogItemSummary>(summaries, next);
    }

    public async Task<Result<BacklogItemDto>> GetAsync(string itemKey, CancellationToken ct)
    {
        var found = await FindItemAsync(itemKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        return await DetailAsync(found.Value!.Item, found.Value.Product, ct);
    }

    public async Task<Result<BacklogItemDto>> CreateAsync(string productKey, CreateItemRequest request, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(productKey, Operations.Backlog.AddItem, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;

        var validation = new Validation();
        ItemType type = default;
        if (string.IsNullOrWhiteSpace(request.Type)) validation.Add("type", $"Say what kind of item it is: {EnumText.Names<ItemType>()}.");
        else if (!EnumText.TryParse(request.Type, out type)) validation.Add("type", $"'{request.Type}' is not an item type; use one of {EnumText.Names<ItemType>()}.");
        if (string.IsNullOrWhiteSpace(request.Title)) validation.Add("title", "An item needs a title.");
        else if (request.Title.Trim().Length > BacklogItem.TitleMaxLength) validation.Add("title", $"A title has at most {BacklogItem.TitleMaxLength} characters (this one has {request.Title.Trim().Length}).");
        if (request.Description is { Length: > BacklogItem.DescriptionMaxLength }) validation.Add("description", $"A description has at most {BacklogItem.DescriptionMaxLength} characters.");
        if (request.BusinessValue is not null && !await rights.IsAllowedAsync(product, Operations.Backlog.SetBusinessValue, ct))
            return Error.Forbidden(await rights.ExplainRefusalAsync(product, Operations.Backlog.SetBusinessValue, await rights.ActorOnAsync(product, ct), ct));
        var epic = await ResolveEpicAsync(product, request.Epic, validation, ct);
        if (request.Assignee is { } assigneeId && !await IsWorkspacePersonAsync(assigneeId, ct)) validation.Add("assignee", "There is nobody with that account in your workspace.");
        if (validation.Result is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var number = (await db.BacklogItems.Where(i => i.ProductId == product.Id).MaxAsync(i => (int?)i.Number, ct) ?? 0) + 1;
            var last = await db.BacklogItems.Where(i => i.ProductId == product.Id).OrderByDescending(i => i.Rank).Select(i => i.Rank).FirstOrDefaultAsync(ct);
            BacklogItem item;
            try
            {
                item = BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, number, type, request.Title!, request.Description,
                    Rank.Between(last, null), me.UserId, now);
                if (epic is not null) item.PlaceIn(epic.Id, now);
                if (request.Assignee is not null) item.Assign(request.Assignee, now);
                if (request.BusinessValue is not null) item.SetBusinessValue(request.BusinessValue, now);
            }
            catch (DomainException e)
            {
                return Error.Invalid(e.Field, e.Message);
            }
            db.BacklogItems.Add(item);
            Activity(item, $"created this {EnumText.Slug(type)}");
            if (request.BusinessValue is not null)
                await rights.RecordAsync(product, Operations.Backlog.SetBusinessValue, $"Set business value of {item.Key} to {item.BusinessValue}", null, "item", item.Key, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return await DetailAsync(item, product, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another item took this number at the same moment: take the next one.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<Result<BacklogItemDto>> PatchAsync(string itemKey, PatchItemRequest request, int? ifMatch, CancellationToken ct)
    {
        var found = await FindItemAsync(itemKey, Operations.Backlog.EditItem, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        if (ifMatch is { } expected && expected != item.Version)
            return Error.Stale($"{item.Key} was changed by someone else (version {item.Version}, you sent {expected}). Reload it and try again.");

        if (request.BusinessValue is not null && await rights.AuthorizeAsync(product, Operations.Backlog.SetBusinessValue, ct) is { } refusedValue)
            return refusedValue;

        var validation = new Validation();
        ItemType? type = null;
        if (request.Type is not null) { if (EnumText.TryParse(request.Type, out ItemType t)) type = t; else validation.Add("type", $"'{request.Type}' is not an item type; use one of {EnumText.Names<ItemType>()}."); }
        ItemStatus? status = null;
        if (request.Status is not null) { if (EnumText.TryParse(request.Status, out ItemStatus s)) status = s; else validation.Add("status", $"'{request.Status}' is not a status; use one of {EnumText.Names<ItemStatus>()}."); }
        var epic = await ResolveEpicAsync(product, request.Epic, validation, ct);
        if (request.Assignee is { } assigneeId && !await IsWorkspacePersonAsync(assigneeId, ct)) validation.Add("assignee", "There is nobody with that account in your workspace.");
        if (validation.Result is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var changes = new List<string>();
        try
        {
            if (request.Title is not null && request.Title.Trim() != item.Title) changes.Add("changed the title");
            if (request.Description is not null && request.Description != item.Description) changes.Add("changed the description");
            if (type is { } tt && tt != item.Type) changes.Add($"changed the type to {EnumText.Slug(tt)}");
            if (status is { } ss && ss != item.Status) changes.Add($"moved it to {EnumText.Slug(ss)}");
            if (request.Epic is not null) changes.Add(epic is null ? "took it out of its epic" : $"put it in {epic.Key}");
            if (request.Unassign == true) changes.Add("unassigned it");
            else if (request.Assignee is not null) changes.Add("changed the assignee");
            if (request.BusinessValue is not null) changes.Add($"set business value to {request.BusinessValue}");
            if (request.Title is not null) item.Retitle(request.Title, now);
            if (request.Description is not null) item.Describe(request.Description, now);
            if (type is { } newType) item.ChangeType(newType, now);
            if (status is { } newStatus && newStatus != item.Status) item.ChangeStatus(newStatus, now);
            if (request.Epic is not null) item.PlaceIn(epic?.Id, now);
            if (request.Unassign == true) item.Assign(null, now);
            else if (request.Assignee is not null) item.Assign(request.Assignee, now);
            if (request.BusinessValue is not null)
            {
                item.SetBusinessValue(request.BusinessValue, now);
                await rights.RecordAsync(product, Operations.Backlog.SetBusinessValue, $"Set business value of {item.Key} to {item.BusinessValue}", null, "item", item.Key, ct);
            }
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        if (changes.Count > 0) Activity(item, string.Join(", ", changes));
        return await SaveAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> MoveAsync(string itemKey, MoveItemRequest request, CancellationToken ct)
    {
        var given = new[] { request.Position, request.Before, request.After }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
            return Error.Invalid("position", "Give exactly one of {\"position\":\"top\"}, {\"position\":\"bottom\"}, {\"before\":\"KEY\"} or {\"after\":\"KEY\"}.");
        if (request.Position is { } p && p is not ("top" or "bottom"))
            return Error.Invalid("position", $"position is \"top\" or \"bottom\", not \"{p}\".");

        var found = await FindItemAsync(itemKey, Operations.Backlog.Reorder, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;

        var others = db.BacklogItems.Where(i => i.ProductId == product.Id && i.Id != item.Id);
        string? low, high;
        string where;
        if (request.Position == "top")
        {
            (low, high, where) = (null, await others.OrderBy(i => i.Rank).Select(i => i.Rank).FirstOrDefaultAsync(ct), "to the top");
        }
        else if (request.Position == "bottom")
        {
            (low, high, where) = (await others.OrderByDescending(i => i.Rank).Select(i => i.Rank).FirstOrDefaultAsync(ct), null, "to the bottom");
        }
        else
        {
            var targetKey = (request.Before ?? request.After)!.Trim().ToUpperInvariant();
            var field = request.Before is not null ? "before" : "after";
            if (targetKey == item.Key) return Error.Invalid(field, $"{item.Key} cannot be moved relative to itself.");
            var target = await db.BacklogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Key == targetKey, ct);
            if (target is null) return Error.Invalid(field, $"There is no item {targetKey}.");
            if (target.ProductId != product.Id) return Error.Invalid(field, $"{targetKey} belongs to another product; items move only within {product.Key}.");
            if (request.Before is not null)
            {
                low = await others.Where(i => string.Compare(i.Rank, target.Rank) < 0 || (i.Rank == target.Rank && i.Id.CompareTo(target.Id) < 0))
                    .OrderByDescending(i => i.Rank).ThenByDescending(i => i.Id).Select(i => i.Rank).FirstOrDefaultAsync(ct);
                high = target.Rank;
                where = $"before {target.Key}";
            }
            else
            {
                low = target.Rank;
                high = await others.Where(i => string.Compare(i.Rank, target.Rank) > 0 || (i.Rank == target.Rank && i.Id.CompareTo(target.Id) > 0))
                    .OrderBy(i => i.Rank).ThenBy(i => i.Id).Select(i => i.Rank).FirstOrDefaultAsync(ct);
                where = $"after {target.Key}";
            }
        }

        if (low is not null && high is not null && string.CompareOrdinal(low, high) >= 0)
        {
            // Two neighbours share a rank (concurrent moves): respread the backlog, then place the item.
            await RebalanceAsync(product, ct);
            return await MoveAsync(itemKey, request, ct);
        }
        var rank = Rank.Between(low, high);
        item.MoveTo(rank, clock.GetUtcNow());
        await rights.RecordAsync(product, Operations.Backlog.Reorder, $"Moved {item.Key} {where}", null, "item", item.Key, ct);
        Activity(item, $"moved it {where}");
        var saved = await SaveAsync(item, product, ct);
        if (saved.IsSuccess && Rank.NeedsRebalance(rank)) await RebalanceAsync(product, ct);
        return saved.IsSuccess ? await GetAsync(item.Key, ct) : saved;
    }

    public async Task<Result<BacklogItemDto>> DecideAcceptanceAsync(string itemKey, AcceptanceRequest request, CancellationToken ct)
    {
        if (request.Decision is not ("accept" or "reject"))
            return Error.Invalid("decision", "decision is \"accept\" or \"reject\".");
        var found = await FindItemAsync(itemKey, Operations.Work.AcceptOrReject, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        var now = clock.GetUtcNow();
        try
        {
            if (request.Decision == "accept") item.Accept(now);
            else item.Reject(request.Reason, now);
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        await rights.RecordAsync(product, Operations.Work.AcceptOrReject,
            request.Decision == "accept" ? $"Accepted {item.Key}" : $"Rejected {item.Key}; back to in progress", request.Reason, "item", item.Key, ct);
        if (request.Decision == "accept") await Feedback.FeedbackFeature.ShipLinkedFeedbackAsync(db, product, item, now, ct);
        Activity(item, request.Decision == "accept" ? "accepted it" : $"rejected it: {request.Reason}");
        return await SaveAsync(item, product, ct);
    }

    /// <summary>Respreads every rank of the product evenly, keeping the order. The one write proportional to the backlog's size.</summary>
    public async Task RebalanceAsync(Product product, CancellationToken ct)
    {
        // Joins the caller's transaction when there is one (accepting a suggestion applies a move inside one).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var ids = await db.BacklogItems.Where(i => i.ProductId == product.Id).OrderBy(i => i.Rank).ThenBy(i => i.Id).Select(i => i.Id).ToListAsync(ct);
        var ranks = Rank.Spread(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var (id, rank) = (ids[i], ranks[i]);
            await db.BacklogItems.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Rank, rank), ct);
        }
        db.BacklogChanged(product.Id);
        if (transaction is not null) await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task<Result<BacklogItemDto>> SaveAsync(BacklogItem item, Product product, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale($"{item.Key} was changed by someone else while you were saving. Reload it and try again.");
        }
        return await DetailAsync(item, product, ct);
    }


    internal async Task<Result<(BacklogItem Item, Product Product)>> FindItemAsync(string itemKey, Operation operation, CancellationToken ct)
    {
        var key = (itemKey ?? "").Trim().ToUpperInvariant();
        var item = await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == key, ct);
        if (item is null) return Error.NotFound($"There is no item {itemKey} in your workspace.");
        var product = await db.Products.FirstAsync(p => p.Id == item.ProductId, ct);
        if (await rights.AuthorizeAsync(product, operation, ct) is { } refused) return refused;
        return (item, product);
    }

    private async Task<BacklogItem?> ResolveEpicAsync(Product product, string? epicKey, Validation validation, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(epicKey)) return null;
        var key = epicKey.Trim().ToUpperInvariant();
        var epic = await db.BacklogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Key == key, ct);
        if (epic is null || epic.ProductId != product.Id) validation.Add("epic", $"{product.Key} has no item {epicKey}.");
        else if (epic.Type != ItemType.Epic) validation.Add("epic", $"{epic.Key} is a {EnumText.Slug(epic.Type)}, not an epic.");
        else return epic;
        return null;
    }

    private Task<bool> IsWorkspacePersonAsync(Guid userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.WorkspaceId == me.WorkspaceId, ct);

    internal async Task<BacklogItemDto> DetailAsync(BacklogItem item, Product product, CancellationToken ct)
    {
        var summary = (await SummariesAsync([item], ct))[0];
        var criteria = await db.AcceptanceCriteria.AsNoTracking().Where(c => c.ItemId == item.Id).OrderBy(c => c.Position)
            .Select(c => new CriterionDto(c.Id, c.Position, c.Given, c.When, c.Then, c.IsMet, c.IsVerified)).ToListAsync(ct);
        var outgoing = await db.ItemLinks.AsNoTracking().Where(l => l.SourceId == item.Id)
            .Join(db.BacklogItems, l => l.TargetId, i => i.Id, (l, i) => new { l.Id, l.Kind, Outgoing = true, i.Key, i.Title }).ToListAsync(ct);
        var incoming = await db.ItemLinks.AsNoTracking().Where(l => l.TargetId == item.Id)
            .Join(db.BacklogItems, l => l.SourceId, i => i.Id, (l, i) => new { l.Id, l.Kind, Outgoing = false, i.Key, i.Title }).ToListAsync(ct);
        var links = outgoing.Concat(incoming).Select(l => new LinkDto(l.Id, LinkName(l.Kind, l.Outgoing), l.Key, l.Title)).OrderBy(l => l.Kind).ThenBy(l => l.Item).ToList();
        var comments = await db.ItemComments.AsNoTracking().Where(c => c.ItemId == item.Id).OrderBy(c => c.At).Take(500).ToListAsync(ct);
        var activity = await db.ItemActivity.AsNoTracking().Where(a => a.ItemId == item.Id).OrderByDescending(a => a.Id).Take(50).ToListAsync(ct);
        var assessment = await db.TechnicalAssessments.AsNoTracking().FirstOrDefaultAsync(a => a.ItemId == item.Id, ct);
        var spikeKey = assessment?.SpikeId is { } spikeId ? await db.BacklogItems.AsNoTracking().Where(i => i.Id == spikeId).Select(i => i.Key).FirstOrDefaultAsync(ct) : null;
        var peopleIds = comments.Select(c => c.AuthorId).Concat(activity.Select(a => a.ActorId))
            .Concat(assessment is null ? [] : [assessment.AssessedById]).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => peopleIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        PersonSummary Person(Guid id) => new(id, people.GetValueOrDefault(id, "someone"));
        return new BacklogItemDto(item.Key, product.Key, summary.Type, item.Title, item.Description, Markdown.ToSafeHtml(item.Description),
            summary.Status, item.Rank, summary.Epic, summary.Assignee, item.Estimate, item.BusinessValue, item.RejectionReason,
            new PrioritisationDto(item.BusinessValue, item.TimeCriticality, item.RiskReduction, item.Estimate, item.Reach, item.Impact,
                item.Confidence, item.Effort, summary.Moscow, item.Wsjf, item.Rice),
            ReadinessOf(item, criteria.Count, assessment),
            criteria, summary.Labels, links,
            comments.Select(c => new CommentDto(c.Id, Person(c.AuthorId), c.Text, Markdown.ToSafeHtml(c.Text), c.At)).ToList(),
            activity.Select(a => new ActivityDto(Person(a.ActorId), a.Text, a.At)).ToList(),
            item.CreatedAt, item.UpdatedAt, item.Version,
            assessment is null ? null : new AssessmentDto(EnumText.Slug(assessment.Feasibility), EnumText.Slug(assessment.Risk), assessment.RiskReason,
                EnumText.Slug(assessment.Confidence), assessment.ComponentList, assessment.Notes, Markdown.ToSafeHtml(assessment.Notes),
                Person(assessment.AssessedById), assessment.AssessedAt, spikeKey),
            new DoneChecklistDto(
                await db.Definitions.AsNoTracking().Where(d => d.ProductId == product.Id && d.Kind == DefinitionKind.Done).OrderBy(d => d.Position).Select(d => d.Text).ToListAsync(ct),
                await Nfrs.NfrFeature.DoneChecksAsync(db, item.Id, ct)));
    }

    /// <summary>Feasibility is the Tech Lead's assessment: "not-assessed" until there is one.</summary>
    internal static ReadinessDto ReadinessOf(BacklogItem item, int criteriaCount, TechnicalAssessment? assessment)
    {
        var r = Readiness.Of(item, criteriaCount, assessment is null ? "not-assessed" : EnumText.Slug(assessment.Feasibility));
        return new ReadinessDto(r.Ready, r.ProductOwnerReady, r.StoryForm, r.HasCriteria, r.HasValue, r.TechLeadReady, r.HasEstimate, r.Feasibility);
    }

    /// <summary>Turns items into list rows with two lookups for the whole page (epics, assignees), never one per row.</summary>
    private async Task<List<BacklogItemSummary>> SummariesAsync(IReadOnlyList<BacklogItem> items, CancellationToken ct)
    {
        var epicIds = items.Where(i => i.EpicId is not null).Select(i => i.EpicId!.Value).Distinct().ToList();
        var epics = epicIds.Count == 0 ? [] : await db.BacklogItems.AsNoTracking().Where(i => epicIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Key, ct);
        var peopleIds = items.Where(i => i.AssigneeId is not null).Select(i => i.AssigneeId!.Value).Distinct().ToList();
        var people = peopleIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => peopleIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var labels = (await db.ItemLabels.AsNoTracking().Where(l => itemIds.Contains(l.ItemId)).Select(l => new { l.ItemId, l.Label }).ToListAsync(ct))
            .ToLookup(l => l.ItemId, l => l.Label);
        return items.Select(i => new BacklogItemSummary(i.Key, EnumText.Slug(i.Type), i.Title, EnumText.Slug(i.Status), i.Rank,
            i.EpicId is { } e && epics.TryGetValue(e, out var ek) ? ek : null,
            i.AssigneeId is { } a && people.TryGetValue(a, out var name) ? new PersonSummary(a, name) : null,
            i.Estimate, i.BusinessValue, i.MoSCoW is { } m ? EnumText.Slug(m) : null, i.Wsjf, i.Rice, labels[i.Id].Order(StringComparer.Ordinal).ToList(), i.Version, i.UpdatedAt)).ToList();
    }

    private static string LinkName(LinkKind kind, bool outgoing) => (kind, outgoing) switch
    {
        (LinkKind.Blocks, true) => "blocks",
        (LinkKind.Blocks, false) => "blocked-by",
        (LinkKind.Duplicates, true) => "duplicates",
        (LinkKind.Duplicates, false) => "duplicated-by",
        _ => "relates-to",
    };

    /// <summary>Adds a line to the item's history, saved with the change it describes.</summary>
    /// <summary>
    /// Adds an item at the bottom of the backlog, numbered like every other, without saving: for
    /// features (the debt register) that create an item as part of their own change and save both
    /// together. The caller checks the rights and retries on a number clash as <see cref="CreateAsync"/> does.
    /// </summary>
    internal async Task<BacklogItem> AddAtBottomAsync(Product product, ItemType type, string title, string? description, string activity, CancellationToken ct)
    {
        var number = (await db.BacklogItems.Where(i => i.ProductId == product.Id).MaxAsync(i => (int?)i.Number, ct) ?? 0) + 1;
        var last = await db.BacklogItems.Where(i => i.ProductId == product.Id).OrderByDescending(i => i.Rank).Select(i => i.Rank).FirstOrDefaultAsync(ct);
        var item = BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, number, type, title, description, Rank.Between(last, null), me.UserId, clock.GetUtcNow());
        db.BacklogItems.Add(item);
        Activity(item, activity);
        return item;
    }

    internal void Activity(BacklogItem item, string text) => db.ItemActivity.Add(ItemActivity.Record(item, me.UserId, text, clock.GetUtcNow()));
}
