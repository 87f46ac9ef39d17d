using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Forecasting;
using Tandem.Application.Identity;
using Tandem.Domain.Architecture;
using Tandem.Domain.Backlog;
using Tandem.Domain.Delivery;
using Tandem.Domain.Feedback;
using Tandem.Domain.Integrations;
using Tandem.Domain.Products;

namespace Tandem.Application.Demo;

/// <summary>
/// The TPM's milestones on the demo (issue 11). PAY: "Card network certification" four weeks out with more
/// open scope than the Payments Crew's throughput finishes by then (at risk, checked with the same forecast the
/// app shows), a passed design review, a QA sign-off pending with a half-ticked checklist, a go/no-go, a
/// proposed decision record and the live authorisation interface as prerequisites, and an open trade-off
/// with three options; "Merchant dashboard GA" later with little scope (on track). MOB: "Wallet beta".
/// </summary>
public static class MilestoneDemo
{
    private static readonly string[] DesignChecklist = ["Sequence diagrams for authorisation and refunds reviewed", "Failure modes of the acquirer adapter listed"];
    private static readonly string[] QaChecklist = ["Regression suite green on staging", "Certification test cards run end to end", "Load test at 2× peak"];

    public static async Task SeedAsync(TandemDbContext db, Product pay, Product mob, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tpm = people["tpm"].Id;
        var open = await db.BacklogItems.AsNoTracking()
            .Where(i => i.ProductId == pay.Id && i.Type != ItemType.Epic && i.Status != ItemStatus.Done && i.Status != ItemStatus.Accepted)
            .OrderBy(i => i.Rank).Take(60).Select(i => new { i.Id, i.Key }).ToListAsync(ct);

        var certification = Milestone.Plan(pay.WorkspaceId, pay.Id, 1, "Card network certification", today.AddDays(28),
            "The card network's certification suite passes against production-like infrastructure, with evidence filed.", tpm, null, 85, tpm, now.AddDays(-30));
        var dashboard = Milestone.Plan(pay.WorkspaceId, pay.Id, 2, "Merchant dashboard GA", today.AddDays(140),
            "Every merchant sees settlements and payouts on the dashboard; support trained.", people["po"].Id, null, 80, tpm, now.AddDays(-25));
        db.Milestones.AddRange(certification, dashboard);
        var atRiskScope = open.Take(40).ToList();
        foreach (var item in atRiskScope) db.MilestoneScope.Add(MilestoneScope.Of(certification, item.Id));
        foreach (var item in open.Skip(40).Take(6)) db.MilestoneScope.Add(MilestoneScope.Of(dashboard, item.Id));

        var design = Gate.Plan(certification, GateKind.DesignReview, today.AddDays(-5), now.AddDays(-30));
        var qa = Gate.Plan(certification, GateKind.QaSignOff, today.AddDays(21), now.AddDays(-30));
        var security = Gate.Plan(certification, GateKind.SecurityReview, today.AddDays(18), now.AddDays(-30));
        var go = Gate.Plan(certification, GateKind.GoNoGo, today.AddDays(27), now.AddDays(-30));
        db.Gates.AddRange(design, qa, security, go);
        var designLines = DesignChecklist.Select((text, i) => GateChecklistItem.Of(design, i, text, now.AddDays(-30))).ToList();
        foreach (var line in designLines) line.Tick(true, people["tl"].Id, now.AddDays(-6));
        design.Decide(GateStatus.Passed, "Clean design; the adapter's retries are bounded.", people["tl"].Id, now.AddDays(-5));
        var qaLines = QaChecklist.Select((text, i) => GateChecklistItem.Of(qa, i, text, now.AddDays(-30))).ToList();
        qaLines[0].Tick(true, people["dev1"].Id, now.AddDays(-2));
        db.GateChecklist.AddRange(designLines.Concat(qaLines));
        db.GateChecklist.Add(GateChecklistItem.Of(security, 0, "PCI scope review signed", now.AddDays(-30)));

        var adrNumber = (await db.ArchitectureDecisions.Where(a => a.ProductId == pay.Id).MaxAsync(a => (int?)a.Number, ct) ?? 0) + 1;
        var harness = ArchitectureDecision.Propose(pay.WorkspaceId, pay.Id, adrNumber, new DecisionContent(
            "Run the certification suite from a dedicated test harness", "The card network certifies against our production-like stack; running its suite by hand takes days.",
            "Build a harness that replays the network's test cards against staging nightly.", "One more service to keep; certification reruns in an hour.",
            "Tomás Lee", [], []), people["tl"].Id, now.AddDays(-4));
        db.ArchitectureDecisions.Add(harness);
        db.MilestoneLinks.Add(MilestoneLink.Of(certification, PrerequisiteKind.Decision, harness.Id));
        var authorisation = await db.IntegrationInterfaces.AsNoTracking().Where(i => i.ProductId == pay.Id && i.Status == InterfaceStatus.Live)
            .OrderBy(i => i.Name).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
        if (authorisation is { } face) db.MilestoneLinks.Add(MilestoneLink.Of(certification, PrerequisiteKind.Interface, face));

        var mobItems = await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == mob.Id && i.Type != ItemType.Epic)
            .OrderBy(i => i.Rank).Take(5).Select(i => i.Id).ToListAsync(ct);
        var beta = Milestone.Plan(mob.WorkspaceId, mob.Id, 1, "Wallet beta", today.AddDays(70), "A hundred beta users pay with the wallet.", tpm, null, 85, tpm, now.AddDays(-10));
        db.Milestones.Add(beta);
        foreach (var id in mobItems) db.MilestoneScope.Add(MilestoneScope.Of(beta, id));
        db.Gates.Add(Gate.Plan(beta, GateKind.GoNoGo, today.AddDays(68), now.AddDays(-10)));
        await db.SaveChangesAsync(ct);

        // The same forecast the app shows, at the seeding instant: the trade-off records the confidence it was opened at.
        var forecasts = new DeliveryForecasts(db, new FixedClock(now), new ForecastSettings(ForecastSettings.DefaultWeeks));
        var forecast = await forecasts.ForMilestoneAsync(certification, ct);
        var cut = atRiskScope.TakeLast(8).ToList();
        var tradeOff = TradeOff.Open(certification, "The certification scope is larger than the crew finishes in four weeks.", forecast.Confidence,
            today.AddDays(56), cut.Count > 0, 25, null, tpm, now.AddHours(-3));
        db.TradeOffs.Add(tradeOff);
        foreach (var item in cut) db.TradeOffItems.Add(TradeOffItem.Of(tradeOff, item.Id, proposed: true, removed: false));
        db.Notifications.Add(Notification.To(pay.WorkspaceId, people["stakeholder"].Id,
            $"Dana Park opened a trade-off on milestone 1 \"Card network certification\" ({forecast.Confidence ?? 0} % confidence against 85 %).",
            $"/delivery/trade-offs/{tradeOff.Id}", now.AddHours(-3)));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
