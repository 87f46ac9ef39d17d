using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionLog;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Members;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Home;

/// <summary>Something waiting for the current user's decision, with where to make it.</summary>
public sealed record AwaitingDecision(string Title, string Detail, string Area, string Href);

public sealed record HomeDto(
    string ProductKey,
    string ProductName,
    IReadOnlyList<Role> MyRoles,
    bool IsWorkspaceAdmin,
    IReadOnlyList<AreaRule> IDecide,
    IReadOnlyList<AreaRule> IContribute,
    IReadOnlyList<AwaitingDecision> Awaiting,
    IReadOnlyList<WarningDto> Warnings,
    IReadOnlyList<DecisionLogEntryDto> RecentDecisions);

/// <summary>
/// A person's landing page on a product: what needs their decision now, what they decide and
/// contribute to, and what was decided recently. Later workspaces add their own awaiting decisions.
/// </summary>
public sealed class HomeFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, MembersFeature members, DecisionLogFeature log)
{
    public async Task<Result<HomeDto>> GetAsync(string key, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(key, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var actor = await rights.ActorOnAsync(product, ct);

        var decide = DecisionRightsTable.Areas.Where(a => a.Decides.Includes(actor)).ToList();
        var contribute = DecisionRightsTable.Areas.Where(a => !a.Decides.Includes(actor) && a.Contributes.Includes(actor)).ToList();
        var warnings = await members.WarningsAsync(product, ct);

        var awaiting = new List<AwaitingDecision>();
        if (me.IsWorkspaceAdmin)
        {
            awaiting.AddRange(warnings.Select(w => new AwaitingDecision(
                w.Kind == "no-product-owner" ? "Assign a Product Owner" : "Review role combination",
                w.Message, AreaSlugs.Slug(DecisionArea.Membership), $"/admin/products/{product.Key}")));
            var productsWithoutOwner = await db.Products.AsNoTracking()
                .Where(p => p.Id != product.Id && !db.RoleAssignments.Any(r => r.ProductId == p.Id && r.Role == Role.ProductOwner))
                .OrderBy(p => p.Key).Select(p => p.Key).Take(10).ToListAsync(ct);
            awaiting.AddRange(productsWithoutOwner.Select(k => new AwaitingDecision(
                "Assign a Product Owner", $"{k} has no Product Owner.", AreaSlugs.Slug(DecisionArea.Membership), $"/admin/products/{k}")));
        }

        IReadOnlyList<DecisionLogEntryDto> recent = [];
        if (DecisionRightsTable.IsAllowed(Operations.Products.ReadDecisionLog, actor))
        {
            var page = await log.ListAsync(product.Key, new DecisionLogQuery(null, null, null, 8, null), ct);
            if (page.IsSuccess) recent = page.Value!.Items;
        }

        return new HomeDto(product.Key, product.Name, actor.Roles.Order().ToList(), me.IsWorkspaceAdmin,
            decide, contribute, awaiting, warnings, recent);
    }
}
