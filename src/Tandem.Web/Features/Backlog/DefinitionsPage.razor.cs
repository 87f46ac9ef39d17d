using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.Common;
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
        var result = await Definitions.GetAsync(Key, Aborted);
        if (!result.IsSuccess)
        {
            Fail(result.Error!);
            return;
        }
        definitions = result.Value;
        var product = (await Rights.FindProductAsync(Key, Aborted)).Value!;
        canEdit = await Rights.IsAllowedAsync(product, Operations.Work.EditDefinitions, Aborted);
        if (!canEdit) refusal = await Rights.ExplainRefusalAsync(product, Operations.Work.EditDefinitions, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private async Task SaveAsync(string kind)
    {
        var entries = (Lines ?? "").Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var result = await Definitions.ReplaceAsync(Key, kind, new DefinitionRequest(entries), Aborted);
        if (result.IsSuccess)
        {
            Navigation.NavigateTo($"/p/{ProductKey}/definitions?saved={kind}");
            return;
        }
        failed = kind;
        error = result.Error;
        SetStatus(HttpContext, StatusFor(result.Error!));
    }
}
