using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Board;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Board;

/// <summary>
/// The sprint board, rendered whole on the server and complete without JavaScript (each card's "Move…"
/// opens a form to move it or flag it blocked); board.js adds drag and drop, keyboard moves, and applies
/// every change the others make as it happens. Kept lean: 500 cards are plain list items, no components.
/// </summary>
public partial class BoardPage : TandemPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    internal static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    [Inject] private BoardFeature Board { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "swimlane")] private string? Swimlane { get; set; }
    [SupplyParameterFromQuery(Name = "move")] private string? Move { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }
    [SupplyParameterFromQuery(Name = "item")] private string? DoneItem { get; set; }

    [SupplyParameterFromForm] private string? Item { get; set; }
    [SupplyParameterFromForm] private Guid? Column { get; set; }
    [SupplyParameterFromForm] private string? Version { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }

    private BoardDto? board;
    private BoardCardDto? moving;
    private bool canMove;
    private string? moveRefusal;
    private string stateJson = "{}";
    private Error? error;

    private static readonly (string Key, string Label)[] Lanes = [("none", "None"), ("assignee", "Assignee"), ("epic", "Epic")];

    private string Here => AppRoutes.Board(Id);
    private string LaneQuery => board is { Swimlane: not "none" } b ? $"?swimlane={b.Swimlane}" : "";
    private string LaneAmp => board is { Swimlane: not "none" } b ? $"&swimlane={b.Swimlane}" : "";
    private string FormAction => $"{Here}?move={Uri.EscapeDataString(Item ?? Move ?? "")}{LaneAmp}";

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        if ((await Board.GetAsync(Id, Swimlane, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        board = found;
        if ((await Rights.FindProductAsync(found.ProductKey, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canMove = found.State != "closed" && await Rights.IsAllowedAsync(product, Operations.Sprints.MoveCard, Aborted);
        if (!canMove)
        {
            moveRefusal = found.State == "closed"
                ? $"{found.Sprint} is closed; its board is a record and its cards no longer move."
                : await Rights.ExplainRefusalAsync(product, Operations.Sprints.MoveCard, await Rights.ActorOnAsync(product, Aborted), Aborted);
        }
        var key = (Item ?? Move)?.Trim().ToUpperInvariant();
        moving = key is null ? null : found.Columns.SelectMany(c => c.Cards).FirstOrDefault(c => c.Item == key);
        stateJson = JsonSerializer.Serialize(new
        {
            sprintId = found.SprintId,
            canMove,
            columns = found.Columns.Select(c => new { id = c.Id, name = c.Name, wipLimit = c.WipLimit }),
        }, Json);
    }

    private int? FormVersion => int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private async Task MoveAsync()
    {
        var result = await Board.MoveAsync(Id, new BoardMoveRequest(Item, Column, null, null), FormVersion, Aborted);
        if (!result.Failed(out var refused, out var moved))
        {
            Navigation.NavigateTo($"{Here}?done={(moved.OverLimit ? "over" : "moved")}&item={Uri.EscapeDataString(moved.Card.Item)}{LaneAmp}");
            return;
        }
        await FailedAsync(refused);
    }

    private async Task BlockAsync()
    {
        if (!(await Board.BlockAsync(Id, Item ?? "", new BlockCardRequest(Reason), null, Aborted)).Failed(out var refused, out _))
        {
            Navigation.NavigateTo($"{Here}?done=blocked&item={Uri.EscapeDataString(Item ?? "")}{LaneAmp}");
            return;
        }
        await FailedAsync(refused);
    }

    private async Task UnblockAsync()
    {
        if (!(await Board.UnblockAsync(Id, Item ?? "", null, Aborted)).Failed(out var refused, out _))
        {
            Navigation.NavigateTo($"{Here}?done=unblocked&item={Uri.EscapeDataString(Item ?? "")}{LaneAmp}");
            return;
        }
        await FailedAsync(refused);
    }

    private async Task FailedAsync(Error refused)
    {
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
        await LoadAsync();
    }

    private string? Notice => Done switch
    {
        "moved" => $"Moved {DoneItem}.",
        "over" => $"Moved {DoneItem}; its column is now over its WIP limit — finish work before starting more.",
        "blocked" => $"Flagged {DoneItem} blocked.",
        "unblocked" => $"Cleared the blocked flag on {DoneItem}.",
        _ => null,
    };

    /// <summary>"2", "2 / 4", or "5 / 4 — over the limit"; board.js writes the same text.</summary>
    internal static string CountText(int count, int? wipLimit) =>
        wipLimit is { } limit ? $"{count} / {limit}{(count > limit ? " — over the limit" : "")}" : count.ToString(CultureInfo.InvariantCulture);

    internal static string DaysText(int days) => days == 1 ? "1 day in column" : $"{days} days in column";

    /// <summary>The product key an item key starts with (PAY-12 → PAY).</summary>
    internal static string ProductOf(string itemKey) => itemKey[..Math.Max(0, itemKey.LastIndexOf('-'))];
}
