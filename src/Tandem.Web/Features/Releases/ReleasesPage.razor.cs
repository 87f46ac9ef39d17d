using Microsoft.AspNetCore.Components;
using Tandem.Application.Common;
using Tandem.Application.DecisionRights;
using Tandem.Application.Releases;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Releases;

/// <summary>The product's releases; the Technical Project Manager plans them and marks them released.</summary>
public partial class ReleasesPage : TandemPage
{
    [Inject] private ReleasesFeature Releases { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    [SupplyParameterFromForm] private string? Name { get; set; }
    [SupplyParameterFromForm] private string? PlannedOn { get; set; }

    private IReadOnlyList<ReleaseDto>? releases;
    private bool canEdit;
    private string? refusal;
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        var result = await Releases.ListAsync(Key, Aborted);
        if (!result.IsSuccess)
        {
            Fail(result.Error!);
            return;
        }
        releases = result.Value;
        var product = (await Rights.FindProductAsync(Key, Aborted)).Value!;
        canEdit = await Rights.IsAllowedAsync(product, Operations.Delivery.EditSchedule, Aborted);
        if (!canEdit) refusal = await Rights.ExplainRefusalAsync(product, Operations.Delivery.EditSchedule, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private async Task PlanAsync()
    {
        var result = await Releases.CreateAsync(Key, new CreateReleaseRequest(Name, PlannedOn), Aborted);
        if (result.IsSuccess) Navigation.NavigateTo($"/p/{ProductKey}/releases?done=planned");
        else Show("plan", result.Error!);
    }

    private async Task ToggleAsync(Guid id, string status, int version)
    {
        var result = await Releases.PatchAsync(id, new PatchReleaseRequest(null, null, status == "released" ? "planned" : "released"), version, Aborted);
        if (result.IsSuccess) Navigation.NavigateTo($"/p/{ProductKey}/releases?done=saved");
        else Show("release", result.Error!);
    }

    private void Show(string form, Error problem)
    {
        failed = form;
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
    }

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
