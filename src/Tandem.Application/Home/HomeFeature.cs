using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
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

/// <summary>Something waiting for the current user's decision, with where to make it.</summary>
public sealed record AwaitingDecision(string Title, string Detail, string Area, string Href);

public sealed record HomeDto(
    string ProductKey,
    string ProductName,
    IReadOnlyList<Role> MyRoles,
    bool IsWorkspaceAdmin,
    IReadOnlyList<AreaRule> IDecide,
    IReadOnlyList<AreaRule> IContribute,
    IReadOnlyList<AwaitingDecision> Awaiting,
    IReadOnlyList<WarningDto> Warnings,
    IReadOnlyList<DecisionLogEntryDto> RecentDecisions);

/// <summary>
/// A person's landing page on a product: what needs their decision now, what they decide and
/// contribute to, and what was decided recently. Later workspaces add their own awaiting decisions.
/// </summary>
public sealed class HomeFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, MembersFeature members, DecisionLogFeature log, TimeProvider clock)
{
    public async Task<Result<HomeDto>> GetAsync(string key, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(key, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var actor = await rights.ActorOnAsync(product, ct);

        var decide = DecisionRightsTable.Areas.Where(a => a.Decides.Includes(actor)).ToList();
        var contribute = DecisionRightsTable.Areas.Where(a => !a.Decides.Includes(actor) && a.Contributes.Includes(actor)).ToList();
        var warnings = await members.WarningsAsync(product, ct);

        var awaiting = new List<AwaitingDecision>();
        if (me.IsWorkspaceAdmin)
        {
            awaiting.AddRange(warnings.Select(w => new AwaitingDecision(
                w.Kind == "no-product-owner" ? "Assign a Product Owner" : "Review role combination",
                w.Message, EnumText.Slug(DecisionArea.Membership), $"/admin/products/{product.Key}")));
            var productsWithoutOwner = await db.Products.AsNoTracking()
                .Where(p => p.Id != product.Id && !db.RoleAssignments.Any(r => r.ProductId == p.Id && r.Role == Role.ProductOwner))
                .OrderBy(p => p.Key).Select(p => p.Key).Take(10).ToListAsync(ct);
            awaiting.AddRange(productsWithoutOwner.Select(k => new AwaitingDecision(
                "Assign a Product Owner", $"{k} has no Product Owner.", EnumText.Slug(DecisionArea.Membership), $"/admin/products/{k}")));
        }

        awaiting.AddRange(await ProductOwnerQueueAsync(product, actor, ct));
        awaiting.AddRange(await TechLeadQueueAsync(product, actor, ct));

        IReadOnlyList<DecisionLogEntryDto> recent = [];
        if (DecisionRightsTable.IsAllowed(Operations.Products.ReadDecisionLog, actor))
        {
            var page = await log.ListAsync(product.Key, new DecisionLogQuery(null, null, null, 8, null), ct);
            if (page.IsSuccess) recent = page.Value!.Items;
        }

        return new HomeDto(product.Key, product.Name, actor.Roles.Order().ToList(), me.IsWorkspaceAdmin,
            decide, contribute, awaiting, warnings, recent);
    }

    /// <summary>What waits for whoever decides backlog order, acceptance and feedback triage: each a count and where to act.</summary>
    private async Task<List<AwaitingDecision>> ProductOwnerQueueAsync(Product product, Actor actor, CancellationToken ct)
    {
        var queue = new List<AwaitingDecision>();
        if (DecisionRightsTable.IsAllowed(Operations.Work.AcceptOrReject, actor))
        {
            var done = await db.BacklogItems.AsNoTracking()
                .Where(i => i.ProductId == product.Id && i.Status == ItemStatus.Done)
                .OrderBy(i => i.Rank).Select(i => i.Key).Take(4).ToListAsync(ct);
            if (done.Count > 0)
            {
                var count = await db.BacklogItems.CountAsync(i => i.ProductId == product.Id && i.Status == ItemStatus.Done, ct);
                queue.Add(new AwaitingDecision(
                    $"Accept or reject {Plural(count, "finished item")}",
                    $"Done and waiting for you: {string.Join(", ", done)}{(count > done.Count ? " …" : ".")}",
                    EnumText.Slug(DecisionArea.WorkAcceptance), $"/p/{product.Key}/backlog?status=done"));
            }
        }
        if (DecisionRightsTable.IsAllowed(Operations.Backlog.DecideSuggestion, actor))
        {
            var open = await db.Suggestions.CountAsync(s => s.ProductId == product.Id && s.Status == SuggestionStatus.Open, ct);
            if (open > 0)
                queue.Add(new AwaitingDecision(
                    $"Decide {Plural(open, "suggestion")}", "Team members proposed ranks, criteria or edits.",
                    EnumText.Slug(DecisionArea.BacklogOrder), $"/p/{product.Key}/suggestions"));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Feedback.Triage, actor))
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var untriaged = await db.Feedback.CountAsync(f => f.ProductId == product.Id
                && (f.Status == FeedbackStatus.New || (f.Status == FeedbackStatus.Snoozed && f.SnoozedUntil <= today)), ct);
            if (untriaged > 0)
                queue.Add(new AwaitingDecision(
                    $"Triage {Plural(untriaged, "piece of feedback", "pieces of feedback")}", "New or back from snooze: link, create an item, mark duplicate, decline or snooze.",
                    EnumText.Slug(DecisionArea.FeedbackTriage), $"/p/{product.Key}/feedback?status=new"));
        }
        return queue;
    }

    /// <summary>
    /// What waits for whoever decides how things are built: open items without an estimate or an
    /// assessment (top of the backlog first), proposed decision records and debt, and the debt that
    /// costs the most each sprint it stays.
    /// </summary>
    private async Task<List<AwaitingDecision>> TechLeadQueueAsync(Product product, Actor actor, CancellationToken ct)
    {
        var queue = new List<AwaitingDecision>();
        var open = db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && i.Type != ItemType.Epic
            && (i.Status == ItemStatus.New || i.Status == ItemStatus.Ready || i.Status == ItemStatus.InProgress));
        if (DecisionRightsTable.IsAllowed(Operations.Estimation.Settle, actor))
        {
            var unestimated = open.Where(i => i.Estimate == null);
            var count = await unestimated.CountAsync(ct);
            if (count > 0)
            {
                var top = await unestimated.OrderBy(i => i.Rank).Select(i => i.Key).Take(4).ToListAsync(ct);
                queue.Add(new AwaitingDecision(
                    $"Estimate {Plural(count, "item")}", $"Open and not estimated, highest ranked first: {string.Join(", ", top)}{(count > top.Count ? " …" : ".")}",
                    EnumText.Slug(DecisionArea.Estimates), $"/p/{product.Key}/backlog?needs=estimate"));
            }
        }
        if (DecisionRightsTable.IsAllowed(Operations.Technical.Assess, actor))
        {
            var unassessed = open.Where(i => !db.TechnicalAssessments.Any(a => a.ItemId == i.Id));
            var count = await unassessed.CountAsync(ct);
            if (count > 0)
            {
                var top = await unassessed.OrderBy(i => i.Rank).Select(i => i.Key).Take(4).ToListAsync(ct);
                queue.Add(new AwaitingDecision(
                    $"Assess {Plural(count, "item")}", $"No feasibility or risk yet, so not ready: {string.Join(", ", top)}{(count > top.Count ? " …" : ".")}",
                    EnumText.Slug(DecisionArea.TechnicalAssessment), $"/p/{product.Key}/backlog?needs=assessment"));
            }
        }
        if (DecisionRightsTable.IsAllowed(Operations.ArchitectureDecisions.Decide, actor))
        {
            var proposed = await db.ArchitectureDecisions.AsNoTracking()
                .Where(a => a.ProductId == product.Id && a.Status == DecisionStatus.Proposed)
                .OrderBy(a => a.Number).Select(a => new { a.Number, a.Title }).Take(3).ToListAsync(ct);
            if (proposed.Count > 0)
            {
                var count = await db.ArchitectureDecisions.CountAsync(a => a.ProductId == product.Id && a.Status == DecisionStatus.Proposed, ct);
                queue.Add(new AwaitingDecision(
                    $"Decide {Plural(count, "decision record")}", $"Proposed: {string.Join("; ", proposed.Select(a => $"ADR-{a.Number:0000} {a.Title}"))}{(count > proposed.Count ? " …" : ".")}",
                    EnumText.Slug(DecisionArea.Architecture), $"/p/{product.Key}/adrs?status=proposed"));
            }
        }
        if (DecisionRightsTable.IsAllowed(Operations.Debt.Register, actor))
        {
            var proposed = await db.DebtItems.CountAsync(d => d.ProductId == product.Id && d.Status == DebtStatus.Proposed, ct);
            if (proposed > 0)
                queue.Add(new AwaitingDecision(
                    $"Register or decline {Plural(proposed, "proposed debt", "proposed debts")}", "Team members found technical debt; registering it puts a tech-debt item in the backlog.",
                    EnumText.Slug(DecisionArea.TechnicalDebt), $"/p/{product.Key}/debt?status=proposed"));

            var costly = await db.DebtItems.AsNoTracking().Where(d => d.ProductId == product.Id && d.Status == DebtStatus.Open)
                .OrderByDescending(d => d.Interest).ThenBy(d => d.Title).Select(d => new { d.Title, d.Interest, d.BacklogItemKey }).Take(3).ToListAsync(ct);
            if (costly.Count > 0)
                queue.Add(new AwaitingDecision(
                    "Highest-interest debt", string.Join("; ", costly.Select(d => $"{d.Title} ({d.Interest:0.#} d/sprint{(d.BacklogItemKey is { } k ? $", {k}" : "")})")) + ".",
                    EnumText.Slug(DecisionArea.TechnicalDebt), $"/p/{product.Key}/debt?status=open"));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Technical.ResolveDisagreement, actor))
        {
            var disagreements = db.TechnicalDisagreements.AsNoTracking().Where(d => d.ProductId == product.Id && d.Status == DisagreementStatus.Open);
            var count = await disagreements.CountAsync(ct);
            if (count > 0)
            {
                var oldest = await disagreements.OrderBy(d => d.Number).Select(d => d.SubjectKey).Take(3).ToListAsync(ct);
                queue.Add(new AwaitingDecision(
                    $"Resolve {Plural(count, "technical disagreement")}", $"Raised on {string.Join(", ", oldest)}{(count > oldest.Count ? " …" : "")}; your resolution is logged.",
                    EnumText.Slug(DecisionArea.TechnicalAssessment), $"/p/{product.Key}/disagreements?status=open"));
            }
        }
        if (DecisionRightsTable.IsAllowed(Operations.ArchitectureDecisions.DecideEvaluation, actor))
        {
            var evaluations = await db.TechnologyEvaluations.AsNoTracking().Where(e => e.ProductId == product.Id && e.Status == EvaluationStatus.Open)
                .OrderBy(e => e.Number).Select(e => e.Question).Take(4).ToListAsync(ct);
            if (evaluations.Count > 0)
                queue.Add(new AwaitingDecision(
                    evaluations.Count == 4 ? "Decide 4 or more technology evaluations" : $"Decide {Plural(evaluations.Count, "technology evaluation")}", string.Join(" ", evaluations.Take(3)),
                    EnumText.Slug(DecisionArea.Architecture), $"/p/{product.Key}/evaluations?status=open"));
        }
        if (DecisionRightsTable.IsAllowed(Operations.Nfrs.Verify, actor))
        {
            var notMet = db.Nfrs.AsNoTracking().Where(n => n.ProductId == product.Id && n.LatestResult == NfrResult.NotMet && n.Status != NfrStatus.Retired);
            var count = await notMet.CountAsync(ct);
            if (count > 0)
            {
                var first = await notMet.OrderBy(n => n.Number).Select(n => new { n.Number, n.Statement }).Take(3).ToListAsync(ct);
                queue.Add(new AwaitingDecision(
                    $"{Plural(count, "NFR")} not met", string.Join(" · ", first.Select(n => $"NFR-{n.Number} {n.Statement.TrimEnd('.')}")) + (count > first.Count ? " …" : "."),
                    EnumText.Slug(DecisionArea.NonFunctionalRequirements), $"/p/{product.Key}/nfrs/compliance"));
            }
        }
        // Open poker sessions wait for everyone who estimates, not only the Tech Lead.
        if (DecisionRightsTable.IsAllowed(Operations.Estimation.Estimate, actor) || DecisionRightsTable.IsAllowed(Operations.Estimation.RunPoker, actor))
        {
            var sessions = await db.PokerSessions.AsNoTracking().Where(p => p.ProductId == product.Id && p.Status == PokerStatus.Open)
                .OrderByDescending(p => p.OpenedAt).Select(p => new { p.Id, p.Title }).Take(3).ToListAsync(ct);
            if (sessions.Count > 0)
                queue.Add(new AwaitingDecision(
                    sessions.Count == 1 ? $"Join planning poker: {sessions[0].Title}" : $"Join planning poker ({sessions.Count}{(sessions.Count == 3 ? "+" : "")} open sessions)",
                    "Vote in your own browser; cards stay hidden until the reveal.",
                    EnumText.Slug(DecisionArea.Estimates), sessions.Count == 1 ? $"/p/{product.Key}/poker/{sessions[0].Id}" : $"/p/{product.Key}/poker"));
        }
        return queue;
    }

    private static string Plural(int count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";
}
