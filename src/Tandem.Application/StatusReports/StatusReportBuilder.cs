using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Forecasting;
using Tandem.Application.Program;
using Tandem.Domain.Backlog;
using Tandem.Domain.Delivery;
using Tandem.Domain.Impediments;
using Tandem.Domain.Raid;
using Tandem.Domain.Reports;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.StatusReports;

/// <summary>
/// Builds a product's status report from live data in a fixed handful of queries (milestones, their scope, one
/// throughput read for the product, items done, risks, impediments, decisions, dependencies): no query per
/// milestone. The RAG comes from <see cref="RagRules"/>. Used for drafts on every read, and once at publication.
/// </summary>
public sealed class StatusReportBuilder(TandemDbContext db, DeliveryForecasts forecasts, IAtRiskDependencies dependencies, TimeProvider clock)
{
    public const int TopRisks = 5;
    public const int MaxMilestones = 30;
    public const int MaxImpediments = 20;
    public const int MaxDecisions = 50;
    /// <summary>The subject type the report's own decisions are logged under; they are not news in the next report.</summary>
    public const string SubjectType = "status-report";

    public async Task<StatusReportContent> BuildAsync(Guid productId, string productKey, string productName, DateTimeOffset periodFrom, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var fromDay = DateOnly.FromDateTime(periodFrom.UtcDateTime);

        // Planned milestones, and those achieved or missed in the period; cancelled ones are not reported.
        var milestones = await db.Milestones.AsNoTracking()
            .Where(m => m.ProductId == productId && m.Status != MilestoneStatus.Cancelled && (m.Status == MilestoneStatus.Planned || m.Date >= fromDay))
            .OrderBy(m => m.Date).ThenBy(m => m.Number).Take(MaxMilestones).ToListAsync(ct);
        var scope = await MilestoneScopes.StatusesAsync(db, milestones.Select(m => m.Id).ToList(), ct);
        var history = await forecasts.ThroughputAsync(await forecasts.TeamsOfAsync(productId, ct), null, ct);

        var reported = new List<ReportMilestone>();
        var verdicts = new List<(string, RagVerdict)>();
        foreach (var m in milestones)
        {
            var items = scope.GetValueOrDefault(m.Id) ?? [];
            var open = items.Count(s => s is not (ItemStatus.Done or ItemStatus.Accepted));
            var f = forecasts.Forecast(m, items.Count, open, history, DeliveryForecasts.DefaultSeed);
            var verdict = RagRules.Milestone(new MilestoneRagInput(m.Name, m.Date, m.Status == MilestoneStatus.Achieved, m.Status == MilestoneStatus.Missed,
                items.Count, open, f.HasHistory, f.P85, f.P95, f.Confidence, m.TargetConfidence), today);
            if (m.Status == MilestoneStatus.Planned) verdicts.Add(($"M{m.Number} \"{m.Name}\"", verdict));
            reported.Add(new ReportMilestone(m.Id, m.Number, m.Name, m.Date, EnumText.Slug(m.Status), RagDto.Of(verdict), items.Count - open, items.Count,
                f.P50, f.P85, f.P95, f.Confidence, m.TargetConfidence, m.Status == MilestoneStatus.Planned && (f.AtRisk || verdict.Status == RagStatus.Red), f.Basis));
        }

        var start = periodFrom;
        var doneInPeriod = await db.SprintItems.AsNoTracking()
            .Where(s => s.CompletedAt != null && s.CompletedAt >= start && s.CompletedAt < now && s.RemovedAt == null)
            .Join(db.BacklogItems.Where(i => i.ProductId == productId), s => s.ItemId, i => i.Id, (s, i) => i.Id)
            .Distinct().CountAsync(ct);

        var openRisks = db.Risks.AsNoTracking().Where(r => r.ProductId == productId
            && (r.Status == RiskStatus.Open || r.Status == RiskStatus.Owned || r.Status == RiskStatus.Accepted));
        var risks = await openRisks.OrderByDescending(r => r.Score).ThenBy(r => r.ProximityOn == null).ThenBy(r => r.ProximityOn).ThenBy(r => r.Number)
            .Take(TopRisks).ToListAsync(ct);
        var highRisks = risks.Count == 0 ? 0 : await openRisks.CountAsync(r => r.Score >= RagRules.HighRiskScore, ct);

        var impediments = await db.Impediments.AsNoTracking().Where(i => i.ProductId == productId && i.Status == ImpedimentStatus.Escalated)
            .OrderBy(i => i.EscalatedAt).Take(MaxImpediments).ToListAsync(ct);

        var decisions = await db.DecisionLog.AsNoTracking()
            .Where(d => d.ProductId == productId && d.At >= start && d.At <= now && d.SubjectType != SubjectType)
            .OrderByDescending(d => d.Id).Take(MaxDecisions).ToListAsync(ct);

        var people = risks.Select(r => r.OwnerId).Distinct().ToList();
        var names = people.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var atRisk = await dependencies.ForProductsAsync([productId], ct);

        var rag = RagRules.Product(new ProductRagInput(verdicts, highRisks, risks.Count == 0 ? 0 : risks[0].Score, impediments.Count, atRisk.Count));
        var planned = reported.Where(r => r.Status == "planned").ToList();
        return new StatusReportContent(productKey, productName, today, periodFrom, now, RagDto.Of(rag), reported,
            new ReportProgress(planned.Sum(p => p.DoneItems), planned.Sum(p => p.TotalItems), doneInPeriod), DeliveryForecasts.Basis(history),
            risks.Select(r => new ReportRisk(r.Id, r.Number, r.Title, r.Probability, r.Impact, r.Score, EnumText.Slug(r.Status), r.ProximityOn,
                new PersonSummary(r.OwnerId, names.GetValueOrDefault(r.OwnerId, "someone")))).ToList(),
            atRisk,
            impediments.Select(i => new ReportImpediment(i.Id, i.Number, i.Title, EnumText.Slug(i.Impact), i.EscalatedAt, i.EscalationReason, i.AgeDays(now))).ToList(),
            decisions.Select(d => new ReportDecision(d.At, d.ActorName, d.Role is { } role ? role.Title() : null, d.Operation, d.Summary, d.Reason, d.SubjectType, d.SubjectKey)).ToList());
    }
}

