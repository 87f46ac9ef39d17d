using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;
using Tandem.Domain.Vision;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

public sealed record DemoAccount(string Email, string Name, string What);

/// <summary>
/// The demo: two workspaces (Acme and Globex) with people in every role. Seeded only into an empty
/// database and only when Tandem runs with --demo, so a real installation never has these accounts.
/// </summary>
public sealed class DemoSeeder(TandemDbContext db, UserManager<TandemUser> users, CurrentUser me, TimeProvider clock, IPageLinks links)
{
    public const string Password = "Tandem-demo-1";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@demo.tandem", "Avery Quinn", "workspace admin of Acme"),
        new("po@demo.tandem", "Alice Ng", "Product Owner of PAY; Product Owner and Tech Lead of MOB"),
        new("tl@demo.tandem", "Tomás Lee", "Tech Lead of PAY, Developer on MOB"),
        new("sm@demo.tandem", "Sam Rivera", "Scrum Master"),
        new("tpm@demo.tandem", "Dana Park", "Technical Project Manager"),
        new("dev1@demo.tandem", "Priya Patel", "Developer"),
        new("dev2@demo.tandem", "Jonas Berg", "Developer"),
        new("stakeholder@demo.tandem", "Stella Hart", "Stakeholder"),
        new("po@globex.demo", "Gus Globex", "Product Owner of GLX and admin of the Globex workspace"),
    ];

    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct)
    {
        if (await db.Workspaces.AnyAsync(ct)) return false;
        var now = clock.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var acme = Workspace.Create("Acme", now);
        var globex = Workspace.Create("Globex", now);
        db.Workspaces.AddRange(acme, globex);
        await db.SaveChangesAsync(ct);

        var people = new Dictionary<string, TandemUser>();
        foreach (var account in Accounts)
        {
            var workspace = account.Email.EndsWith("@globex.demo", StringComparison.Ordinal) ? globex : acme;
            var user = new TandemUser
            {
                Id = Guid.CreateVersion7(now),
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                DisplayName = account.Name,
                WorkspaceId = workspace.Id,
                IsWorkspaceAdmin = account.Email is "admin@demo.tandem" or "po@globex.demo",
                CreatedAt = now,
            };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Demo account {account.Email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            people[account.Email.Split('@')[0] + (workspace == globex ? "@globex" : "")] = user;
        }

        me.ActInWorkspace(acme.Id);
        var pay = Product.Create(acme.Id, "PAY", "Acme Payments", now);
        var mob = Product.Create(acme.Id, "MOB", "Acme Mobile", now);
        var glx = Product.Create(globex.Id, "GLX", "Globex Logistics", now);
        db.Products.AddRange(pay, mob, glx);

        var admin = people["admin"];
        Assign(pay, admin, people["po"], Role.ProductOwner);
        Assign(pay, admin, people["tl"], Role.TechLead);
        Assign(pay, admin, people["sm"], Role.ScrumMaster);
        Assign(pay, admin, people["tpm"], Role.TechnicalProjectManager);
        Assign(pay, admin, people["dev1"], Role.Developer);
        Assign(pay, admin, people["dev2"], Role.Developer);
        Assign(pay, admin, people["stakeholder"], Role.Stakeholder);

        // Deliberate: on MOB Alice Ng is both Product Owner and Tech Lead, so the role-combination warning shows.
        Assign(mob, admin, people["po"], Role.ProductOwner);
        Assign(mob, admin, people["po"], Role.TechLead);
        Assign(mob, admin, people["tl"], Role.Developer);
        Assign(mob, admin, people["sm"], Role.ScrumMaster);
        Assign(mob, admin, people["tpm"], Role.TechnicalProjectManager);
        Assign(mob, admin, people["dev1"], Role.Developer);
        Assign(mob, admin, people["dev2"], Role.Developer);
        Assign(mob, admin, people["stakeholder"], Role.Stakeholder);

        Assign(glx, people["po@globex"], people["po@globex"], Role.ProductOwner);
        await db.SaveChangesAsync(ct);

        var payItems = SeedProductOwnerWorkspace(pay, mob, people, now);
        await db.SaveChangesAsync(ct);
        SeedFeedback(pay, payItems, people, now);
        await db.SaveChangesAsync(ct);
        DebtDemo.Seed(db, pay, payItems, people, now);
        await db.SaveChangesAsync(ct);
        TechLeadDemo.Seed(db, pay, payItems, people, now);
        await db.SaveChangesAsync(ct);
        NfrDemo.Seed(db, pay, payItems, people, now);
        await db.SaveChangesAsync(ct);
        await EvaluationDemo.SeedAsync(db, pay, payItems, people, links, now, ct);
        await db.SaveChangesAsync(ct);
        IntegrationDemo.Seed(db, pay, payItems, people, now);
        await db.SaveChangesAsync(ct);
        PokerDemo.Seed(db, pay, payItems, people, now);
        await db.SaveChangesAsync(ct);
        var crew = ScrumDemo.SeedTeam(db, pay, mob, people, now);
        await db.SaveChangesAsync(ct);
        ScrumDemo.SeedSprints(db, crew, pay, payItems, people, now);
        await db.SaveChangesAsync(ct);
        RetroDemo.Seed(db, crew, pay, people, now);
        await db.SaveChangesAsync(ct);
        // Issue 11, the TPM's program across PAY and MOB: in this order, each reading what the one before seeded.
        ProgramTeamDemo.Seed(db, pay, mob, people, now);
        await db.SaveChangesAsync(ct);
        await MilestoneDemo.SeedAsync(db, pay, mob, people, now, ct);
        await db.SaveChangesAsync(ct);
        ScheduleDemo.Seed(db, pay, mob, people, now);
        await db.SaveChangesAsync(ct);
        RaidDemo.Seed(db, pay, mob, people, now);
        await db.SaveChangesAsync(ct);
        await DependencyDemo.SeedAsync(db, pay, mob, people, now, ct);
        await db.SaveChangesAsync(ct);
        await StatusReportDemo.SeedAsync(db, pay, people, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitWholeAsync();
        return true;
    }

    /// <summary>A realistic PAY backlog (a few hundred items), a smaller MOB one, PAY's vision and goals, and open suggestions.</summary>
    private IReadOnlyList<BacklogItem> SeedProductOwnerWorkspace(Product pay, Product mob, Dictionary<string, TandemUser> people, DateTimeOffset now)
    {
        Guid[] team = [people["dev1"].Id, people["dev2"].Id, people["tl"].Id];
        var payBacklog = new BacklogGenerator(seed: 7).Generate(pay, 320, team, now);
        db.BacklogItems.AddRange(payBacklog.Items);
        db.AcceptanceCriteria.AddRange(payBacklog.Criteria);
        var mobBacklog = new BacklogGenerator(seed: 11).Generate(mob, 60, team, now);
        db.BacklogItems.AddRange(mobBacklog.Items);
        db.AcceptanceCriteria.AddRange(mobBacklog.Criteria);

        var lanes = new RoadmapLane?[] { RoadmapLane.Now, RoadmapLane.Now, RoadmapLane.Now, RoadmapLane.Next, RoadmapLane.Next, RoadmapLane.Next, RoadmapLane.Later, RoadmapLane.Later, RoadmapLane.Later, RoadmapLane.Later };
        foreach (var (epic, index) in payBacklog.Items.Where(i => i.Type == ItemType.Epic).Select((e, i) => (e, i)))
            if (index < lanes.Length) epic.PlaceOnRoadmap(lanes[index], now);

        var vision = ProductVision.Empty(pay.WorkspaceId, pay.Id, now);
        vision.Rewrite(
            "Small merchants get paid the day they sell, with fees they can explain to their accountant.",
            "Independent shops and online sellers with 1-50 staff, in the euro area first.",
            "Merchants lose **2-3 days** of cash flow to settlement delays and cannot tell from our statements what they paid in fees.",
            now);
        db.Visions.Add(vision);
        db.Goals.AddRange(
            ProductGoal.Create(pay.WorkspaceId, pay.Id, "Next-day payouts", "90 % of payouts arrive the next business day", new DateOnly(2027, 3, 31), GoalStatus.OnTrack, now),
            ProductGoal.Create(pay.WorkspaceId, pay.Id, "Explainable fees", "Fee-related support tickets down 40 % from Q3 2026", new DateOnly(2027, 6, 30), GoalStatus.AtRisk, now),
            ProductGoal.Create(pay.WorkspaceId, pay.Id, "Checkout conversion", "Card checkout conversion at least 3.5 %", new DateOnly(2026, 12, 31), GoalStatus.Achieved, now));

        db.Definitions.AddRange(DefinitionEntry.List(pay.WorkspaceId, pay.Id, DefinitionKind.Ready,
            ["Written as a user story with a clear benefit", "Acceptance criteria agreed with the PO", "Estimated by the team", "Dependencies identified", "Fits in one sprint"], now));
        db.Definitions.AddRange(DefinitionEntry.List(pay.WorkspaceId, pay.Id, DefinitionKind.Done,
            ["Code reviewed and merged to main", "Automated tests pass in CI", "Acceptance criteria verified", "Linked NFRs checked", "Release notes updated"], now));

        var open = payBacklog.Items.Where(i => i.Type == ItemType.Story && i.Status == ItemStatus.New).ToList();
        db.Suggestions.AddRange(
            Suggestion.ForRank(open[^1], "top", null, null, "Two enterprise prospects asked for this in the last week.", people["dev1"].Id, now),
            Suggestion.ForCriterion(open[^2], "a refund in a currency with no minor unit", "the merchant refunds part of the order", "the amount is rounded per ISO 4217", "Found while fixing the JPY bug.", people["tl"].Id, now));
        return payBacklog.Items;
    }

    /// <summary>
    /// PAY's feedback inbox in every state the loop has: new with votes and comments, planned (linked to an
    /// open item), shipped (linked to accepted work, with the notice that shipping sends), declined with a
    /// reason, snoozed, and a duplicate. Triage decisions go to the decision log as the use case records them.
    /// </summary>
    private void SeedFeedback(Product pay, IReadOnlyList<BacklogItem> items, Dictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var po = people["po"];
        // The generated backlog is seeded, so these picks are stable; the fallbacks keep the demo whole if it changes.
        var open = items.FirstOrDefault(i => i.Status is ItemStatus.New or ItemStatus.Ready && i.Title.Contains("export transactions as CSV", StringComparison.Ordinal))
            ?? items.First(i => i.Type == ItemType.Story && i.Status == ItemStatus.New);
        var accepted = items.FirstOrDefault(i => i.Status == ItemStatus.Accepted && i.Title.Contains("pay in my own currency", StringComparison.Ordinal))
            ?? items.First(i => i.Status == ItemStatus.Accepted);
        var number = 0;

        FeedbackEntry Send(string who, int daysAgo, string title, string description, string area, Urgency urgency, params string[] voters)
        {
            var at = now.AddDays(-daysAgo);
            var entry = FeedbackEntry.Submit(pay.WorkspaceId, pay.Id, ++number, title, description, area, urgency, people[who].Id, at);
            db.Feedback.Add(entry);
            foreach (var voter in voters)
            {
                db.FeedbackVotes.Add(FeedbackVote.Cast(entry, people[voter].Id, at.AddHours(2)));
                entry.CountVote(+1);
            }
            return entry;
        }
        void Comment(FeedbackEntry entry, string who, int hoursAfter, string text) =>
            db.FeedbackComments.Add(FeedbackComment.Write(entry, people[who].Id, text, entry.SubmittedAt.AddHours(hoursAfter)));
        void Triaged(FeedbackEntry entry, int daysAgo, string summary, string? reason, string notice, bool read)
        {
            var at = now.AddDays(-daysAgo);
            db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, at, po.Id, po.DisplayName, Role.ProductOwner,
                Operations.Feedback.Triage, summary, reason, "feedback", $"{pay.Key}#{entry.Number}"));
            var notification = Notification.To(pay.WorkspaceId, entry.SubmittedById, notice, links.Feedback(pay.Key, entry.Number), at);
            if (read) notification.MarkRead(at.AddHours(3));
            db.Notifications.Add(notification);
        }

        var csv = Send("stakeholder", 21, "Payout report as CSV for our accountant",
            "Every month end I copy payouts from the dashboard into a spreadsheet by hand.\n\n- one row per payout\n- fees and net amount in separate columns\n- works in Excel and Numbers",
            "Reports", Urgency.High, "dev1", "tpm", "sm");
        Comment(csv, "po", 20, "Heard the same from three merchants at the fair. Planning it.");
        csv.LinkTo(open.Id, itemAlreadyAccepted: false);
        Triaged(csv, 20, $"Linked {pay.Key} feedback #{csv.Number} \"{csv.Title}\" to {open.Key}", null, $"Your feedback \"{csv.Title}\" is planned as {open.Key}.", read: true);

        var fees = Send("stakeholder", 30, "Let tourists pay in their own currency",
            "Visitors from the UK and the US abandon checkout when they only see euro prices. Our shop in Lisbon loses **about one sale in ten** this way.",
            "Checkout", Urgency.High, "dev2", "tl");
        Comment(fees, "dev2", 5, "The card networks support this; we would need a daily exchange-rate feed.");
        fees.LinkTo(accepted.Id, itemAlreadyAccepted: false);
        Triaged(fees, 28, $"Linked {pay.Key} feedback #{fees.Number} \"{fees.Title}\" to {accepted.Key}", null, $"Your feedback \"{fees.Title}\" is planned as {accepted.Key}.", read: true);
        fees.Ship();
        var shipped = Notification.To(pay.WorkspaceId, fees.SubmittedById, $"Shipped: your feedback \"{fees.Title}\" is done ({accepted.Key} was accepted).",
            links.Feedback(pay.Key, fees.Number), now.AddDays(-2));
        db.Notifications.Add(shipped);

        var dark = Send("dev2", 18, "Dark mode for the merchant dashboard", "Several of us work late; a dark theme would be easier on the eyes.", "Dashboard", Urgency.Low, "dev1");
        const string notNow = "Not this year: our goals are next-day payouts and explainable fees, and merchants have not asked for it.";
        dark.Decline(notNow);
        Triaged(dark, 17, $"Declined {pay.Key} feedback #{dark.Number} \"{dark.Title}\"", notNow, $"Your feedback \"{dark.Title}\" was declined: {notNow}", read: false);

        var weekend = Send("stakeholder", 9, "Payouts on weekends and holidays",
            "Shops that sell most on Saturday wait until Tuesday for their money. Can payouts run every day?", "Payouts", Urgency.Critical, "dev1", "dev2", "tl", "tpm");
        Comment(weekend, "tl", 6, "Our bank's settlement file does not arrive on weekends; we would need the instant-payment rail. Happy to run a spike.");
        Comment(weekend, "stakeholder", 30, "Even Sunday evening would help the bakeries we work with.");

        var datev = Send("tpm", 14, "Export bookings to DATEV", "German merchants' tax advisers ask for DATEV files.", "Integrations", Urgency.Medium, "stakeholder");
        var until = DateOnly.FromDateTime(now.UtcDateTime).AddDays(45);
        datev.Snooze(until, DateOnly.FromDateTime(now.AddDays(-13).UtcDateTime));
        Triaged(datev, 13, $"Snoozed {pay.Key} feedback #{datev.Number} until {until:yyyy-MM-dd}", null, $"Your feedback \"{datev.Title}\" will be looked at again after {until:yyyy-MM-dd}.", read: true);

        var saturday = Send("sm", 7, "Saturday payouts", "A merchant at the stand-up demo asked for Saturday payouts.", "Payouts", Urgency.Medium);
        saturday.MarkDuplicateOf(weekend);
        Triaged(saturday, 6, $"Marked {pay.Key} feedback #{saturday.Number} as a duplicate of #{weekend.Number}", null,
            $"Your feedback \"{saturday.Title}\" duplicates #{weekend.Number} \"{weekend.Title}\"; follow that one.", read: true);

        var refunds = Send("stakeholder", 3, "Let shoppers see where their refund is",
            "Shoppers call the shop to ask whether a refund was sent. A status link in the refund e-mail would save us those calls.", "Refunds", Urgency.Medium, "dev1");
        Comment(refunds, "dev1", 4, "We could reuse the payment status page for this.");

        Send("tl", 1, "Two-factor sign-in for merchant staff", "Merchants with many staff accounts ask for a second factor at sign-in.", "Security", Urgency.High);
    }

    private void Assign(Product product, TandemUser by, TandemUser who, Role role)
    {
        var now = clock.GetUtcNow();
        db.RoleAssignments.Add(RoleAssignment.Create(product, who.Id, role, now));
        db.DecisionLog.Add(DecisionLogEntry.Record(product.WorkspaceId, product.Id, now, by.Id, by.DisplayName, null,
            Operations.Members.AssignRoles, $"Made {who.DisplayName} {role.Title()} of {product.Key}", "Demo team set-up", "person", who.Id.ToString()));
    }
}
