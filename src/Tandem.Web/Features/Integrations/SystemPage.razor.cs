using Microsoft.AspNetCore.Components;
using Tandem.Application.Architecture;
using Tandem.Application.DecisionRights;
using Tandem.Application.Integrations;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Integrations;

/// <summary>One system or component: what it provides and consumes, the records that shape it; changed by the Tech Lead.</summary>
public partial class SystemPage : TandemPage
{
    [Inject] private IntegrationFeature Integrations { get; set; } = default!;
    [Inject] private ArchitectureDecisionsFeature Adrs { get; set; } = default!;
    [Inject] private AdrLinksFeature AdrLinks { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? DoneQuery { get; set; }

    [SupplyParameterFromForm(FormName = "edit-system")] private string? EditName { get; set; }
    [SupplyParameterFromForm(FormName = "edit-system")] private string? EditOwner { get; set; }
    [SupplyParameterFromForm(FormName = "edit-system")] private bool EditExternal { get; set; }
    [SupplyParameterFromForm(FormName = "edit-system")] private string? EditDescription { get; set; }
    [SupplyParameterFromForm(FormName = "edit-system")] private int? EditVersion { get; set; }
    [SupplyParameterFromForm(FormName = "link-adr")] private Guid? LinkAdr { get; set; }

    private SystemDto? system;
    private bool canEdit;
    private bool canPropose;
    private string? refusal;
    private List<AdrSummary> adrChoices = [];
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    private string Here => Href(Id);

    private string? Done => DoneQuery switch
    {
        "saved" => "Saved. The change is in the decision log.",
        "linked" => "Linked. The record shows it too.",
        _ => null,
    };

    protected override async Task OnInitializedAsync()
    {
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canEdit = await Rights.IsAllowedAsync(product, Operations.Integration.Edit, Aborted);
        canPropose = await Rights.IsAllowedAsync(product, Operations.ArchitectureDecisions.Propose, Aborted);
        if (!canEdit) refusal = await Rights.ExplainRefusalAsync(product, Operations.Integration.Edit, await Rights.ActorOnAsync(product, Aborted), Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await Integrations.GetSystemAsync(Id, Aborted);
        if (result.Failed(out var refused, out var found) || !string.Equals(found.ProductKey, ProductKey, StringComparison.Ordinal))
        {
            Fail(refused ?? Error.NotFound($"{ProductKey}'s map has no such system."));
            return;
        }
        system = found;
        if (canPropose)
        {
            var all = await Adrs.ListAsync(Key, null, Aborted, Tandem.Application.Common.Paging.MaxLimit);
            var linked = found.Adrs.Select(a => a.Id).ToHashSet();
            adrChoices = all.Failed(out _, out var records) ? [] : records.Items.Where(a => !linked.Contains(a.Id)).Take(200).ToList();
        }
    }

    private async Task SaveAsync()
    {
        var result = await Integrations.PatchSystemAsync(Id, new SystemRequest(EditName, EditOwner, EditDescription, system?.Parent is null ? EditExternal : null), EditVersion, Aborted);
        await AfterAsync("edit", result.Error, Here + "?done=saved");
    }

    private async Task DeleteAsync()
    {
        var result = await Integrations.DeleteSystemAsync(Id, null, Aborted);
        await AfterAsync("delete", result.Error, $"/p/{ProductKey}/integrations?done=deleted");
    }

    private async Task LinkAdrAsync()
    {
        if (LinkAdr is not { } adr)
        {
            await AfterAsync("link", Error.Invalid("adrId", "Choose a decision record."), Here);
            return;
        }
        var result = await AdrLinks.AddAsync(adr, new AdrLinkRequest(null, Id), Aborted);
        await AfterAsync("link", result.Error, Here + "?done=linked");
    }

    private async Task AfterAsync(string form, Error? problem, string next)
    {
        if (problem is null)
        {
            Navigation.NavigateTo(next);
            return;
        }
        failed = form;
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
        await LoadAsync();
    }

    private string? FieldError(string field) =>
        failed == "edit" && error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private string Href(Guid id) => $"/p/{ProductKey}/integrations/systems/{id}";
}
