using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record CriterionRequest(string? Given, string? When, string? Then);

public sealed record TickRequest(bool Met);

/// <summary>
/// Acceptance criteria: the Product Owner writes and verifies them, the team ticks them. Each call
/// answers with the whole item so clients see readiness change with the criteria.
/// </summary>
public sealed class CriteriaFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, Items items, TimeProvider clock)
{
    public const int MaxPerItem = 50;

    public async Task<Result<BacklogItemDto>> AddAsync(string itemKey, CriterionRequest request, CancellationToken ct)
    {
        if ((await StageAddAsync(itemKey, request, Operations.AcceptanceCriteria.Edit, ct)).Failed(out var error, out var added)) return error;
        var ((item, product), position) = added;
        if (await rights.DecideAsync(product, Operations.AcceptanceCriteria.Edit,
                new DecisionRecord($"Added acceptance criterion {position} to {item.Key}", "item", item.Key), ct) is { } refused)
            return refused;
        await db.SaveChangesAsync(ct);
        return await items.DetailAsync(item, product, ct);
    }

    /// <summary>
    /// Adds the criterion and its activity line, unsaved and unlogged: adding one logs it as a change of the
    /// criteria, an accepted suggestion as the Product Owner's decision on the suggestion.
    /// </summary>
    internal async Task<Result<(Owned<BacklogItem> Found, int Position)>> StageAddAsync(string itemKey, CriterionRequest request, Operation operation, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, operation, ct)).Failed(out var error, out var found)) return error;
        var item = found.Entity;
        var count = await db.AcceptanceCriteria.CountAsync(c => c.ItemId == item.Id, ct);
        if (count >= MaxPerItem) return Error.Conflict($"{item.Key} already has {MaxPerItem} criteria; split the item instead.");
        var position = (await db.AcceptanceCriteria.Where(c => c.ItemId == item.Id).MaxAsync(c => (int?)c.Position, ct) ?? 0) + 1;
        if (Rules.Create(() => AcceptanceCriterion.Create(item, position, request.Given ?? "", request.When ?? "", request.Then ?? "", clock.GetUtcNow()))
            .Failed(out var invalid, out var criterion)) return invalid;
        db.AcceptanceCriteria.Add(criterion);
        items.Activity(item, $"added acceptance criterion {position}");
        return (found, position);
    }

    public Task<Result<BacklogItemDto>> RewriteAsync(string itemKey, Guid id, CriterionRequest request, CancellationToken ct) =>
        ChangeAsync(itemKey, id, Operations.AcceptanceCriteria.Edit, (c, key) =>
        {
            c.Rewrite(request.Given, request.When, request.Then);
            return $"Rewrote acceptance criterion {c.Position} of {key}";
        }, ct);

    public Task<Result<BacklogItemDto>> TickAsync(string itemKey, Guid id, TickRequest request, CancellationToken ct) =>
        ChangeAsync(itemKey, id, Operations.AcceptanceCriteria.Tick, (c, _) =>
        {
            c.Tick(request.Met, me.UserId);
            return null;
        }, ct);

    public Task<Result<BacklogItemDto>> VerifyAsync(string itemKey, Guid id, CancellationToken ct) =>
        ChangeAsync(itemKey, id, Operations.AcceptanceCriteria.Verify, (c, key) =>
        {
            c.Verify(me.UserId);
            return $"Verified acceptance criterion {c.Position} of {key}";
        }, ct);

    public async Task<Result<BacklogItemDto>> RemoveAsync(string itemKey, Guid id, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, Operations.AcceptanceCriteria.Edit, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        var criterion = await db.AcceptanceCriteria.FirstOrDefaultAsync(c => c.Id == id && c.ItemId == item.Id, ct);
        if (criterion is null) return Error.NotFound($"{item.Key} has no such acceptance criterion.");
        if (await rights.DecideAsync(product, Operations.AcceptanceCriteria.Edit, new DecisionRecord(
                $"Removed acceptance criterion {criterion.Position} from {item.Key}", "item", item.Key,
                $"It read: Given {criterion.Given}, when {criterion.When}, then {criterion.Then}"), ct) is { } refused)
            return refused;
        db.AcceptanceCriteria.Remove(criterion);
        items.Activity(item, $"removed acceptance criterion {criterion.Position}");
        await db.SaveChangesAsync(ct);
        return await items.DetailAsync(item, product, ct);
    }

    /// <summary>Applies one change; a non-null summary means the change is a decision and is logged.</summary>
    private async Task<Result<BacklogItemDto>> ChangeAsync(string itemKey, Guid id, Operation operation, Func<AcceptanceCriterion, string, string?> change, CancellationToken ct)
    {
        if ((await items.FindAsync(itemKey, operation, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        var criterion = await db.AcceptanceCriteria.FirstOrDefaultAsync(c => c.Id == id && c.ItemId == item.Id, ct);
        if (criterion is null) return Error.NotFound($"{item.Key} has no such acceptance criterion.");
        string? summary = null;
        if (Rules.Apply(() => summary = change(criterion, item.Key)) is { } invalid) return invalid;
        if (summary is not null && await rights.DecideAsync(product, operation, new DecisionRecord(summary, "item", item.Key), ct) is { } refused)
            return refused;
        items.Activity(item, summary is not null
            ? char.ToLowerInvariant(summary[0]) + summary[1..]
            : criterion.IsMet ? $"ticked acceptance criterion {criterion.Position} as met" : $"unticked acceptance criterion {criterion.Position}");
        await db.SaveChangesAsync(ct);
        return await items.DetailAsync(item, product, ct);
    }
}
