using Tandem.Application.DecisionLog;
using Tandem.Application.Home;
using Tandem.Application.Members;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Workspaces;
using Tandem.Web.Components;
using static Tandem.Application.Home.HomeFeature;

namespace Tandem.Web.Features.Home;

/// <summary>Something waiting for the current user's decision, with where to make it.</summary>
public sealed record AwaitingDecision(string Title, string Detail, string Area, string Href);

/// <summary>The home as the page shows it and the API answers it: the application's data, worded and linked.</summary>
public sealed record HomeDto(
    string ProductKey,
    string ProductName,
    IReadOnlyList<Role> MyRoles,
    bool IsWorkspaceAdmin,
    IReadOnlyList<AreaRule> IDecide,
    IReadOnlyList<AreaRule> IContribute,
    IReadOnlyList<AwaitingDecision> Awaiting,
    IReadOnlyList<WarningDto> Warnings,
    IReadOnlyList<DecisionLogEntryDto> RecentDecisions)
{
    public static HomeDto From(HomeData home) => new(home.ProductKey, home.ProductName, home.MyRoles, home.IsWorkspaceAdmin,
        home.IDecide, home.IContribute, home.Awaiting.Select(Word).ToList(), home.Warnings, home.RecentDecisions);

    /// <summary>How the home says what waits, and where it links to.</summary>
    public static AwaitingDecision Word(Awaiting awaiting)
    {
        var (title, detail, href) = awaiting switch
        {
            MembershipWarning w => (w.Warning.Kind == "no-product-owner" ? "Assign a Product Owner" : "Review role combination",
                w.Warning.Message, AppRoutes.ProductAdmin(w.ProductKey)),
            ProductWithoutOwner p => ("Assign a Product Owner", $"{p.ProductKey} has no Product Owner.", AppRoutes.ProductAdmin(p.ProductKey)),
            WorkToAccept w => ($"Accept or reject {Plural(w.Count, "finished item")}",
                $"Done and waiting for you: {string.Join(", ", w.First)}{More(w.Count, w.First.Count, ".")}", AppRoutes.Backlog(w.ProductKey, "status=done")),
            SuggestionsToDecide s => ($"Decide {Plural(s.Count, "suggestion")}", "Team members proposed ranks, criteria or edits.",
                AppRoutes.Suggestions(s.ProductKey)),
            FeedbackToTriage f => ($"Triage {Plural(f.Count, "piece of feedback", "pieces of feedback")}",
                "New or back from snooze: link, create an item, mark duplicate, decline or snooze.", AppRoutes.Feedback(f.ProductKey, "status=new")),
            ItemsToEstimate e => ($"Estimate {Plural(e.Count, "item")}",
                $"Open and not estimated, highest ranked first: {string.Join(", ", e.First)}{More(e.Count, e.First.Count, ".")}", AppRoutes.Backlog(e.ProductKey, "needs=estimate")),
            ItemsToAssess a => ($"Assess {Plural(a.Count, "item")}",
                $"No feasibility or risk yet, so not ready: {string.Join(", ", a.First)}{More(a.Count, a.First.Count, ".")}", AppRoutes.Backlog(a.ProductKey, "needs=assessment")),
            RecordsToDecide r => ($"Decide {Plural(r.Count, "decision record")}",
                $"Proposed: {string.Join("; ", r.First.Select(a => $"ADR-{a.Number:0000} {a.Title}"))}{More(r.Count, r.First.Count, ".")}", AppRoutes.Adrs(r.ProductKey, "status=proposed")),
            DebtToRegister d => ($"Register or decline {Plural(d.Count, "proposed debt", "proposed debts")}",
                "Team members found technical debt; registering it puts a tech-debt item in the backlog.", AppRoutes.Debt(d.ProductKey, "status=proposed")),
            HighestInterestDebt d => ("Highest-interest debt",
                string.Join("; ", d.Debts.Select(x => $"{x.Title} ({x.Interest:0.#} d/sprint{(x.ItemKey is { } k ? $", {k}" : "")})")) + ".", AppRoutes.Debt(d.ProductKey, "status=open")),
            DisagreementsToResolve d => ($"Resolve {Plural(d.Count, "technical disagreement")}",
                $"Raised on {string.Join(", ", d.Subjects)}{More(d.Count, d.Subjects.Count, "")}; your resolution is logged.", AppRoutes.Disagreements(d.ProductKey, "status=open")),
            EvaluationsToDecide e => (e.Questions.Count == EvaluationsShown ? $"Decide {EvaluationsShown} or more technology evaluations" : $"Decide {Plural(e.Questions.Count, "technology evaluation")}",
                string.Join(" ", e.Questions.Take(EvaluationsShown - 1)), AppRoutes.Evaluations(e.ProductKey, "status=open")),
            NfrsNotMet n => ($"{Plural(n.Count, "NFR")} not met",
                string.Join(" · ", n.First.Select(x => $"{Nfr.CodeOf(x.Number)} {x.Title.TrimEnd('.')}")) + More(n.Count, n.First.Count, "."), AppRoutes.NfrCompliance(n.ProductKey)),
            // Whoever only runs the session (the Scrum Master) is invited to facilitate it, never to vote.
            PokerToJoin p => ((p.CanVote ? "Join planning poker" : "Facilitate planning poker") + (p.Sessions.Count == 1 ? $": {p.Sessions[0].Title}" : $" ({p.Sessions.Count}{(p.Sessions.Count == PokerShown ? "+" : "")} open sessions)"),
                p.CanVote ? "Vote in your own browser; cards stay hidden until the reveal." : "You run it: open rounds and reveal the cards; the team votes, and the Tech Lead settles where it disagrees.",
                p.Sessions.Count == 1 ? AppRoutes.PokerSession(p.ProductKey, p.Sessions[0].Id) : AppRoutes.Poker(p.ProductKey)),
            ImpedimentsEscalated i => ($"{Plural(i.Count, "impediment")} escalated to you",
                $"The Scrum Master could not clear: {string.Join("; ", i.First.Select(x => $"#{x.Number} {x.Title}"))}{More(i.Count, i.First.Count, ".")}", AppRoutes.Impediments(i.ProductKey, "status=escalated")),
            AreaDisagreementsToResolve d => ($"Resolve {Plural(d.Count, "disagreement")} about {AreaNoun(d.DisagreementArea)}",
                $"Raised on {string.Join(", ", d.Subjects)}{More(d.Count, d.Subjects.Count, "")}; your resolution is logged.", AppRoutes.Disagreements(d.ProductKey, $"status=open&area={EnumText.Slug(d.DisagreementArea)}")),
            DisagreementsFlagged f => ($"{Plural(f.Count, "disagreement")} unresolved for over {f.AfterDays} days",
                $"Ask whoever decides to settle: {string.Join(", ", f.Subjects)}{More(f.Count, f.Subjects.Count, ".")}", AppRoutes.Disagreements(f.ProductKey, "status=open")),
            _ => throw new ArgumentOutOfRangeException(nameof(awaiting), awaiting.GetType().Name, "The home has no words for this yet."),
        };
        return new AwaitingDecision(title, detail, EnumText.Slug(awaiting.Area), href);
    }

    private static string AreaNoun(Tandem.Domain.Disagreements.DisagreementArea area) => area switch
    {
        Tandem.Domain.Disagreements.DisagreementArea.PriorityScope => "priority or scope",
        Tandem.Domain.Disagreements.DisagreementArea.DatesDependencies => "dates or dependencies",
        _ => "process",
    };

    private static string Plural(int count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";

    /// <summary>" …" when the list names fewer than there are, otherwise the sentence's end.</summary>
    private static string More(int count, int shown, string end) => count > shown ? " …" : end;
}
