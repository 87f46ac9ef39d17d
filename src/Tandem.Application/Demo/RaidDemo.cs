using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Impediments;
using Tandem.Domain.Products;
using Tandem.Domain.Raid;

namespace Tandem.Application.Demo;

/// <summary>
/// A populated RAID log (issue 11): a dozen PAY risks spread over the heat map with owners, mitigations, ROAM
/// statuses and a history whose scores moved (so the trend arrows and lines show), a few MOB risks, three
/// assumptions (one invalidated into a risk), two issues, and the Payments Crew's escalated impediment
/// promoted into a risk linked to it and its items. Runs after the Scrum demo (it reads the escalated
/// impediment from the change tracker) and after the milestones (it links a risk to PAY's first one, if any).
/// </summary>
internal static class RaidDemo
{
    private sealed record Seeded(string Title, int P0, int I0, int P1, int I1, RiskStatus Status, string Owner, string Raiser, int RaisedDaysAgo, int ChangedDaysAgo,
        int? ProximityDays, string Mitigation, string Contingency = "", string Trigger = "", string Description = "");

    private static readonly Seeded[] PayRisks =
    [
        new("Card-network certification slips past the launch date", 3, 5, 4, 5, RiskStatus.Owned, "tpm", "tpm", 40, 6, 30,
            "Book the certification lab slot now; run the network's self-test suite weekly.", "Launch to domestic cards only until certified.", "Lab slot not confirmed two weeks before the test window."),
        new("Acquirer sandbox unavailable for end-to-end payout tests", 4, 4, 4, 4, RiskStatus.Open, "tl", "dev1", 20, 20, 14,
            "Contract-test against the acquirer's published schema; ask the partnership contact for credentials."),
        new("3-D Secure 2 challenge flow fails on older Android WebViews", 3, 4, 2, 4, RiskStatus.Mitigated, "dev2", "dev2", 45, 9, null,
            "Fallback to the redirect flow for WebView versions below 90.", Trigger: "Challenge completion rate under 92 %."),
        new("PSD2 strong customer authentication exemption rules change", 2, 4, 2, 4, RiskStatus.Accepted, "po", "po", 60, 60, 90,
            "Accepted: the regulator's consultation closes after our release; we re-assess then."),
        new("Single on-call engineer for the payout service", 4, 3, 3, 3, RiskStatus.Owned, "sm", "sm", 35, 12, null,
            "Pair a second engineer on the runbook; shadow shifts from next sprint."),
        new("Fraud-scoring vendor latency above 300 ms at peak", 3, 3, 4, 3, RiskStatus.Open, "tl", "tl", 28, 5, 21,
            "Cache low-risk merchant scores; time out at 250 ms and fall back to rules.", "Rules-only scoring for the peak hour.", "p95 above 300 ms on two consecutive days."),
        new("Currency conversion rounding differs from the ledger", 2, 5, 2, 5, RiskStatus.Open, "dev1", "dev1", 18, 18, 10,
            "Property-based tests against the ledger's rounding; one shared money library."),
        new("Key person leaves during the release crunch", 2, 3, 2, 3, RiskStatus.Accepted, "tpm", "tpm", 50, 50, null,
            "Accepted: knowledge is shared through pairing; no extra action."),
        new("Payout batch window overlaps the bank's maintenance slot", 1, 4, 1, 4, RiskStatus.Resolved, "dev2", "dev2", 70, 25, null,
            "Moved the batch to 02:00 after the bank confirmed its new slot."),
        new("Stakeholder demo environment shares the staging database", 3, 2, 3, 2, RiskStatus.Open, "sm", "stakeholder", 8, 8, 7,
            "", Description: "Demo data leaks into the test runs; raised by the stakeholder after last review."),
        new("Refund API rate limits hit during the migration", 2, 2, 3, 2, RiskStatus.Open, "dev1", "dev1", 22, 4, 12,
            "Throttle the backfill to 50 requests a second."),
        new("Logging PII in payout error traces", 1, 5, 1, 5, RiskStatus.Mitigated, "tl", "tl", 55, 30, null,
            "Scrubber in the logging pipeline; a test that fails on card numbers in logs."),
    ];

