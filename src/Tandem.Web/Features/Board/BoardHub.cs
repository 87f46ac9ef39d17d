using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tandem.Application.Board;
using Tandem.Application.Identity;

using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Board;

/// <summary>
/// The board's live channel: one SignalR group per sprint. The hub keeps no board state (that is in the
/// database, written through <see cref="BoardFeature"/>); it admits watchers who may read the sprint's
/// product. Changes arrive as "changed" messages from <see cref="BoardBroadcaster"/>.
/// </summary>
[Authorize]
public sealed class BoardHub(BoardFeature board, CurrentUser me, ILiveChannel live) : Hub
{
    public const string Path = "/hubs/board";

    /// <summary>Whether changes made on other web nodes reach this connection (false while Redis is away, ADR 0032).</summary>
    public bool Live() => live.IsLive;

    /// <summary>Joins the sprint's group. Answers null when admitted, else the reason (not found, or not yours to see).</summary>
    public async Task<string?> Join(Guid sprintId)
    {
        me.Set(Context.User!);
        var admitted = await board.WatchAsync(sprintId, Context.ConnectionAborted);
        if (admitted.Failed(out var refused, out _)) return refused.Detail;
        await Groups.AddToGroupAsync(Context.ConnectionId, BoardBroadcaster.Group(sprintId));
        return null;
    }
}

/// <summary>Sends a board's change to everyone watching the sprint as "changed".</summary>
public sealed class BoardBroadcaster(IHubContext<BoardHub> hub, ILogger<BoardBroadcaster> logger) : IBoardBroadcaster
{
    public static string Group(Guid sprintId) => $"board:{sprintId}";

    public Task ChangedAsync(BoardLiveDto change, CancellationToken ct) =>
        // Not the request's token: the change is saved, so the others must hear of it even if this caller hangs up.
        hub.Clients.Group(Group(change.SprintId)).SendOrLogAsync("changed", change, logger);
}
