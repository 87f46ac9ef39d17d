using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Integrations;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// PAY's integration map as the Tech Lead keeps it: our checkout, gateway, settlement, fee engine and
/// merchant dashboard, three external partners (a card acquirer, a bank, a fraud-scoring service), and
/// the interfaces between them in every status, a few linked to the backlog items and the debt they
/// concern. Deterministic: the same rows on every seed. No decision records are seeded yet, so none are linked.
/// </summary>
internal static class IntegrationDemo
{
    public static void Seed(TandemDbContext db, Product pay, IReadOnlyList<BacklogItem> items, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var tl = people["tl"];
        var at = now.AddDays(-40);

        IntegrationSystem System(string name, string owner, bool external, string description, IntegrationSystem? parent = null)
        {
            at = at.AddHours(3);
            var system = IntegrationSystem.Create(pay.WorkspaceId, pay.Id, parent, name, owner, description, external, at);
            db.IntegrationSystems.Add(system);
            var what = parent is not null ? "component" : external ? "external system" : "system";
            Log($"Added the {what} \"{name}\"{(parent is null ? "" : $" inside \"{parent.Name}\"")} to the integration map", "integration-system", system.Id);
            return system;
        }

        IntegrationInterface Interface(string name, IntegrationSystem provider, IntegrationSystem consumer, InterfaceProtocol protocol, InterfaceStatus status,
            string owner, string description, InterfaceRisk risk = InterfaceRisk.None, string? riskNote = null)
        {
            at = at.AddHours(5);
            var face = IntegrationInterface.Create(pay.WorkspaceId, pay.Id, provider, consumer, name, protocol, status, owner, description, risk, riskNote, at);
            db.IntegrationInterfaces.Add(face);
            Log($"Added the interface \"{name}\" ({provider.Name} → {consumer.Name}) to the integration map", "integration-interface", face.Id);
            return face;
        }