    private static readonly Seeded[] MobRisks =
    [
        new("App-store review delays the wallet release", 3, 3, 3, 4, RiskStatus.Open, "tpm", "po", 15, 3, 20,
            "Submit a build with the feature flagged off a week early."),
        new("Push-notification provider deprecates its legacy API", 2, 3, 2, 3, RiskStatus.Owned, "tl", "tl", 30, 30, 60,
            "Migrate to the HTTP v1 API during the next sprint."),
        new("Offline mode corrupts the cached balance", 2, 4, 1, 4, RiskStatus.Mitigated, "dev1", "dev1", 40, 10, null,
            "Balance is read-only offline and refreshed on reconnect."),
    ];

    public static void Seed(TandemDbContext db, Product pay, Product mob, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var payRisks = SeedRisks(db, pay, PayRisks, 1, people, now, today);
        SeedRisks(db, mob, MobRisks, 1, people, now, today);
        var tpm = people["tpm"].Id;
        var number = PayRisks.Length;

        // Links: the certification risk to PAY's first milestone (when the milestone demo ran) and to an accepted decision
        // record; the rounding risk to two backlog items.
        var items = db.BacklogItems.Local.Where(i => i.ProductId == pay.Id && i.Type != ItemType.Epic).OrderBy(i => i.Number).Take(2).ToList();
        foreach (var item in items)
            db.RaidLinks.Add(RaidLink.Between(pay.WorkspaceId, pay.Id, RaidRecordKind.Risk, payRisks[6].Id, RaidLinkTarget.Item, item.Id, people["dev1"].Id, now.AddDays(-18)));
        if (db.Milestones.Local.Where(m => m.ProductId == pay.Id).OrderBy(m => m.Number).FirstOrDefault() is { } milestone)
            db.RaidLinks.Add(RaidLink.Between(pay.WorkspaceId, pay.Id, RaidRecordKind.Risk, payRisks[0].Id, RaidLinkTarget.Milestone, milestone.Id, tpm, now.AddDays(-6)));
        if (db.ArchitectureDecisions.Local.Where(d => d.ProductId == pay.Id).OrderBy(d => d.Number).FirstOrDefault() is { } record)
            db.RaidLinks.Add(RaidLink.Between(pay.WorkspaceId, pay.Id, RaidRecordKind.Risk, payRisks[5].Id, RaidLinkTarget.Decision, record.Id, people["tl"].Id, now.AddDays(-5)));

        // Assumptions: one open and due soon, one validated, one invalidated that became a risk.
        var volumes = Assumption.Record(pay.WorkspaceId, pay.Id, 1, "Peak payout volume stays under 2,000 a minute until the launch.", today.AddDays(10), people["tl"].Id, now.AddDays(-25));
        var partner = Assumption.Record(pay.WorkspaceId, pay.Id, 2, "The acquirer keeps its current settlement file format this year.", today.AddDays(-5), tpm, now.AddDays(-40));
        partner.Validate(now.AddDays(-7));
        var legal = Assumption.Record(pay.WorkspaceId, pay.Id, 3, "Legal signs the data-processing agreement before development starts.", today.AddDays(-3), tpm, now.AddDays(-30));
        var fromLegal = Risk.FromAssumption(pay.WorkspaceId, pay.Id, ++number, legal.Id, "Data-processing agreement unsigned while development starts",
            "Assumption 3 no longer holds: Legal signs the data-processing agreement before development starts.", 4, 4, tpm, now.AddDays(-3));
        legal.Invalidate(fromLegal, now.AddDays(-3));
        db.Assumptions.AddRange(volumes, partner, legal);
        db.Risks.Add(fromLegal);
        db.RiskHistory.Add(RiskHistory.Of(fromLegal, tpm, now.AddDays(-3)));

        // Issues: one open and due, one resolved.
        var certs = RaidIssue.Record(pay.WorkspaceId, pay.Id, 1, "Expired TLS certificate on the acquirer test endpoint",
            "Our integration tests fail against the acquirer's test endpoint since Monday.", IssuePriority.High, today.AddDays(2), people["tl"].Id, now.AddDays(-4));
        var budget = RaidIssue.Record(pay.WorkspaceId, pay.Id, 2, "Load-test environment over its monthly budget",
            "The soak tests ran for a week by mistake.", IssuePriority.Medium, today.AddDays(-10), tpm, now.AddDays(-20));
        budget.Resolve("Soak tests now stop after 12 hours; finance agreed the overrun.", now.AddDays(-12));
        db.RaidIssues.AddRange(certs, budget);

        // The Payments Crew's escalated impediment, promoted by the TPM into a risk that keeps the link to it and its items.
        if (db.Impediments.Local.Where(i => i.ProductId == pay.Id && i.Status == ImpedimentStatus.Escalated).OrderBy(i => i.Number).FirstOrDefault() is { } escalated)
        {
            var promotedAt = now.AddDays(-2);
            var risk = Risk.Raise(pay.WorkspaceId, pay.Id, ++number, escalated.Title,
                $"{escalated.Description}\n\nEscalated by the Scrum Master: {escalated.EscalationReason}", 4, 3, today.AddDays(9), tpm, promotedAt);
            risk.Handle(tpm, 4, 3, "Escalate through the partnership contact; weekly call with the acquirer's account manager.", "Test payouts against the recorded contract only.", "", today.AddDays(9), promotedAt);
            risk.SetStatus(RiskStatus.Owned, promotedAt);
            db.Risks.Add(risk);
            db.RiskHistory.Add(RiskHistory.Of(risk, tpm, promotedAt));
            db.ImpedimentPromotions.Add(ImpedimentPromotion.ToRisk(pay.WorkspaceId, pay.Id, escalated.Id, risk, tpm, promotedAt));
            db.RaidLinks.Add(RaidLink.Between(pay.WorkspaceId, pay.Id, RaidRecordKind.Risk, risk.Id, RaidLinkTarget.Impediment, escalated.Id, tpm, promotedAt));
            foreach (var itemId in db.ImpedimentItems.Local.Where(l => l.ImpedimentId == escalated.Id).Select(l => l.ItemId).Distinct())
                db.RaidLinks.Add(RaidLink.Between(pay.WorkspaceId, pay.Id, RaidRecordKind.Risk, risk.Id, RaidLinkTarget.Item, itemId, tpm, promotedAt));
        }
    }

