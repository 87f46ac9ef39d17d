using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Raid;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Raid;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Raid;

/// <summary>One risk: score, owner, handling, its trend (line and table), links both to and from it, and the TPM's forms (ROAM status, handling).</summary>
public partial class RiskPage : TandemPage
{
    private static readonly int[] Scale = [1, 2, 3, 4, 5];
    private static readonly string[] Statuses = ["open", "owned", "accepted", "mitigated", "resolved"];

    [Inject] private RaidFeature Raid { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public int Number { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    [SupplyParameterFromForm] private int? Version { get; set; }
    [SupplyParameterFromForm] private string? Title { get; set; }
    [SupplyParameterFromForm] private string? Description { get; set; }
    [SupplyParameterFromForm] private int? Probability { get; set; }
    [SupplyParameterFromForm] private int? Impact { get; set; }
    [SupplyParameterFromForm] private Guid? OwnerId { get; set; }
    [SupplyParameterFromForm] private string? Mitigation { get; set; }
    [SupplyParameterFromForm] private string? Contingency { get; set; }
    [SupplyParameterFromForm] private string? Trigger { get; set; }
    [SupplyParameterFromForm] private string? ProximityOn { get; set; }
    [SupplyParameterFromForm] private string? Status { get; set; }
    [SupplyParameterFromForm] private string? LinkKind { get; set; }
    [SupplyParameterFromForm] private string? LinkRef { get; set; }

    private RiskDto? risk;
    private IReadOnlyList<RiskHistoryDto> history = [];
    private IReadOnlyList<PersonSummary> owners = [];
    private bool canManage;
    private string? refusal;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    private string Here => AppRoutes.Risk(ProductKey, Number);

    private string? Notice => Done switch
    {
        "saved" => "Saved, and in the decision log.",
        "linked" => "Linked.",
        _ => null,
    };

    protected override async Task OnInitializedAsync()
    {
        if ((await Raid.GetByNumberAsync(Key, Number, Aborted)).Failed(out var refused, out var found)) { Fail(refused); return; }
        risk = found;
        if ((await Raid.HistoryAsync(found.Id, Aborted)).Failed(out refused, out var rows)) { Fail(refused); return; }
        history = rows;
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out _, out var product)) return;
        canManage = await Rights.IsAllowedAsync(product, Operations.Raid.Manage, Aborted);
        if (!canManage) refusal = await Rights.ExplainRefusalAsync(product, Operations.Raid.Manage, await Rights.ActorOnAsync(product, Aborted), Aborted);
        else if ((await Raid.OwnerChoicesAsync(Key, Aborted)).Failed(out _, out var people) is false) owners = people;
    }

    private static string LinkHref(RaidLinkDto link)
    {
        var number = int.TryParse(link.Ref.Split(' ')[^1], out var n) ? n : 0;
        return link.Kind switch
        {
            "item" => AppRoutes.Item(link.ProductKey, link.Ref),
            "milestone" => AppRoutes.Milestone(link.ProductKey, number),
            "decision" => AppRoutes.Adr(link.ProductKey, number),
            _ => AppRoutes.Impediment(link.ProductKey, number),
        };
    }

    private async Task HandleAsync() => After(await Raid.HandleAsync(risk!.Id,
        new HandleRiskRequest(Title, Description ?? "", Probability, Impact, OwnerId, Mitigation ?? "", Contingency ?? "", Trigger ?? "", ProximityOn ?? ""), Version, None), "saved");

    private async Task SetStatusAsync() => After(await Raid.SetStatusAsync(risk!.Id, new RiskStatusRequest(Status), null, None), "saved");

    private async Task LinkAsync() => After(await Raid.AddLinkAsync(RaidRecordKind.Risk, risk!.Id, new AddRaidLinkRequest(LinkKind, LinkRef), None), "linked");

    private async Task UnlinkAsync(Guid linkId) => After(await Raid.RemoveLinkAsync(RaidRecordKind.Risk, risk!.Id, linkId, None), "saved");

    private void After<T>(Result<T> result, string done)
    {
        if (result.Failed(out var refused, out _))
        {
            error = refused;
            SetStatus(HttpContext, StatusFor(refused));
            return;
        }
        Navigation.NavigateTo(AppRoutes.Risk(ProductKey, Number) + $"?done={done}");
    }
}
