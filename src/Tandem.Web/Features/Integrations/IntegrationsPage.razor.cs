using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Integrations;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Integrations;

/// <summary>The product's integration map: the diagram, the same map as tables, and the Tech Lead's forms to grow it.</summary>
public partial class IntegrationsPage : TandemPage
{
    [Inject] private IntegrationFeature Integrations { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    [SupplyParameterFromForm(FormName = "add-system")] private string? SystemName { get; set; }
    [SupplyParameterFromForm(FormName = "add-system")] private string? SystemOwner { get; set; }
    [SupplyParameterFromForm(FormName = "add-system")] private bool SystemExternal { get; set; }
    [SupplyParameterFromForm(FormName = "add-system")] private string? SystemDescription { get; set; }

    [SupplyParameterFromForm(FormName = "add-component")] private Guid? ComponentSystem { get; set; }
    [SupplyParameterFromForm(FormName = "add-component")] private string? ComponentName { get; set; }
    [SupplyParameterFromForm(FormName = "add-component")] private string? ComponentOwner { get; set; }

    [SupplyParameterFromForm(FormName = "add-interface")] private string? InterfaceName { get; set; }
    [SupplyParameterFromForm(FormName = "add-interface")] private Guid? InterfaceProvider { get; set; }
    [SupplyParameterFromForm(FormName = "add-interface")] private Guid? InterfaceConsumer { get; set; }
    [SupplyParameterFromForm(FormName = "add-interface")] private string? InterfaceProtocol { get; set; }
    [SupplyParameterFromForm(FormName = "add-interface")] private string? InterfaceStatus { get; set; }
    [SupplyParameterFromForm(FormName = "add-interface")] private string? InterfaceOwner { get; set; }
    [SupplyParameterFromForm(FormName = "add-interface")] private string? InterfaceRisk { get; set; }
    [SupplyParameterFromForm(FormName = "add-interface")] private string? InterfaceRiskNote { get; set; }

    private IntegrationMapDto? map;
    private string svg = "";
    private bool canEdit;
    private string? refusal;
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    private string Here => $"/p/{ProductKey}/integrations";

    private string? Notice => Done switch
    {
        "system" => "System added. The change is in the decision log.",
        "component" => "Component added. The change is in the decision log.",
        "interface" => "Interface added. The change is in the decision log.",
        "deleted" => "Removed from the map. The change is in the decision log.",
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
        if ((await Integrations.MapAsync(Key, Aborted)).Failed(out var error, out var found))
        {
            Fail(error);
            return;
        }
        map = found;
        svg = IntegrationMapSvg.Render(found);
    }

    private async Task AddSystemAsync()
    {
        var result = await Integrations.AddSystemAsync(Key, new SystemRequest(SystemName, SystemOwner, SystemDescription, SystemExternal), Aborted);
        await AfterAsync("add-system", result.Error, "system");
    }

    private async Task AddComponentAsync()
    {
        if (ComponentSystem is not { } system)
        {
            await AfterAsync("add-component", Error.Invalid("system", "Choose the system the component belongs to."), "component");
            return;
        }
        var result = await Integrations.AddComponentAsync(system, new SystemRequest(ComponentName, ComponentOwner, null, null), Aborted);
        await AfterAsync("add-component", result.Error, "component");
    }

    private async Task AddInterfaceAsync()
    {
        var result = await Integrations.AddInterfaceAsync(Key, new InterfaceRequest(InterfaceName, InterfaceProvider, InterfaceConsumer,
            InterfaceProtocol, InterfaceStatus, InterfaceOwner, null, InterfaceRisk, InterfaceRiskNote), Aborted);
        await AfterAsync("add-interface", result.Error, "interface");
    }

    private async Task AfterAsync(string form, Error? problem, string done)
    {
        if (problem is null)
        {
            Navigation.NavigateTo($"{Here}?done={done}");
            return;
        }
        failed = form;
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
        await LoadAsync();
    }

    private string? Posted(string form, string? value) => failed == form ? value : null;

    private string? FieldError(string form, string field) =>
        failed == form && error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private string SystemHref(Guid id) => $"/p/{ProductKey}/integrations/systems/{id}";

    private string NameOf(Guid id) => map!.Systems.Concat(map.Components).FirstOrDefault(s => s.Id == id)?.Name ?? "?";

    public static readonly IReadOnlyList<string> Protocols = IntegrationFeature.Choices<Domain.Integrations.InterfaceProtocol>();
    public static readonly IReadOnlyList<string> Statuses = IntegrationFeature.Choices<Domain.Integrations.InterfaceStatus>();
    public static readonly IReadOnlyList<string> Risks = IntegrationFeature.Choices<Domain.Integrations.InterfaceRisk>();

    public static string Label(string slug) => slug.Replace('-', ' ');
}
