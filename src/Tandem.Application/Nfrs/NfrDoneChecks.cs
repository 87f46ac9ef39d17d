using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Domain.Nfrs;

namespace Tandem.Application.Nfrs;

/// <summary>The lines the NFRs linked to an item add to its Definition of Done: one per NFR, met when its latest verification is.</summary>
public sealed class NfrDoneChecks(TandemDbContext db) : IDoneChecks
{
    public async Task<IReadOnlyList<NfrDoneCheck>> ForItemAsync(Guid itemId, CancellationToken ct)
    {
        var linked = await db.NfrLinks.AsNoTracking().Where(l => l.TargetId == itemId && l.Kind == NfrLinkKind.Item)
            .Join(db.Nfrs.AsNoTracking(), l => l.NfrId, n => n.Id, (l, n) => n)
            .Where(n => n.Status != NfrStatus.Retired).ToListAsync(ct);
        return linked.OrderBy(n => n.Number).Select(n =>
        {
            var target = n.Target.Length > 0 ? n.Target : "(target not set)";
            var result = n.LatestResult ?? NfrResult.NotVerified;
            return new NfrDoneCheck(n.Id, n.Code, $"{n.Code} {n.Metric} {target} met?", result == NfrResult.Met, EnumText.Slug(result));
        }).ToList();
    }
}
