using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.DecisionRights;
using Tandem.Application.Sprints;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Sprints;

/// <summary>
/// One sprint, as the whole team plans and runs it: the Product Owner's goal, capacity, the sprint backlog
/// with its warnings, the developers' pull list and commitment, the Scrum Master's start and close, and the
/// scope-change requests. Every form shows only to those who may; the others read who decides.
/// </summary>
public partial class SprintPage : TandemPage
{
    [Inject] private SprintsFeature Sprints { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }
    [SupplyParameterFromForm] private string? Goal { get; set; }
    [SupplyParameterFromForm] private int? Version { get; set; }
    [SupplyParameterFromForm] private string? ItemKey { get; set; }
    [SupplyParameterFromForm] private string? Kind { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }

    private SprintDto? sprint;
    private IReadOnlyList<BacklogItemSummary> candidates = [];
    private (bool Run, bool Commit, bool Goal, bool Ask) can;
    private (string? Run, string? Commit, string? Ask) why;
    private Error? error;

    private string Here => AppRoutes.Sprint(Id);

    private bool CanPull => sprint is { State: "planned" } && can.Commit;

    protected override async Task OnInitializedAsync()
    {
        if ((await Sprints.GetAsync(Id, Aborted)).Failed(out var refused, out var found)
            || (await Rights.FindProductAsync(found.ProductKey, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        sprint = found;
        var actor = await Rights.ActorOnAsync(product, Aborted);
        can = (await Rights.IsAllowedAsync(product, Operations.Sprints.Run, Aborted), await Rights.IsAllowedAsync(product, Operations.Sprints.CommitScope, Aborted),
            await Rights.IsAllowedAsync(product, Operations.Sprints.ProposeGoal, Aborted), await Rights.IsAllowedAsync(product, Operations.Sprints.RequestScopeChange, Aborted));
        if (!can.Run) why.Run = await Rights.ExplainRefusalAsync(product, Operations.Sprints.Run, actor, Aborted);
        if (!can.Commit) why.Commit = await Rights.ExplainRefusalAsync(product, Operations.Sprints.CommitScope, actor, Aborted);
        if (!can.Ask) why.Ask = await Rights.ExplainRefusalAsync(product, Operations.Sprints.RequestScopeChange, actor, Aborted);
        if (CanPull && (await Sprints.CandidatesAsync(Id, 20, Aborted)).Failed(out _, out var list) is false) candidates = list;
    }

    private Task ProposeGoalAsync() => Do(async () => (await Sprints.ProposeGoalAsync(Id, new SprintGoalRequest(Goal), Version, Aborted)).Error, "goal");

    private Task CommitAsync() => Do(async () => (await Sprints.CommitAsync(Id, null, Aborted)).Error, "committed");

    private Task AddAsync(string key) => Do(async () => (await Sprints.AddItemAsync(Id, new SprintItemRequest(key), Aborted)).Error, "added");

    private Task RemoveAsync(string key) => Do(async () => (await Sprints.RemoveItemAsync(Id, key, Aborted)).Error, "removed");

    private Task StartAsync() => Do(async () => (await Sprints.StartAsync(Id, Version, Aborted)).Error, "started");

    private Task CloseAsync()
    {
        // One radio group per unfinished item ("choice-PAY-12" = carry | backlog): read them straight from the form.
        var carry = HttpContext.Request.Form.Where(f => f.Key.StartsWith("choice-", StringComparison.Ordinal) && f.Value == "carry")
            .Select(f => f.Key["choice-".Length..]).ToList();
        return Do(async () => (await Sprints.CloseAsync(Id, new CloseSprintRequest(carry), Version, Aborted)).Error, "closed");
    }

    private Task AskAsync() => Do(async () => (await Sprints.AskScopeChangeAsync(Id, new AskScopeChangeRequest(ItemKey, Kind, Reason), Aborted)).Error, "asked");

    private Task DecideAsync(Guid requestId, bool accept) =>
        Do(async () => (await Sprints.DecideScopeChangeAsync(requestId, accept, new ScopeDecisionRequest(Reason), null, Aborted)).Error, accept ? "accepted" : "declined");

    private Task WithdrawAsync(Guid requestId) => Do(async () => (await Sprints.WithdrawScopeChangeAsync(requestId, null, Aborted)).Error, "withdrawn");

    /// <summary>Runs one change; a refusal stays on the page with its status, success reloads it with a notice.</summary>
    private async Task Do(Func<Task<Error?>> change, string done)
    {
        if (await change() is { } refused)
        {
            error = refused;
            SetStatus(HttpContext, StatusFor(refused));
            return;
        }
        Navigation.NavigateTo($"{Here}?done={done}");
    }

    private static string Notice(string done) => done switch
    {
        "planned" => "Sprint planned. The plan is in the decision log.",
        "goal" => "Goal proposed. The team commits to it at planning.",
        "committed" => "The team committed to the goal and scope; it is in the decision log.",
        "added" => "Added to the sprint.",
        "removed" => "Taken out of the sprint.",
        "started" => "Sprint started: its items and points are the commitment.",
        "closed" => "Sprint closed. Each unfinished item's outcome is recorded.",
        "asked" => "Request sent: the developers accept or decline it.",
        "accepted" => "Request accepted; the sprint's scope changed.",
        "declined" => "Request declined; whoever asked is told why.",
        "withdrawn" => "Request withdrawn.",
        _ => "Saved.",
    };

    private static IEnumerable<string> Notes(SprintItemDto item)
    {
        if (item.Outcome is { } outcome) yield return outcome.Replace('-', ' ');
        else if (item.Removed) yield return "removed";
        if (item.AddedAfterStart) yield return "added after the start";
        if (item.Blocked) yield return "blocked on the board";
        foreach (var w in item.Warnings) yield return w.Replace('-', ' ');
    }

    /// <summary>Points and hours with at most one decimal.</summary>
    public static string Pts(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
