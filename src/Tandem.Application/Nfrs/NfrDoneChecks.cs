using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Domain.Nfrs;

namespace Tandem.Application.Nfrs;

/// <summary>The lines the NFRs linked to an item add to its Definition of Done: one per NFR, met when its latest verification is.</summary>
public sealed class NfrDoneChecks(TandemDbContext db) : IDoneChecks
{
    private static readonly Task<IReadOnlyList<NfrDoneCheck>> None = Task.FromResult<IReadOnlyList<NfrDoneCheck>>([]);

    /// <summary>A line needs an NFR link to the item, and nothing can link to an item before its create has answered.</summary>
    public Task<IReadOnlyList<NfrDoneCheck>> ForNewItemAsync(Guid itemId, CancellationToken ct) => None;

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
