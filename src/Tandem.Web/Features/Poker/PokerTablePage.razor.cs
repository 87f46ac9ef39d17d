using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Estimation;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Poker;

/// <summary>
/// The poker table. Server-rendered and complete without JavaScript (each card is a submit button, each
/// step a form); poker.js joins the session's SignalR group and keeps the screen current as others vote,
/// the facilitator reveals, and the session moves on.
/// </summary>
public partial class PokerTablePage : TandemPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Inject] private PokerFeature Poker { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    [SupplyParameterFromForm] private string? Points { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }
    [SupplyParameterFromForm] private string? Version { get; set; }

    private PokerSessionDto? session;
    private PokerRoundDto? round;
    private bool canVote, canRun, canSettle;
    private string? voteRefusal, settleRefusal;
    private string stateJson = "{}";
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();
    private string Here => $"/p/{ProductKey}/poker/{Id}";

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        if ((await Poker.GetAsync(Id, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        session = found;
        if (!string.Equals(found.Product, ProductKey, StringComparison.Ordinal) || (await Rights.FindProductAsync(found.Product, Aborted)).Failed(out _, out var product))
        {
            Fail(Error.NotFound($"There is no planning-poker session {Id} on {ProductKey}."));
            session = null;
            return;
        }
        round = found.Current;
        var actor = await Rights.ActorOnAsync(product, Aborted);
        canVote = await Rights.IsAllowedAsync(product, Operations.Estimation.Vote, Aborted);
        canRun = await Rights.IsAllowedAsync(product, Operations.Estimation.RunPoker, Aborted);
        canSettle = await Rights.IsAllowedAsync(product, Operations.Estimation.Settle, Aborted);
        if (!canVote) voteRefusal = await Rights.ExplainRefusalAsync(product, Operations.Estimation.Vote, actor, Aborted);
        if (!canSettle) settleRefusal = await Rights.ExplainRefusalAsync(product, Operations.Estimation.Settle, actor, Aborted);
        stateJson = JsonSerializer.Serialize(new { id = session.Id, product = session.Product, me = Me.UserId, session }, Json);
    }

    /// <summary>Which parts show in the round's state; poker.js applies the same rules when the state changes live.</summary>
    private bool Shows(string part) => round is { } r && part switch
    {
        "decided" => r.Outcome != "pending",
        "voting" => r.Outcome == "pending" && !r.Revealed,
        "revealed" => r.Outcome == "pending" && r.Revealed,
        "consensus" => r.Outcome == "pending" && r.Revealed && r.Spread?.Consensus == true,
        "split" => r.Outcome == "pending" && r.Revealed && r.Spread?.Consensus != true,
        _ => false,
    };

    internal static string SpreadText(PokerSpreadDto? spread) => spread switch
    {
        null => "",
        { Consensus: true } => $"Consensus: everyone chose {spread.Min ?? "?"}.",
        { Min: null } => "Nobody could size it (all ?).",
        _ => $"Spread from {spread.Min} to {spread.Max}" + (spread.Outliers.Count > 0 ? $"; outliers: {string.Join(", ", spread.Outliers)}." : "."),
    };

    private int? FormVersion => int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private Task VoteAsync() => Do("vote", Poker.VoteAsync(Id, Points, Aborted), "voted");
    private Task RevealAsync() => Do("reveal", Poker.RevealAsync(Id, FormVersion, Aborted), "revealed");
    private Task RevoteAsync() => Do("revote", Poker.RevoteAsync(Id, FormVersion, Aborted), "revote");
    private Task AcceptAsync() => Do("accept", Poker.AcceptAsync(Id, FormVersion, Aborted), "accepted");
    private Task SettleAsync() => Do("settle", Poker.SettleAsync(Id, Points, Reason, FormVersion, Aborted), "settled");
    private Task NextAsync() => Do("next", Poker.NextAsync(Id, FormVersion, Aborted), "next");
    private Task CloseAsync() => Do("close", Poker.CloseAsync(Id, FormVersion, Aborted), "closed");

    private async Task Do(string form, Task<Result<PokerSessionDto>> step, string done)
    {
        if (!(await step).Failed(out var refused, out _))
        {
            Navigation.NavigateTo($"{Here}?done={done}");
            return;
        }
        failed = form;
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
        await LoadAsync();
    }

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private string? Notice => Done switch
    {
        "voted" => "Your vote is in. It stays hidden until the reveal.",
        "revealed" => "The cards are on the table.",
        "revote" => "A new round: everyone votes again.",
        "accepted" => "Accepted the consensus; the item has its estimate.",
        "settled" => "Set the final estimate; the decision is in the log with the votes and your reason.",
        "next" => "On to the next item.",
        "closed" => "The session is closed.",
        _ => null,
    };
}
