using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Impediments;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// The Scrum Master's demo: the "Payments Crew" team on PAY (home) and MOB, with the Tech Lead, both
/// developers and the Scrum Master (half time), in Europe/Berlin, on the default four-column workflow;
/// twelve closed two-week sprints of history (commitment, completion, carry-over, scope change, card moves,
/// so every chart has a shape), an active sprint halfway through with a blocked card and a column over its
/// WIP limit, a pending scope-change request, and impediments of several ages (one escalated). Deterministic.
/// </summary>
internal static class ScrumDemo
{
    public const string TeamName = "Payments Crew";
    public const int ClosedSprints = 12;
    public const int SprintDays = 14;

    private static readonly decimal[] Points = [1, 2, 3, 3, 5, 5, 8];

    private static readonly string[] Goals =
    [
        "Cards can be saved for later payments",
        "Refunds run without manual steps",
        "Checkout errors explain what to do next",
        "Settlement reports reach finance every morning",
        "Strong customer authentication on every card payment",
        "Chargebacks are tracked from notice to outcome",
        "Payouts to merchants are retried safely",
        "The payment page loads in under a second",
        "Disputes can be answered from the dashboard",
        "Currency conversion shows the rate before paying",
        "Webhooks for payment events are signed",
        "Partial captures for split shipments",
    ];

    private static readonly string[] HistoryTitles =
    [
        "Store a tokenised card on the customer profile", "Show saved cards at checkout", "Refund a captured payment in full", "Refund part of a payment",
        "Explain a declined card in plain words", "Retry a soft decline once", "Export the daily settlement as CSV", "Email finance when settlement is ready",
        "Challenge flow for 3-D Secure", "Exempt low-value payments from the challenge", "Record a chargeback notice", "Attach evidence to a chargeback",
        "Retry a failed payout with backoff", "Alert on payouts failing twice", "Lazy-load the payment page's scripts", "Cache the merchant's branding",
        "Answer a dispute with documents", "Show dispute deadlines", "Show the conversion rate before paying", "Round converted amounts correctly",
        "Sign webhook bodies with HMAC", "Rotate the webhook secret", "Capture part of an authorisation", "Release the uncaptured remainder",
        "Fix double charge on a slow network", "Fix refund total on multi-currency orders", "Audit log of refunds", "Merchant can name a payout reference",
    ];

    public static Team SeedTeam(TandemDbContext db, Product pay, Product mob, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var team = Team.Create(pay.WorkspaceId, pay.Id, TeamName, "Europe/Berlin", now.AddDays(-200));
        var activeStart = team.Today(now).AddDays(-SprintDays / 2);
        team.SetWorkingRhythm(SprintDays, activeStart.DayOfWeek, 0.8m, 6m, new TimeOnly(10, 0), "Europe/Berlin", "https://meet.example.com/payments-crew");
        db.Teams.Add(team);
        db.TeamProducts.Add(TeamProduct.Of(team, pay.Id));
        db.TeamProducts.Add(TeamProduct.Of(team, mob.Id));
        db.TeamMembers.Add(TeamMember.Add(team, people["tl"].Id, 80, WorkingDays.Weekdays, now.AddDays(-200)));
        db.TeamMembers.Add(TeamMember.Add(team, people["dev1"].Id, 100, WorkingDays.Weekdays, now.AddDays(-200)));
        db.TeamMembers.Add(TeamMember.Add(team, people["dev2"].Id, 100, WorkingDays.Monday | WorkingDays.Tuesday | WorkingDays.Wednesday | WorkingDays.Thursday, now.AddDays(-200)));
        db.TeamMembers.Add(TeamMember.Add(team, people["sm"].Id, 50, WorkingDays.Weekdays, now.AddDays(-200)));
        db.TeamAbsences.Add(TeamAbsence.Record(team, people["dev1"].Id, activeStart.AddDays(9), activeStart.AddDays(10), "Conference", now.AddDays(-20)));
        var position = 0;
        foreach (var (name, status, limit) in BoardColumn.DefaultWorkflow)
            db.BoardColumns.Add(BoardColumn.Create(team, name, position++, status, limit, now.AddDays(-200)));
        return team;
    }

