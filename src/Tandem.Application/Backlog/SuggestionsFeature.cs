using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record SuggestRequest(
    string? Kind, string? Position, string? Before, string? After, string? Given, string? When, string? Then,
    string? Title, string? Description, string? Note);

public sealed record DecideSuggestionRequest(string? Decision, string? Reason);

public sealed record SuggestionDto(
    Guid Id, string ItemKey, string Kind, string Summary, string? Note, PersonSummary ProposedBy, DateTimeOffset ProposedAt,
    string Status, PersonSummary? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason);

/// <summary>Others suggest, the Product Owner decides: proposals, the PO's inbox, and accepting (which applies) or declining.</summary>
public sealed class SuggestionsFeature(
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, BacklogFeature backlog, CriteriaFeature criteria, TimeProvider clock)
{
    public async Task<Result<SuggestionDto>> ProposeAsync(string itemKey, SuggestRequest request, CancellationToken ct)
    {
        if (!TryKind(request.Kind, out var kind))
            return Error.Invalid("kind", "kind is \"rank\", \"criterion\" or \"edit\".");
        var operation = kind == SuggestionKind.Criterion ? Operations.AcceptanceCriteria.Propose : Operations.Backlog.Suggest;
        var found = await backlog.FindItemAsync(itemKey, operation, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        var now = clock.GetUtcNow();
        Suggestion suggestion;
        try
        {
            suggestion = kind switch
            {
                SuggestionKind.Rank => Suggestion.ForRank(item, request.Position?.Trim().ToLowerInvariant(), request.Before, request.After, request.Note, me.UserId, now),
                SuggestionKind.Criterion => Suggestion.ForCriterion(item, request.Given, request.When, request.Then, request.Note, me.UserId, now),
                _ => Suggestion.ForEdit(item, request.Title, request.Description, request.Note, me.UserId, now),
            };
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        if ((suggestion.Before ?? suggestion.After) is { } target
            && !await db.BacklogItems.AnyAsync(i => i.Key == target && i.ProductId == product.Id, ct))
            return Error.Invalid(suggestion.Before is not null ? "before" : "after", $"{product.Key} has no item {target}.");

        db.Suggestions.Add(suggestion);
        await db.SaveChangesAsync(ct);
        return (await DtosAsync([suggestion], ct))[0];
    }

    public async Task<Result<Page<SuggestionDto>>> ListAsync(string productKey, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } bad) return bad;
        SuggestionStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<SuggestionStatus>(status, true, out var parsed)) wanted = parsed;
            else return Error.Invalid("status", "status is open, accepted or declined.");
        }
        var found = await rights.ProductForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;

        var query = db.Suggestions.AsNoTracking().Where(s => s.ProductId == product.Id);
        if (wanted is { } w) query = query.Where(s => s.Status == w);
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var raw) || !Guid.TryParse(raw, out var afterId)) return Paging.BadCursor;
            query = query.Where(s => s.Id.CompareTo(afterId) < 0);
        }
        var take = limit ?? Paging.DefaultLimit;
        // Ids are time-ordered (UUIDv7), so newest first is id descending.
        var rows = await query.OrderByDescending(s => s.Id).Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        return new Page<SuggestionDto>(await DtosAsync(page, ct), rows.Count > take ? Paging.Encode(page[^1].Id.ToString()) : null);
    }

    public async Task<Result<SuggestionDto>> DecideAsync(Guid id, DecideSuggestionRequest request, CancellationToken ct)
    {
        if (request.Decision is not ("accept" or "decline"))
            return Error.Invalid("decision", "decision is \"accept\" or \"decline\".");
        var suggestion = await db.Suggestions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (suggestion is null) return Error.NotFound("There is no such suggestion in your workspace.");
        var product = await db.Products.FirstAsync(p => p.Id == suggestion.ProductId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Backlog.DecideSuggestion, ct) is { } refused) return refused;
        if (suggestion.Status != SuggestionStatus.Open)
            return Error.Conflict($"This suggestion was already {suggestion.Status.ToString().ToLowerInvariant()}.");

        var now = clock.GetUtcNow();
        if (request.Decision == "decline")
        {
            try
            {
                suggestion.Decline(me.UserId, request.Reason, now);
            }
            catch (DomainException e)
            {
                return Error.Invalid(e.Field, e.Message);
            }
            await rights.RecordAsync(product, Operations.Backlog.DecideSuggestion, $"Declined a suggestion on {suggestion.ItemKey}: {Describe(suggestion)}", request.Reason, "item", suggestion.ItemKey, ct);
            await db.SaveChangesAsync(ct);
            return (await DtosAsync([suggestion], ct))[0];
        }

        // Accepting applies the change and records the decision in one transaction: both or neither.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var applied = suggestion.Kind switch
        {
            SuggestionKind.Rank => (await backlog.MoveAsync(suggestion.ItemKey, new MoveItemRequest(suggestion.Position, suggestion.Before, suggestion.After), ct)).Error,
            SuggestionKind.Criterion => (await criteria.AddAsync(suggestion.ItemKey, new CriterionRequest(suggestion.Given, suggestion.When, suggestion.Then), ct)).Error,
            _ => (await backlog.PatchAsync(suggestion.ItemKey, new PatchItemRequest(null, suggestion.Title, suggestion.Description, null, null, null, null, null), null, ct)).Error,
        };
        if (applied is not null)
        {
            await transaction.RollbackAsync(ct);
            return applied with { Detail = $"The suggestion could not be applied: {applied.Detail}" };
        }
        suggestion = await db.Suggestions.FirstAsync(s => s.Id == id, ct);
        suggestion.Accept(me.UserId, request.Reason, now);
        await rights.RecordAsync(product, Operations.Backlog.DecideSuggestion, $"Accepted a suggestion on {suggestion.ItemKey}: {Describe(suggestion)}", request.Reason, "item", suggestion.ItemKey, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (await DtosAsync([suggestion], ct))[0];
    }

    public static string Describe(Suggestion s) => s.Kind switch
    {
        SuggestionKind.Rank => s.Position is { } p ? $"move {s.ItemKey} to the {p}" : s.Before is { } b ? $"move {s.ItemKey} before {b}" : $"move {s.ItemKey} after {s.After}",
        SuggestionKind.Criterion => $"add criterion: given {s.Given}, when {s.When}, then {s.Then}",
        _ => s.Title is not null ? $"retitle {s.ItemKey} to \"{s.Title}\"" + (s.Description is not null ? " and rewrite its description" : "") : $"rewrite the description of {s.ItemKey}",
    };

    private async Task<List<SuggestionDto>> DtosAsync(IReadOnlyList<Suggestion> suggestions, CancellationToken ct)
    {
        var ids = suggestions.SelectMany(s => new[] { s.ProposedById, s.DecidedById ?? Guid.Empty }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));
        return suggestions.Select(s => new SuggestionDto(s.Id, s.ItemKey, s.Kind.ToString().ToLowerInvariant(), Describe(s), s.Note,
            Person(s.ProposedById), s.ProposedAt, s.Status.ToString().ToLowerInvariant(),
            s.DecidedById is { } d ? Person(d) : null, s.DecidedAt, s.DecisionReason)).ToList();
    }

    private static bool TryKind(string? value, out SuggestionKind kind) => Enum.TryParse(value?.Trim(), true, out kind) && Enum.IsDefined(kind);
}
