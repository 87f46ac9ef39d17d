using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Vision;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

public sealed record DemoAccount(string Email, string Name, string What);

/// <summary>
/// The demo: two workspaces (Acme and Globex) with people in every role. Seeded only into an empty
/// database and only when Tandem runs with --demo, so a real installation never has these accounts.
/// </summary>
public sealed class DemoSeeder(TandemDbContext db, UserManager<TandemUser> users, CurrentUser me, TimeProvider clock)
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

        SeedProductOwnerWorkspace(pay, mob, people, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>A realistic PAY backlog (a few hundred items), a smaller MOB one, PAY's vision and goals, and open suggestions.</summary>
    private void SeedProductOwnerWorkspace(Product pay, Product mob, Dictionary<string, TandemUser> people, DateTimeOffset now)
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
    }

    private void Assign(Product product, TandemUser by, TandemUser who, Role role)
    {
        var now = clock.GetUtcNow();
        db.RoleAssignments.Add(RoleAssignment.Create(product, who.Id, role, now));
        db.DecisionLog.Add(DecisionLogEntry.Record(product.WorkspaceId, product.Id, now, by.Id, by.DisplayName, null,
            Operations.Members.AssignRoles, $"Made {who.DisplayName} {role.Title()} of {product.Key}", "Demo team set-up", "person", who.Id.ToString()));
    }
}
