using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Architecture;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Architecture;

/// <summary>One decision record: its text rendered, the chain both ways, the history, and the Tech Lead's decisions.</summary>
public partial class AdrPage : TandemPage
{
    [Inject] private ArchitectureDecisionsFeature Adrs { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public int Number { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? DoneQuery { get; set; }

    [SupplyParameterFromForm(FormName = "accept-adr")] private string? AcceptReason { get; set; }
    [SupplyParameterFromForm(FormName = "reject-adr")] private string? RejectReason { get; set; }
    [SupplyParameterFromForm(FormName = "supersede-adr")] private Guid? SupersedeBy { get; set; }
    [SupplyParameterFromForm(FormName = "deprecate-adr")] private string? DeprecateReason { get; set; }

    private AdrDto? adr;
    private bool canDecide;
    private List<AdrSummary> candidates = [];
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    private string Here => $"/p/{ProductKey}/adrs/{Number}";

    private string? Done => DoneQuery switch
    {
        "accepted" => "Accepted. The decision is in the decision log.",
        "rejected" => "Rejected. The reason is in the decision log.",
        "superseded" => "Superseded. Both records show the chain.",
        "deprecated" => "Deprecated. The reason is in the decision log.",
        "linked" => "Links saved. The other side shows them too.",
        _ => null,
    };

    protected override async Task OnInitializedAsync()
    {
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canDecide = await Rights.IsAllowedAsync(product, Operations.ArchitectureDecisions.Decide, Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if ((await Adrs.GetByNumberAsync(Key, Number, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        adr = found;
        if (canDecide && found.Status == "accepted")
        {
            // A successor is a proposed or an accepted record; the newest of each are the likely ones.
            var proposed = await Adrs.ListAsync(Key, "proposed", Aborted, Paging.MaxLimit);
            var accepted = await Adrs.ListAsync(Key, "accepted", Aborted, Paging.MaxLimit);
            candidates = new[] { proposed, accepted }.SelectMany(r => r.Failed(out _, out var page) ? [] : page.Items)
                .Where(a => a.Id != found.Id).OrderByDescending(a => a.Number).ToList();
        }
    }

    private Task AcceptAsync() => DecideAsync(adr => Adrs.AcceptAsync(adr, new AdrDecisionRequest(AcceptReason), Aborted));

    private Task RejectAsync() => DecideAsync(adr => Adrs.RejectAsync(adr, new AdrDecisionRequest(RejectReason), Aborted));

    private Task SupersedeAsync() => DecideAsync(adr => Adrs.SupersedeAsync(adr, new SupersedeRequest(SupersedeBy), Aborted));

    private Task DeprecateAsync() => DecideAsync(adr => Adrs.DeprecateAsync(adr, new AdrDecisionRequest(DeprecateReason), Aborted));

    private async Task DecideAsync(Func<Guid, Task<Result<AdrDto>>> decide)
    {
        if (adr is null) return;
        if (!(await decide(adr.Id)).Failed(out var refused, out var decided))
        {
            Navigation.NavigateTo($"{Here}?done={decided.Status}");
            return;
        }
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
        await LoadAsync();
    }

    public static string StatusText(string status) => status switch
    {
        "accepted" => "Accepted",
        "rejected" => "Rejected",
        "superseded" => "Superseded",
        "deprecated" => "Deprecated",
        _ => "Proposed",
    };

    public static string StatusClass(string status) => status switch
    {
        "accepted" => "ok",
        "rejected" or "deprecated" => "declined",
        "superseded" => "muted",
        _ => "pending",
    };

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
