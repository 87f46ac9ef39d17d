using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tandem.Application.Identity;
using Tandem.Application.Retros;

using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Retros;

/// <summary>
/// The live channel of a retrospective: one SignalR group per retrospective. It admits whoever may read the
/// team's product; what changed arrives from <see cref="RetroBroadcaster"/> as "changed" with no card text
/// and no author, so an anonymous card cannot leak through it. Screens fetch the board again on a change.
/// </summary>
[Authorize]
public sealed class RetroHub(RetrosFeature retros, CurrentUser me, ILiveChannel live) : Hub
{
    public const string Path = "/hubs/retro";

    /// <summary>Whether changes made on other web nodes reach this connection (false while Redis is away, ADR 0032).</summary>
    public bool Live() => live.IsLive;

    /// <summary>Joins the retrospective's group. Answers null when admitted, else the reason.</summary>
    public async Task<string?> Join(Guid retroId)
    {
        me.Set(Context.User!);
        if ((await retros.WatchAsync(retroId, Context.ConnectionAborted)).Failed(out var refused, out _)) return refused.Detail;
        await Groups.AddToGroupAsync(Context.ConnectionId, RetroBroadcaster.Group(retroId));
        return null;
    }
}

/// <summary>Sends a retrospective's change to its group as "changed".</summary>
public sealed class RetroBroadcaster(IHubContext<RetroHub> hub, ILogger<RetroBroadcaster> logger) : IRetroBroadcaster
{
    public static string Group(Guid retroId) => $"retro:{retroId}";

    public Task ChangedAsync(RetroChange change, CancellationToken ct) =>
        // Not the request's token: the change is saved, so the others must hear of it even if this caller hangs up.
        hub.Clients.Group(Group(change.RetroId)).SendOrLogAsync("changed", change, logger);
}
