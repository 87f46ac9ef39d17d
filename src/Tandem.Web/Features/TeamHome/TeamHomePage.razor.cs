using Microsoft.AspNetCore.Components;
using Tandem.Application.Coaching;
using Tandem.Application.DecisionRights;
using Tandem.Application.Calendar;
using Tandem.Application.Impediments;
using Tandem.Application.Metrics;
using Tandem.Application.Retros;
using Tandem.Application.Standups;
using Tandem.Application.Teams;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;
using Tandem.Web.Features.Metrics;

namespace Tandem.Web.Features.TeamHome;

/// <summary>
/// The Scrum Master's home for a team: the active sprint's burndown, WIP breaches now and the coach hints,
/// which the Scrum Master dismisses with a reason. Other areas' sections (stand-up, impediments, events,
/// retro actions) are views of data this page reads in turn.
/// </summary>
public partial class TeamHomePage : TandemPage
{
    [Inject] private TeamsFeature Teams { get; set; } = default!;
    [Inject] private MetricsFeature Metrics { get; set; } = default!;
    [Inject] private CoachFeature Coach { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;
    [Inject] private StandupsFeature Standups { get; set; } = default!;
    [Inject] private ImpedimentsFeature Impediments { get; set; } = default!;
    [Inject] private CalendarFeature Calendar { get; set; } = default!;
    [Inject] private RetrosFeature Retros { get; set; } = default!;

    [Parameter] public Guid TeamId { get; set; }
    [SupplyParameterFromQuery(Name = "dismissed")] private bool Dismissed { get; set; }
    [SupplyParameterFromForm] private string? Key { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }

    private TeamDto? team;
    private CoachHintsDto? hints;
    private RenderedChart? burndown;
    private IReadOnlyList<ColumnLoadDto> columns = [];
    private bool canDismiss;
    private string? refusal;
    private Error? error;
    private StandupDigest? standup;
    private IReadOnlyList<ImpedimentDto> impediments = [];
    private TeamCalendar? calendar;
    private IReadOnlyList<RetroActionDto> retroActions = [];
    private Error? retroError;

    protected override async Task OnInitializedAsync()
    {
        if ((await Teams.GetAsync(TeamId, Aborted)).Failed(out var refused, out var found)) { Fail(refused); return; }
        team = found;
        if ((await MetricsApi.ChartAsync(Metrics, TeamId, "burndown", null, null, null, Aborted)).Failed(out refused, out var drawn)) { Fail(refused); return; }
        burndown = drawn;
        if ((await Metrics.ColumnLoadAsync(TeamId, Aborted)).Failed(out refused, out var load)) { Fail(refused); return; }
        columns = load;
        if ((await Rights.FindProductAsync(found.ProductKey, Aborted)).Failed(out refused, out var product)) { Fail(refused); return; }
        canDismiss = await Rights.IsAllowedAsync(product, Operations.Process.DismissHint, Aborted);
        if (!canDismiss) refusal = await Rights.ExplainRefusalAsync(product, Operations.Process.DismissHint, await Rights.ActorOnAsync(product, Aborted), Aborted);
        await LoadHintsAsync();
        // The other areas' sections are views: their data is read here, one query after another, because they all
        // share the request's DbContext (and PostgreSQL refuses a second command while one runs).
        if (!(await Standups.DigestAsync(TeamId, null, Aborted)).Failed(out _, out var digest)) standup = digest;
        impediments = await Impediments.OpenForTeamAsync(TeamId, 8, Aborted);
        if (!(await Calendar.GetAsync(TeamId, null, null, Aborted)).Failed(out _, out var events)) calendar = events;
        if ((await Retros.ActionsAsync(TeamId, "open", Aborted)).Failed(out var noActions, out var actions)) retroError = noActions;
        else retroActions = actions;
    }

    private async Task LoadHintsAsync()
    {
        if ((await Coach.HintsAsync(TeamId, Aborted)).Failed(out var refused, out var found)) { Fail(refused); return; }
        hints = found;
    }

    private async Task DismissAsync()
    {
        if ((await Coach.DismissAsync(TeamId, new DismissHintRequest(Key, Reason), Aborted)).Failed(out var refused, out _))
        {
            error = refused;
            SetStatus(HttpContext, StatusFor(refused));
            await LoadHintsAsync();
            return;
        }
        Navigation.NavigateTo($"{AppRoutes.Team(TeamId)}?dismissed=true");
    }
}