    private static List<Risk> SeedRisks(TandemDbContext db, Product product, Seeded[] seeds, int first, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now, DateOnly today)
    {
        var risks = new List<Risk>();
        var number = first;
        foreach (var s in seeds)
        {
            var raisedAt = now.AddDays(-s.RaisedDaysAgo);
            var raiser = people[s.Raiser].Id;
            var tpm = people["tpm"].Id;
            var proximity = s.ProximityDays is { } d ? today.AddDays(d) : (DateOnly?)null;
            var risk = Risk.Raise(product.WorkspaceId, product.Id, number++, s.Title, s.Description, s.P0, s.I0, proximity, raiser, raisedAt);
            db.Risks.Add(risk);
            db.RiskHistory.Add(RiskHistory.Of(risk, raiser, raisedAt));
            // The TPM's handling a day after it was raised (owner, mitigation), then the reassessment and the ROAM status.
            risk.Handle(people[s.Owner].Id, s.P0, s.I0, s.Mitigation, s.Contingency, s.Trigger, proximity, raisedAt.AddDays(1));
            if (s.ChangedDaysAgo < s.RaisedDaysAgo && (s.P1 != s.P0 || s.I1 != s.I0))
            {
                var changedAt = now.AddDays(-s.ChangedDaysAgo);
                risk.Handle(people[s.Owner].Id, s.P1, s.I1, s.Mitigation, s.Contingency, s.Trigger, proximity, changedAt);
                db.RiskHistory.Add(RiskHistory.Of(risk, tpm, changedAt));
            }
            if (s.Status != RiskStatus.Open)
            {
                var at = now.AddDays(-Math.Max(0, s.ChangedDaysAgo - 1));
                risk.SetStatus(s.Status, at);
                db.RiskHistory.Add(RiskHistory.Of(risk, tpm, at));
            }
            risks.Add(risk);
        }
        return risks;
    }
}
