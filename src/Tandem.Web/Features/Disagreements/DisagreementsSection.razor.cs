using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Disagreements;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Disagreements;

/// <summary>
/// A self-contained section for the item and decision-record pages: its forms post to the page it sits on
/// and come back to it, so the host page only places it (with the item's key or the record's id).
/// </summary>
public partial class DisagreementsSection : GatedComponent
{
    [Inject] private DisagreementsFeature Disagreements { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [Parameter, EditorRequired] public string ProductKey { get; set; } = "";
    [Parameter] public string? ItemKey { get; set; }
    [Parameter] public Guid? AdrId { get; set; }

    [SupplyParameterFromQuery(Name = "disagreement")] private string? DoneQuery { get; set; }
    [SupplyParameterFromForm] private string? Concern { get; set; }
    [SupplyParameterFromForm] private string? Alternative { get; set; }
    [SupplyParameterFromForm] private string? Outcome { get; set; }
    [SupplyParameterFromForm] private string? Resolution { get; set; }

    private IReadOnlyList<DisagreementDto> disagreements = [];
    private bool canRaise, canResolve;
    private string? failed;
    private Guid? resolving;
    private Error? error;

    private const string RaiseForm = "raise-disagreement";

    private int OpenCount => disagreements.Count(d => d.Status == "open");

    private string Here => new Uri(Navigation.Uri).AbsolutePath;

    private string? Done => DoneQuery switch
    {
        "raised" => "Raised. The Tech Lead is notified.",
        "resolved" => "Resolved. The resolution is in the decision log and the raiser is notified.",
        _ => null,
    };

    protected override async Task OnInitializedAsync()
    {
        if ((await Rights.FindProductAsync(ProductKey, CancellationToken.None)).Failed(out _, out var product)) return;
        canRaise = await Rights.IsAllowedAsync(product, Operations.Technical.RaiseDisagreement, CancellationToken.None);
        canResolve = await Rights.IsAllowedAsync(product, Operations.Technical.ResolveDisagreement, CancellationToken.None);
        await LoadAsync();
    }

    private async Task LoadAsync() => disagreements = await Disagreements.ForSubjectAsync(ProductKey, ItemKey, AdrId, CancellationToken.None);

    private async Task RaiseAsync()
    {
        var request = new RaiseDisagreementRequest(Concern, Alternative);
        var result = AdrId is { } adr
            ? await Disagreements.RaiseOnAdrAsync(adr, request, CancellationToken.None)
            : await Disagreements.RaiseOnItemAsync(ItemKey ?? "", request, CancellationToken.None);
        await AfterAsync(result, "raise", "raised");
    }

    private async Task ResolveAsync(Guid id)
    {
        resolving = id;
        var result = await Disagreements.ResolveAsync(id, new ResolveDisagreementRequest(Outcome, Resolution), null, CancellationToken.None);
        await AfterAsync(result, "resolve", "resolved");
    }

    private async Task AfterAsync(Result<DisagreementDto> result, string form, string done)
    {
        if (!result.Failed(out var refused, out _))
        {
            Navigation.NavigateTo($"{Here}?disagreement={done}#disagreements");
            return;
        }
        failed = form;
        error = refused;
        TandemPage.SetStatus(HttpContext, TandemPage.StatusFor(refused));
        await LoadAsync();
    }

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
