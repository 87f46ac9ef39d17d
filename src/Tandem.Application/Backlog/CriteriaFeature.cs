using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record CriterionRequest(string? Given, string? When, string? Then);

public sealed record TickRequest(bool Met);

/// <summary>
/// Acceptance criteria: the Product Owner writes and verifies them, the team ticks them. Each call
/// answers with the whole item so clients see readiness change with the criteria.
/// </summary>
public sealed class CriteriaFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, BacklogFeature backlog, TimeProvider clock)
{
    public const int MaxPerItem = 50;

    public async Task<Result<BacklogItemDto>> AddAsync(string itemKey, CriterionRequest request, CancellationToken ct)
    {
        var found = await backlog.FindItemAsync(itemKey, Operations.AcceptanceCriteria.Edit, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        var count = await db.AcceptanceCriteria.CountAsync(c => c.ItemId == item.Id, ct);
        if (count >= MaxPerItem) return Error.Conflict($"{item.Key} already has {MaxPerItem} criteria; split the item instead.");
        var position = (await db.AcceptanceCriteria.Where(c => c.ItemId == item.Id).MaxAsync(c => (int?)c.Position, ct) ?? 0) + 1;
        AcceptanceCriterion criterion;
        try
        {
            criterion = AcceptanceCriterion.Create(item, position, request.Given!, request.When!, request.Then!, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        db.AcceptanceCriteria.Add(criterion);
        backlog.Activity(item, $"added acceptance criterion {position}");
        await rights.RecordAsync(product, Operations.AcceptanceCriteria.Edit, $"Added acceptance criterion {position} to {item.Key}", null, "item", item.Key, ct);
        await db.SaveChangesAsync(ct);
        return await backlog.DetailAsync(item, product, ct);
    }

    public async Task<Result<BacklogItemDto>> RewriteAsync(string itemKey, Guid id, CriterionRequest request, CancellationToken ct) =>
        await ChangeAsync(itemKey, id, Operations.AcceptanceCriteria.Edit, (c, key) =>
        {
            c.Rewrite(request.Given, request.When, request.Then);
            return $"Rewrote acceptance criterion {c.Position} of {key}";
        }, ct);

    public async Task<Result<BacklogItemDto>> TickAsync(string itemKey, Guid id, TickRequest request, CancellationToken ct) =>
        await ChangeAsync(itemKey, id, Operations.AcceptanceCriteria.Tick, (c, _) =>
        {
            c.Tick(request.Met, me.UserId);
            return null;
        }, ct);

    public async Task<Result<BacklogItemDto>> VerifyAsync(string itemKey, Guid id, CancellationToken ct) =>
        await ChangeAsync(itemKey, id, Operations.AcceptanceCriteria.Verify, (c, key) =>
        {
            c.Verify(me.UserId);
            return $"Verified acceptance criterion {c.Position} of {key}";
        }, ct);

    public async Task<Result<BacklogItemDto>> RemoveAsync(string itemKey, Guid id, CancellationToken ct)
    {
        var found = await backlog.FindItemAsync(itemKey, Operations.AcceptanceCriteria.Edit, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        var criterion = await db.AcceptanceCriteria.FirstOrDefaultAsync(c => c.Id == id && c.ItemId == item.Id, ct);
        if (criterion is null) return Error.NotFound($"{item.Key} has no such acceptance criterion.");
        db.AcceptanceCriteria.Remove(criterion);
        backlog.Activity(item, $"removed acceptance criterion {criterion.Position}");
        await rights.RecordAsync(product, Operations.AcceptanceCriteria.Edit, $"Removed acceptance criterion {criterion.Position} from {item.Key}",
            $"It read: Given {criterion.Given}, when {criterion.When}, then {criterion.Then}", "item", item.Key, ct);
        await db.SaveChangesAsync(ct);
        return await backlog.DetailAsync(item, product, ct);
    }

    /// <summary>Applies one change; a non-null summary means the change is a decision and is logged.</summary>
    private async Task<Result<BacklogItemDto>> ChangeAsync(string itemKey, Guid id, Operation operation, Func<AcceptanceCriterion, string, string?> change, CancellationToken ct)
    {
        var found = await backlog.FindItemAsync(itemKey, operation, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        var criterion = await db.AcceptanceCriteria.FirstOrDefaultAsync(c => c.Id == id && c.ItemId == item.Id, ct);
        if (criterion is null) return Error.NotFound($"{item.Key} has no such acceptance criterion.");
        string? summary;
        try
        {
            summary = change(criterion, item.Key);
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        if (summary is not null) await rights.RecordAsync(product, operation, summary, null, "item", item.Key, ct);
        backlog.Activity(item, summary is not null
            ? char.ToLowerInvariant(summary[0]) + summary[1..]
            : criterion.IsMet ? $"ticked acceptance criterion {criterion.Position} as met" : $"unticked acceptance criterion {criterion.Position}");
        await db.SaveChangesAsync(ct);
        return await backlog.DetailAsync(item, product, ct);
    }
}
