using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Retros;
using Tandem.Application.Teams;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Retros;

/// <summary>
/// A retrospective's board. Server-rendered and complete without JavaScript: each phase shows its own
/// forms (write per column, one board form for grouping and for dot-voting, review and action forms).
/// retro.js joins the retrospective's SignalR group and redraws the board when anyone changes it.
/// </summary>
public partial class RetroPage : TandemPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Phases = ["write", "group", "vote", "discuss", "actions", "closed"];

    [Inject] private RetrosFeature Retros { get; set; } = default!;
    [Inject] private TeamsFeature Teams { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    [SupplyParameterFromForm] private string? Text { get; set; }
    [SupplyParameterFromForm] private string? Column { get; set; }
    [SupplyParameterFromForm] private string? Anonymous { get; set; }
    [SupplyParameterFromForm] private string? Phase { get; set; }
    [SupplyParameterFromForm] private string? Version { get; set; }
    [SupplyParameterFromForm] private string? Title { get; set; }
    [SupplyParameterFromForm] private Guid[]? CardIds { get; set; }
    [SupplyParameterFromForm] private string? Op { get; set; }
    [SupplyParameterFromForm] private string? Status { get; set; }
    [SupplyParameterFromForm] private string? OwnerId { get; set; }
    [SupplyParameterFromForm] private string? Due { get; set; }

    private RetroDto? retro;
    private IReadOnlyList<PersonSummary> members = [];
    private bool canFacilitate, canContribute, canOwn;
    private string? facilitateRefusal, contributeRefusal;
    private string stateJson = "{}";
    private Error? error;

    private string Here => AppRoutes.Retro(Id);

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        if ((await Retros.GetAsync(Id, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        retro = found;
        if ((await Rights.FindProductAsync(found.ProductKey, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            retro = null;
            return;
        }
        var actor = await Rights.ActorOnAsync(product, Aborted);
        canFacilitate = await Rights.IsAllowedAsync(product, Operations.Retrospectives.Facilitate, Aborted);
        canContribute = await Rights.IsAllowedAsync(product, Operations.Retrospectives.Contribute, Aborted);
        canOwn = await Rights.IsAllowedAsync(product, Operations.Retrospectives.OwnActions, Aborted);
        if (!canFacilitate) facilitateRefusal = await Rights.ExplainRefusalAsync(product, Operations.Retrospectives.Facilitate, actor, Aborted);
        if (!canContribute) contributeRefusal = await Rights.ExplainRefusalAsync(product, Operations.Retrospectives.Contribute, actor, Aborted);
        if (!(await Teams.GetAsync(found.TeamId, Aborted)).Failed(out _, out var team)) members = team.Members.Select(m => m.Person).ToList();
        // Only what the live script needs to join: no cards, so nothing about their authors.
        stateJson = JsonSerializer.Serialize(new { id = found.Id, phase = found.Phase, version = found.Version }, Json);
    }

    private string? Previous => retro is null || retro.Phase is "write" or "closed" ? null : Phases[Array.IndexOf(Phases, retro.Phase) - 1];

    private string? Next => retro is null || retro.Phase == "closed" ? null : Phases[Array.IndexOf(Phases, retro.Phase) + 1];

    private static string PhaseLabel(string phase) => phase switch
    {
        "write" => "write",
        "group" => "group",
        "vote" => "dot-vote",
        "discuss" => "discuss",
        "actions" => "actions",
        _ => "closed",
    };

    private static string FormatName(string format) => format switch
    {
        "start-stop-continue" => "Start, stop, continue",
        "mad-sad-glad" => "Mad, sad, glad",
        "4ls" => "4Ls: liked, learned, lacked, longed for",
        "sailboat" => "Sailboat",
        _ => "Custom columns",
    };

    private static string AuthorText(RetroCardDto card) => card.Author is { } author
        ? (card.Mine ? $"{author.DisplayName} (you)" : author.DisplayName)
        : (card.Mine ? "anonymous (yours)" : "anonymous");

    private static string OwnerText(RetroActionDto action) => action.Owner is { } owner ? owner.DisplayName : "no owner";

    private static string DueText(RetroActionDto action) =>
        action.Due is { } due ? $" · due {due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(action.Overdue ? " (overdue)" : "")}" : "";

    private int? FormVersion => int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private Task MovePhaseAsync() => Do(async () => (await Retros.MovePhaseAsync(Id, new RetroPhaseRequest(Phase), FormVersion, Aborted)).Map(_ => "phase"));

    private Task WriteAsync() => Do(async () => (await Retros.WriteCardAsync(Id, new RetroCardRequest(Column, Text, Anonymous == "true"), Aborted)).Map(_ => "card"));

    private Task RemoveCardAsync(Guid cardId) => Do(async () => (await Retros.DeleteCardAsync(cardId, null, Aborted)).Map(_ => "removed"));

    /// <summary>The board form of the group and vote phases: Op says what (group, add:{group}, vote:card:{id}, unvote:group:{id} …).</summary>
    private Task BoardAsync() => Do(async () =>
    {
        var op = Op ?? "";
        if (op == "group") return (await Retros.CreateGroupAsync(Id, new RetroGroupRequest(Title, CardIds), Aborted)).Map(_ => "grouped");
        var parts = op.Split(':');
        if (parts.Length == 2 && parts[0] == "add" && Guid.TryParse(parts[1], out var groupId))
        {
            foreach (var cardId in CardIds ?? [])
            {
                if ((await Retros.EditCardAsync(cardId, new EditRetroCardRequest(null, null, groupId, null), null, Aborted)).Failed(out var refused, out _)) return refused;
            }
            return "grouped";
        }
        if (parts.Length == 3 && parts[0] is "vote" or "unvote" && Guid.TryParse(parts[2], out var target))
        {
            Guid? card = parts[1] == "card" ? target : null;
            Guid? group = parts[1] == "group" ? target : null;
            var result = parts[0] == "vote"
                ? await Retros.VoteAsync(Id, new RetroVoteRequest(card, group), Aborted)
                : await Retros.UnvoteAsync(Id, card, group, Aborted);
            return result.Map(_ => parts[0] == "vote" ? "voted" : "unvoted");
        }
        return Result<string>.Ok("nothing");
    });

    private Task ReviewAsync(Guid actionId) =>
        Do(async () => (await Retros.PatchActionAsync(actionId, new PatchRetroActionRequest(null, Status, null, null), FormVersion, Aborted)).Map(_ => "reviewed"));

    private Task ConvertAsync(Guid actionId) => Do(async () => Op == "agreement"
        ? (await Retros.ToAgreementAsync(actionId, Aborted)).Map(_ => "agreement")
        : (await Retros.ToBacklogAsync(actionId, Aborted)).Map(_ => "backlog"));

    private Task AddActionAsync() => Do(async () =>
    {
        Guid? owner = Guid.TryParse(OwnerId, out var id) ? id : null;
        return (await Retros.AddActionAsync(Id, new RetroActionRequest(Text, owner, string.IsNullOrWhiteSpace(Due) ? null : Due), Aborted)).Map(_ => "action");
    });

    private async Task Do(Func<Task<Result<string>>> step)
    {
        if (!(await step()).Failed(out var refused, out var done))
        {
            Navigation.NavigateTo($"{Here}?done={done}");
            return;
        }
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
        await LoadAsync();
    }

    private string? Notice => Done switch
    {
        "phase" => $"The retrospective is in the {retro?.Phase} phase.",
        "card" => "Your card is on the board.",
        "removed" => "The card is gone.",
        "grouped" => "Grouped.",
        "voted" => "Your vote is in; nobody else sees it until the vote ends.",
        "unvoted" => "You took a vote back.",
        "reviewed" => "Reviewed.",
        "action" => "The action is on the list.",
        "backlog" => "The action is a backlog item now.",
        "agreement" => "The action is a working agreement now (or a suggestion for the Scrum Master to adopt).",
        _ => null,
    };
}
