using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionLog;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Members;
using Tandem.Domain.Architecture;
using Tandem.Domain.Backlog;
using Tandem.Domain.Debt;
using Tandem.Domain.Disagreements;
using Tandem.Domain.Estimation;
using Tandem.Domain.Evaluations;
using Tandem.Domain.Nfrs;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Home;

/// <summary>
/// Something waiting for the current user's decision, as data: what it is, in which decision area, how
/// many and the first few. The web layer words it and links to where the decision is made.
/// </summary>
public abstract record Awaiting(DecisionArea Area);

/// <summary>A product with no Product Owner (the workspace admin assigns one).</summary>
public sealed record ProductWithoutOwner(string ProductKey) : Awaiting(DecisionArea.Membership);

/// <summary>A warning about this product's roles, for the workspace admin.</summary>
public sealed record MembershipWarning(string ProductKey, WarningDto Warning) : Awaiting(DecisionArea.Membership);

/// <summary>Done work waiting to be accepted or rejected; <see cref="First"/> are the highest ranked keys.</summary>
public sealed record WorkToAccept(string ProductKey, int Count, IReadOnlyList<string> First) : Awaiting(DecisionArea.WorkAcceptance);

public sealed record SuggestionsToDecide(string ProductKey, int Count) : Awaiting(DecisionArea.BacklogOrder);

/// <summary>New feedback, and snoozed feedback whose snooze is over.</summary>
public sealed record FeedbackToTriage(string ProductKey, int Count) : Awaiting(DecisionArea.FeedbackTriage);

/// <summary>Open items without an estimate, highest ranked first.</summary>
public sealed record ItemsToEstimate(string ProductKey, int Count, IReadOnlyList<string> First) : Awaiting(DecisionArea.Estimates);

/// <summary>Open items without a technical assessment, highest ranked first.</summary>
public sealed record ItemsToAssess(string ProductKey, int Count, IReadOnlyList<string> First) : Awaiting(DecisionArea.TechnicalAssessment);

public sealed record NumberedTitle(int Number, string Title);

public sealed record RecordsToDecide(string ProductKey, int Count, IReadOnlyList<NumberedTitle> First) : Awaiting(DecisionArea.Architecture);

public sealed record DebtToRegister(string ProductKey, int Count) : Awaiting(DecisionArea.TechnicalDebt);

public sealed record CostlyDebt(string Title, decimal Interest, string? ItemKey);

/// <summary>The open debt that costs the most each sprint it stays.</summary>
public sealed record HighestInterestDebt(string ProductKey, IReadOnlyList<CostlyDebt> Debts) : Awaiting(DecisionArea.TechnicalDebt);

/// <summary>Open disagreements; <see cref="Subjects"/> are the keys of the oldest ones' subjects.</summary>
public sealed record DisagreementsToResolve(string ProductKey, int Count, IReadOnlyList<string> Subjects) : Awaiting(DecisionArea.TechnicalAssessment);

/// <summary>The open evaluations' questions, at most <see cref="HomeFeature.EvaluationsShown"/> (more may be open).</summary>
public sealed record EvaluationsToDecide(string ProductKey, IReadOnlyList<string> Questions) : Awaiting(DecisionArea.Architecture);

public sealed record NfrsNotMet(string ProductKey, int Count, IReadOnlyList<NumberedTitle> First) : Awaiting(DecisionArea.NonFunctionalRequirements);

public sealed record PokerSession(Guid Id, string Title);

/// <summary>Open planning poker sessions, newest first, at most <see cref="HomeFeature.PokerShown"/>.</summary>
public sealed record PokerToJoin(string ProductKey, IReadOnlyList<PokerSession> Sessions, bool CanVote = true) : Awaiting(DecisionArea.Estimates);

// Issue 10: the impediment log and disagreements routed by area.
/// <summary>Impediments the Scrum Master escalated to the Technical Project Manager, oldest first (the TPM's workspace turns them into risks).</summary>
public sealed record ImpedimentsEscalated(string ProductKey, int Count, IReadOnlyList<NumberedTitle> First) : Awaiting(DecisionArea.Risks);

/// <summary>Open disagreements of a non-technical area, for that area's decider; <see cref="Subjects"/> are the oldest ones' subjects.</summary>
public sealed record AreaDisagreementsToResolve(string ProductKey, DisagreementArea DisagreementArea, int Count, IReadOnlyList<string> Subjects)
    : Awaiting(DisagreementArea switch
    {
        DisagreementArea.PriorityScope => DecisionArea.BacklogOrder,
        DisagreementArea.DatesDependencies => DecisionArea.Schedule,
        DisagreementArea.Process => DecisionArea.WorkingAgreements,
        _ => DecisionArea.TechnicalAssessment,
    });