        void Log(string summary, string subjectType, Guid id) =>
            db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, at, tl.Id, tl.DisplayName, Role.TechLead,
                Operations.Integration.Edit, summary, null, subjectType, id.ToString()));

        void LinkItem(IntegrationInterface face, string titlePart)
        {
            var item = items.Where(i => i.ProductId == pay.Id && i.Title.Contains(titlePart, StringComparison.OrdinalIgnoreCase)).OrderBy(i => i.Number).FirstOrDefault();
            if (item is null) return;
            db.IntegrationLinks.Add(IntegrationLink.FromInterface(face, LinkTarget.Item, item.Id, tl.Id, at));
            Log($"Linked the interface \"{face.Name}\" to {item.Key}", "integration-interface", face.Id);
        }

        // Ours.
        var checkout = System("Checkout API", "Payments team", false, "The merchant-facing API: payment intents, captures and refunds.");
        var intents = System("Payment intents", "Payments team", false, "Creates and tracks payment intents.", checkout);
        var webhooks = System("Webhook dispatcher", "Payments team", false, "Delivers signed events to merchants, with retries.", checkout);
        var gateway = System("Payments Gateway", "Payments team", false, "Talks to the card acquirer; owns authorisation and capture.");
        var adapter = System("Acquirer adapter", "Payments team", false, "Translates our calls into the acquirer's API.", gateway);
        System("Retry scheduler", "Payments team", false, "Retries idempotent acquirer calls (planned with the retries debt).", gateway);
        var settlement = System("Settlement Service", "Settlement team", false, "Matches captured payments with acquirer settlements and pays merchants out.");
        var batch = System("Nightly settlement batch", "Settlement team", false, "Reads the acquirer's settlement files and books them.", settlement);
        var ledger = System("Payout ledger", "Settlement team", false, "What each merchant is owed and was paid.", settlement);
        var fees = System("Fee Engine", "Pricing team", false, "Computes the fee of every transaction from the merchant's plan.");
        var dashboard = System("Merchant Dashboard", "Merchant experience team", false, "Where merchants see payments, payouts and fees.");

        // Our partners'.
        var acquirer = System("Northwind Acquiring", "Partner: Northwind (account manager Lena Ortiz)", true, "Our card acquirer: authorises, captures and settles card payments.");
        var bank = System("Hanse Bank", "Partner: Hanse Bank payments desk", true, "Holds the settlement account; takes SEPA payout files and sends statements.");
        var scoring = System("ScoreGuard", "Partner: ScoreGuard support", true, "Fraud scoring of card payments before authorisation.");

        var authorise = Interface("Card authorisation API", acquirer, adapter, InterfaceProtocol.Rest, InterfaceStatus.Live, "Payments team",
            "Authorise and capture card payments. Mutual TLS; p95 about 400 ms, up to 60 s in incidents.",
            InterfaceRisk.High, "No timeouts or retries on our side: a slow acquirer holds checkout requests (see the debt register).");
        Interface("Refunds API", acquirer, adapter, InterfaceProtocol.Rest, InterfaceStatus.Live, "Payments team", "Full and partial refunds of captured payments.");
        var settlementFiles = Interface("Settlement files", acquirer, batch, InterfaceProtocol.File, InterfaceStatus.Live, "Settlement team",
            "Daily CSV settlement report over SFTP at 02:00 CET.", InterfaceRisk.Medium, "Format changes arrive with two weeks' notice; the parser is strict.");
        var payouts = Interface("SEPA payout files (pain.001)", bank, ledger, InterfaceProtocol.File, InterfaceStatus.Live, "Settlement team",
            "We upload one pain.001 file per payout run to the bank's SFTP drop.");
        Interface("Bank statements (camt.053)", bank, settlement, InterfaceProtocol.File, InterfaceStatus.InDevelopment, "Settlement team",
            "End-of-day statements to reconcile payouts automatically.");
        var fraud = Interface("Fraud score API", scoring, intents, InterfaceProtocol.Rest, InterfaceStatus.InDevelopment, "Payments team",
            "Score a payment before authorisation; decline above the merchant's threshold.", InterfaceRisk.Medium, "Vendor choice not final; the contract allows 150 ms p95.");
        Interface("Legacy fraud rules feed", scoring, gateway, InterfaceProtocol.File, InterfaceStatus.Retired, "Payments team", "Nightly rules export, replaced by the score API.");
        Interface("Authorise payment", gateway, intents, InterfaceProtocol.Grpc, InterfaceStatus.Live, "Payments team", "Internal authorisation call from checkout to the gateway.");
        Interface("Payment events", gateway, settlement, InterfaceProtocol.Messaging, InterfaceStatus.Live, "Payments team", "Captured, refunded and charged-back events on the payments topic.");
        var feeQuotes = Interface("Fee quotes", fees, checkout, InterfaceProtocol.Grpc, InterfaceStatus.Live, "Pricing team", "The fee of a payment, shown to the merchant at checkout.");
        Interface("Fee schedule table", fees, settlement, InterfaceProtocol.Database, InterfaceStatus.Deprecated, "Pricing team",
            "Settlement reads the fee tables directly.", InterfaceRisk.Low, "Shared tables couple two teams' releases; being replaced by fee events.");
        Interface("Payments API", checkout, dashboard, InterfaceProtocol.Rest, InterfaceStatus.Live, "Merchant experience team", "Lists payments and refunds for the dashboard.");
        var payoutHook = Interface("Payout status webhook", ledger, webhooks, InterfaceProtocol.Webhook, InterfaceStatus.Planned, "Settlement team",
            "Tells merchants when a payout is sent and when it bounced.");

        LinkItem(authorise, "retry a failed card charge");
        LinkItem(settlementFiles, "reconcile payouts with my bank");
        LinkItem(payouts, "schedule payouts weekly");
        LinkItem(payoutHook, "see payouts by day");
        LinkItem(fraud, "Compare fraud scoring vendors");
        LinkItem(feeQuotes, "see fees per transaction");

        // The register's debt about the acquirer client is this interface's risk.
        if (db.DebtItems.Local.FirstOrDefault(d => d.ProductId == pay.Id && d.Title.StartsWith("Payment gateway client", StringComparison.Ordinal)) is { } retries)
        {
            db.IntegrationLinks.Add(IntegrationLink.FromInterface(authorise, LinkTarget.Debt, retries.Id, tl.Id, at));
            Log($"Linked the interface \"{authorise.Name}\" to the debt \"{retries.Title}\"", "integration-interface", authorise.Id);
        }

        // The Tech Lead's records (seeded just before) that shaped the map.
        // What the links need, not the records: loading them whole joins their collections into one product of rows.
        var records = db.ArchitectureDecisions.IgnoreQueryFilters().Where(a => a.ProductId == pay.Id).Select(a => new { a.Id, a.Title, a.Number }).ToList();
        if (records.FirstOrDefault(a => a.Title.StartsWith("Queue card authorisations", StringComparison.Ordinal)) is { } outbox)
        {
            db.IntegrationLinks.Add(IntegrationLink.FromInterface(authorise, LinkTarget.Adr, outbox.Id, tl.Id, at));
            db.IntegrationLinks.Add(IntegrationLink.FromAdrToSystem(pay.WorkspaceId, pay.Id, outbox.Id, gateway.Id, tl.Id, at));
            Log($"Linked the interface \"{authorise.Name}\" to ADR {outbox.Number}", "integration-interface", authorise.Id);
        }
        if (records.FirstOrDefault(a => a.Title.StartsWith("PostgreSQL for the payments ledger", StringComparison.Ordinal)) is { } ledgerRecord)
            db.IntegrationLinks.Add(IntegrationLink.FromAdrToSystem(pay.WorkspaceId, pay.Id, ledgerRecord.Id, ledger.Id, tl.Id, at));
    }
}
