using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Backlog;

/// <summary>The product's Definition of Ready and Definition of Done: edited by whoever the decision rights allow, read by everyone else.</summary>
public partial class DefinitionsPage : TandemPage
{
    [Inject] private DefinitionsFeature Definitions { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "saved")] private string? Saved { get; set; }
    [SupplyParameterFromForm] private string? Lines { get; set; }

    private DefinitionsDto? definitions;
    private bool canEdit;
    private string? refusal;
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        if ((await Definitions.GetAsync(Key, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        definitions = found;
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canEdit = await Rights.IsAllowedAsync(product, Operations.Work.EditDefinitions, Aborted);
        if (!canEdit) refusal = await Rights.ExplainRefusalAsync(product, Operations.Work.EditDefinitions, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private async Task SaveAsync(string kind)
    {
        var entries = (Lines ?? "").Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (!(await Definitions.ReplaceAsync(Key, kind, new DefinitionRequest(entries), Aborted)).Failed(out var refused, out _))
        {
            Navigation.NavigateTo($"/p/{ProductKey}/definitions?saved={kind}");
            return;
        }
        failed = kind;
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
    }
}
