using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Budget;
using Tandem.Domain.Capacity;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// The program's second team for the TPM's demo: "Mobile Squad" on MOB (home), with parts of the Payments Crew's
/// developers and Tech Lead, eight closed two-week sprints of finished MOB items (so MOB has throughput of its own)
/// and a running sprint; the TPM's allocations across both teams, overloading Jonas (dev2) for two weeks with
/// app-store release support; hourly rates per role (and one per person) and a budget for PAY and MOB, whose
/// actuals come from the closed sprints. Deterministic. Call after the Scrum Master's demo is saved.
/// </summary>
public static class ProgramTeamDemo
{
    public const string TeamName = "Mobile Squad";
    public const int ClosedSprints = 8;
    public const int SprintDays = 14;

    private static readonly decimal[] Points = [1, 2, 2, 3, 3, 5, 8];

    private static readonly string[] Titles =
    [
        "Sign in with a passkey on iOS", "Sign in with a passkey on Android", "Offline list of recent payments", "Push notice when a payout lands",
        "Dark mode for the wallet screen", "Biometric confirmation for large payments", "Share a receipt as PDF", "Deep link from the payment e-mail",
        "Crash on rotating the card scanner", "Accessibility labels on the keypad", "Cache merchant logos", "Show refunds in the activity feed",
        "Retry a payment after losing signal", "Localise the app into Portuguese", "Reduce the app's start time", "Card scanner for expiry dates",
        "In-app help for declined cards", "Remember the last used card", "Haptic feedback on success", "Split a bill between friends",
        "Fix currency symbol on tablets", "Widget with today's balance", "Export activity as CSV", "Pin the favourite merchants",
    ];

