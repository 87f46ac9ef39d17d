using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Products;
using Tandem.Domain.Releases;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// PAY's non-functional requirements as a few months of use leave them: NFRs across categories in
/// every state (proposed, targeted, need agreed, active), two releases (one shipped, one planned),
/// verification results met, not met and not verified with history, and links to the Checkout epic,
/// a few stories (whose Definition of Done then lists them) and a release. Deterministic.
/// </summary>
internal static class NfrDemo
{
    public static void Seed(TandemDbContext db, Product pay, IReadOnlyList<BacklogItem> items, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var (tl, po, tpm, dev1) = (people["tl"], people["po"], people["tpm"], people["dev1"]);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var payItems = items.Where(i => i.ProductId == pay.Id).OrderBy(i => i.Number).ToList();

        void Log(DateTimeOffset at, TandemUser who, Role role, Operation operation, string summary, string type, Guid id) =>
            db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, at, who.Id, who.DisplayName, role, operation, summary, null, type, id.ToString()));

        Release Plan(string name, DateOnly plannedOn, int daysAgo, bool released)
        {
            var at = now.AddDays(-daysAgo);
            var release = Release.Plan(pay.WorkspaceId, pay.Id, name, plannedOn, tpm.Id, at);
            if (released) release.Change(name, plannedOn, ReleaseStatus.Released, plannedOn, new DateTimeOffset(plannedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            db.Releases.Add(release);
            Log(at, tpm, Role.TechnicalProjectManager, Operations.Delivery.EditSchedule, $"Planned release {name} for {plannedOn:yyyy-MM-dd}", "release", release.Id);
            return release;
        }

        var november = Plan("2026.11", today.AddDays(-30), 75, released: true);
        var december = Plan("2026.12", today.AddDays(21), 45, released: false);

        var number = 0;
        Nfr Nfr(int daysAgo, NfrCategory category, string statement, string metric, string target, string threshold, string verification,
            TandemUser proposer, TandemUser? owner, bool targetSet, bool needAgreed)
        {
            var at = now.AddDays(-daysAgo);
            var nfr = Domain.Nfrs.Nfr.Propose(pay.WorkspaceId, pay.Id, ++number, category, statement, metric,
                targetSet || proposer == tl ? target : null, targetSet ? threshold : null, targetSet ? verification : null, owner?.Id, proposer.Id, at);
            db.Nfrs.Add(nfr);
            if (targetSet)
            {
                nfr.SetTarget(metric, target, threshold, verification, tl.Id, at.AddHours(2));
                Log(at.AddHours(2), tl, Role.TechLead, Operations.Nfrs.SetTarget, $"Set the target of {nfr.Code}: {metric} {target} (threshold {threshold})", "nfr", nfr.Id);
            }
            if (needAgreed)
            {
                nfr.AgreeNeed(po.Id, at.AddDays(1));
                Log(at.AddDays(1), po, Role.ProductOwner, Operations.Nfrs.AgreeNeed, $"Agreed the need for {nfr.Code}", "nfr", nfr.Id);
            }
            return nfr;
        }

        var current = new Dictionary<(Guid, Guid), NfrVerification>();
        void Verify(Nfr nfr, Release release, int daysAgo, NfrResult result, string measured, string? evidence)
        {
            var at = now.AddDays(-daysAgo);
            if (current.TryGetValue((nfr.Id, release.Id), out var previous)) previous.Supersede();
            var v = NfrVerification.Record(nfr, release.Id, result, measured, evidence, null, tl.Id, at);
            current[(nfr.Id, release.Id)] = v;
            db.NfrVerifications.Add(v);
            nfr.Verified(result, at);
            var label = result switch { NfrResult.Met => "met", NfrResult.NotMet => "not met", _ => "not verified" };
            Log(at, tl, Role.TechLead, Operations.Nfrs.Verify, $"Verified {nfr.Code} for release {release.Name}: {label}{(measured.Length > 0 ? $" (measured {measured})" : "")}", "nfr", nfr.Id);
        }

        void Link(Nfr nfr, NfrLinkKind kind, Guid? target, TandemUser by, int daysAgo)
        {
            if (target is { } id) db.NfrLinks.Add(NfrLink.Create(nfr, kind, id, by.Id, now.AddDays(-daysAgo)));
        }

        Guid? Story(string capability) => payItems.FirstOrDefault(i => i.Type == ItemType.Story && i.Title.Contains(capability, StringComparison.Ordinal))?.Id;

        var latency = Nfr(80, NfrCategory.Performance, "Checkout answers fast enough at peak that no customer gives up waiting.",
            "p95 latency of POST /payments", "≤ 200 ms", "≤ 350 ms", "k6 load test at 300 requests/s against staging, before every release", tl, tl, targetSet: true, needAgreed: true);
        var availability = Nfr(80, NfrCategory.Availability, "Merchants can take payments around the clock.",
            "monthly availability of the payments API", "≥ 99.95 %", "≥ 99.9 %", "Uptime monitor and the monthly SLO report", tl, tl, targetSet: true, needAgreed: true);
        var cardData = Nfr(78, NfrCategory.Security, "Card data is never stored or logged unencrypted.",
            "high or critical findings in the quarterly PCI DSS scan", "0", "0 critical", "ASV scan every quarter and a yearly penetration test", tl, people["dev2"], targetSet: true, needAgreed: true);
        var duplicates = Nfr(70, NfrCategory.Reliability, "A customer is never charged twice for one order.",
            "duplicate charges per 100,000 payments", "0", "≤ 1", "Nightly reconciliation report of charges against orders", dev1, dev1, targetSet: true, needAgreed: true);
        var settlement = Nfr(60, NfrCategory.Scalability, "Settlement keeps up with Black Friday volume.",
            "payments settled per hour", "≥ 500,000", "≥ 300,000", "Settlement load test with replayed Black Friday traffic", tl, tl, targetSet: true, needAgreed: false);
        var search = Nfr(40, NfrCategory.Usability, "A support agent finds a payment while the merchant is still on the phone.",
            "median time to find a payment by customer email in a moderated usability test", "", "", "", dev1, null, targetSet: false, needAgreed: false);
        var wcag = Nfr(35, NfrCategory.Accessibility, "Checkout works with a keyboard and a screen reader.",
            "serious or critical axe-core violations on the checkout pages", "", "", "", po, null, targetSet: false, needAgreed: true);
        var retention = Nfr(90, NfrCategory.Compliance, "Payment records are kept as long as the law requires, and not longer.",
            "years payment records are kept after an account closes", "10 years, then deleted", "10 years", "Quarterly retention audit of the archive", tl, tl, targetSet: true, needAgreed: true);
        var refunds = Nfr(30, NfrCategory.Maintainability, "The refund engine can be changed without fear.",
            "line coverage of the refund engine", "≥ 80 %", "≥ 70 %", "Coverage report in CI", tl, dev1, targetSet: true, needAgreed: true);

        Verify(latency, november, 32, NfrResult.Met, "182 ms", "https://ci.acme.example/load-tests/2026.11");
        Verify(latency, december, 6, NfrResult.Met, "196 ms", "https://ci.acme.example/load-tests/2026.12-rc1");
        Verify(latency, december, 2, NfrResult.NotMet, "241 ms", "https://ci.acme.example/load-tests/2026.12-rc2");
        Verify(availability, november, 30, NfrResult.Met, "99.97 %", "https://status.acme.example/slo/2026-10");
        Verify(cardData, november, 33, NfrResult.Met, "0 findings", "https://security.acme.example/asv/2026-q3");
        Verify(cardData, december, 4, NfrResult.Met, "0 findings", "https://security.acme.example/asv/2026-q4");
        Verify(duplicates, november, 31, NfrResult.NotMet, "3 per 100,000", "https://finance.acme.example/reconciliation/2026-10");
        Verify(duplicates, december, 3, NfrResult.Met, "0", "https://finance.acme.example/reconciliation/2026-11");
        Verify(settlement, december, 5, NfrResult.NotMet, "280,000 per hour", "https://ci.acme.example/settlement-load/2026-11-18");
        Verify(retention, november, 29, NfrResult.Met, "10 years", null);
        Verify(refunds, december, 1, NfrResult.NotVerified, "", null);

        Link(latency, NfrLinkKind.Item, payItems.FirstOrDefault(i => i.Type == ItemType.Epic && i.Title == "Checkout")?.Id, tl, 79);
        Link(latency, NfrLinkKind.Item, Story("retry a failed card charge"), tl, 79);
        Link(latency, NfrLinkKind.Release, december.Id, tl, 40);
        Link(availability, NfrLinkKind.Release, december.Id, tl, 40);
        Link(duplicates, NfrLinkKind.Item, Story("retry a failed card charge"), dev1, 69);
        Link(cardData, NfrLinkKind.Item, Story("set up two-factor sign-in"), tl, 77);
        Link(search, NfrLinkKind.Item, Story("search payments by customer email"), dev1, 39);
        Link(wcag, NfrLinkKind.Item, payItems.FirstOrDefault(i => i.Type == ItemType.Epic && i.Title == "Checkout")?.Id, po, 34);
    }
}
