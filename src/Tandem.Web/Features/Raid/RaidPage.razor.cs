using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Raid;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Raid;

/// <summary>
/// The RAID log of a product: the heat map with its table, the risks (filtered, trend arrows), assumptions, issues,
/// the escalated impediments waiting for the Technical Project Manager, and the forms: raise/record for anyone,
/// promote, validate, invalidate and resolve for the TPM; everyone else reads the sentence naming the TPM.
/// </summary>
public partial class RaidPage : TandemPage
{
    private static readonly int[] Scale = [1, 2, 3, 4, 5];
    private static readonly string[] Priorities = ["low", "medium", "high", "critical"];
    private static readonly (string Value, string Label)[] StatusFilters =
        [("", "All"), ("live", "Live (open, owned, accepted)"), ("open", "Open"), ("owned", "Owned"), ("accepted", "Accepted"), ("mitigated", "Mitigated"), ("resolved", "Resolved")];

    [Inject] private RaidFeature Raid { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "status")] private string? StatusFilter { get; set; }
    [SupplyParameterFromQuery(Name = "owner")] private Guid? OwnerFilter { get; set; }
    [SupplyParameterFromQuery(Name = "minScore")] private int? MinScore { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    [SupplyParameterFromForm] private string? Title { get; set; }
    [SupplyParameterFromForm] private int? Probability { get; set; }
    [SupplyParameterFromForm] private int? Impact { get; set; }
    [SupplyParameterFromForm] private string? ProximityOn { get; set; }
    [SupplyParameterFromForm] private string? Description { get; set; }
    [SupplyParameterFromForm] private string? As { get; set; }
    [SupplyParameterFromForm] private string? Statement { get; set; }
    [SupplyParameterFromForm] private string? ValidateBy { get; set; }
    [SupplyParameterFromForm] private string? IssueTitle { get; set; }
    [SupplyParameterFromForm] private string? Priority { get; set; }
    [SupplyParameterFromForm] private string? DueOn { get; set; }
    [SupplyParameterFromForm] private string? Resolution { get; set; }

    private RisksPage? risks;
    private RaidOverview? overview;
    private RiskHeatMap? heat;
    private IReadOnlyList<PersonSummary> owners = [];
    private bool canManage;
    private string? refusal;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    private string Here => AppRoutes.Raid(ProductKey);

    private string? Notice => Done switch
    {
        "raised" => "Risk raised. The Technical Project Manager decides how it is handled.",
        "promoted" => "Promoted: the impediment is now in the RAID log, linked to it.",
        "recorded" => "Recorded.",
        "decided" => "Decided, and in the decision log.",
        _ => null,
    };

    protected override async Task OnInitializedAsync()
    {
        if ((await Raid.ForPageAsync(Key, string.IsNullOrEmpty(StatusFilter) ? null : StatusFilter, OwnerFilter, MinScore, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        risks = found;
        if ((await Raid.HeatMapAsync(Key, Aborted)).Failed(out refused, out var map)) { Fail(refused); return; }
        heat = map;
        if ((await Raid.OverviewAsync(Key, Aborted)).Failed(out refused, out var lists)) { Fail(refused); return; }
        overview = lists;
        if ((await Raid.OwnerChoicesAsync(Key, Aborted)).Failed(out refused, out var people)) { Fail(refused); return; }
        owners = people;
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out _, out var product)) return;
        canManage = await Rights.IsAllowedAsync(product, Operations.Raid.Manage, Aborted);
        if (!canManage) refusal = await Rights.ExplainRefusalAsync(product, Operations.Raid.Manage, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private static string TrendText(RiskTrend? trend) => trend switch
    {
        null => "new",
        { Delta: > 0 } t => $"↑ +{t.Delta} (was {t.ScoreThen})",
        { Delta: < 0 } t => $"↓ {t.Delta} (was {t.ScoreThen})",
        _ => "→ steady",
    };

    private async Task RaiseAsync()
    {
        if ((await Raid.RaiseAsync(Key, new RaiseRiskRequest(Title, Probability, Impact, Description, ProximityOn), None)).Failed(out var refused, out var raised))
        {
            Refuse(refused);
            return;
        }
        Navigation.NavigateTo(AppRoutes.Risk(raised.ProductKey, raised.Number));
    }

    private async Task PromoteAsync(Guid impedimentId)
    {
        if ((await Raid.PromoteAsync(impedimentId, new PromoteImpedimentRequest(As, Probability, Impact, null, null), None)).Failed(out var refused, out var made))
        {
            Refuse(refused);
            return;
        }
        Navigation.NavigateTo(made.As == "risk" ? AppRoutes.Risk(made.ProductKey, made.Number) : AppRoutes.Raid(made.ProductKey, "done=promoted") + "#issues");
    }

    private async Task ValidateAsync(Guid id) => After(await Raid.ValidateAssumptionAsync(id, null, None), "decided", "#assumptions");

    private async Task InvalidateAsync(Guid id)
    {
        if ((await Raid.InvalidateAssumptionAsync(id, new InvalidateAssumptionRequest(Probability, Impact, null), null, None)).Failed(out var refused, out var risk))
        {
            Refuse(refused);
            return;
        }
        Navigation.NavigateTo(AppRoutes.Risk(risk.ProductKey, risk.Number));
    }

    private async Task RecordAssumptionAsync() => After(await Raid.RecordAssumptionAsync(Key, new RecordAssumptionRequest(Statement, ValidateBy), None), "recorded", "#assumptions");

    private async Task RecordIssueAsync() => After(await Raid.RecordIssueAsync(Key, new RecordIssueRequest(IssueTitle, null, Priority, DueOn), None), "recorded", "#issues");

    private async Task ResolveIssueAsync(Guid id) => After(await Raid.SetIssueStatusAsync(id, new IssueStatusRequest("resolved", Resolution), null, None), "decided", "#issues");

    private void After<T>(Result<T> result, string done, string anchor)
    {
        if (result.Failed(out var refused, out _))
        {
            Refuse(refused);
            return;
        }
        Navigation.NavigateTo(AppRoutes.Raid(ProductKey, $"done={done}") + anchor);
    }

    private void Refuse(Error refused)
    {
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
    }
}
