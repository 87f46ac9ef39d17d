using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Common;
using Tandem.Application.Debt;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Debt;

/// <summary>The technical-debt register: the open debt by interest, totals, the trend, the capacity policy and the form to record debt.</summary>
public partial class DebtPage : TandemPage
{
    [Inject] private DebtFeature Debt { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] private string? KindFilter { get; set; }
    [SupplyParameterFromQuery(Name = "status")] private string? StatusFilter { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }

    [SupplyParameterFromForm] private string? Title { get; set; }
    [SupplyParameterFromForm] private string? Description { get; set; }
    [SupplyParameterFromForm] private string? Area { get; set; }
    [SupplyParameterFromForm] private string? Kind { get; set; }
    [SupplyParameterFromForm] private string? Principal { get; set; }
    [SupplyParameterFromForm] private string? Interest { get; set; }
    [SupplyParameterFromForm] private string? Risk { get; set; }
    [SupplyParameterFromForm] private string? FoundBy { get; set; }
    [SupplyParameterFromForm] private string? SharePercent { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }

    private DebtRegisterDto? register;
    private DebtTrendDto? trend;
    private bool canRegister, canPropose, canProposeShare, canAgreeShare;
    private string? recordRefusal, agreeRefusal;
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        var result = await Debt.ListAsync(Key, KindFilter, StatusFilter, Aborted, cursor: string.IsNullOrWhiteSpace(Cursor) ? null : Cursor);
        if (!result.IsSuccess)
        {
            Fail(result.Error!);
            return;
        }
        register = result.Value;
        trend = (await Debt.TrendAsync(Key, Aborted)).Value;
        var product = (await Rights.FindProductAsync(Key, Aborted)).Value!;
        canRegister = await Rights.IsAllowedAsync(product, Operations.Debt.Register, Aborted);
        canPropose = await Rights.IsAllowedAsync(product, Operations.Debt.Propose, Aborted);
        canProposeShare = await Rights.IsAllowedAsync(product, Operations.Debt.ProposeCapacityShare, Aborted);
        canAgreeShare = await Rights.IsAllowedAsync(product, Operations.Debt.AgreeCapacityShare, Aborted);
        var actor = await Rights.ActorOnAsync(product, Aborted);
        if (!canPropose) recordRefusal = await Rights.ExplainRefusalAsync(product, Operations.Debt.Propose, actor, Aborted);
        if (!canAgreeShare) agreeRefusal = await Rights.ExplainRefusalAsync(product, Operations.Debt.AgreeCapacityShare, actor, Aborted);
    }

    private async Task RecordAsync()
    {
        var validation = new Validation();
        var principal = ParseDays(Principal, "principal", validation);
        var interest = ParseDays(Interest, "interest", validation);
        // An unparsable number goes as missing, which the feature refuses, so nothing is written; every field's message shows at once.
        var result = await Debt.RecordAsync(Key, new RecordDebtRequest(Title, Description, Area, Kind, principal, interest, Risk, FoundBy), Aborted);
        if (!result.IsSuccess && validation.Result is { Fields: { } bad })
        {
            var merged = new Dictionary<string, string[]>(result.Error!.Fields ?? new Dictionary<string, string[]>());
            foreach (var (field, messages) in bad) merged[field] = messages;
            Show("record", Error.Invalid(merged));
            return;
        }
        if (result.IsSuccess) Navigation.NavigateTo($"/p/{ProductKey}/debt?done={(result.Value!.Status == "open" ? "registered" : "proposed")}");
        else Show("record", result.Error!);
    }

    private async Task ProposeShareAsync()
    {
        int? share = null;
        if (!string.IsNullOrWhiteSpace(SharePercent))
        {
            if (int.TryParse(SharePercent.Trim().TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) share = parsed;
            else
            {
                Show("share", Error.Invalid("sharePercent", $"'{SharePercent}' is not a whole percentage from 0 to 100."));
                return;
            }
        }
        var result = await Debt.ProposeCapacityAsync(Key, new ProposeCapacityRequest(share, Reason), Aborted);
        if (result.IsSuccess) Navigation.NavigateTo($"/p/{ProductKey}/debt?done=share-proposed");
        else Show("share", result.Error!);
    }

    private async Task AgreeShareAsync()
    {
        var result = await Debt.AgreeCapacityAsync(Key, Aborted);
        if (result.IsSuccess) Navigation.NavigateTo($"/p/{ProductKey}/debt?done=share-agreed");
        else Show("agree", result.Error!);
    }

    private async Task RegisterAsync(Guid id)
    {
        var result = await Debt.RegisterAsync(id, Aborted);
        if (result.IsSuccess) Navigation.NavigateTo($"/p/{ProductKey}/debt?done=registered");
        else Show("register", result.Error!);
    }

    private void Show(string form, Error problem)
    {
        failed = form;
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
    }

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    internal static decimal? ParseDays(string? text, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var days)) return days;
        validation.Add(field, $"'{text}' is not a number of days (for example 2.5).");
        return null;
    }

    internal static string Days(decimal days) => days.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Label(string slug) => slug.Replace('-', ' ');

    private string? Notice => Done switch
    {
        "registered" => "Registered. Its tech-debt item is at the bottom of the backlog for the Product Owner to rank; the decision is in the log.",
        "proposed" => "Proposed. It waits for the Tech Lead to register it.",
        "share-proposed" => "Proposed the capacity share; it waits for the other of Tech Lead and Product Owner to agree.",
        "share-agreed" => "Agreed. The share is the policy for the coming sprints; the decision is in the log.",
        _ => null,
    };

    private string MoreHref(string cursor)
    {
        var parameters = new[] { ("kind", KindFilter), ("status", StatusFilter), ("cursor", cursor) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2));
        return $"/p/{Key.ToUpperInvariant()}/debt{QueryString.Create(parameters)}";
    }
}
