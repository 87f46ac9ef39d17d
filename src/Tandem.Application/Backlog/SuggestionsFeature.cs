using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
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
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, Items items, BacklogFeature backlog, CriteriaFeature criteria, TimeProvider clock)
{
    public async Task<Result<SuggestionDto>> ProposeAsync(string itemKey, SuggestRequest request, CancellationToken ct)
    {
        if (!EnumText.TryParse(request.Kind, out SuggestionKind kind))
            return Error.Invalid("kind", "kind is \"rank\", \"criterion\" or \"edit\".");
        var operation = kind == SuggestionKind.Criterion ? Operations.AcceptanceCriteria.Propose : Operations.Backlog.Suggest;
        if ((await items.FindAsync(itemKey, operation, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        var now = clock.GetUtcNow();
        if (Rules.Create(() => kind switch
            {
                SuggestionKind.Rank => Suggestion.ForRank(item, request.Position?.Trim().ToLowerInvariant(), request.Before, request.After, request.Note, me.UserId, now),
                SuggestionKind.Criterion => Suggestion.ForCriterion(item, request.Given, request.When, request.Then, request.Note, me.UserId, now),
                _ => Suggestion.ForEdit(item, request.Title, request.Description, request.Note, me.UserId, now),
            }).Failed(out var invalid, out var suggestion)) return invalid;
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
        var validation = new Validation();
        var wanted = EnumText.Optional<SuggestionStatus>(status, "status", validation);
        if (validation.Result is { } invalid) return invalid;
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;

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

    /// <summary>
    /// The Product Owner declines with a reason, or accepts: the suggested change is applied and the decision
    /// logged once, telling both halves ("Accepted a suggestion on PAY-3: move PAY-3 to the top"), all in one save.
    /// </summary>
    public async Task<Result<SuggestionDto>> DecideAsync(Guid id, DecideSuggestionRequest request, CancellationToken ct)
    {
        if (request.Decision is not ("accept" or "decline"))
            return Error.Invalid("decision", "decision is \"accept\" or \"decline\".");
        var decide = Operations.Backlog.DecideSuggestion;
        if ((await rights.LoadAsync<Suggestion>(s => s.Id == id, decide, "There is no such suggestion in your workspace.", ct)).Failed(out var error, out var found)) return error;
        var (suggestion, product) = found;
        if (suggestion.Status != SuggestionStatus.Open)
            return Error.Conflict($"This suggestion was already {EnumText.Slug(suggestion.Status)}.");

        var now = clock.GetUtcNow();
        if (request.Decision == "decline")
        {
            if (Rules.Apply(() => suggestion.Decline(me.UserId, request.Reason, now)) is { } invalid) return invalid;
            if (await rights.DecideAsync(product, decide, new DecisionRecord($"Declined a suggestion on {suggestion.ItemKey}: {Describe(suggestion)}", "item", suggestion.ItemKey, request.Reason), ct) is { } refused)
                return refused;
            if (await db.SaveOrStaleAsync("This suggestion", ct) is { } stale) return stale;
            return (await DtosAsync([suggestion], ct))[0];
        }

        // Applying and deciding share one transaction (a move may respread the backlog first): both or neither.
        return await items.InTransactionAsync<SuggestionDto>(async () =>
        {
            var applied = suggestion.Kind switch
            {
                SuggestionKind.Rank => await MoveAsync(suggestion, ct),
                SuggestionKind.Criterion => (await criteria.StageAddAsync(suggestion.ItemKey, new CriterionRequest(suggestion.Given, suggestion.When, suggestion.Then), decide, ct)).Error,
                _ => (await backlog.StagePatchAsync(suggestion.ItemKey, new PatchItemRequest(null, suggestion.Title, suggestion.Description, null, null, null, null, null), null, ct)).Error,
            };
            if (applied is not null)
            {
                // Nothing half-applied stays tracked for a later save.
                db.ChangeTracker.Clear();
                return applied with { Detail = $"The suggestion could not be applied: {applied.Detail}" };
            }
            suggestion.Accept(me.UserId, request.Reason, now);
            if (await rights.DecideAsync(product, decide, new DecisionRecord($"Accepted a suggestion on {suggestion.ItemKey}: {Describe(suggestion)}", "item", suggestion.ItemKey, request.Reason), ct) is { } refused)
                return refused;
            if (await db.SaveOrStaleAsync(suggestion.ItemKey, ct) is { } stale) return stale;
            return (await DtosAsync([suggestion], ct))[0];
        }, ct);
    }

    /// <summary>Places the suggested item as suggested; the Product Owner's right to decide the suggestion covers the move.</summary>
    private async Task<Error?> MoveAsync(Suggestion suggestion, CancellationToken ct)
    {
        if ((await items.FindAsync(suggestion.ItemKey, Operations.Backlog.DecideSuggestion, ct)).Failed(out var error, out var found)) return error;
        return (await backlog.StageMoveAsync(found, new MoveItemRequest(suggestion.Position, suggestion.Before, suggestion.After), ct)).Error;
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
        return suggestions.Select(s => new SuggestionDto(s.Id, s.ItemKey, EnumText.Slug(s.Kind), Describe(s), s.Note,
            Person(s.ProposedById), s.ProposedAt, EnumText.Slug(s.Status),
            s.DecidedById is { } d ? Person(d) : null, s.DecidedAt, s.DecisionReason)).ToList();
    }
}
