using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Dependencies;
using Tandem.Application.Forecasting;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Dependencies;
using Tandem.Domain.Products;

namespace Tandem.Application.Demo;

/// <summary>
/// The dependency register's demo (issue 11): PAY waits for the card networks' certification (an external
/// partner whose expected date is after PAY needs it: at risk), for push-notification work of MOB's team
/// ("Mobile Squad" when another part of the demo seeded it, else MOB itself) forecast from real throughput,
/// and for a new HSM-backed KMS environment from infrastructure; QA owes PAY a load-test run; and MOB already
/// received PAY's sandbox keys (delivered). Assessed as the app would, so the flags, forecasts and the owners'
/// notifications are those of the rules. Deterministic for a given <c>now</c>.
/// </summary>
internal static class DependencyDemo
{
    public const string CertificationTitle = "Card-network certification (Visa and Mastercard)";
    public const string MobileTeamName = "Mobile Squad";

    public static async Task SeedAsync(TandemDbContext db, Product pay, Product mob, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var (tpm, tl, po, sm) = (people["tpm"].Id, people["tl"].Id, people["po"].Id, people["sm"].Id);
        var teams = await db.Teams.IgnoreQueryFilters().Where(t => t.WorkspaceId == pay.WorkspaceId).Select(t => new { t.Id, t.Name, t.ProductId }).ToListAsync(ct);
        var crew = teams.FirstOrDefault(t => t.Name == ScrumDemo.TeamName);
        var squad = teams.FirstOrDefault(t => t.Name == MobileTeamName);
        var mobItems = await db.BacklogItems.IgnoreQueryFilters()
            .Where(i => i.ProductId == mob.Id && i.Type != ItemType.Epic && i.Status != ItemStatus.Done && i.Status != ItemStatus.Accepted)
            .OrderBy(i => i.Number).Select(i => i.Id).Take(4).ToListAsync(ct);

        var created = new List<(Dependency Dependency, IReadOnlyList<Guid> Items)>();
        Dependency Add(Guid productId, Guid? neederTeam, Provider provider, string title, string description, DateOnly neededBy, DateOnly? expectedOn,
            Guid neederOwner, Guid providerOwner, DateTimeOffset at, IReadOnlyList<Guid>? items = null)
        {
            var d = Dependency.Request(pay.WorkspaceId, productId, neederTeam, provider, title, description, neededBy, expectedOn, neederOwner, providerOwner, tpm, at);
            db.Dependencies.Add(d);
            foreach (var item in items ?? []) db.DependencyItems.Add(DependencyItem.Of(d, item));
            created.Add((d, items ?? []));
            return d;
        }

        // The partner has promised its certification slot three weeks after PAY needs it: at risk from day one.
        var certification = Add(pay.Id, crew?.Id, new Provider(ProviderKind.External, null, null, "Visa / Mastercard", ExternalKind.Partner), CertificationTitle,
            "Both card networks must certify the new 3-D Secure flow before card payments go live; their lab books slots weeks ahead.",
            today.AddDays(28), today.AddDays(49), tpm, tl, now.AddDays(-20));
        certification.Respond(DependencyStatus.Committed, "Lab slot booked for the week after next month's release; no earlier slot available.", today.AddDays(49), now.AddDays(-12));

        // PAY needs MOB's push notifications for payment confirmations: forecast from the providing team's throughput.
        var push = squad is { } s
            ? new Provider(ProviderKind.Team, s.Id, s.ProductId, null, null)
            : new Provider(ProviderKind.Product, null, mob.Id, null, null);
        var notifications = Add(pay.Id, crew?.Id, push, "Push notification API for payment confirmations",
            "The app must confirm a payment with a push notification; PAY calls MOB's notification API when a payment settles.",
            today.AddDays(56), null, tpm, po, now.AddDays(-15), mobItems);
        notifications.Respond(DependencyStatus.Committed, "Planned across the next sprints.", null, now.AddDays(-10));

        // Infrastructure promises the HSM-backed KMS environment before it is needed: on track.
        Add(pay.Id, null, new Provider(ProviderKind.External, null, null, "Platform Infrastructure", ExternalKind.Infrastructure),
            "HSM-backed KMS environment for card tokenisation", "A dedicated KMS key ring on hardware security modules, in staging and production, for the token vault.",
            today.AddDays(42), today.AddDays(30), tpm, sm, now.AddDays(-9));

        // QA owes PAY a load-test run of checkout; no date yet.
        Add(pay.Id, crew?.Id, new Provider(ProviderKind.External, null, null, "QA Performance Lab", ExternalKind.Qa),
            "Load test of checkout at 300 payments a second", "Peak-season load on the new checkout, with the report the card networks ask for.",
            today.AddDays(35), null, tpm, people["dev1"].Id, now.AddDays(-5));

        // MOB needed PAY's sandbox keys for the SDK, and has them.
        var keys = Add(mob.Id, squad?.Id, new Provider(ProviderKind.Product, null, pay.Id, null, null), "Payments sandbox keys for the mobile SDK",
            "Sandbox merchant keys and test cards so the app can run payments end to end in staging.", today.AddDays(-7), null, tpm, tl, now.AddDays(-30));
        keys.Respond(DependencyStatus.Delivered, "Keys shared through the vault.", null, now.AddDays(-8));

        var clock = new FixedClock(now);
        var assessor = new DependencyAssessor(db, new DeliveryForecasts(db, clock, new ForecastSettings(ForecastSettings.DefaultWeeks)), clock);
        await assessor.AssessAsync(created.Select(c => c.Dependency).ToList(), created.ToDictionary(c => c.Dependency.Id, c => c.Items), ct);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
