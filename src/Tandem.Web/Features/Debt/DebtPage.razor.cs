using System.Globalization;
using Microsoft.AspNetCore.Components;
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
        if ((await Debt.ListAsync(Key, KindFilter, StatusFilter, Aborted, cursor: string.IsNullOrWhiteSpace(Cursor) ? null : Cursor)).Failed(out var refused, out var found)
            || (await Rights.FindProductAsync(Key, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        register = found;
        trend = (await Debt.TrendAsync(Key, Aborted)).Value;
        canRegister = await Rights.IsAllowedAsync(product, Operations.Debt.Register, Aborted);
        canPropose = await Rights.IsAllowedAsync(product, Operations.Debt.Propose, Aborted);
        canProposeShare = await Rights.IsAllowedAsync(product, Operations.Debt.ProposeCapacityShare, Aborted);
        canAgreeShare = await Rights.IsAllowedAsync(product, Operations.Debt.AgreeCapacityShare, Aborted);
        var actor = await Rights.ActorOnAsync(product, Aborted);
        if (!canPropose) recordRefusal = await Rights.ExplainRefusalAsync(product, Operations.Debt.Propose, actor, Aborted);
        if (!canAgreeShare) agreeRefusal = await Rights.ExplainRefusalAsync(product, Operations.Debt.AgreeCapacityShare, actor, Aborted);
    }

    private async Task RecordDebtAsync()
    {
        var validation = new Validation();
        var principal = ParseDays(Principal, "principal", validation);
        var interest = ParseDays(Interest, "interest", validation);
        // An unparsable number goes as missing, which the feature refuses, so nothing is written; every field's message shows at once.
        if (!(await Debt.RecordDebtAsync(Key, new RecordDebtRequest(Title, Description, Area, Kind, principal, interest, Risk, FoundBy), Aborted)).Failed(out var refused, out var recorded))
        {
            Navigation.NavigateTo($"/p/{ProductKey}/debt?done={(recorded.Status == "open" ? "registered" : "proposed")}");
            return;
        }
        // A number the form could not read keeps its own message over the feature's "say how many days".
        Show("record", validation.Result is { Fields: { } bad } ? Error.Invalid(new Dictionary<string, string[]>((refused.Fields ?? new Dictionary<string, string[]>()).Concat(bad)
            .GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value))) : refused);
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
        if ((await Debt.ProposeCapacityAsync(Key, new ProposeCapacityRequest(share, Reason), Aborted)).Failed(out var refused, out _)) Show("share", refused);
        else Navigation.NavigateTo($"/p/{ProductKey}/debt?done=share-proposed");
    }

    private async Task AgreeShareAsync()
    {
        if ((await Debt.AgreeCapacityAsync(Key, Aborted)).Failed(out var refused, out _)) Show("agree", refused);
        else Navigation.NavigateTo($"/p/{ProductKey}/debt?done=share-agreed");
    }

    private async Task RegisterAsync(Guid id)
    {
        if ((await Debt.RegisterAsync(id, Aborted)).Failed(out var refused, out _)) Show("register", refused);
        else Navigation.NavigateTo($"/p/{ProductKey}/debt?done=registered");
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
