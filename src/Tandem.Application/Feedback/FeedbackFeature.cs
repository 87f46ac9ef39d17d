using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;

namespace Tandem.Application.Feedback;

public sealed record SubmitFeedbackRequest(string? Title, string? Description, string? Area, string? Urgency);

public sealed record CommentRequest(string? Text);

/// <summary>One triage decision: link, create-item, duplicate, decline or snooze.</summary>
public sealed record TriageRequest(string? Action, string? ItemKey, string? Type, string? Title, int? DuplicateOf, string? Reason, DateOnly? Until);

public sealed record FeedbackCommentDto(Guid Id, PersonSummary Author, string Text, DateTimeOffset At);

public sealed record FeedbackDto(
    int Number, string Title, string Description, string DescriptionHtml, string Area, string Urgency, string Status,
    PersonSummary SubmittedBy, DateTimeOffset SubmittedAt, int Votes, bool VotedByMe, string? LinkedItem, int? DuplicateOf,
    string? DeclineReason, DateOnly? SnoozedUntil, IReadOnlyList<FeedbackCommentDto> Comments, int Version) : IVersioned;

public sealed record FeedbackQuery(string? Status, bool Mine, int? Limit, string? Cursor);

/// <summary>
/// The feedback loop: stakeholders and the team send feedback and requests, others vote and comment,
/// the Product Owner triages, and the sender sees it through to "shipped".
/// </summary>
public sealed class FeedbackFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, BacklogFeature backlog, ProductNumbers numbers, TimeProvider clock, IPageLinks links)
{
    public async Task<Result<FeedbackDto>> SubmitAsync(string productKey, SubmitFeedbackRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Feedback.Submit, ct)).Failed(out var error, out var product)) return error;
        var validation = new Validation();
        var urgency = EnumText.Optional<Urgency>(request.Urgency, "urgency", validation) ?? Urgency.Medium;
        if (validation.Result is { } invalid) return invalid;

        // The number is taken in the transaction that saves the entry: concurrent senders queue, none collide.
        var submitted = await numbers.InTransactionAsync(async () =>
        {
            var number = await numbers.NextAsync(product, Sequences.Feedback,
                next => db.Feedback.Where(f => f.ProductId == product.Id).MaxAsync(f => (int?)f.Number, next), ct);
            var entry = Rules.Create(() => FeedbackEntry.Submit(
                product.WorkspaceId, product.Id, number, request.Title, request.Description, request.Area, urgency, me.UserId, clock.GetUtcNow()));
            if (entry.Failed(out _, out var created)) return entry;
            db.Feedback.Add(created);
            await db.SaveChangesAsync(ct);
            return entry;
        }, ct);
        if (submitted.Failed(out var failed, out var saved)) return failed;
        return await DtoAsync(saved, ct);
    }

    public async Task<Result<Page<FeedbackDto>>> ListAsync(string productKey, FeedbackQuery query, CancellationToken ct)
    {
        if (Paging.ValidateLimit(query.Limit) is { } bad) return bad;
        var validation = new Validation();
        var status = EnumText.Optional<FeedbackStatus>(query.Status, "status", validation);
        if (validation.Result is { } invalid) return invalid;
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var entries = db.Feedback.AsNoTracking().Where(f => f.ProductId == product.Id);
        if (query.Mine) entries = entries.Where(f => f.SubmittedById == me.UserId);
        // Snoozed feedback wakes up as new on its day.
        if (status == FeedbackStatus.New) entries = entries.Where(f => f.Status == FeedbackStatus.New || (f.Status == FeedbackStatus.Snoozed && f.SnoozedUntil <= today));
        else if (status == FeedbackStatus.Snoozed) entries = entries.Where(f => f.Status == FeedbackStatus.Snoozed && f.SnoozedUntil > today);
        else if (status is { } st) entries = entries.Where(f => f.Status == st);
        if (query.Cursor is not null)
        {
            if (!Paging.TryDecode(query.Cursor, out var raw) || !int.TryParse(raw, out var before)) return Paging.BadCursor;
            entries = entries.Where(f => f.Number < before);
        }
        var take = query.Limit ?? Paging.DefaultLimit;
        var rows = await entries.OrderByDescending(f => f.Number).Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var dtos = await DtosAsync(page, withComments: false, ct);
        return new Page<FeedbackDto>(dtos, rows.Count > take ? Paging.Encode(page[^1].Number.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
    }

    public async Task<Result<FeedbackDto>> GetAsync(string productKey, int number, CancellationToken ct)
    {
        if ((await EntryAsync(productKey, number, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, ct);
    }

    public async Task<Result<FeedbackDto>> VoteAsync(string productKey, int number, bool vote, CancellationToken ct)
    {
        if ((await EntryAsync(productKey, number, Operations.Feedback.Vote, ct)).Failed(out var error, out var found)) return error;
        var (entry, product) = found;
        var existing = await db.FeedbackVotes.FirstOrDefaultAsync(v => v.FeedbackId == entry.Id && v.UserId == me.UserId, ct);
        if (vote && existing is null)
        {
            db.FeedbackVotes.Add(FeedbackVote.Cast(entry, me.UserId, clock.GetUtcNow()));
            entry.CountVote(+1);
        }
        else if (!vote && existing is not null)
        {
            db.FeedbackVotes.Remove(existing);
            entry.CountVote(-1);
        }
        if (await db.SaveOrStaleAsync(Label(product, entry), ct) is { } stale) return stale;
        return await DtoAsync(entry, ct);
    }

    public async Task<Result<FeedbackDto>> CommentAsync(string productKey, int number, CommentRequest request, CancellationToken ct)
    {
        if ((await EntryAsync(productKey, number, Operations.Feedback.Vote, ct)).Failed(out var error, out var found)) return error;
        var entry = found.Entity;
        if (Rules.Create(() => FeedbackComment.Write(entry, me.UserId, request.Text, clock.GetUtcNow())).Failed(out var invalid, out var comment)) return invalid;
        db.FeedbackComments.Add(comment);
        await db.SaveChangesAsync(ct);
        return await DtoAsync(entry, ct);
    }

    public async Task<Result<FeedbackDto>> TriageAsync(string productKey, int number, TriageRequest request, CancellationToken ct)
    {
        if ((await EntryAsync(productKey, number, Operations.Feedback.Triage, ct)).Failed(out var error, out var found)) return error;
        var product = found.Product;

        // Creating an item saves it; the transaction takes it back when the triage is refused after that.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if ((await ApplyTriageAsync(found, request, ct)).Failed(out var refused, out var triaged)) return refused;
        var entry = triaged.Entry;
        if (await rights.DecideAsync(product, Operations.Feedback.Triage,
                new DecisionRecord(triaged.Summary, "feedback", $"{product.Key}#{entry.Number}", request.Reason), ct) is { } notAllowed)
            return notAllowed;
        if (entry.SubmittedById != me.UserId)
            db.Notifications.Add(Notification.To(product.WorkspaceId, entry.SubmittedById, triaged.Notice, links.Feedback(product.Key, entry.Number), clock.GetUtcNow()));
        if (await db.SaveOrStaleAsync(Label(product, entry), ct) is { } stale) return stale;
        await transaction.CommitWholeAsync();
        return await DtoAsync(entry, ct);
    }

    /// <summary>What a triage did: the entry as it now stands, the decision log's summary, and the sender's notice.</summary>
    private sealed record Triaged(FeedbackEntry Entry, string Summary, string Notice);

    private async Task<Result<Triaged>> ApplyTriageAsync(Owned<FeedbackEntry> found, TriageRequest request, CancellationToken ct)
    {
        var (entry, product) = found;
        var label = Label(product, entry);
        switch (request.Action?.Trim().ToLowerInvariant())
        {
            case "link":
            {
                var key = request.ItemKey?.Trim().ToUpperInvariant();
                var item = key is null ? null : await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == key && i.ProductId == product.Id, ct);
                if (item is null) return Error.Invalid("itemKey", $"{product.Key} has no item {request.ItemKey}.");
                if (Rules.Apply(() => entry.LinkTo(item.Id, item.Status == ItemStatus.Accepted)) is { } invalid) return invalid;
                return new Triaged(entry, $"Linked {label} \"{entry.Title}\" to {item.Key}", $"Your feedback \"{entry.Title}\" is planned as {item.Key}.");
            }
            case "create-item":
            {
                var created = await backlog.CreateAsync(product.Key, new CreateItemRequest(request.Type ?? "story",
                    string.IsNullOrWhiteSpace(request.Title) ? entry.Title : request.Title,
                    $"From {label}.\n\n{entry.Description}", null, null, null), ct);
                if (created.Failed(out var refused, out var dto)) return refused;
                var item = await db.BacklogItems.FirstAsync(i => i.Key == dto.Key, ct);
                // Creating the item may have cleared the change tracker; read the entry again.
                var fresh = await db.Feedback.FirstAsync(f => f.Id == entry.Id, ct);
                if (Rules.Apply(() => fresh.LinkTo(item.Id, itemAlreadyAccepted: false)) is { } invalid) return invalid;
                return new Triaged(fresh, $"Created {item.Key} from {label} \"{fresh.Title}\"", $"Your feedback \"{fresh.Title}\" became backlog item {item.Key}.");
            }
            case "duplicate":
            {
                var original = request.DuplicateOf is { } n ? await db.Feedback.FirstOrDefaultAsync(f => f.ProductId == product.Id && f.Number == n, ct) : null;
                if (original is null) return Error.Invalid("duplicateOf", $"{product.Key} has no feedback #{request.DuplicateOf}.");
                if (Rules.Apply(() => entry.MarkDuplicateOf(original)) is { } invalid) return invalid;
                return new Triaged(entry, $"Marked {label} as a duplicate of #{original.Number}", $"Your feedback \"{entry.Title}\" duplicates #{original.Number} \"{original.Title}\"; follow that one.");
            }
            case "decline":
            {
                if (Rules.Apply(() => entry.Decline(request.Reason)) is { } invalid) return invalid;
                return new Triaged(entry, $"Declined {label} \"{entry.Title}\"", $"Your feedback \"{entry.Title}\" was declined: {entry.DeclineReason}");
            }
            case "snooze":
            {
                if (request.Until is not { } until) return Error.Invalid("until", "Say until which day (YYYY-MM-DD).");
                if (Rules.Apply(() => entry.Snooze(until, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))) is { } invalid) return invalid;
                return new Triaged(entry, $"Snoozed {label} until {until:yyyy-MM-dd}", $"Your feedback \"{entry.Title}\" will be looked at again after {until:yyyy-MM-dd}.");
            }
            default:
                return Error.Invalid("action", "action is link, create-item, duplicate, decline or snooze.");
        }
    }


    private static string Label(Product product, FeedbackEntry entry) => $"{product.Key} feedback #{entry.Number}";

    /// <summary>Feedback of the product at <paramref name="productKey"/>, once the person may perform <paramref name="operation"/> there.</summary>
    private async Task<Result<Owned<FeedbackEntry>>> EntryAsync(string productKey, int number, Operation operation, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, operation, ct)).Failed(out var error, out var product)) return error;
        var entry = await db.Feedback.FirstOrDefaultAsync(f => f.ProductId == product.Id && f.Number == number, ct);
        return entry is null ? Error.NotFound($"{product.Key} has no feedback #{number}.") : new Owned<FeedbackEntry>(entry, product);
    }

    private async Task<FeedbackDto> DtoAsync(FeedbackEntry entry, CancellationToken ct) => (await DtosAsync([entry], withComments: true, ct))[0];

    /// <summary>Builds a page of rows from a fixed number of lookups (people, items, duplicates, my votes), never one set per row.</summary>
    private async Task<List<FeedbackDto>> DtosAsync(List<FeedbackEntry> entries, bool withComments, CancellationToken ct)
    {
        if (entries.Count == 0) return [];
        var ids = entries.Select(e => e.Id).ToList();
        var comments = withComments
            ? (await db.FeedbackComments.AsNoTracking().Where(c => ids.Contains(c.FeedbackId)).OrderBy(c => c.At).ToListAsync(ct)).ToLookup(c => c.FeedbackId)
            : Enumerable.Empty<FeedbackComment>().ToLookup(c => c.FeedbackId);
        var peopleIds = comments.SelectMany(g => g).Select(c => c.AuthorId).Concat(entries.Select(e => e.SubmittedById)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => peopleIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var itemIds = entries.Select(e => e.LinkedItemId).OfType<Guid>().Distinct().ToList();
        var itemKeys = itemIds.Count == 0 ? [] : await db.BacklogItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Key, ct);
        var duplicateIds = entries.Select(e => e.DuplicateOfId).OfType<Guid>().Distinct().ToList();
        var duplicateNumbers = duplicateIds.Count == 0 ? [] : await db.Feedback.AsNoTracking().Where(f => duplicateIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Number, ct);
        var myVotes = (await db.FeedbackVotes.AsNoTracking().Where(v => ids.Contains(v.FeedbackId) && v.UserId == me.UserId).Select(v => v.FeedbackId).ToListAsync(ct)).ToHashSet();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));

        return entries.Select(entry =>
        {
            var status = entry.Status == FeedbackStatus.Snoozed && entry.SnoozedUntil <= today ? FeedbackStatus.New : entry.Status;
            return new FeedbackDto(entry.Number, entry.Title, entry.Description, Markdown.ToSafeHtml(entry.Description), entry.Area,
                EnumText.Slug(entry.Urgency), EnumText.Slug(status), Person(entry.SubmittedById), entry.SubmittedAt,
                entry.Votes, myVotes.Contains(entry.Id),
                entry.LinkedItemId is { } item && itemKeys.TryGetValue(item, out var key) ? key : null,
                entry.DuplicateOfId is { } dup && duplicateNumbers.TryGetValue(dup, out var number) ? number : null,
                entry.DeclineReason, entry.SnoozedUntil,
                comments[entry.Id].Select(c => new FeedbackCommentDto(c.Id, Person(c.AuthorId), c.Text, c.At)).ToList(), entry.Version);
        }).ToList();
    }
}
