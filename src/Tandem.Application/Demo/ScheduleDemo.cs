using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;
using Tandem.Domain.Scheduling;

namespace Tandem.Application.Demo;

/// <summary>
/// The TPM's schedule demo: six PAY epics and two MOB epics, some dated by Dana Park and some derived (sprint or
/// velocity), linked finish-to-start, start-to-start and finish-to-finish with lags and a lead, one link from a
/// MOB epic to a PAY epic (owned by PAY), and a baseline saved two weeks ago that the plan has since drifted
/// from, so PAY's schedule shows a critical path (PAY-1 → PAY-3 → PAY-4 → PAY-5 → PAY-6 with the team's
/// velocity as it is seeded), slack and drift. Deterministic relative to <c>now</c>.
/// </summary>
internal static class ScheduleDemo
{
    public const string BaselineName = "Kick-off plan";

    public static void Seed(TandemDbContext db, Product pay, Product mob, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var tpm = people["tpm"].Id;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        BacklogItem Item(Product product, int number) =>
            db.BacklogItems.Local.FirstOrDefault(i => i.ProductId == product.Id && i.Number == number)
            ?? throw new InvalidOperationException($"The demo has no {product.Key}-{number}.");
        var p = Enumerable.Range(1, 6).Select(n => Item(pay, n)).ToArray();
        var m = Enumerable.Range(1, 2).Select(n => Item(mob, n)).ToArray();
        var at = now.AddDays(-20);

        ScheduleEntry Place(Product product, BacklogItem item, int? from, int? to)
        {
            var entry = ScheduleEntry.Place(product.WorkspaceId, product.Id, item.Id, from is { } f ? today.AddDays(f) : null, to is { } t ? today.AddDays(t) : null, tpm, at);
            db.ScheduleEntries.Add(entry);
            return entry;
        }
        Place(pay, p[0], -12, 9);    // In flight, dated by the TPM.
        Place(pay, p[1], null, null); // Derived: its sprint, or its estimate over the team's velocity.
        Place(pay, p[2], -5, 24);    // Dated; starts a week after PAY-1 starts (SS +1w).
        Place(pay, p[3], null, null); // Derived; finishes three days after PAY-3 (FF +3d).
        Place(pay, p[4], 20, 34);    // Dated, but waits for PAY-2, PAY-4 and MOB-1, which push it later.
        Place(pay, p[5], 45, 53);    // Dated; a week after PAY-5 — the end of the line.
        Place(mob, m[0], 0, 27);     // MOB's app release, which PAY-5 waits for.
        Place(mob, m[1], null, null);

        void Link(Product owner, BacklogItem before, BacklogItem after, LinkType type, int lag) =>
            db.ScheduleLinks.Add(ScheduleLink.Between(owner.WorkspaceId, owner.Id, before.Id, after.Id, type, lag, tpm, at));
        Link(pay, p[0], p[1], LinkType.FinishToStart, 2);
        Link(pay, p[0], p[2], LinkType.StartToStart, 7);
        Link(pay, p[2], p[3], LinkType.FinishToFinish, 3);
        Link(pay, p[1], p[4], LinkType.FinishToStart, 0);
        Link(pay, p[3], p[4], LinkType.FinishToStart, 0);
        Link(pay, m[0], p[4], LinkType.FinishToStart, -1); // Across products: MOB-1, a day's lead.
        Link(pay, p[4], p[5], LinkType.FinishToStart, 7);
        Link(mob, m[0], m[1], LinkType.FinishToStart, 0);

        // The plan agreed two weeks ago: most items have slipped since.
        var baseline = ScheduleBaseline.Save(pay.WorkspaceId, pay.Id, BaselineName, tpm, now.AddDays(-14));
        db.ScheduleBaselines.Add(baseline);
        (BacklogItem Item, int From, int To)[] planned =
            [(p[0], -12, 5), (p[1], 8, 20), (p[2], -5, 20), (p[3], 2, 23), (p[4], 24, 38), (p[5], 44, 52)];
        foreach (var (item, from, to) in planned)
            db.ScheduleBaselineEntries.Add(ScheduleBaselineEntry.Of(baseline, item.Id, today.AddDays(from), today.AddDays(to)));
    }
}
