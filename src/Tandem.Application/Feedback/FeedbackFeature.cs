using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
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
public sealed class FeedbackFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, BacklogFeature backlog, TimeProvider clock)
{
    public async Task<Result<FeedbackDto>> SubmitAsync(string productKey, SubmitFeedbackRequest request, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(productKey, Operations.Feedback.Submit, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var urgency = Urgency.Medium;
        if (!string.IsNullOrWhiteSpace(request.Urgency) && !Enum.TryParse(request.Urgency.Trim(), true, out urgency))
            return Error.Invalid("urgency", "urgency is low, medium, high or critical.");

        for (var attempt = 0; ; attempt++)
        {
            var number = (await db.Feedback.Where(f => f.ProductId == product.Id).MaxAsync(f => (int?)f.Number, ct) ?? 0) + 1;
            FeedbackEntry entry;
            try
            {
                entry = FeedbackEntry.Submit(product.WorkspaceId, product.Id, number, request.Title, request.Description, request.Area, urgency, me.UserId, clock.GetUtcNow());
            }
            catch (DomainException e)
            {
                return Error.Invalid(e.Field, e.Message);
            }
            db.Feedback.Add(entry);
            try
            {
                await db.SaveChangesAsync(ct);
                return await DtoAsync(entry, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<Result<Page<FeedbackDto>>> ListAsync(string productKey, FeedbackQuery query, CancellationToken ct)
    {
        if (Paging.ValidateLimit(query.Limit) is { } bad) return bad;
        FeedbackStatus? status = null;
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            if (Enum.TryParse<FeedbackStatus>(query.Status.Trim(), true, out var s)) status = s;
            else return Error.Invalid("status", $"status is one of {string.Join(", ", Enum.GetNames<FeedbackStatus>().Select(n => n.ToLowerInvariant()))}.");
        }
        var found = await rights.ProductForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;

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
        var found = await EntryAsync(productKey, number, Operations.Products.Read, ct);
        return found.IsSuccess ? await DtoAsync(found.Value!.Entry, ct) : found.Error!;
    }

    public async Task<Result<FeedbackDto>> VoteAsync(string productKey, int number, bool vote, CancellationToken ct)
    {
        var found = await EntryAsync(productKey, number, Operations.Feedback.Vote, ct);
        if (!found.IsSuccess) return found.Error!;
        var entry = found.Value!.Entry;
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
        await db.SaveChangesAsync(ct);
        return await DtoAsync(entry, ct);
    }

    public async Task<Result<FeedbackDto>> CommentAsync(string productKey, int number, CommentRequest request, CancellationToken ct)
    {
        var found = await EntryAsync(productKey, number, Operations.Feedback.Vote, ct);
        if (!found.IsSuccess) return found.Error!;
        var entry = found.Value!.Entry;
        try
        {
            db.FeedbackComments.Add(FeedbackComment.Write(entry, me.UserId, request.Text, clock.GetUtcNow()));
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        await db.SaveChangesAsync(ct);
        return await DtoAsync(entry, ct);
    }

    public async Task<Result<FeedbackDto>> TriageAsync(string productKey, int number, TriageRequest request, CancellationToken ct)
    {
        var found = await EntryAsync(productKey, number, Operations.Feedback.Triage, ct);
        if (!found.IsSuccess) return found.Error!;
        var (entry, product) = found.Value!;
        var now = clock.GetUtcNow();
        var label = $"{product.Key} feedback #{entry.Number}";
        string summary, notice;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            switch (request.Action?.Trim().ToLowerInvariant())
            {
                case "link":
                {
                    var key = request.ItemKey?.Trim().ToUpperInvariant();
                    var item = key is null ? null : await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == key && i.ProductId == product.Id, ct);
                    if (item is null) return Error.Invalid("itemKey", $"{product.Key} has no item {request.ItemKey}.");
                    entry.LinkTo(item.Id, item.Status == ItemStatus.Accepted);
                    (summary, notice) = ($"Linked {label} \"{entry.Title}\" to {item.Key}", $"Your feedback \"{entry.Title}\" is planned as {item.Key}.");
                    break;
                }
                case "create-item":
                {
                    var created = await backlog.CreateAsync(product.Key, new CreateItemRequest(request.Type ?? "story",
                        string.IsNullOrWhiteSpace(request.Title) ? entry.Title : request.Title,
                        $"From {label}.\n\n{entry.Description}", null, null, null), ct);
                    if (!created.IsSuccess) return created.Error!;
                    var item = await db.BacklogItems.FirstAsync(i => i.Key == created.Value!.Key, ct);
                    entry = await db.Feedback.FirstAsync(f => f.Id == entry.Id, ct);
                    entry.LinkTo(item.Id, itemAlreadyAccepted: false);
                    (summary, notice) = ($"Created {item.Key} from {label} \"{entry.Title}\"", $"Your feedback \"{entry.Title}\" became backlog item {item.Key}.");
                    break;
                }
                case "duplicate":
                {
                    var original = request.DuplicateOf is { } n ? await db.Feedback.FirstOrDefaultAsync(f => f.ProductId == product.Id && f.Number == n, ct) : null;
                    if (original is null) return Error.Invalid("duplicateOf", $"{product.Key} has no feedback #{request.DuplicateOf}.");
                    entry.MarkDuplicateOf(original);
                    (summary, notice) = ($"Marked {label} as a duplicate of #{original.Number}", $"Your feedback \"{entry.Title}\" duplicates #{original.Number} \"{original.Title}\"; follow that one.");
                    break;
                }
                case "decline":
                    entry.Decline(request.Reason);
                    (summary, notice) = ($"Declined {label} \"{entry.Title}\"", $"Your feedback \"{entry.Title}\" was declined: {request.Reason}");
                    break;
                case "snooze":
                    if (request.Until is not { } until) return Error.Invalid("until", "Say until which day (YYYY-MM-DD).");
                    entry.Snooze(until, DateOnly.FromDateTime(now.UtcDateTime));
                    (summary, notice) = ($"Snoozed {label} until {until:yyyy-MM-dd}", $"Your feedback \"{entry.Title}\" will be looked at again after {until:yyyy-MM-dd}.");
                    break;
                default:
                    return Error.Invalid("action", "action is link, create-item, duplicate, decline or snooze.");
            }
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        await rights.RecordAsync(product, Operations.Feedback.Triage, summary, request.Reason, "feedback", $"{product.Key}#{entry.Number}", ct);
        if (entry.SubmittedById != me.UserId)
            db.Notifications.Add(Notification.To(product.WorkspaceId, entry.SubmittedById, notice, FeedbackLink(product.Key, entry.Number), now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale($"{label} was triaged by someone else meanwhile. Reload it.");
        }
        await transaction.CommitAsync(ct);
        return await DtoAsync(entry, ct);
    }

    public static string FeedbackLink(string productKey, int number) => $"/p/{productKey}/feedback/{number}";


    private async Task<Result<(FeedbackEntry Entry, Product Product)>> EntryAsync(string productKey, int number, Operation operation, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(productKey, operation, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var entry = await db.Feedback.FirstOrDefaultAsync(f => f.ProductId == product.Id && f.Number == number, ct);
        return entry is null ? Error.NotFound($"{product.Key} has no feedback #{number}.") : (entry, product);
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
        var itemIds = entries.Where(e => e.LinkedItemId is not null).Select(e => e.LinkedItemId!.Value).Distinct().ToList();
        var itemKeys = itemIds.Count == 0 ? [] : await db.BacklogItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Key, ct);
        var duplicateIds = entries.Where(e => e.DuplicateOfId is not null).Select(e => e.DuplicateOfId!.Value).Distinct().ToList();
        var duplicateNumbers = duplicateIds.Count == 0 ? [] : await db.Feedback.AsNoTracking().Where(f => duplicateIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Number, ct);
        var myVotes = (await db.FeedbackVotes.AsNoTracking().Where(v => ids.Contains(v.FeedbackId) && v.UserId == me.UserId).Select(v => v.FeedbackId).ToListAsync(ct)).ToHashSet();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));

        return entries.Select(entry =>
        {
            var status = entry.Status == FeedbackStatus.Snoozed && entry.SnoozedUntil <= today ? FeedbackStatus.New : entry.Status;
            return new FeedbackDto(entry.Number, entry.Title, entry.Description, Markdown.ToSafeHtml(entry.Description), entry.Area,
                entry.Urgency.ToString().ToLowerInvariant(), status.ToString().ToLowerInvariant(), Person(entry.SubmittedById), entry.SubmittedAt,
                entry.Votes, myVotes.Contains(entry.Id),
                entry.LinkedItemId is { } item && itemKeys.TryGetValue(item, out var key) ? key : null,
                entry.DuplicateOfId is { } dup && duplicateNumbers.TryGetValue(dup, out var number) ? number : null,
                entry.DeclineReason, entry.SnoozedUntil,
                comments[entry.Id].Select(c => new FeedbackCommentDto(c.Id, Person(c.AuthorId), c.Text, c.At)).ToList(), entry.Version);
        }).ToList();
    }
}
