using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Estimation;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Poker;

/// <summary>The product's planning-poker sessions and, for the Tech Lead and the Scrum Master, the form to open one.</summary>
public partial class PokerListPage : TandemPage
{
    [Inject] private PokerFeature Poker { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    [SupplyParameterFromForm] private string? Title { get; set; }
    [SupplyParameterFromForm] private string[]? Items { get; set; }
    [SupplyParameterFromForm] private string? Keys { get; set; }

    private PokerSessionListDto? sessions;
    private IReadOnlyList<PokerCandidateDto> candidates = [];
    private bool canRun;
    private string? runRefusal;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        if ((await Poker.ListAsync(Key, null, null, Aborted)).Failed(out var refused, out var found)
            || (await Rights.FindProductAsync(Key, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        sessions = found;
        canRun = await Rights.IsAllowedAsync(product, Operations.Estimation.RunPoker, Aborted);
        if (canRun) candidates = (await Poker.CandidatesAsync(Key, Aborted)).Value ?? [];
        else runRefusal = await Rights.ExplainRefusalAsync(product, Operations.Estimation.RunPoker, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private async Task OpenAsync()
    {
        var typed = (Keys ?? "").Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keys = (Items ?? []).Concat(typed).Select(k => k.ToUpperInvariant()).Distinct().ToList();
        if (!(await Poker.OpenAsync(Key, new OpenPokerRequest(Title, keys), Aborted)).Failed(out var refused, out var opened))
        {
            Navigation.NavigateTo($"/p/{ProductKey}/poker/{opened.Id}");
            return;
        }
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
    }

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
