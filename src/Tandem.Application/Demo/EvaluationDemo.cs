using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Disagreements;
using Tandem.Application.Evaluations;
using Tandem.Application.Identity;
using Tandem.Domain.Architecture;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Disagreements;
using Tandem.Domain.Evaluations;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// PAY's technology evaluations and technical disagreements: the message-broker evaluation the Tech Lead
/// decided (scored, ranked, recorded as an accepted ADR), a PDF-library evaluation the team is still
/// scoring, a developer's open disagreement on the settlement-batch item and a resolved one on the
/// broker record. Deterministic: the same rows on every seed.
/// </summary>
internal static class EvaluationDemo
{
    public static async Task SeedAsync(TandemDbContext db, Product pay, IReadOnlyList<BacklogItem> items, IReadOnlyDictionary<string, TandemUser> people, IPageLinks links, DateTimeOffset now, CancellationToken ct)
    {
        var tl = people["tl"];
        var dev1 = people["dev1"];
        var dev2 = people["dev2"];

        // Records other demo parts made come first; this one takes the next number.
        var saved = await db.ArchitectureDecisions.IgnoreQueryFilters([TandemDbContext.TenantFilter]).Where(a => a.ProductId == pay.Id).MaxAsync(a => (int?)a.Number, ct) ?? 0;
        var tracked = db.ChangeTracker.Entries<ArchitectureDecision>().Where(e => e.Entity.ProductId == pay.Id).Select(e => e.Entity.Number).DefaultIfEmpty(0).Max();
        var adrNumber = Math.Max(saved, tracked) + 1;

        // 1. Decided: which message broker.
        var startedAt = now.AddDays(-34);
        var broker = TechnologyEvaluation.Start(pay.WorkspaceId, pay.Id, 1, "Which message broker for settlement events?",
            "Next-day payouts need settlement to react to each captured payment instead of a nightly batch. The broker must keep events **per merchant in order** and let us replay a day after a failed payout run.",
            [("Kafka", "Log-based broker; partitions by merchant, replay by offset"), ("RabbitMQ", "Mature AMQP broker; the team ran it for notifications"), ("AWS SQS + SNS", "Managed queues and topics; nothing to operate")],
            TechnologyEvaluation.DefaultCriteria.Select(c => ((string?)c.Name, c.Weight)), tl.Id, startedAt);
        db.TechnologyEvaluations.Add(broker);
        Score(broker, "Kafka", [5, 2, 5, 5, 4], dev1, startedAt.AddDays(2));
        Score(broker, "RabbitMQ", [3, 4, 5, 5, 5], dev2, startedAt.AddDays(2));
        Score(broker, "AWS SQS + SNS", [3, 4, 4, 3, 2], dev1, startedAt.AddDays(3));
        broker.Scored(startedAt.AddDays(3));

        var decidedAt = startedAt.AddDays(4);
        var kafka = broker.Options.Single(o => o.Name == "Kafka");
        const string rationale = "Settlement needs a replay of a day's events after a failed payout run and ordering per merchant; Kafka's log gives both without extra tables. RabbitMQ was close on cost and team skill: we book a two-day Kafka workshop for the team before the first consumer ships.";
        var content = EvaluationsFeature.RecordContent(broker, kafka, new DecideEvaluationRequest(kafka.Id, rationale, null, "Kafka for settlement events", null), pay);
        var record = ArchitectureDecision.Propose(pay.WorkspaceId, pay.Id, adrNumber, content, tl.Id, decidedAt);
        record.Accept(tl.Id, "Decided through technology evaluation 1", decidedAt);
        db.ArchitectureDecisions.Add(record);
        broker.Decide(kafka.Id, rationale, record.Id, tl.Id, decidedAt);
        var adrKey = adrNumber.ToString(CultureInfo.InvariantCulture);
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, decidedAt, tl.Id, tl.DisplayName, Role.TechLead,
            Operations.ArchitectureDecisions.Decide, $"Accepted ADR {adrNumber}: {record.Title}", "Decided through technology evaluation 1", "adr", adrKey));
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, decidedAt, tl.Id, tl.DisplayName, Role.TechLead,
            Operations.ArchitectureDecisions.DecideEvaluation, $"Decided evaluation 1 (\"{broker.Question}\"): chose Kafka, recorded as ADR {adrNumber}", rationale, "evaluation", "1"));

        // 2. Open: the team is still scoring the PDF library.
        var pdfAt = now.AddDays(-3);
        var pdf = TechnologyEvaluation.Start(pay.WorkspaceId, pay.Id, 2, "Which PDF library for merchant statements?",
            "Monthly statements must show every fee line; the reporting service is moving off its end-of-life runtime anyway.",
            [("QuestPDF", "Fluent C# layout; community licence under a revenue threshold"), ("iText 8", "Mature, full PDF/A support; AGPL or commercial"), ("PdfSharp + MigraDoc", "MIT licence; lower-level layout")],
            TechnologyEvaluation.DefaultCriteria.Select(c => ((string?)c.Name, c.Weight)).Append(("Rendering speed", 2)), dev2.Id, pdfAt);
        db.TechnologyEvaluations.Add(pdf);
        Score(pdf, "QuestPDF", [5, 4, 4, 3, 4, 4], dev2, pdfAt.AddDays(1));
        Score(pdf, "iText 8", [4, 2, 5], dev1, pdfAt.AddDays(2));
        pdf.Scored(pdfAt.AddDays(2));

        // 3. Disagreements: one resolved on the broker record, one open on the settlement-batch item.
        var raisedAt = decidedAt.AddDays(2);
        var onRecord = TechnicalDisagreement.Raise(pay.WorkspaceId, pay.Id, 1, DisagreementSubject.Adr, record.Id, adrKey, record.Title,
            "Kafka means a cluster we have to run, and the **cost** score only counted licences, not the on-call load of operating brokers and ZooKeeper-free KRaft upgrades.",
            "RabbitMQ with streams: ordering and replay are good enough, and we already operate it.", dev2.Id, raisedAt);
        db.TechnicalDisagreements.Add(onRecord);
        var resolvedAt = raisedAt.AddDays(1);
        onRecord.Resolve(DisagreementOutcome.Compromise,
            "Fair point on operations. We stay with Kafka but use our cloud provider's **managed** Kafka, so there is no cluster to run; the cost score stays 2 because the managed service is the dearest option.",
            tl.Id, resolvedAt);
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, resolvedAt, tl.Id, tl.DisplayName, Role.TechLead,
            Operations.Technical.ResolveDisagreement, $"Resolved disagreement 1 on ADR {adrKey} \"{record.Title}\": compromise", onRecord.Resolution, "disagreement", "1"));
        db.Notifications.Add(Notification.To(pay.WorkspaceId, dev2.Id, $"{tl.DisplayName} resolved your disagreement on ADR {adrKey} \"{record.Title}\" (compromise).",
            DisagreementsFeature.Link(links, pay.Key, onRecord), resolvedAt));

        var item = db.BacklogItems.Local.Where(i => i.ProductId == pay.Id && i.Title == "Settlement batch runs as one 2-hour transaction").FirstOrDefault()
            ?? items.Where(i => i.ProductId == pay.Id).OrderBy(i => i.Number).First();
        var openAt = now.AddDays(-2);
        var onItem = TechnicalDisagreement.Raise(pay.WorkspaceId, pay.Id, 2, DisagreementSubject.Item, item.Id, item.Key, item.Title,
            "Splitting the batch per merchant still takes a lock per merchant; with 4,000 merchants the job spends more time acquiring locks than it saves.",
            "An append-only payout ledger that the settlement job reads; no UPDATE on the payouts table at all.", dev1.Id, openAt);
        db.TechnicalDisagreements.Add(onItem);
        db.Notifications.Add(Notification.To(pay.WorkspaceId, tl.Id, $"{dev1.DisplayName} disagrees on {item.Key} \"{item.Title}\": {onItem.Concern[..Math.Min(120, onItem.Concern.Length)]}…",
            DisagreementsFeature.Link(links, pay.Key, onItem), openAt));
    }

    private static void Score(TechnologyEvaluation evaluation, string option, int[] scores, TandemUser by, DateTimeOffset at)
    {
        var optionId = evaluation.Options.Single(o => o.Name == option).Id;
        var criteria = evaluation.Criteria.OrderBy(c => c.Position).ToList();
        for (var i = 0; i < scores.Length; i++) evaluation.Score(optionId, criteria[i].Id, scores[i], by.Id, at);
    }
}
