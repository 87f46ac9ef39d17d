using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Forecasting;
using Tandem.Application.Identity;
using Tandem.Application.Program;
using Tandem.Application.StatusReports;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;
using Tandem.Domain.Reports;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// PAY's status reports: report 1 published a week ago with both narratives, its content built by the real
/// <see cref="StatusReportBuilder"/> from what the demo seeded before (as it read then) and frozen; and the draft of
/// report 2, live. Runs last, after everything it reports on.
/// </summary>
internal static class StatusReportDemo
{
    public static async Task SeedAsync(TandemDbContext db, Product pay, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now, CancellationToken ct)
    {
        var (tpm, po, stakeholder) = (people["tpm"], people["po"], people["stakeholder"]);
        var publishedAt = now.AddDays(-7);
        var then = new FixedClock(publishedAt);
        var builder = new StatusReportBuilder(db, new DeliveryForecasts(db, then, new ForecastSettings(ForecastSettings.DefaultWeeks)), new StoredAtRisk(db), then);

        var first = StatusReport.Start(pay.WorkspaceId, pay.Id, 1, publishedAt.AddDays(-StatusReportsFeature.FirstPeriodDays), tpm.Id, publishedAt.AddHours(-3));
        first.WriteProductNarrative("Card payments for the two pilot merchants stay the priority; refunds in JPY moved up after the rounding bug. " +
            "We deferred the loyalty integration to keep the pilot date.", po.Id, publishedAt.AddHours(-2));
        first.WriteDeliveryNarrative("The Payments Crew holds a steady throughput; the card-network certification is the date we do not control, " +
            "so the certification test slot is booked and the fallback is a later pilot with one merchant.", tpm.Id, publishedAt.AddHours(-1));
        var content = await builder.BuildAsync(pay.Id, pay.Key, pay.Name, first.PeriodFrom, ct);
        first.Publish(JsonSerializer.Serialize(content, StatusReportsFeature.Json), content.Rag.Status, tpm.Id, publishedAt);
        db.StatusReports.Add(first);
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, publishedAt, tpm.Id, tpm.DisplayName, Role.TechnicalProjectManager,
            Operations.Reports.PublishDelivery, $"Published status report 1 of {pay.Key} ({content.Rag.Status})", content.Rag.Rule, StatusReportBuilder.SubjectType, "1"));
        // Stella was told and has read it (the demo's stakeholder starts with nothing unread).
        var told = Notification.To(pay.WorkspaceId, stakeholder.Id, $"{tpm.DisplayName} published status report 1 of {pay.Key}: {content.Rag.Status}.",
            $"/status-reports/{first.Id}", publishedAt);
        told.MarkRead(publishedAt.AddHours(2));
        db.Notifications.Add(told);

        // The draft of the next report: live, its period starting at the last publication.
        db.StatusReports.Add(StatusReport.Start(pay.WorkspaceId, pay.Id, 2, publishedAt, tpm.Id, now.AddDays(-1)));
    }

    /// <summary>A clock stopped at one instant, so the published report reads the data as it stood then.</summary>
    private sealed class FixedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}

/// <summary>The demo's dependencies at risk as the dependency demo stored them (the report is built while the demo seeds, before anyone is signed in).</summary>
internal sealed class StoredAtRisk(TandemDbContext db) : IAtRiskDependencies
{
    public async Task<IReadOnlyList<AtRiskDependency>> ForProductsAsync(IReadOnlyCollection<Guid> productIds, CancellationToken ct)
    {
        var ids = productIds.ToList();
        var rows = await db.Dependencies.AsNoTracking()
            .Where(d => d.AtRisk && (ids.Contains(d.ProductId) || (d.ProviderProductId != null && ids.Contains(d.ProviderProductId.Value))))
            .OrderBy(d => d.NeededBy).Take(50)
            .Select(d => new
            {
                d.Id, d.Title, d.NeededBy, d.ForecastOn, d.RiskReason,
                Needer = db.Products.Where(p => p.Id == d.ProductId).Select(p => p.Name).FirstOrDefault(),
                Provider = d.ExternalName ?? db.Teams.Where(t => t.Id == d.ProviderTeamId).Select(t => t.Name).FirstOrDefault()
                    ?? db.Products.Where(p => p.Id == d.ProviderProductId).Select(p => p.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.Select(d => new AtRiskDependency(d.Id, d.Title, d.Needer ?? "", d.Provider ?? "", d.NeededBy, d.ForecastOn, d.RiskReason)).ToList();
    }
}
