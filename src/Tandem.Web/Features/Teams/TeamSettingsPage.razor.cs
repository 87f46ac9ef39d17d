using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.People;
using Tandem.Application.Teams;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Teams;

/// <summary>
/// A team's settings: members with allocation and working days, products (the workspace admin's), the rhythm
/// (the Scrum Master's), days off (each member's), and the workflow. Every form posts back; refusals name who decides.
/// </summary>
public partial class TeamSettingsPage : TandemPage
{
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    [Inject] private TeamsFeature TeamsService { get; set; } = default!;
    [Inject] private PeopleFeature People { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public Guid TeamId { get; set; }

    [SupplyParameterFromForm] private string? Allocation { get; set; }
    [SupplyParameterFromForm] private string[]? WorkDays { get; set; }
    [SupplyParameterFromForm] private Guid? NewMember { get; set; }
    [SupplyParameterFromForm] private string? NewProduct { get; set; }
    [SupplyParameterFromForm] private string? RhythmVersion { get; set; }
    [SupplyParameterFromForm] private string? Length { get; set; }
    [SupplyParameterFromForm] private string? StartDay { get; set; }
    [SupplyParameterFromForm] private string? Focus { get; set; }
    [SupplyParameterFromForm] private string? Hours { get; set; }
    [SupplyParameterFromForm] private string? Cutoff { get; set; }
    [SupplyParameterFromForm] private string? Zone { get; set; }
    [SupplyParameterFromForm] private string? Video { get; set; }
    [SupplyParameterFromForm] private Guid? AbsentId { get; set; }
    [SupplyParameterFromForm] private string? From { get; set; }
    [SupplyParameterFromForm] private string? To { get; set; }
    [SupplyParameterFromForm] private string? Note { get; set; }

    private TeamDto? team;
    private IReadOnlyList<PersonDto> candidates = [];
    private bool isAdmin, canEditRhythm, canRecordAbsence;
    private string? rhythmRefusal, saved;
    private Error? error;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        if ((await TeamsService.GetAsync(TeamId, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        team = found;
        if ((await Rights.FindProductAsync(found.ProductKey, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        isAdmin = Me.IsWorkspaceAdmin;
        canEditRhythm = await Rights.IsAllowedAsync(product, Operations.Process.Edit, Aborted);
        canRecordAbsence = await Rights.IsAllowedAsync(product, Operations.Process.RecordAvailability, Aborted);
        if (!canEditRhythm) rhythmRefusal = await Rights.ExplainRefusalAsync(product, Operations.Process.Edit, await Rights.ActorOnAsync(product, Aborted), Aborted);
        if (isAdmin && !(await People.ListAsync(Paging.MaxLimit, null, null, Aborted)).Failed(out _, out var everyone))
            candidates = everyone.Items.Where(p => !p.IsRemoved && found.Members.All(m => m.Person.Id != p.Id)).ToList();
    }

    private Task ChangeMemberAsync(Guid userId) => RunAsync(
        () => TeamsService.SetMemberAsync(TeamId, userId, new ChangeMemberRequest(ParseInt(Allocation), WorkDays ?? []), Aborted), "Member saved.");

    private Task RemoveMemberAsync(Guid userId) => RunAsync(() => TeamsService.RemoveMemberAsync(TeamId, userId, Aborted), "Member removed.");

    private Task AddMemberAsync() => NewMember is { } id
        ? RunAsync(() => TeamsService.SetMemberAsync(TeamId, id, new ChangeMemberRequest(100, null), Aborted), "Member added.")
        : Task.CompletedTask;

    private Task SetProductAsync(string? key, bool remove) =>
        RunAsync(() => TeamsService.SetProductAsync(TeamId, key ?? "", remove, Aborted), remove ? "Product removed." : "Product added.");

    private Task SetRhythmAsync() => RunAsync(() => TeamsService.SetRhythmAsync(TeamId,
        new TeamRhythmRequest(ParseInt(Length), StartDay, ParseDecimal(Focus), ParseDecimal(Hours), Cutoff, Zone, Video), ParseInt(RhythmVersion), Aborted), "Rhythm saved.");

    private Task RecordAbsenceAsync() => RunAsync(() => TeamsService.RecordAbsenceAsync(TeamId, new RecordAbsenceRequest(AbsentId, From, To, Note), Aborted), "Days off recorded.");

    private Task RemoveAbsenceAsync(Guid absenceId) => RunAsync(() => TeamsService.RemoveAbsenceAsync(TeamId, absenceId, Aborted), "Days off removed.");

    private async Task RunAsync(Func<Task<Result<TeamDto>>> change, string done)
    {
        if (PageError is not null) return;
        if ((await change()).Failed(out var failed, out _))
        {
            error = failed;
            SetStatus(HttpContext, StatusFor(failed));
        }
        else saved = done;
        await LoadAsync();
    }

    private static int? ParseInt(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static decimal? ParseDecimal(string? text) => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;
}