    public static void Seed(TandemDbContext db, Product pay, Product mob, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var random = new Random(11);
        var team = Team.Create(mob.WorkspaceId, mob.Id, TeamName, "Europe/Lisbon", now.AddDays(-150));
        var activeStart = team.Today(now).AddDays(-4);
        team.SetWorkingRhythm(SprintDays, activeStart.DayOfWeek, 0.75m, 7m, new TimeOnly(9, 30), "Europe/Lisbon", "https://meet.example.com/mobile-squad");
        db.Teams.Add(team);
        db.TeamProducts.Add(TeamProduct.Of(team, mob.Id));
        db.TeamMembers.Add(TeamMember.Add(team, people["dev1"].Id, 40, WorkingDays.Weekdays, now.AddDays(-150)));
        db.TeamMembers.Add(TeamMember.Add(team, people["dev2"].Id, 30, WorkingDays.Weekdays, now.AddDays(-150)));
        db.TeamMembers.Add(TeamMember.Add(team, people["tl"].Id, 20, WorkingDays.Weekdays, now.AddDays(-150)));
        db.TeamAbsences.Add(TeamAbsence.Record(team, people["dev2"].Id, activeStart.AddDays(-SprintDays * 2 + 3), activeStart.AddDays(-SprintDays * 2 + 7), "Holiday", now.AddDays(-60)));
        var columns = new List<BoardColumn>();
        var position = 0;
        foreach (var (name, status, limit) in BoardColumn.DefaultWorkflow)
            columns.Add(BoardColumn.Create(team, name, position++, status, limit, now.AddDays(-150)));
        db.BoardColumns.AddRange(columns);
        var (todo, doing, done) = (columns[0], columns[1], columns[^1]);

        var zone = team.Zone();
        DateTimeOffset At(DateOnly day, int hour) => new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), zone), TimeSpan.Zero);
        var seeded = db.BacklogItems.Local.Where(i => i.ProductId == mob.Id).ToList();
        var nextNumber = seeded.Count == 0 ? 1 : seeded.Max(i => i.Number) + 1;
        var lastRank = seeded.Count == 0 ? Rank.Spread(1)[0] : seeded.Select(i => i.Rank).Max(StringComparer.Ordinal)!;
        var title = 0;
        BacklogItem NewItem(DateOnly before)
        {
            lastRank = Rank.After(lastRank) ?? Rank.Between(lastRank, null);
            var created = At(before.AddDays(-random.Next(3, 30)), 11);
            var item = BacklogItem.Create(mob.WorkspaceId, mob.Id, mob.Key, nextNumber++, title % 6 == 5 ? ItemType.Bug : ItemType.Story,
                Titles[title++ % Titles.Length], null, lastRank, people["po"].Id, created);
            item.SetEstimate(Points[random.Next(Points.Length)], created);
            item.ChangeStatus(ItemStatus.Ready, created);
            db.BacklogItems.Add(item);
            return item;
        }
        Guid[] developers = [people["dev1"].Id, people["dev2"].Id, people["tl"].Id];
        void Finish(SprintItem card, BacklogItem item, DateOnly start, int day, Guid by)
        {
            var begun = At(start.AddDays(Math.Max(0, day - 3)), 10);
            var finished = At(start.AddDays(day), 16);
            db.CardMoves.Add(CardMove.Of(card, todo.Id, doing.Id, by, begun));
            card.MoveTo(doing.Id, card.Order, isFirst: false, isDone: false, begun);
            db.CardMoves.Add(CardMove.Of(card, doing.Id, done.Id, by, finished));
            card.MoveTo(done.Id, card.Order, isFirst: false, isDone: true, finished);
            item.Assign(by, begun);
            item.ChangeStatus(ItemStatus.Done, finished);
            item.Accept(finished.AddHours(20));
        }

        var carried = new List<BacklogItem>();
        for (var k = 1; k <= ClosedSprints; k++)
        {
            var start = activeStart.AddDays(-SprintDays * (ClosedSprints - k + 1));
            var end = start.AddDays(SprintDays - 1);
            var sprint = Sprint.Plan(team.WorkspaceId, mob.Id, team.Id, k, $"Squad {k}", $"Mobile release {k}", start, end, people["po"].Id, At(start.AddDays(-2), 9));
            sprint.Commit(At(start, 10));
            db.Sprints.Add(sprint);
            var committed = carried.ToList();
            carried.Clear();
            for (var i = random.Next(4, 7); i > 0; i--) committed.Add(NewItem(start));
            var order = Rank.Spread(committed.Count + 2);
            var cards = committed.Select((item, i) => (Card: SprintItem.Add(sprint, item.Id, item.Estimate, todo.Id, order[i], afterStart: false, At(start, 10)), Item: item)).ToList();
            db.SprintItems.AddRange(cards.Select(c => c.Card));
            sprint.BeginAt(At(start, 10), cards.Sum(c => c.Item.Estimate ?? 0), cards.Count);
            var unfinished = random.Next(0, 2);
            decimal points = 0;
            var finishedCount = 0;
            for (var i = 0; i < cards.Count; i++)
            {
                var (card, item) = cards[i];
                if (i >= cards.Count - unfinished)
                {
                    card.Settle(SprintItemOutcome.CarriedOver, item.Estimate);
                    carried.Add(item);
                    continue;
                }
                Finish(card, item, start, Math.Min(SprintDays - 2, 2 + i * 2), developers[i % developers.Length]);
                card.Settle(SprintItemOutcome.Completed, item.Estimate);
                points += item.Estimate ?? 0;
                finishedCount++;
            }
            sprint.CloseAt(At(end, 17), points, finishedCount, carried.Count, 0, 0);
        }

        // The running sprint: what carried over plus new work; one finished, two under way.
        var active = Sprint.Plan(team.WorkspaceId, mob.Id, team.Id, ClosedSprints + 1, $"Squad {ClosedSprints + 1}", "Passkeys for everyone",
            activeStart, activeStart.AddDays(SprintDays - 1), people["po"].Id, At(activeStart.AddDays(-2), 9));
        active.Commit(At(activeStart, 10));
        db.Sprints.Add(active);
        var work = carried.Concat(Enumerable.Range(0, 7 - carried.Count).Select(_ => NewItem(activeStart))).ToList();
        var ranks = Rank.Spread(work.Count + 2);
        var running = work.Select((item, i) => (Card: SprintItem.Add(active, item.Id, item.Estimate, todo.Id, ranks[i], afterStart: false, At(activeStart, 10)), Item: item)).ToList();
        db.SprintItems.AddRange(running.Select(r => r.Card));
        active.BeginAt(At(activeStart, 10), running.Sum(r => r.Item.Estimate ?? 0), running.Count);
        Finish(running[0].Card, running[0].Item, activeStart, 2, developers[0]);
        for (var i = 1; i <= 2 && i < running.Count; i++)
        {
            var begun = At(activeStart.AddDays(1), 10);
            db.CardMoves.Add(CardMove.Of(running[i].Card, todo.Id, doing.Id, developers[i], begun));
            running[i].Card.MoveTo(doing.Id, running[i].Card.Order, isFirst: false, isDone: false, begun);
            running[i].Item.Assign(developers[i], begun);
            running[i].Item.ChangeStatus(ItemStatus.InProgress, begun);
        }

        SeedAllocations(db, pay, mob, team, people, now);
        SeedBudgets(db, pay, mob, people, now);
    }

    /// <summary>The TPM's plan across both teams; Jonas (dev2) also supports the app-store release for two weeks: 140 %.</summary>
    private static void SeedAllocations(TandemDbContext db, Product pay, Product mob, Team squad, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var crew = db.Teams.Local.FirstOrDefault(t => t.Name == ScrumDemo.TeamName);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monday = Forecasting.DeliveryForecasts.WeekOf(today);
        var (from, to) = (monday.AddDays(-56), monday.AddDays(7 * 16 - 1));
        var tpm = people["tpm"].Id;
        var planned = now.AddDays(-60);
        void Plan(Product product, Team? team, string who, int percent, DateOnly start, DateOnly end, string note) =>
            db.Allocations.Add(Allocation.Plan(product.WorkspaceId, product.Id, team?.Id, people[who].Id, percent, start, end, note, tpm, planned));
        if (crew is not null)
        {
            Plan(pay, crew, "dev1", 60, from, to, "Payments first");
            Plan(pay, crew, "dev2", 70, from, to, "Payments first");
            Plan(pay, crew, "tl", 80, from, to, "Tech Lead of PAY");
        }
        Plan(mob, squad, "dev1", 40, from, to, "Passkeys on mobile");
        Plan(mob, squad, "dev2", 30, from, to, "Passkeys on mobile");
        Plan(mob, squad, "tl", 20, from, to, "Architecture support");
        Plan(mob, null, "dev2", 40, monday.AddDays(14), monday.AddDays(27), "App-store release support");
    }

    private static void SeedBudgets(TandemDbContext db, Product pay, Product mob, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var at = now.AddDays(-90);
        void Rate(Product product, Role? role, string? who, decimal hourly) =>
            db.CostRates.Add(CostRate.Set(product.WorkspaceId, product.Id, role, who is null ? null : people[who].Id, hourly, at));
        foreach (var product in new[] { pay, mob })
        {
            Rate(product, Role.Developer, null, 95m);
            Rate(product, Role.TechLead, null, 115m);
            Rate(product, Role.ScrumMaster, null, 90m);
            Rate(product, Role.ProductOwner, null, 100m);
            Rate(product, Role.TechnicalProjectManager, null, 110m);
        }
        Rate(pay, null, "dev1", 105m);
        db.ProductBudgets.Add(ProductBudget.Create(pay.WorkspaceId, pay.Id, 450_000m, "EUR", at));
        db.ProductBudgets.Add(ProductBudget.Create(mob.WorkspaceId, mob.Id, 120_000m, "EUR", at));
    }
}