/// <summary>Milestones' scope read in bulk, for the status report and the TPM's home (no query per milestone).</summary>
public static class MilestoneScopes
{
    /// <summary>The item statuses in each milestone's scope (items named, and the children of epics named), in two queries for all milestones.</summary>
    public static async Task<Dictionary<Guid, List<ItemStatus>>> StatusesAsync(TandemDbContext db, IReadOnlyList<Guid> milestoneIds, CancellationToken ct)
    {
        if (milestoneIds.Count == 0) return [];
        var named = await db.MilestoneScope.AsNoTracking().Where(s => milestoneIds.Contains(s.MilestoneId)).Select(s => new { s.MilestoneId, s.ItemId }).ToListAsync(ct);
        if (named.Count == 0) return [];
        var namedIds = named.Select(n => n.ItemId).Distinct().ToList();
        var items = await db.BacklogItems.AsNoTracking()
            .Where(i => (namedIds.Contains(i.Id) && i.Type != ItemType.Epic) || (i.EpicId != null && namedIds.Contains(i.EpicId.Value)))
            .Select(i => new { i.Id, i.EpicId, i.Status }).ToListAsync(ct);
        var byId = items.ToDictionary(i => i.Id);
        var byEpic = items.Where(i => i.EpicId != null).ToLookup(i => i.EpicId!.Value);
        var result = new Dictionary<Guid, List<ItemStatus>>();
        foreach (var group in named.GroupBy(n => n.MilestoneId))
        {
            var seen = new Dictionary<Guid, ItemStatus>();
            foreach (var n in group)
            {
                if (byId.TryGetValue(n.ItemId, out var item)) seen[item.Id] = item.Status;
                foreach (var child in byEpic[n.ItemId]) seen[child.Id] = child.Status;
            }
            result[group.Key] = seen.Values.ToList();
        }
        return result;
    }
}
