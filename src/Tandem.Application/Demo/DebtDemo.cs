using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Debt;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// PAY's technical-debt register as weeks of use leave it: registered debt with its tech-debt items at
/// the bottom of the backlog, a developer's proposal waiting for the Tech Lead, one debt repaid, the
/// snapshots that draw the trend, and a capacity share the Tech Lead proposed and the PO agreed.
/// Deterministic: the same rows on every seed.
/// </summary>
internal static class DebtDemo
{
    public static void Seed(TandemDbContext db, Product pay, IReadOnlyList<BacklogItem> items, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var tl = people["tl"];
        var po = people["po"];
        var number = items.Where(i => i.ProductId == pay.Id).Max(i => i.Number);
        var rank = items.Where(i => i.ProductId == pay.Id).Select(i => i.Rank).Max(StringComparer.Ordinal);
        var register = new List<DebtItem>();

        void Snapshot(DateTimeOffset at)
        {
            var open = register.Where(d => d.IsOutstanding).ToList();
            db.DebtSnapshots.Add(DebtSnapshot.Take(pay.WorkspaceId, pay.Id, at, open.Sum(d => d.Principal), open.Sum(d => d.Interest), open.Count));
        }

        DebtItem Record(int daysAgo, string title, string description, string area, DebtKind kind, decimal principal, decimal interest, DebtRisk risk, string foundBy, TandemUser by, bool registered)
        {
            var at = now.AddDays(-daysAgo);
            var debt = DebtItem.Record(pay.WorkspaceId, pay.Id, title, description, area, kind, principal, interest, risk, foundBy, by.Id, at);
            db.DebtItems.Add(debt);
            register.Add(debt);
            if (registered)
            {
                rank = Rank.Between(rank, null);
                var item = BacklogItem.Create(pay.WorkspaceId, pay.Id, pay.Key, ++number, ItemType.TechDebt, title, description, rank, tl.Id, at);
                db.BacklogItems.Add(item);
                db.ItemActivity.Add(ItemActivity.Record(item, tl.Id, "registered this as technical debt", at));
                debt.Register(item.Id, item.Key, at);
                db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, at, tl.Id, tl.DisplayName, Role.TechLead,
                    Operations.Debt.Register, $"Recorded technical debt \"{title}\" as {item.Key}", null, "debt", debt.Id.ToString()));
                Snapshot(at);
            }
            return debt;
        }

        var retries = Record(56, "Payment gateway client has no retries or timeouts",
            "A slow acquirer response holds a checkout request for up to 60 s. Every incident review since spring names it.\n\n- add timeouts per call\n- retry idempotent calls with backoff",
            "Payments gateway", DebtKind.Code, 4, 1, DebtRisk.High, "Incident review after the September outage", tl, registered: true);
        Record(49, "Settlement batch runs as one 2-hour transaction",
            "The nightly settlement job locks the payouts table for its whole run; next-day payouts need it split per merchant.",
            "Settlement", DebtKind.Architecture, 8, 1.5m, DebtRisk.High, "Load test for next-day payouts", tl, registered: true);
        Record(35, "Fee calculation has no tests for currency rounding",
            "Rounding per ISO 4217 minor units is done in three places and tested in none.",
            "Fees", DebtKind.Tests, 3, 0.5m, DebtRisk.Medium, "The JPY refund bug", tl, registered: true);
        Record(21, "Reporting service on an end-of-life .NET runtime",
            "Security patches stop in six months; the upgrade touches the PDF library too.",
            "Reports", DebtKind.Dependency, 5, 0.5m, DebtRisk.Medium, "Dependency audit", tl, registered: true);
        Record(6, "Runbook for payout failures is out of date",
            "On-call engineers follow steps for the old bank file format.",
            "Operations", DebtKind.Documentation, 1, 0.5m, DebtRisk.Low, "On-call hand-over", people["dev1"], registered: false);

        var repaidAt = now.AddDays(-10);
        retries.Close(DebtStatus.Repaid, repaidAt);
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, repaidAt, tl.Id, tl.DisplayName, Role.TechLead,
            Operations.Debt.Register, $"Marked technical debt \"{retries.Title}\" repaid", null, "debt", retries.Id.ToString()));
        Snapshot(repaidAt);

        var proposedAt = now.AddDays(-40);
        var share = DebtCapacityProposal.Propose(pay.WorkspaceId, pay.Id, 15, "Interest is above two days a sprint; pay it down steadily.", tl.Id, tl.DisplayName, proposedAt);
        share.Agree(po.Id, po.DisplayName, proposedAt.AddDays(1));
        db.DebtCapacityProposals.Add(share);
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, proposedAt, tl.Id, tl.DisplayName, Role.TechLead,
            Operations.Debt.ProposeCapacityShare, "Proposed 15 % of sprint capacity for technical debt", share.Reason, "debt-capacity", share.Id.ToString()));
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, proposedAt.AddDays(1), po.Id, po.DisplayName, Role.ProductOwner,
            Operations.Debt.AgreeCapacityShare, $"Agreed 15 % of sprint capacity for technical debt (proposed by {tl.DisplayName})", share.Reason, "debt-capacity", share.Id.ToString()));
    }
}