/// <summary>Disagreements unresolved for longer than the set time, flagged to the workspace admin.</summary>
public sealed record DisagreementsFlagged(string ProductKey, int Count, int AfterDays, IReadOnlyList<string> Subjects) : Awaiting(DecisionArea.Membership);

public sealed record HomeData(
    string ProductKey,
    string ProductName,
    IReadOnlyList<Role> MyRoles,
    bool IsWorkspaceAdmin,
    IReadOnlyList<AreaRule> IDecide,
    IReadOnlyList<AreaRule> IContribute,
    IReadOnlyList<Awaiting> Awaiting,
    IReadOnlyList<WarningDto> Warnings,
    IReadOnlyList<DecisionLogEntryDto> RecentDecisions);

/// <summary>
/// A person's landing page on a product: what needs their decision now, what they decide and
/// contribute to, and what was decided recently. Later workspaces add their own awaiting decisions.
/// </summary>
public sealed class HomeFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, MembersFeature members, DecisionLogFeature log, TimeProvider clock,
    Disagreements.DisagreementSettings disagreementSettings)
{
    /// <summary>How many of a queue's items the home names; the count says how many there are.</summary>
    public const int ItemsShown = 4, RecordsShown = 3, DebtsShown = 3, DisagreementsShown = 3, NfrsShown = 3, PokerShown = 3, EvaluationsShown = 4;

    public async Task<Result<HomeData>> GetAsync(string key, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;
        var actor = await rights.ActorOnAsync(product, ct);

        var decide = DecisionRightsTable.Areas.Where(a => a.Decides.Includes(actor)).ToList();
        var contribute = DecisionRightsTable.Areas.Where(a => !a.Decides.Includes(actor) && a.Contributes.Includes(actor)).ToList();
        var warnings = await members.WarningsAsync(product, ct);

        var awaiting = new List<Awaiting>();
        if (me.IsWorkspaceAdmin)
        {
            awaiting.AddRange(warnings.Select(w => new MembershipWarning(product.Key, w)));
            var productsWithoutOwner = await db.Products.AsNoTracking()
                .Where(p => p.Id != product.Id && !db.RoleAssignments.Any(r => r.ProductId == p.Id && r.Role == Role.ProductOwner))
                .OrderBy(p => p.Key).Select(p => p.Key).Take(10).ToListAsync(ct);
            awaiting.AddRange(productsWithoutOwner.Select(k => new ProductWithoutOwner(k)));
        }

        awaiting.AddRange(await ProductOwnerQueueAsync(product, actor, ct));
        awaiting.AddRange(await TechLeadQueueAsync(product, actor, ct));
        awaiting.AddRange(await Issue10QueueAsync(product, actor, ct));

        IReadOnlyList<DecisionLogEntryDto> recent = [];
        if (DecisionRightsTable.IsAllowed(Operations.Products.ReadDecisionLog, actor)
            && !(await log.ListAsync(product.Key, new DecisionLogQuery(null, null, null, 8, null), ct)).Failed(out _, out var page))
            recent = page.Items;

        return new HomeData(product.Key, product.Name, actor.Roles.Order().ToList(), me.IsWorkspaceAdmin,
            decide, contribute, awaiting, warnings, recent);
    }

    /// <summary>
    /// What waits for this person's decision on one product, from the decision rights: the home's queues without
    /// the workspace admin's membership warnings. "My work" asks it for each product the person has a role on.
    /// </summary>
    public async Task<IReadOnlyList<Awaiting>> AwaitingOnAsync(Product product, Actor actor, CancellationToken ct)
    {
        var awaiting = new List<Awaiting>();
        awaiting.AddRange(await ProductOwnerQueueAsync(product, actor, ct));
        awaiting.AddRange(await TechLeadQueueAsync(product, actor, ct));
        awaiting.AddRange(await Issue10QueueAsync(product, actor, ct));
        return awaiting;
    }

    /// <summary>What waits for whoever decides backlog order, acceptance and feedback triage.</summary>
    private async Task<List<Awaiting>> ProductOwnerQueueAsync(Product product, Actor actor, CancellationToken ct)
    {
        var queue = new List<Awaiting>();
        if (DecisionRightsTable.IsAllowed(Operations.Work.AcceptOrReject, actor))
        {
            var done = await db.BacklogItems.AsNoTracking()
                .Where(i => i.ProductId == product.Id && i.Status == ItemStatus.Done)
                .OrderBy(i => i.Rank).Select(i => i.Key).Take(ItemsShown).ToListAsync(ct);
            if (done.Count > 0)
                queue.Add(new WorkToAccept(product.Key, await db.BacklogItems.CountAsync(i => i.ProductId == product.Id && i.Status == ItemStatus.Done, ct), done));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Backlog.DecideSuggestion, actor))
        {
            var open = await db.Suggestions.CountAsync(s => s.ProductId == product.Id && s.Status == SuggestionStatus.Open, ct);
            if (open > 0) queue.Add(new SuggestionsToDecide(product.Key, open));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Feedback.Triage, actor))
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var untriaged = await db.Feedback.CountAsync(f => f.ProductId == product.Id
                && (f.Status == FeedbackStatus.New || (f.Status == FeedbackStatus.Snoozed && f.SnoozedUntil <= today)), ct);
            if (untriaged > 0) queue.Add(new FeedbackToTriage(product.Key, untriaged));
        }
        return queue;
    }

    /// <summary>
    /// What waits for whoever decides how things are built: open items without an estimate or an
    /// assessment (top of the backlog first), proposed decision records and debt, and the debt that
    /// costs the most each sprint it stays.
    /// </summary>
    private async Task<List<Awaiting>> TechLeadQueueAsync(Product product, Actor actor, CancellationToken ct)
    {
        var queue = new List<Awaiting>();
        var open = db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && i.Type != ItemType.Epic).Where(ItemStatuses.OpenItem);
        if (DecisionRightsTable.IsAllowed(Operations.Estimation.Settle, actor))
        {
            var unestimated = open.Where(i => i.Estimate == null);
            var count = await unestimated.CountAsync(ct);
            if (count > 0)
                queue.Add(new ItemsToEstimate(product.Key, count, await unestimated.OrderBy(i => i.Rank).Select(i => i.Key).Take(ItemsShown).ToListAsync(ct)));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Technical.Assess, actor))
        {
            var unassessed = open.Where(i => !db.TechnicalAssessments.Any(a => a.ItemId == i.Id));
            var count = await unassessed.CountAsync(ct);
            if (count > 0)
                queue.Add(new ItemsToAssess(product.Key, count, await unassessed.OrderBy(i => i.Rank).Select(i => i.Key).Take(ItemsShown).ToListAsync(ct)));
        }
        if (DecisionRightsTable.IsAllowed(Operations.ArchitectureDecisions.Decide, actor))
        {
            var proposed = await db.ArchitectureDecisions.AsNoTracking()
                .Where(a => a.ProductId == product.Id && a.Status == DecisionStatus.Proposed)
                .OrderBy(a => a.Number).Select(a => new NumberedTitle(a.Number, a.Title)).Take(RecordsShown).ToListAsync(ct);
            if (proposed.Count > 0)
                queue.Add(new RecordsToDecide(product.Key,
                    await db.ArchitectureDecisions.CountAsync(a => a.ProductId == product.Id && a.Status == DecisionStatus.Proposed, ct), proposed));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Debt.Register, actor))
        {
            var proposed = await db.DebtItems.CountAsync(d => d.ProductId == product.Id && d.Status == DebtStatus.Proposed, ct);
            if (proposed > 0) queue.Add(new DebtToRegister(product.Key, proposed));

            var costly = await db.DebtItems.AsNoTracking().Where(d => d.ProductId == product.Id && d.Status == DebtStatus.Open)
                .OrderByDescending(d => d.Interest).ThenBy(d => d.Title).Select(d => new CostlyDebt(d.Title, d.Interest, d.BacklogItemKey)).Take(DebtsShown).ToListAsync(ct);
            if (costly.Count > 0) queue.Add(new HighestInterestDebt(product.Key, costly));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Technical.ResolveDisagreement, actor))
        {
            var disagreements = db.TechnicalDisagreements.AsNoTracking().Where(d => d.ProductId == product.Id && d.Status == DisagreementStatus.Open && d.Area == DisagreementArea.Technical);
            var count = await disagreements.CountAsync(ct);
            if (count > 0)
                queue.Add(new DisagreementsToResolve(product.Key, count,
                    await disagreements.OrderBy(d => d.Number).Select(d => d.SubjectKey).Take(DisagreementsShown).ToListAsync(ct)));
        }
        if (DecisionRightsTable.IsAllowed(Operations.ArchitectureDecisions.DecideEvaluation, actor))
        {
            var evaluations = await db.TechnologyEvaluations.AsNoTracking().Where(e => e.ProductId == product.Id && e.Status == EvaluationStatus.Open)
                .OrderBy(e => e.Number).Select(e => e.Question).Take(EvaluationsShown).ToListAsync(ct);
            if (evaluations.Count > 0) queue.Add(new EvaluationsToDecide(product.Key, evaluations));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Nfrs.Verify, actor))
        {
            var notMet = db.Nfrs.AsNoTracking().Where(n => n.ProductId == product.Id && n.LatestResult == NfrResult.NotMet && n.Status != NfrStatus.Retired);
            var count = await notMet.CountAsync(ct);
            if (count > 0)
                queue.Add(new NfrsNotMet(product.Key, count,
                    await notMet.OrderBy(n => n.Number).Select(n => new NumberedTitle(n.Number, n.Statement)).Take(NfrsShown).ToListAsync(ct)));
        }
        // Open poker sessions wait for everyone who estimates, not only the Tech Lead.
        if (DecisionRightsTable.IsAllowed(Operations.Estimation.Estimate, actor) || DecisionRightsTable.IsAllowed(Operations.Estimation.RunPoker, actor))
        {
            var sessions = await db.PokerSessions.AsNoTracking().Where(p => p.ProductId == product.Id && p.Status == PokerStatus.Open)
                .OrderByDescending(p => p.OpenedAt).Select(p => new PokerSession(p.Id, p.Title)).Take(PokerShown).ToListAsync(ct);
            if (sessions.Count > 0) queue.Add(new PokerToJoin(product.Key, sessions, DecisionRightsTable.IsAllowed(Operations.Estimation.Vote, actor)));
        }
        return queue;
    }

    /// <summary>
    /// Issue 10: impediments escalated to whoever manages risks (the TPM); open disagreements of the other areas for
    /// their deciders; disagreements left unresolved past the set time for the workspace admin.
    /// </summary>
    private async Task<List<Awaiting>> Issue10QueueAsync(Product product, Actor actor, CancellationToken ct)
    {
        var queue = new List<Awaiting>();
        if (DecisionRightsTable.IsAllowed(Operations.Raid.Manage, actor))
        {
            var escalated = db.Impediments.AsNoTracking().Where(i => i.ProductId == product.Id && i.Status == Domain.Impediments.ImpedimentStatus.Escalated);
            var first = await escalated.OrderBy(i => i.Number).Select(i => new NumberedTitle(i.Number, i.Title)).Take(RecordsShown).ToListAsync(ct);
            if (first.Count > 0) queue.Add(new ImpedimentsEscalated(product.Key, await escalated.CountAsync(ct), first));
        }
        foreach (var area in new[] { DisagreementArea.PriorityScope, DisagreementArea.DatesDependencies, DisagreementArea.Process })
        {
            if (!DecisionRightsTable.IsAllowed(Disagreements.DisagreementsFeature.ResolveOperation(area), actor)) continue;
            var open = db.TechnicalDisagreements.AsNoTracking().Where(d => d.ProductId == product.Id && d.Status == DisagreementStatus.Open && d.Area == area);
            var subjects = await open.OrderBy(d => d.Number).Select(d => d.SubjectTitle).Take(DisagreementsShown).ToListAsync(ct);
            if (subjects.Count > 0) queue.Add(new AreaDisagreementsToResolve(product.Key, area, await open.CountAsync(ct), subjects));
        }
        if (me.IsWorkspaceAdmin)
        {
            var before = clock.GetUtcNow().AddDays(-disagreementSettings.FlagAfterDays);
            var flagged = db.TechnicalDisagreements.AsNoTracking().Where(d => d.ProductId == product.Id && d.Status == DisagreementStatus.Open && d.RaisedAt <= before);
            var subjects = await flagged.OrderBy(d => d.Number).Select(d => d.SubjectTitle).Take(DisagreementsShown).ToListAsync(ct);
            if (subjects.Count > 0) queue.Add(new DisagreementsFlagged(product.Key, await flagged.CountAsync(ct), disagreementSettings.FlagAfterDays, subjects));
        }
        return queue;
    }
}
