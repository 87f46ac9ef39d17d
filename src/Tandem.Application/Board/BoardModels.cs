using Tandem.Application.Teams;

namespace Tandem.Application.Board;

/// <summary>
/// One card on the board: the item it stands for, who works on it, its epic, its points, whether it is
/// blocked (and why), how many whole days it has been in its column, its place in the column
/// (<see cref="Order"/>, a rank string) and its <see cref="Lane"/> under the swimlane asked for.
/// <see cref="Version"/> is the card's, for If-Match on a move.
/// </summary>
public sealed record BoardCardDto(
    string Item, string Title, string Type, string Status, PersonSummary? Assignee, string? Epic, string? EpicTitle, decimal? Points,
    bool Blocked, string? BlockedReason, int DaysInColumn, Guid ColumnId, string Order, string Lane, int Version) : IVersioned;

/// <summary>
/// A column with its cards in order. <see cref="OverLimit"/> is true when it holds more cards than its WIP
/// limit; <see cref="Breach"/> then says so in words ("4 / 3 — over the limit").
/// </summary>
public sealed record BoardColumnViewDto(Guid Id, string Name, string Status, int? WipLimit, int Count, bool OverLimit, string? Breach, IReadOnlyList<BoardCardDto> Cards);

/// <summary>A swimlane: its key (a person's id, an epic's key, "unassigned", "no-epic" or "all"), its name and its cards' keys in board order.</summary>
public sealed record BoardLaneDto(string Key, string Name, IReadOnlyList<string> Cards);

/// <summary>
/// A sprint's board: the team's columns in order with their cards, and the cards grouped into lanes by
/// <see cref="Swimlane"/> (assignee, epic or none). <see cref="WorkflowVersion"/> is the team's version (If-Match for the workflow).
/// </summary>
public sealed record BoardDto(
    Guid SprintId, string Sprint, string State, string? Goal, DateOnly Start, DateOnly End, Guid TeamId, string Team, string ProductKey,
    string Swimlane, int CardCount, IReadOnlyList<BoardColumnViewDto> Columns, IReadOnlyList<BoardLaneDto> Lanes, int WorkflowVersion);

/// <summary>A column's count after a change, with its WIP limit and whether it is over it.</summary>
public sealed record BoardColumnCountDto(Guid Id, string Name, int? WipLimit, int Count, bool OverLimit, string? Breach);

/// <summary>
/// Where a card goes: the column, and optionally the card it goes before or after (by item key) in that
/// column; neither means the bottom of the column.
/// </summary>
public sealed record BoardMoveRequest(string? ItemKey, Guid? ColumnId, string? BeforeItemKey, string? AfterItemKey);

/// <summary>Why a card is blocked, so the team can help.</summary>
public sealed record BlockCardRequest(string? Reason);

/// <summary>
/// A move's outcome: the card as it is now, every column's count, and whether the column it entered is now
/// over its WIP limit (the move is made all the same; <see cref="Warning"/> says so).
/// </summary>
public sealed record BoardMoveDto(BoardCardDto Card, BoardColumnCountDto Column, bool OverLimit, string? Warning, IReadOnlyList<BoardColumnCountDto> Columns, int Version) : IVersioned;

/// <summary>One column of a workflow as sent: <c>id</c> keeps an existing column (and its cards), none makes a new one; <c>wipLimit</c> null means no limit.</summary>
public sealed record WorkflowColumnRequest(Guid? Id, string? Name, string? Status, int? WipLimit);

/// <summary>The team's columns, in order, replacing the current ones.</summary>
public sealed record WorkflowRequest(IReadOnlyList<WorkflowColumnRequest>? Columns);

/// <summary>The team's workflow after a change; <see cref="MovedCards"/> counts cards that left removed columns.</summary>
public sealed record WorkflowDto(Guid TeamId, string Team, IReadOnlyList<BoardColumnDto> Columns, int MovedCards, int Version) : IVersioned;

/// <summary>
/// What every screen on a board is told after a saved change: the card (for a move, block or unblock) with
/// its column and the column's card keys in order, and every column's count. A "workflow" change tells the
/// screen to read the board again.
/// </summary>
public sealed record BoardLiveDto(Guid SprintId, string Change, BoardCardDto? Card, IReadOnlyList<string>? ColumnOrder, IReadOnlyList<BoardColumnCountDto> Columns, DateTimeOffset At);

/// <summary>Pushes a board's change to everyone watching it (SignalR in the web host).</summary>
public interface IBoardBroadcaster
{
    Task ChangedAsync(BoardLiveDto change, CancellationToken ct);
}
