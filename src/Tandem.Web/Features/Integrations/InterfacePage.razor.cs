using Microsoft.AspNetCore.Components;
using Tandem.Application.Architecture;
using Tandem.Application.Debt;
using Tandem.Application.DecisionRights;
using Tandem.Application.Integrations;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Integrations;

/// <summary>One interface: its ends, status and risk, and the items, records and debt linked to it; changed by the Tech Lead.</summary>
public partial class InterfacePage : TandemPage
{
    [Inject] private IntegrationFeature Integrations { get; set; } = default!;
    [Inject] private ArchitectureDecisionsFeature Adrs { get; set; } = default!;
    [Inject] private DebtFeature Debt { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? DoneQuery { get; set; }

    [SupplyParameterFromForm(FormName = "edit-interface")] private string? EditName { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private Guid? EditProvider { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private Guid? EditConsumer { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private string? EditProtocol { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private string? EditStatus { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private string? EditOwner { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private string? EditRisk { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private string? EditRiskNote { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private string? EditDescription { get; set; }
    [SupplyParameterFromForm(FormName = "edit-interface")] private int? EditVersion { get; set; }
    [SupplyParameterFromForm(FormName = "link")] private string? LinkItem { get; set; }
    [SupplyParameterFromForm(FormName = "link")] private Guid? LinkAdr { get; set; }
    [SupplyParameterFromForm(FormName = "link")] private Guid? LinkDebt { get; set; }

    private InterfaceDto? face;
    private IntegrationMapDto? map;
    private bool canEdit;
    private string? refusal;
    private List<AdrSummary> adrChoices = [];
    private List<DebtSummary> debtChoices = [];
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    private string Here => $"/p/{ProductKey}/integrations/interfaces/{Id}";

    private string? Done => DoneQuery switch
    {
        "saved" => "Saved. The change is in the decision log.",
        "linked" => "Linked. The change is in the decision log.",
        "unlinked" => "Link removed. The change is in the decision log.",
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
        if (!canEdit) refusal = await Rights.ExplainRefusalAsync(product, Operations.Integration.Edit, await Rights.ActorOnAsync(product, Aborted), Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await Integrations.GetInterfaceAsync(Id, Aborted);
        if (result.Failed(out var refused, out var found) || !string.Equals(found.ProductKey, ProductKey, StringComparison.Ordinal))
        {
            Fail(refused ?? Error.NotFound($"{ProductKey}'s map has no such interface."));
            return;
        }
        face = found;
        if (!canEdit) return;
        map = (await Integrations.MapAsync(Key, Aborted)).Value;
        var adrs = await Adrs.ListAsync(Key, null, Aborted, Tandem.Application.Common.Paging.MaxLimit);
        var linkedAdrs = found.Adrs.Select(a => a.Id).ToHashSet();
        adrChoices = adrs.Failed(out _, out var records) ? [] : records.Items.Where(a => !linkedAdrs.Contains(a.Id)).Take(200).ToList();
        var debts = await Debt.ListAsync(Key, null, null, Aborted, Tandem.Application.Common.Paging.MaxLimit);
        var linkedDebts = found.Debts.Select(d => d.Id).ToHashSet();
        debtChoices = debts.Failed(out _, out var register) ? [] : register.Items.Where(d => !linkedDebts.Contains(d.Id)).Take(200).ToList();
    }

    private async Task SaveAsync()
    {
        var result = await Integrations.PatchInterfaceAsync(Id, new InterfaceRequest(EditName, EditProvider, EditConsumer, EditProtocol, EditStatus,
            EditOwner, EditDescription, EditRisk, EditRiskNote), EditVersion, Aborted);
        await AfterAsync("edit", result.Error, Here + "?done=saved");
    }

    private async Task LinkAsync()
    {
        var result = await Integrations.AddLinkAsync(Id, new InterfaceLinkRequest(string.IsNullOrWhiteSpace(LinkItem) ? null : LinkItem, LinkAdr, LinkDebt), Aborted);
        await AfterAsync("link", result.Error, Here + "?done=linked");
    }

    private async Task UnlinkAsync(Guid linkId)
    {
        var result = await Integrations.RemoveLinkAsync(Id, linkId, Aborted);
        await AfterAsync("unlink", result.Error, Here + "?done=unlinked");
    }

    private async Task DeleteAsync()
    {
        var result = await Integrations.DeleteInterfaceAsync(Id, null, Aborted);
        await AfterAsync("delete", result.Error, $"/p/{ProductKey}/integrations?done=deleted");
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

    private string SystemHref(Guid id) => $"/p/{ProductKey}/integrations/systems/{id}";

    private static string EndName(EndpointRef end) => end.IsComponent ? $"{end.SystemName} › {end.Name}" : end.Name;
}
