using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Sprints;
using Tandem.Application.Teams;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Sprints;

/// <summary>A team's sprints, newest first, and the Scrum Master's form to plan the next one from the cadence.</summary>
public partial class SprintsPage : TandemPage
{
    [Inject] private SprintsFeature Sprints { get; set; } = default!;
    [Inject] private TeamsFeature Teams { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public Guid TeamId { get; set; }
    [SupplyParameterFromQuery(Name = "planned")] private bool Planned { get; set; }
    [SupplyParameterFromForm] private string? Name { get; set; }
    [SupplyParameterFromForm] private string? Goal { get; set; }
    [SupplyParameterFromForm] private string? Start { get; set; }
    [SupplyParameterFromForm] private string? End { get; set; }

    private TeamDto? team;
    private IReadOnlyList<SprintSummary> sprints = [];
    private (DateOnly Start, DateOnly End) suggested;
    private bool canRun;
    private string? refusal;
    private Error? error;

    protected override async Task OnInitializedAsync()
    {
        if ((await Teams.GetAsync(TeamId, Aborted)).Failed(out var refused, out var found)
            || (await Sprints.ListAsync(TeamId, Aborted)).Failed(out refused, out var list)
            || (await Sprints.SuggestedDatesAsync(TeamId, Aborted)).Failed(out refused, out var dates)
            || (await Rights.FindProductAsync(found.ProductKey, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        (team, sprints, suggested) = (found, list, dates);
        canRun = await Rights.IsAllowedAsync(product, Operations.Sprints.Run, Aborted);
        if (!canRun) refusal = await Rights.ExplainRefusalAsync(product, Operations.Sprints.Run, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private async Task PlanAsync()
    {
        if ((await Sprints.PlanAsync(TeamId, new PlanSprintRequest(Name, Goal, Start, End), Aborted)).Failed(out var refused, out var sprint))
        {
            error = refused;
            SetStatus(HttpContext, StatusFor(refused));
            return;
        }
        Navigation.NavigateTo(AppRoutes.Sprint(sprint.Id) + "?done=planned");
    }
}
