using System.Globalization;
using Tandem.Application.Identity;
using Tandem.Application.Data;
using Tandem.Domain.Architecture;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Estimation;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// PAY's Tech Lead after a few months: decision records in every status (one superseded by its
/// successor, one waiting for a decision), technical assessments on the top of the backlog so its
/// items show every readiness state, and the decision-log entries those decisions leave.
/// Deterministic: the same rows on every seed.
/// </summary>
internal static class TechLeadDemo
{
    private static readonly string[] Components = ["payments-api", "ledger", "checkout-web", "settlement", "fraud-check", "notifications"];

    public static void Seed(TandemDbContext db, Product pay, IReadOnlyList<BacklogItem> items, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var open = items
            .Where(i => i.ProductId == pay.Id && i.Type != ItemType.Epic && i.Status is ItemStatus.New or ItemStatus.Ready or ItemStatus.InProgress)
            .OrderBy(i => i.Rank, StringComparer.Ordinal).ToList();
        SeedAssessments(db, pay, open, people["tl"], now);
        SeedDecisionRecords(db, pay, open, people, now);
    }

    /// <summary>
    /// The top 36 open items are assessed (most feasible, some with a spike's worth of doubt or parked);
    /// everything below waits for the Tech Lead. With the generated estimates, criteria and values this
    /// leaves items ready on both halves, on one half only, and on neither.
    /// </summary>
    private static void SeedAssessments(TandemDbContext db, Product pay, List<BacklogItem> open, TandemUser tl, DateTimeOffset now)
    {
        for (var i = 0; i < Math.Min(36, open.Count); i++)
        {
            var item = open[i];
            var (feasibility, risk, reason) = (i % 9) switch
            {
                4 => (Feasibility.NotFeasibleNow, TechnicalRisk.High, "Needs the acquirer's v3 API, which they ship in Q2."),
                7 => (Feasibility.Feasible, TechnicalRisk.Medium, "Touches the ledger's posting rules; pair with someone who knows them."),
                _ => (Feasibility.Feasible, TechnicalRisk.Low, (string?)null),
            };
            var at = now.AddDays(-(36 - i) / 3.0);
            var assessment = TechnicalAssessment.Of(item);
            assessment.Assess(feasibility, risk, reason, i % 5 == 0 ? AssessmentConfidence.Medium : AssessmentConfidence.High,
                [Components[i % Components.Length], Components[(i * 7 + 3) % Components.Length]],
                i % 4 == 0 ? "Reuse the **outbox** from ADR-0004; no new tables." : "", tl.Id, at);
            db.TechnicalAssessments.Add(assessment);
            db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, at, tl.Id, tl.DisplayName, Role.TechLead,
                Operations.Technical.Assess, $"Assessed {item.Key}: {Slug(feasibility)}, {risk.ToString().ToLowerInvariant()} risk", reason, "item", item.Key));
        }
    }

    private static void SeedDecisionRecords(TandemDbContext db, Product pay, List<BacklogItem> open, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var tl = people["tl"];
        var number = 0;

        ArchitectureDecision Record(int daysAgo, TandemUser by, string title, string context, string decision, string consequences,
            IReadOnlyList<(string?, string?, string?)> options, IReadOnlyList<string> itemKeys)
        {
            var record = ArchitectureDecision.Propose(pay.WorkspaceId, pay.Id, ++number,
                new DecisionContent(title, context, decision, consequences, "Tomás Lee, Priya Patel", options, itemKeys), by.Id, now.AddDays(-daysAgo));
            db.ArchitectureDecisions.Add(record);
            return record;
        }

        void Decide(ArchitectureDecision record, int daysAgo, string verb, string? reason, Action<DateTimeOffset> apply)
        {
            var at = now.AddDays(-daysAgo);
            apply(at);
            db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, at, tl.Id, tl.DisplayName, Role.TechLead,
                Operations.ArchitectureDecisions.Decide, $"{verb} ADR {record.Number}: {record.Title}", reason, "adr", record.Number.ToString(CultureInfo.InvariantCulture)));
        }

        var keys = open.Select(i => i.Key).ToList();
        string[] Items(params int[] positions) => positions.Where(p => p < keys.Count).Select(p => keys[p]).ToArray();

        var first = Record(120, tl, "Record architecture decisions",
            "Decisions about the payments platform live in chat threads and people's heads; new joiners re-open settled questions.",
            "We keep architecture decision records in Tandem, one per decision, exported to docs/adr in the repository.",
            "Every significant technical choice gets a short record; reviews link to it instead of re-arguing it.",
            [], []);
        Decide(first, 119, "Accepted", null, at => first.Accept(tl.Id, null, at));

        var ledger = Record(100, tl, "PostgreSQL for the payments ledger",
            "The ledger needs serialisable transactions, point-in-time recovery and a team that can operate it at 3 a.m.",
            "The ledger runs on managed PostgreSQL 16 with synchronous replication to a second zone.",
            "Double-entry postings stay in one database; reporting reads from a replica, never the primary.",
            [("PostgreSQL", "Serialisable isolation; the team runs it today", "Vertical scaling limit, years away at our volume"),
             ("Event store", "Natural audit trail", "Nobody on the team has run one in production"),
             ("Managed document database", "Easy to start", "Multi-document transactions are an afterthought")],
            Items(2, 9));
        const string ledgerWhy = "Operational familiarity outweighs the event store's audit trail; postings keep their own history.";
        Decide(ledger, 97, "Accepted", ledgerWhy, at => ledger.Accept(tl.Id, ledgerWhy, at));

        var synchronous = Record(90, people["dev1"], "Call the card acquirer synchronously from checkout",
            "Checkout must answer the shopper within two seconds; the acquirer answers in 300 ms at p95.",
            "Checkout calls the acquirer's authorisation API directly and waits for the answer.",
            "Simple to build and trace; an acquirer outage becomes a checkout outage.",
            [("Synchronous call", "Simplest; one request to trace", "Acquirer latency is our latency"),
             ("Queue with an outbox", "Survives acquirer outages", "Shopper waits on a poll or a push")],
            Items(0));
        Decide(synchronous, 88, "Accepted", null, at => synchronous.Accept(tl.Id, null, at));

        var outbox = Record(30, tl, "Queue card authorisations through a transactional outbox",
            "The September acquirer outage held checkout requests for 60 s and lost 1,900 payments. ADR 3's synchronous call made their outage ours.",
            "Checkout writes the authorisation request to an outbox table in the same transaction as the order; a relay sends it to the acquirer and the shopper's page is pushed the answer.",
            "Checkout survives acquirer outages; we run a relay and must make every acquirer call idempotent (see ADR 5).",
            [("Transactional outbox", "No lost requests; no distributed transaction", "One more process to run"),
             ("Retry in the request", "No new moving parts", "Still holds the shopper's request during an outage")],
            Items(0, 3));
        Decide(outbox, 27, "Accepted", "Incident review action 3.", at => outbox.Accept(tl.Id, "Incident review action 3.", at));
        var supersededAt = now.AddDays(-27);
        synchronous.SupersedeWith(outbox, tl.Id, supersededAt);
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, supersededAt, tl.Id, tl.DisplayName, Role.TechLead,
            Operations.ArchitectureDecisions.Decide, $"Superseded ADR {synchronous.Number} ({synchronous.Title}) by ADR {outbox.Number} ({outbox.Title})",
            null, "adr", synchronous.Number.ToString(CultureInfo.InvariantCulture)));

        var graphQl = Record(60, people["dev2"], "A GraphQL gateway for the mobile app",
            "The mobile app makes six REST calls to draw the payments screen.",
            "Put a GraphQL gateway in front of the payments API for the mobile app.",
            "One round trip per screen; a second API surface to secure and version.",
            [("GraphQL gateway", "One round trip", "New surface to secure"), ("A screen-shaped REST endpoint", "Nothing new to run", "Couples the API to one screen")],
            []);
        const string graphQlWhy = "One screen-shaped endpoint solves it; a gateway is not worth a second surface for one client.";
        Decide(graphQl, 55, "Rejected", graphQlWhy, at => graphQl.Reject(tl.Id, graphQlWhy, at));

        // Waiting for the Tech Lead: a developer's proposal, linked to the items it shapes.
        Record(3, people["dev1"], "Idempotency keys on every payment write",
            "The outbox relay (ADR 4) retries; without keys a retry can authorise a card twice.",
            "Every POST that moves money takes an Idempotency-Key header; the API stores the first answer for 24 hours and replays it.",
            "Clients must send a key; we store answers for a day (about 2 GB at today's volume).",
            [("Idempotency-Key header", "Industry practice; clients understand it", "Storage for replayed answers"),
             ("Deduplicate on order id", "No client change", "Fails for partial captures and refunds")],
            Items(0, 1, 5));
    }

    private static string Slug(Feasibility f) => f switch
    {
        Feasibility.NeedsSpike => "needs a spike",
        Feasibility.NotFeasibleNow => "not feasible now",
        _ => "feasible",
    };
}
