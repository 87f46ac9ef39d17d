using Microsoft.AspNetCore.Components;
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
    [SupplyParameterFromForm] private string? ItemKeys { get; set; }
    [SupplyParameterFromForm] private string? NfrNumbers { get; set; }

    private IReadOnlyList<ReleaseDto>? releases;
    private IReadOnlyDictionary<Guid, ReleaseScopeDto> scopes = new Dictionary<Guid, ReleaseScopeDto>();
    private bool canEdit;
    private string? refusal;
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        if ((await Releases.ListAsync(Key, Aborted)).Failed(out var refused, out var found)
            || (await Rights.FindProductAsync(Key, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        releases = found;
        scopes = await Releases.ScopesAsync(Key, found, Aborted);
        canEdit = await Rights.IsAllowedAsync(product, Operations.Delivery.EditSchedule, Aborted);
        if (!canEdit) refusal = await Rights.ExplainRefusalAsync(product, Operations.Delivery.EditSchedule, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private async Task PlanAsync()
    {
        if ((await Releases.CreateAsync(Key, new CreateReleaseRequest(Name, PlannedOn), Aborted)).Failed(out var refused, out _)) Show("plan", refused);
        else Navigation.NavigateTo($"/p/{ProductKey}/releases?done=planned");
    }

    private async Task ToggleAsync(Guid id, string status, int version)
    {
        if ((await Releases.PatchAsync(id, new PatchReleaseRequest(null, null, status == "released" ? "planned" : "released"), version, Aborted)).Failed(out var refused, out _)) Show("release", refused);
        else Navigation.NavigateTo($"/p/{ProductKey}/releases?done=saved");
    }

    private async Task ScopeAsync(Guid id, int version)
    {
        var keys = (ItemKeys ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        var numbers = new List<int>();
        foreach (var part in (NfrNumbers ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = part.Trim().TrimStart('N', 'F', 'R', 'n', 'f', 'r', '-');
            if (int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) numbers.Add(n);
            else numbers.Add(-1);
        }
        if ((await Releases.SetScopeAsync(id, new ReleaseScopeRequest(keys, null, numbers), version, Aborted)).Failed(out var refused, out _)) Show("release", refused);
        else Navigation.NavigateTo($"/p/{ProductKey}/releases?done=saved");
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
