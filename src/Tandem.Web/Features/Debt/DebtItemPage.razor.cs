using Microsoft.AspNetCore.Components;
using Tandem.Application.Debt;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Debt;

/// <summary>One debt: read by everyone on the team, changed, registered or closed by the Tech Lead.</summary>
public partial class DebtItemPage : TandemPage
{
    [Inject] private DebtFeature Debt { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "saved")] private bool Saved { get; set; }

    [SupplyParameterFromForm] private string? Title { get; set; }
    [SupplyParameterFromForm] private string? Description { get; set; }
    [SupplyParameterFromForm] private string? Area { get; set; }
    [SupplyParameterFromForm] private string? Kind { get; set; }
    [SupplyParameterFromForm] private string? Principal { get; set; }
    [SupplyParameterFromForm] private string? Interest { get; set; }
    [SupplyParameterFromForm] private string? Risk { get; set; }
    [SupplyParameterFromForm] private string? FoundBy { get; set; }
    [SupplyParameterFromForm] private string? Status { get; set; }
    [SupplyParameterFromForm] private int? Version { get; set; }

    private DebtDto? debt;
    private bool canEdit;
    private string? refusal;
    private bool failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        var result = await Debt.GetAsync(Id, Aborted);
        if (result.Failed(out var refused, out var found) || !string.Equals(found.ProductKey, ProductKey, StringComparison.Ordinal)
            || (await Rights.FindProductAsync(Key, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused ?? Error.NotFound($"{ProductKey} has no such debt."));
            return;
        }
        debt = found;
        canEdit = await Rights.IsAllowedAsync(product, Operations.Debt.Register, Aborted);
        if (!canEdit) refusal = await Rights.ExplainRefusalAsync(product, Operations.Debt.Register, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private async Task SaveAsync()
    {
        var validation = new Validation();
        var principal = DebtPage.ParseDays(Principal, "principal", validation);
        var interest = DebtPage.ParseDays(Interest, "interest", validation);
        if (validation.Result is { } unparsable)
        {
            Show(unparsable);
            return;
        }
        var status = Status == debt!.Status ? null : Status;
        if ((await Debt.PatchAsync(Id, new PatchDebtRequest(Title, Description, Area, Kind, principal, interest, Risk, FoundBy, status), Version, Aborted)).Failed(out var refused, out _)) Show(refused);
        else Navigation.NavigateTo($"/p/{ProductKey}/debt/{Id}?saved=true");
    }

    private async Task RegisterAsync()
    {
        if ((await Debt.RegisterAsync(Id, Aborted)).Failed(out var refused, out _)) Show(refused);
        else Navigation.NavigateTo($"/p/{ProductKey}/debt/{Id}?saved=true");
    }

    private void Show(Error problem)
    {
        failed = true;
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
    }

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private string Value(string? posted, string current) => failed ? posted ?? "" : current;

    private static string Label(string slug) => slug.Replace('-', ' ');
}
