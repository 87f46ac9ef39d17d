using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record EpicOption(string Key, string Title);

/// <summary>
/// What the backlog page needs besides the rows: the filter choices (epics, labels, people) and what
/// the current user may do on it, with the sentence that explains a refusal before they try.
/// </summary>
public sealed record BacklogBoardDto(
    string ProductKey,
    string ProductName,
    bool CanReorder,
    bool CanEdit,
    bool CanAdd,
    bool CanSuggest,
    string? ReorderRefusal,
    IReadOnlyList<EpicOption> Epics,
    IReadOnlyList<string> Labels,
    IReadOnlyList<PersonSummary> People,
    int? Finished = null);

public sealed class BacklogBoardFeature(TandemDbContext db, DecisionRightsService rights)
{
    /// <param name="productKey">The product.</param>
    /// <param name="ct">Cancels the reads.</param>
    /// <param name="countFinished">Also count the done and accepted items, which the backlog page hides by default (ADR 29).</param>
    public async Task<Result<BacklogBoardDto>> GetAsync(string productKey, CancellationToken ct, bool countFinished = false)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;
        var actor = await rights.ActorOnAsync(product, ct);
        var canReorder = DecisionRightsTable.IsAllowed(Operations.Backlog.Reorder, actor);

        var epics = await db.BacklogItems.AsNoTracking()
            .Where(i => i.ProductId == product.Id && i.Type == ItemType.Epic)
            .OrderBy(i => i.Rank).Select(i => new EpicOption(i.Key, i.Title)).Take(500).ToListAsync(ct);
        // The product was found within the caller's workspace, so its id already scopes these rows to
        // the tenant; skipping the tenant filter lets the (ProductId, Label) index answer alone,
        // without reading 100,000 rows to check a WorkspaceId they all share.
        var labels = await db.ItemLabels.AsNoTracking().IgnoreQueryFilters([TandemDbContext.TenantFilter])
            .Where(l => l.ProductId == product.Id)
            .Select(l => l.Label).Distinct().OrderBy(l => l).Take(300).ToListAsync(ct);
        var people = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.ProductId == product.Id)
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { u.Id, u.DisplayName })
            .Distinct().OrderBy(p => p.DisplayName).Take(500).ToListAsync(ct);

        // One count from the (ProductId, Status) index; the tenant filter is left out for the reason the labels give.
        int? finished = countFinished
            ? await db.BacklogItems.AsNoTracking().IgnoreQueryFilters([TandemDbContext.TenantFilter])
                .CountAsync(i => i.ProductId == product.Id && (i.Status == ItemStatus.Done || i.Status == ItemStatus.Accepted), ct)
            : null;

        return new BacklogBoardDto(
            product.Key, product.Name, canReorder,
            DecisionRightsTable.IsAllowed(Operations.Backlog.EditItem, actor),
            DecisionRightsTable.IsAllowed(Operations.Backlog.AddItem, actor),
            DecisionRightsTable.IsAllowed(Operations.Backlog.Suggest, actor),
            canReorder ? null : await rights.ExplainRefusalAsync(product, Operations.Backlog.Reorder, actor, ct),
            epics, labels,
            people.Select(p => new PersonSummary(p.Id, p.DisplayName)).ToList(),
            finished);
    }
}
