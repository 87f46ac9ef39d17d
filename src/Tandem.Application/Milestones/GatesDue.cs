using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Program;
using Tandem.Domain.Delivery;

namespace Tandem.Application.Milestones;

/// <summary>The undecided gates of some products due by a date, soonest first (for the TPM's home); the caller has checked who may read them.</summary>
public sealed class GatesDue(TandemDbContext db) : IGatesDue
{
    public const int Max = 50;

    public async Task<IReadOnlyList<GateDue>> ForProductsAsync(IReadOnlyCollection<Guid> productIds, DateOnly until, CancellationToken ct)
    {
        if (productIds.Count == 0) return [];
        var ids = productIds.ToList();
        var rows = await db.Gates.AsNoTracking()
            .Where(g => ids.Contains(g.ProductId) && g.Status != GateStatus.Passed && g.DueOn <= until)
            .Join(db.Milestones, g => g.MilestoneId, m => m.Id, (g, m) => new { g.Id, g.MilestoneId, g.ProductId, g.Kind, g.DueOn, m.Number, m.Name, MilestoneStatus = m.Status })
            .Join(db.Products, x => x.ProductId, p => p.Id, (x, p) => new { x.Id, x.MilestoneId, x.Kind, x.DueOn, x.Number, x.Name, x.MilestoneStatus, p.Key })
            .Where(x => x.MilestoneStatus == MilestoneStatus.Planned)
            .OrderBy(x => x.DueOn).ThenBy(x => x.Key).Take(Max).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var gateIds = rows.Select(r => r.Id).ToList();
        var counts = await db.GateChecklist.AsNoTracking().Where(c => gateIds.Contains(c.GateId)).GroupBy(c => c.GateId)
            .Select(g => new { g.Key, Total = g.Count(), Open = g.Count(c => !c.Done) }).ToDictionaryAsync(g => g.Key, ct);
        return rows.Select(r => new GateDue(r.Id, r.MilestoneId, r.Key, r.Number, r.Name, Gate.Describe(r.Kind), MilestonesFeature.DeciderOf(r.Kind), r.DueOn,
            counts.TryGetValue(r.Id, out var c) ? c.Open : 0, counts.TryGetValue(r.Id, out var t) ? t.Total : 0)).ToList();
    }
}
