using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tandem.Application.Estimation;
using Tandem.Application.Identity;

using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Poker;

/// <summary>
/// The live channel of planning poker: one SignalR group per session. The hub holds no state of the
/// game (that is in the database, written through <see cref="PokerFeature"/>); it only admits watchers
/// (the same rule as reading the session: a product you can see, in your workspace) and tells them
/// who is at the table. Votes and steps arrive as "changed" messages from <see cref="PokerBroadcaster"/>.
/// </summary>
[Authorize]
public sealed class PokerHub(PokerFeature poker, CurrentUser me, PokerPresence presence, ILiveChannel live, ILogger<PokerHub> logger) : Hub
{
    public const string Path = "/hubs/poker";

    /// <summary>Whether changes made on other web nodes reach this connection (false while Redis is away, ADR 0032).</summary>
    public bool Live() => live.IsLive;

    /// <summary>Joins the session's group. Answers null when admitted, else the reason (not found, or not yours to see).</summary>
    public async Task<string?> Join(Guid sessionId)
    {
        me.Set(Context.User!);
        var admitted = await poker.WatchAsync(sessionId, Context.ConnectionAborted);
        if (admitted.Failed(out var refused, out var person)) return refused.Detail;
        await Groups.AddToGroupAsync(Context.ConnectionId, PokerBroadcaster.Group(sessionId));
        var people = presence.Join(sessionId, Context.ConnectionId, person);
        await Clients.Group(PokerBroadcaster.Group(sessionId)).SendAsync("presence", new PokerPresenceMessage(sessionId, people));
        return null;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var (sessionId, people) in presence.Leave(Context.ConnectionId))
            await Clients.Group(PokerBroadcaster.Group(sessionId)).SendOrLogAsync("presence", new PokerPresenceMessage(sessionId, people), logger);
        await base.OnDisconnectedAsync(exception);
    }
}

public sealed record PokerPresenceMessage(Guid SessionId, IReadOnlyList<PersonSummary> People);

/// <summary>Who is at which table right now: connections, not data, so it is kept in memory and rebuilt as screens reconnect.</summary>
public sealed class PokerPresence
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, PersonSummary>> _tables = new();

    public IReadOnlyList<PersonSummary> Join(Guid sessionId, string connectionId, PersonSummary person)
    {
        var table = _tables.GetOrAdd(sessionId, _ => new ConcurrentDictionary<string, PersonSummary>());
        table[connectionId] = person;
        return People(table);
    }

    public IReadOnlyList<(Guid SessionId, IReadOnlyList<PersonSummary> People)> Leave(string connectionId)
    {
        var left = new List<(Guid, IReadOnlyList<PersonSummary>)>();
        foreach (var (sessionId, table) in _tables)
        {
            if (table.TryRemove(connectionId, out _)) left.Add((sessionId, People(table)));
        }
        return left;
    }

    public IReadOnlyList<PersonSummary> At(Guid sessionId) =>
        _tables.TryGetValue(sessionId, out var table) ? People(table) : [];

    private static List<PersonSummary> People(ConcurrentDictionary<string, PersonSummary> table) =>
        table.Values.DistinctBy(p => p.Id).OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList();
}

/// <summary>Sends a session's change (no one's hidden card values) to its group as "changed".</summary>
public sealed class PokerBroadcaster(IHubContext<PokerHub> hub, ILogger<PokerBroadcaster> logger) : IPokerBroadcaster
{
    public static string Group(Guid sessionId) => $"poker:{sessionId}";

    public Task ChangedAsync(PokerLiveDto change, CancellationToken ct) =>
        // Not the request's token: the step is saved, so the others must hear of it even if this caller hangs up.
        hub.Clients.Group(Group(change.SessionId)).SendOrLogAsync("changed", change, logger);
}