    /// <summary>The history and the running sprint; call after <see cref="SeedTeam"/> is saved and PAY's backlog exists.</summary>
    public static void SeedSprints(TandemDbContext db, Team team, Product pay, IReadOnlyList<BacklogItem> payItems, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var random = new Random(23);
        var columns = db.BoardColumns.Local.Where(c => c.TeamId == team.Id).OrderBy(c => c.Position).ToList();
        var (todo, doing, review, done) = (columns[0], columns[1], columns[2], columns[3]);
        Guid[] developers = [people["dev1"].Id, people["dev2"].Id, people["tl"].Id];
        var sm = people["sm"];
        var activeStart = team.Today(now).AddDays(-SprintDays / 2);
        var zone = team.Zone();
        DateTimeOffset At(DateOnly day, int hour) => new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), zone), TimeSpan.Zero);

        // Other demo parts add PAY items of their own (debt, spikes): number and rank after all of them.
        var seeded = db.BacklogItems.Local.Where(i => i.ProductId == pay.Id).ToList();
        var nextNumber = seeded.Max(i => i.Number) + 1;
        var lastRank = seeded.Select(i => i.Rank).Max(StringComparer.Ordinal)!;
        var title = 0;
        BacklogItem HistoryItem(DateOnly sprintStart)
        {
            lastRank = Rank.After(lastRank) ?? Rank.Between(lastRank, null);
            var created = At(sprintStart.AddDays(-random.Next(3, 45)), 11);
            var item = BacklogItem.Create(pay.WorkspaceId, pay.Id, pay.Key, nextNumber++, title % 5 == 4 ? ItemType.Bug : ItemType.Story,
                HistoryTitles[title++ % HistoryTitles.Length], null, lastRank, people["po"].Id, created);
            item.SetEstimate(Points[random.Next(Points.Length)], created);
            item.ChangeStatus(ItemStatus.Ready, created);
            db.BacklogItems.Add(item);
            return item;
        }

        void Walk(SprintItem card, BacklogItem item, DateOnly start, int doneDay, Guid by, bool accept = true)
        {
            var begun = At(start.AddDays(Math.Max(0, doneDay - random.Next(2, 6))), 10);
            var reviewed = At(start.AddDays(Math.Max(0, doneDay - 1)), 14);
            var finished = At(start.AddDays(doneDay), 16);
            db.CardMoves.Add(CardMove.Of(card, todo.Id, doing.Id, by, begun));
            card.MoveTo(doing.Id, card.Order, isFirst: false, isDone: false, begun);
            db.CardMoves.Add(CardMove.Of(card, doing.Id, review.Id, by, reviewed));
            card.MoveTo(review.Id, card.Order, isFirst: false, isDone: false, reviewed);
            db.CardMoves.Add(CardMove.Of(card, review.Id, done.Id, by, finished));
            card.MoveTo(done.Id, card.Order, isFirst: false, isDone: true, finished);
            item.Assign(by, begun);
            item.ChangeStatus(ItemStatus.Done, finished);
            if (accept) item.Accept(finished.AddHours(20));
        }

        var carried = new List<BacklogItem>();
        for (var k = 1; k <= ClosedSprints; k++)
        {
            var start = activeStart.AddDays(-SprintDays * (ClosedSprints - k + 1));
            var end = start.AddDays(SprintDays - 1);
            var sprint = Sprint.Plan(team.WorkspaceId, pay.Id, team.Id, k, $"Sprint {k}", Goals[k - 1], start, end, people["po"].Id, At(start.AddDays(-3), 9));
            sprint.Commit(At(start, 10));
            db.Sprints.Add(sprint);

            var committed = carried.ToList();
            carried.Clear();
            // The team learns its pace: early sprints over-commit, later ones commit about what they finish.
            var fresh = random.Next(6, 9) + (k < 5 ? 2 : 0);
            for (var i = 0; i < fresh; i++) committed.Add(HistoryItem(start));
            var cards = new List<(SprintItem Card, BacklogItem Item)>();
            var order = Rank.Spread(committed.Count + 4);
            for (var i = 0; i < committed.Count; i++)
            {
                var card = SprintItem.Add(sprint, committed[i].Id, committed[i].Estimate, todo.Id, order[i], afterStart: false, At(start, 10));
                db.SprintItems.Add(card);
                cards.Add((card, committed[i]));
            }
            sprint.BeginAt(At(start, 10), cards.Sum(c => c.Item.Estimate ?? 0), cards.Count);

            // One sprint in three takes an item in after the start, through an accepted scope-change request.
            var added = 0;
            if (k % 3 == 0)
            {
                var extra = HistoryItem(start);
                var request = ScopeChangeRequest.Ask(sprint, extra.Id, ScopeChangeKind.Add, "A merchant escalation that cannot wait for the next sprint.", people["po"].Id, At(start.AddDays(4), 9));
                request.Decide(true, "Small and urgent; we drop nothing else.", people["dev1"].Id, At(start.AddDays(4), 11));
                db.ScopeChangeRequests.Add(request);
                var card = SprintItem.Add(sprint, extra.Id, extra.Estimate, todo.Id, order[committed.Count], afterStart: true, At(start.AddDays(4), 11));
                db.SprintItems.Add(card);
                cards.Add((card, extra));
                added++;
            }

            // Most cards finish; early sprints leave more behind, which carries over.
            var unfinished = k < 5 ? random.Next(2, 4) : random.Next(0, 2);
            var completedPoints = 0m;
            var completedItems = 0;
            for (var i = 0; i < cards.Count; i++)
            {
                var (card, item) = cards[i];
                if (i >= cards.Count - unfinished)
                {
                    var begun = At(start.AddDays(random.Next(5, 10)), 10);
                    db.CardMoves.Add(CardMove.Of(card, todo.Id, doing.Id, developers[i % developers.Length], begun));
                    card.MoveTo(doing.Id, card.Order, isFirst: false, isDone: false, begun);
                    item.ChangeStatus(ItemStatus.InProgress, begun);
                    card.Settle(SprintItemOutcome.CarriedOver, item.Estimate);
                    carried.Add(item);
                    continue;
                }
                Walk(card, item, start, Math.Min(SprintDays - 2, 2 + i * (SprintDays - 3) / Math.Max(1, cards.Count)), developers[i % developers.Length]);
                card.Settle(SprintItemOutcome.Completed, item.Estimate);
                completedPoints += item.Estimate ?? 0;
                completedItems++;
            }
            sprint.CloseAt(At(end, 17), completedPoints, completedItems, carried.Count, added, 0);
            sprint.RecordReview(completedItems >= sprint.CommittedItems - 1, $"Demoed to the payments stakeholders. {completedItems} of {cards.Count} items done.");
            db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, At(end, 17), sm.Id, sm.DisplayName, Role.ScrumMaster, Operations.Sprints.Run,
                $"Closed {sprint.Name}: {completedItems} done, {carried.Count} carried over", null, "sprint", sprint.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // The running sprint, halfway: the carried-over items plus the top of PAY's backlog.
        var active = Sprint.Plan(team.WorkspaceId, pay.Id, team.Id, ClosedSprints + 1, $"Sprint {ClosedSprints + 1}", "Merchants see every payout's status in real time",
            activeStart, activeStart.AddDays(SprintDays - 1), people["po"].Id, At(activeStart.AddDays(-3), 9));
        active.Commit(At(activeStart, 10));
        db.Sprints.Add(active);
        var open = payItems.Where(i => i.ProductId == pay.Id && i.Type != ItemType.Epic && i.Status is ItemStatus.New or ItemStatus.Ready or ItemStatus.InProgress)
            .OrderBy(i => i.Rank, StringComparer.Ordinal).Take(11 - carried.Count).ToList();
        var work = carried.Concat(open).ToList();
        var ranks = Rank.Spread(work.Count + 4);
        var running = new List<(SprintItem Card, BacklogItem Item)>();
        for (var i = 0; i < work.Count; i++)
        {
            if (work[i].Estimate is null) work[i].SetEstimate(Points[random.Next(Points.Length)], At(activeStart.AddDays(-2), 15));
            var card = SprintItem.Add(active, work[i].Id, work[i].Estimate, todo.Id, ranks[i], afterStart: false, At(activeStart, 10));
            db.SprintItems.Add(card);
            running.Add((card, work[i]));
        }
        active.BeginAt(At(activeStart, 10), running.Sum(c => c.Item.Estimate ?? 0), running.Count);

        // Three done, five in progress (over the limit of four for three days), two in review, the rest to do.
        for (var i = 0; i < running.Count; i++)
        {
            var (card, item) = running[i];
            var by = developers[i % developers.Length];
            if (item.Status == ItemStatus.Accepted) continue;
            if (i < 3)
            {
                Walk(card, item, activeStart, 1 + i * 2, by, accept: i == 0);
            }
            else if (i < 8)
            {
                var begun = At(activeStart.AddDays(Math.Min(SprintDays / 2 - 3, i - 3)), 10);
                db.CardMoves.Add(CardMove.Of(card, todo.Id, doing.Id, by, begun));
                card.MoveTo(doing.Id, card.Order, isFirst: false, isDone: false, begun);
                item.Assign(by, begun);
                item.ChangeStatus(ItemStatus.InProgress, begun);
            }
            else if (i < 10)
            {
                var begun = At(activeStart.AddDays(1), 10);
                var reviewed = At(activeStart.AddDays(SprintDays / 2 - 1), 15);
                db.CardMoves.Add(CardMove.Of(card, todo.Id, doing.Id, by, begun));
                card.MoveTo(doing.Id, card.Order, isFirst: false, isDone: false, begun);
                db.CardMoves.Add(CardMove.Of(card, doing.Id, review.Id, by, reviewed));
                card.MoveTo(review.Id, card.Order, isFirst: false, isDone: false, reviewed);
                item.Assign(by, begun);
                item.ChangeStatus(ItemStatus.InProgress, begun);
            }
            else if (item.Status == ItemStatus.New) item.ChangeStatus(ItemStatus.Ready, At(activeStart, 10));
        }
        var stuck = running[Math.Min(4, running.Count - 1)].Card;
        stuck.Block("Waiting for the acquirer's sandbox credentials; asked twice.", At(activeStart.AddDays(SprintDays / 2 - 2), 11));

        // The PO asks for one more item mid-sprint; the developers have not answered yet.
        var wanted = payItems.Where(i => i.ProductId == pay.Id && i.Type == ItemType.Story && i.Status is ItemStatus.New or ItemStatus.Ready && !work.Contains(i))
            .OrderBy(i => i.Rank, StringComparer.Ordinal).FirstOrDefault();
        if (wanted is not null)
            db.ScopeChangeRequests.Add(ScopeChangeRequest.Ask(active, wanted.Id, ScopeChangeKind.Add, "The biggest merchant asked for it at Tuesday's call.", people["po"].Id, now.AddHours(-5)));

        SeedImpediments(db, team, pay, running.Select(r => r.Item).ToList(), people, now);
        SeedStandups(db, team, pay, running.Select(r => r.Item).ToList(), people, now);
    }

    /// <summary>The last working days' stand-ups; today Priya and Tomás have answered (Priya with a blocker), Jonas and Sam not yet.</summary>
    private static void SeedStandups(TandemDbContext db, Team team, Product pay, List<BacklogItem> sprintItems, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var today = team.Today(now);
        var zone = team.Zone();
        (string Who, string Yesterday, string Today, string? Blocker)[] lines =
        [
            ("dev1", "Paired on the payout status webhook; tests green.", "Finish the retry path and open the pull request.", null),
            ("dev2", "Reviewed the settlement export.", "Pick up the next card from To do.", null),
            ("tl", "Design review for the status stream.", "Help Priya with the acquirer sandbox question.", null),
        ];
        var day = today;
        for (var back = 0; back < 6; back++)
        {
            day = day.AddDays(-1);
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(-1);
            var at = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(9, 15)), zone), TimeSpan.Zero);
            foreach (var (who, yesterday, todayText, blocker) in lines)
            {
                if (who == "dev2" && day.DayOfWeek == DayOfWeek.Friday) continue;
                db.StandupEntries.Add(Domain.Standups.StandupEntry.Post(pay.WorkspaceId, pay.Id, team.Id, people[who].Id, day, yesterday, todayText, blocker, [], at));
            }
        }
        var key = sprintItems.Count > 4 ? sprintItems[4].Key : null;
        var morning = now.AddMinutes(-30);
        db.StandupEntries.Add(Domain.Standups.StandupEntry.Post(pay.WorkspaceId, pay.Id, team.Id, people["dev1"].Id, today,
            "Chased the acquirer for sandbox credentials again.", "Mock the acquirer so the payout tests can run meanwhile.",
            "Still no sandbox credentials from the acquirer: the payout card cannot be tested end to end.", key is null ? [] : [key], morning));
        db.StandupEntries.Add(Domain.Standups.StandupEntry.Post(pay.WorkspaceId, pay.Id, team.Id, people["tl"].Id, today,
            "Reviewed the status stream design with Jonas.", "Security review booking for 3-D Secure.", null, [], morning.AddMinutes(5)));
    }

    private static void SeedImpediments(TandemDbContext db, Team team, Product pay, List<BacklogItem> sprintItems, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var sm = people["sm"].Id;
        var sandbox = Impediment.Raise(pay.WorkspaceId, pay.Id, team.Id, 1, "No sandbox credentials from the acquirer",
            "We cannot test payouts end to end until the acquirer gives us sandbox credentials. Asked on the 3rd and the 7th.", ImpedimentImpact.High, people["dev1"].Id, null, now.AddDays(-12));
        sandbox.StartWork(now.AddDays(-11));
        sandbox.Escalate("The acquirer's account manager does not answer the team; this needs the partnership contact.", sm, now.AddDays(-6));
        var build = Impediment.Raise(pay.WorkspaceId, pay.Id, team.Id, 2, "CI builds queue for 40 minutes",
            "Shared runners are saturated every afternoon; merges wait.", ImpedimentImpact.Medium, people["dev2"].Id, null, now.AddDays(-6));
        build.StartWork(now.AddDays(-5));
        var review = Impediment.Raise(pay.WorkspaceId, pay.Id, team.Id, 3, "Security review slot not booked",
            "The 3-D Secure change needs a security review before release.", ImpedimentImpact.Medium, people["tl"].Id, null, now.AddDays(-2));
        var laptop = Impediment.Raise(pay.WorkspaceId, pay.Id, team.Id, 4, "New laptop for Jonas not delivered",
            "Working on a loaner without admin rights.", ImpedimentImpact.Low, people["dev2"].Id, null, now.AddDays(-20));
        laptop.Resolve("IT delivered it after the SM asked the office manager directly.", sm, now.AddDays(-15));
        db.Impediments.AddRange(sandbox, build, review, laptop);
        if (sprintItems.Count > 4) db.ImpedimentItems.Add(ImpedimentItem.Of(sandbox, sprintItems[4].Id));
    }
}
